"""MediaButtons on a private session bus, driven by playerctl and dbus-send; and with no bus at all."""

from __future__ import annotations

import logging
import queue
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    from session_bus import SessionBus, session_bus  # noqa: F401  (fixture)
except ImportError:
    from tests.session_bus import SessionBus, session_bus  # noqa: F401  (fixture)
from voicecoach.adapters.mpris import BUS_NAME, BUTTONS, MediaButtons, seek_command, session_bus_address
from voicecoach.commands import Command, CommandId
from voicecoach.document import Document, Section, Tip
from voicecoach.events import Moved, Started, StateChanged
from voicecoach.now_playing import DocumentContents
from voicecoach.ports import CommandArrived, LoopEvent, Position

WAIT = 10.0
GUIDE = DocumentContents(
    Document("Night guide", (
        Section("Breathing", (Tip("Slow out", "Breathe out slowly."), Tip("", "Rest your hands."))),
        Section("Legs", (Tip("Stretch", "Point your toes."),)),
    ))
)


class Clock:
    """The session clock, set by the test."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Posted:
    def __init__(self) -> None:
        self.events: queue.Queue[LoopEvent] = queue.Queue()

    def __call__(self, event: LoopEvent) -> None:
        self.events.put(event)

    def next(self) -> LoopEvent:
        return self.events.get(timeout=WAIT)

    def empty_after(self, seconds: float) -> bool:
        time.sleep(seconds)
        return self.events.empty()


@pytest.fixture
def buttons(session_bus: SessionBus) -> Iterator[tuple[MediaButtons, Posted, Clock]]:  # noqa: F811
    posted, clock = Posted(), Clock()
    media = MediaButtons(posted, clock, bus_address=session_bus.address)
    media.start()
    assert media.wait_until_ready(), "MediaButtons did not get onto the private bus"
    yield media, posted, clock
    media.close()


def dbus_send(bus: SessionBus, method: str, *args: str, interface: str = "org.mpris.MediaPlayer2.Player") -> str:
    result = subprocess.run(
        ["dbus-send", "--session", "--print-reply", f"--dest={BUS_NAME}", "/org/mpris/MediaPlayer2",
         f"{interface}.{method}", *args],
        capture_output=True, text=True, env=bus.env, timeout=10,
    )
    return result.stdout + result.stderr


@pytest.mark.parametrize(
    ("playerctl", "command"),
    [("play-pause", CommandId.TOGGLE_PAUSE), ("play", CommandId.RESUME), ("pause", CommandId.PAUSE),
     ("stop", CommandId.STOP), ("next", CommandId.NEXT), ("previous", CommandId.PREVIOUS)],
)
def test_each_button_posts_its_command_as_from_mpris(buttons, session_bus: SessionBus, playerctl: str, command: CommandId) -> None:  # noqa: F811
    media, posted, _ = buttons
    media.on_player_event(StateChanged(0.0, "reading"), GUIDE)  # playerctl asks the status first
    session_bus.playerctl(playerctl)
    assert posted.next() == CommandArrived(Command(command), origin="mpris")


def test_seek_steps_one_sentence_whatever_its_size(buttons, session_bus: SessionBus) -> None:  # noqa: F811
    media, posted, _ = buttons
    session_bus.playerctl("position", "5+")
    assert posted.next() == CommandArrived(Command(CommandId.NEXT_SENTENCE), origin="mpris")
    session_bus.playerctl("position", "30-")
    assert posted.next() == CommandArrived(Command(CommandId.PREVIOUS_SENTENCE), origin="mpris")
    dbus_send(session_bus, "Seek", "int64:0")
    assert posted.empty_after(0.3)


def test_quit_on_the_root_interface_posts_quit(buttons, session_bus: SessionBus) -> None:  # noqa: F811
    media, posted, _ = buttons
    dbus_send(session_bus, "Quit", interface="org.mpris.MediaPlayer2")
    assert posted.next() == CommandArrived(Command(CommandId.QUIT), origin="mpris")


def test_set_position_and_open_uri_say_they_are_not_supported(buttons, session_bus: SessionBus) -> None:  # noqa: F811
    media, posted, _ = buttons
    answer = dbus_send(session_bus, "SetPosition", "objpath:/org/voicecoach/track/1", "int64:3000000")
    assert "NotSupported" in answer and "sentences" in answer
    assert "NotSupported" in dbus_send(session_bus, "OpenUri", "string:file:///tmp/x.md")
    assert posted.empty_after(0.2)


def test_metadata_carries_the_title_the_section_and_the_tip_and_changes_with_it(buttons, session_bus: SessionBus) -> None:  # noqa: F811
    media, _, _ = buttons
    media.on_player_event(Started(0.0, Position(0, 0), "Night guide"), GUIDE)
    assert session_bus.playerctl("metadata", "--format", "{{album}}|{{title}}|{{xesam:trackNumber}}|{{xesam:asText}}") == (
        "Night guide|Breathing|1|Slow out. Breathe out slowly."
    )
    first_id = session_bus.playerctl("metadata", "mpris:trackid")
    media.on_player_event(Moved(2.0, Position(1, 0)), GUIDE)
    assert session_bus.playerctl("metadata", "--format", "{{title}}|{{xesam:asText}}") == "Legs|Stretch. Point your toes."
    assert session_bus.playerctl("metadata", "mpris:trackid") != first_id


def test_status_changes_are_announced_as_they_happen(buttons, session_bus: SessionBus) -> None:  # noqa: F811
    media, _, _ = buttons
    follower = subprocess.Popen(["playerctl", "--player=voicecoach", "--follow", "status"], stdout=subprocess.PIPE,
                                text=True, env=session_bus.env)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.strip()) for line in follower.stdout], daemon=True).start()  # type: ignore[union-attr]
    try:
        assert lines.get(timeout=WAIT) == "Stopped"  # what it finds when it starts following
        media.on_player_event(StateChanged(1.0, "reading"), GUIDE)
        assert lines.get(timeout=WAIT) == "Playing"
        media.on_player_event(StateChanged(2.0, "paused"), GUIDE)
        assert lines.get(timeout=WAIT) == "Paused"
    finally:
        follower.terminate()
        follower.wait()


def test_position_grows_while_reading_and_waits_while_paused(buttons, session_bus: SessionBus) -> None:  # noqa: F811
    media, _, clock = buttons
    media.on_player_event(Started(0.0, Position(0, 0), "Night guide"), GUIDE)
    media.on_player_event(StateChanged(0.0, "reading"), GUIDE)
    clock.now = 2.5
    assert float(session_bus.playerctl("position")) == pytest.approx(2.5, abs=0.05)  # playerctl adds its own ms
    media.on_player_event(StateChanged(3.0, "paused"), GUIDE)
    clock.now = 50.0
    assert float(session_bus.playerctl("position")) == pytest.approx(3.0, abs=0.05)


def test_presses_can_be_diverted_for_the_sleep_timers_warning(buttons, session_bus: SessionBus) -> None:  # noqa: F811
    media, posted, _ = buttons
    extend = Command(CommandId.SLEEP_TIMER, {"minutes": 10})
    media.divert_presses(extend)
    session_bus.playerctl("next")
    assert posted.next() == CommandArrived(extend, origin="mpris")
    media.divert_presses(None)
    session_bus.playerctl("next")
    assert posted.next() == CommandArrived(Command(CommandId.NEXT), origin="mpris")


def test_a_second_voicecoach_takes_an_instance_name(buttons, session_bus: SessionBus) -> None:  # noqa: F811
    second = MediaButtons(Posted(), Clock(), bus_address=session_bus.address)
    second.start()
    try:
        assert second.wait_until_ready()
        assert second.bus_name is not None and second.bus_name.startswith(f"{BUS_NAME}.instance")
        assert len([name for name in session_bus.players() if name.startswith("voicecoach")]) == 2
    finally:
        second.close()


def test_no_session_bus_is_one_log_line_and_nothing_else(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                                                         tmp_path: Path) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no bus socket there
    posted = Posted()
    with caplog.at_level(logging.INFO, logger="voicecoach.adapters.mpris"):
        media = MediaButtons(posted, Clock())
        media.start()
        assert not media.wait_until_ready()
        media.on_player_event(StateChanged(1.0, "reading"), GUIDE)  # the session goes on as before
        media.close()
    assert [record.getMessage() for record in caplog.records] == [
        "no D-Bus session bus: headset buttons and media keys will not reach voicecoach"
    ]
    assert posted.empty_after(0.0)


def test_a_bus_that_cannot_be_reached_is_one_log_line(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    with caplog.at_level(logging.INFO, logger="voicecoach.adapters.mpris"):
        media = MediaButtons(Posted(), Clock(), bus_address=f"unix:path={tmp_path / 'no-bus-here'}")
        media.start()
        assert not media.wait_until_ready()
        media.close()
    assert len(caplog.records) == 1 and "cannot use the D-Bus session bus" in caplog.records[0].getMessage()


def test_the_session_bus_address_is_found_as_libdbus_finds_it(tmp_path: Path) -> None:
    assert session_bus_address({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}) == "unix:path=/x"
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) is None
    assert session_bus_address({}) is None


def test_the_buttons_table_and_seek_directions() -> None:
    assert BUTTONS["PlayPause"] is CommandId.TOGGLE_PAUSE and BUTTONS["Quit"] is CommandId.QUIT
    assert (seek_command(1), seek_command(-1), seek_command(0)) == (CommandId.NEXT_SENTENCE, CommandId.PREVIOUS_SENTENCE, None)
