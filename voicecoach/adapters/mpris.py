"""MPRIS2 on the session D-Bus: the headset's buttons, the media keys and `playerctl` steer voicecoach.

voicecoach appears as `org.mpris.MediaPlayer2.voicecoach` (a second one running at the same
time as `org.mpris.MediaPlayer2.voicecoach.instance<pid>`, as the MPRIS spec asks). A press is
posted to the session loop as `CommandArrived(command, origin="mpris")`, exactly like a key:

    PlayPause → toggle_pause    Play → resume    Pause → pause    Stop → stop
    Next → next                 Previous → previous
    Seek(offset) → next_sentence when the offset is forward, previous_sentence when back
    Quit (the root interface) → quit

SetPosition and OpenUri are answered with a NotSupported error: voicecoach moves by sentences,
not by clock time, and reads files given on its command line. What a display shows follows the
player's events (`now_playing.py`): the document title as the album, the section as the
track's title and number, the tip's words as its text; PlaybackStatus and Metadata are
announced with PropertiesChanged as they change, and Position is worked out when asked.

The bus library is dbus-fast: pure Python (it speaks the D-Bus wire protocol itself, no libdbus
or GLib), maintained (releases through 2026; Home Assistant and bleak depend on it), and its
ServiceInterface builds the introspection data, Properties.Get/GetAll and PropertiesChanged
from decorated methods. jeepney is as pure but leaves all of that to us; dbus-next, which
dbus-fast grew from, has had no release since 2021.

It runs its own asyncio loop in a daemon thread. With no session bus (a console, ssh, CI
without one) it logs one line and does nothing else: the session works as before.
"""

import asyncio
import logging
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from voicecoach.commands import Command, CommandId
from voicecoach.events import PlayerEvent
from voicecoach.now_playing import Changes, Contents, NowPlaying, PlaybackStatus
from voicecoach.ports import CommandArrived, LoopEvent

logger = logging.getLogger(__name__)

BUS_NAME = "org.mpris.MediaPlayer2.voicecoach"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
TRACK_PATH = "/org/voicecoach/track"
IDENTITY = "voicecoach"
CONNECT_TIMEOUT_SECONDS = 5.0

BUTTONS: dict[str, CommandId] = {
    "PlayPause": CommandId.TOGGLE_PAUSE,
    "Play": CommandId.RESUME,
    "Pause": CommandId.PAUSE,
    "Stop": CommandId.STOP,
    "Next": CommandId.NEXT,
    "Previous": CommandId.PREVIOUS,
    "Quit": CommandId.QUIT,
}
"""Each MPRIS method and the command it posts (Seek is worked out from its offset)."""


def session_bus_address(environ: dict[str, str] | None = None) -> str | None:
    """Where the session bus is: $DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus if it is a
    socket (as libdbus looks), else None."""
    environment = os.environ if environ is None else environ
    address = environment.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = environment.get("XDG_RUNTIME_DIR", "").strip()
    if runtime:
        socket_path = Path(runtime) / "bus"
        try:
            if stat.S_ISSOCK(socket_path.stat().st_mode):
                return f"unix:path={socket_path}"
        except OSError:
            return None
    return None


def seek_command(offset_microseconds: int) -> CommandId | None:
    """The sentence step a Seek asks for: forward, back, or nothing for an offset of 0."""
    if offset_microseconds > 0:
        return CommandId.NEXT_SENTENCE
    if offset_microseconds < 0:
        return CommandId.PREVIOUS_SENTENCE
    return None


class MediaButtons:
    """voicecoach as an MPRIS2 media player on the session bus; see the module docstring."""

    def __init__(
        self,
        post: Callable[[LoopEvent], None],
        clock: Callable[[], float],
        *,
        bus_address: str | None = None,
        name: str = BUS_NAME,
    ) -> None:
        """`post` must be thread-safe (`EventLoop.post`), `clock` the session loop's clock;
        `bus_address` defaults to `session_bus_address()`."""
        self._post = post
        self._clock = clock
        self._address = bus_address
        self._wanted_name = name
        self._lock = threading.Lock()  # guards the fields below: the session and the bus threads share them
        self._now_playing = NowPlaying()
        self._diverted: Command | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._bus: Any = None
        self._player: Any = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.bus_name: str | None = None
        """The name voicecoach holds on the bus, once it is there."""

    # -- the session's side ----------------------------------------------------------------

    def start(self) -> None:
        """Connect in the background; the session does not wait for the bus."""
        self._thread = threading.Thread(target=self._run, name="mpris", daemon=True)
        self._thread.start()

    def wait_until_ready(self, timeout: float = CONNECT_TIMEOUT_SECONDS + 1.0) -> bool:
        """True once on the bus; False when there is none (or it is not there within `timeout`)."""
        return self._ready.wait(timeout) and self.bus_name is not None

    def on_player_event(self, event: PlayerEvent, contents: Contents) -> None:
        """Follow a player's event (`contents`: what that player reads) and tell the bus what changed."""
        with self._lock:
            changes = self._now_playing.follow(event, contents)
            loop = self._loop
        if changes and loop is not None:
            loop.call_soon_threadsafe(self._announce, changes)

    def divert_presses(self, command: Command | None) -> None:
        """While `command` is set, every button press posts it instead of the button's own command;
        `None` gives the buttons back.

        This is the hook for the sleep timer's warning, which is not built yet: while the warning
        plays, a press should extend the timer rather than pause or skip. Nothing calls it so far.
        """
        with self._lock:
            self._diverted = command

    def close(self) -> None:
        """Leave the bus and end the thread."""
        with self._lock:
            loop, bus = self._loop, self._bus
        if loop is not None and bus is not None:
            loop.call_soon_threadsafe(bus.disconnect)
        if self._thread is not None:
            self._thread.join(timeout=CONNECT_TIMEOUT_SECONDS)

    # -- what the bus asks (the bus thread) --------------------------------------------------

    def press_button(self, method: str) -> None:
        """The MPRIS method `method` was called: post the command BUTTONS gives it."""
        self.press(BUTTONS[method])

    def press(self, command_id: CommandId) -> None:
        """A button was pressed: post its command (or the diverted one) to the session."""
        with self._lock:
            command = self._diverted or Command(command_id)
        logger.debug("media button: %s", command)
        self._post(CommandArrived(command, origin="mpris"))

    def seek(self, offset_microseconds: int) -> None:
        """A Seek: one sentence forward or back, whatever its size."""
        command_id = seek_command(offset_microseconds)
        if command_id is not None:
            self.press(command_id)

    def playback_status(self) -> str:
        with self._lock:
            return self._now_playing.status.value

    def position_microseconds(self) -> int:
        with self._lock:
            return int(round(self._now_playing.position(self._clock()) * 1_000_000))

    def metadata(self) -> dict[str, Any]:
        """The current track as MPRIS metadata (a{sv})."""
        from dbus_fast import Variant

        with self._lock:
            track, serial = self._now_playing.track, self._now_playing.track_serial
        if track is None:
            return {"mpris:trackid": Variant("o", "/org/mpris/MediaPlayer2/TrackList/NoTrack")}
        return {
            "mpris:trackid": Variant("o", f"{TRACK_PATH}/{serial}"),
            "xesam:album": Variant("s", track.album),
            "xesam:title": Variant("s", track.section),
            "xesam:trackNumber": Variant("i", track.section_number),
            "xesam:asText": Variant("s", track.tip),
            "xesam:comment": Variant("as", [f"Tip {track.tip_number}: {track.tip}"]),
        }

    # -- the bus thread --------------------------------------------------------------------

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        finally:
            self._ready.set()

    async def _serve(self) -> None:
        address = self._address or session_bus_address()
        if address is None:
            logger.info("no D-Bus session bus: headset buttons and media keys will not reach voicecoach")
            return
        try:
            from dbus_fast.aio import MessageBus

            from voicecoach.adapters.mpris_interfaces import PlayerInterface, RootInterface

            bus = await asyncio.wait_for(MessageBus(bus_address=address).connect(), CONNECT_TIMEOUT_SECONDS)
            player = PlayerInterface(self)
            bus.export(OBJECT_PATH, RootInterface(self))
            bus.export(OBJECT_PATH, player)
            name = await self._claim_name(bus)
        except Exception as err:  # dbus-fast raises OSError, its own errors, timeouts: all mean "no bus"
            logger.info("cannot use the D-Bus session bus (%s): headset buttons and media keys will not reach voicecoach", err)
            return
        with self._lock:
            self._loop, self._bus, self._player = asyncio.get_running_loop(), bus, player
        self.bus_name = name
        logger.info("on the session bus as %s", name)
        self._ready.set()
        try:
            await bus.wait_for_disconnect()
        except Exception as err:  # the bus went away under us (its daemon ended): the session goes on
            logger.info("the D-Bus session bus went away (%s): media buttons no longer reach voicecoach", err or type(err).__name__)
        finally:
            with self._lock:
                self._loop = self._bus = self._player = None

    async def _claim_name(self, bus: Any) -> str:
        from dbus_fast import NameFlag, RequestNameReply

        owned = (RequestNameReply.PRIMARY_OWNER, RequestNameReply.ALREADY_OWNER)
        for name in (self._wanted_name, f"{self._wanted_name}.instance{os.getpid()}"):
            if await bus.request_name(name, NameFlag.DO_NOT_QUEUE) in owned:
                return name
        raise RuntimeError(f"{self._wanted_name} and its instance name are both taken")

    def _announce(self, changes: Changes) -> None:
        """PropertiesChanged for what changed (in the bus thread)."""
        changed: dict[str, Any] = {}
        if changes.status:
            changed["PlaybackStatus"] = self.playback_status()
        if changes.track:
            changed["Metadata"] = self.metadata()
        if changed and self._player is not None:
            self._player.emit_properties_changed(changed)


__all__ = ["BUS_NAME", "BUTTONS", "MediaButtons", "PlaybackStatus", "seek_command", "session_bus_address"]
