"""The two MPRIS2 D-Bus interfaces, as dbus-fast services that hand everything to `MediaButtons`.

dbus-fast reads each member's D-Bus signature from its annotations ("s", "b", "a{sv}", ...),
so this module must not use `from __future__ import annotations`, which would turn them into
strings of strings. Imported only once a session bus has been found.
"""

from typing import TYPE_CHECKING

from dbus_fast import DBusError, PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property, dbus_signal

if TYPE_CHECKING:
    from voicecoach.adapters.mpris import MediaButtons

NOT_SUPPORTED = "org.freedesktop.DBus.Error.NotSupported"
READ = PropertyAccess.READ


class RootInterface(ServiceInterface):
    """org.mpris.MediaPlayer2: who we are, and Quit."""

    def __init__(self, buttons: "MediaButtons") -> None:
        super().__init__("org.mpris.MediaPlayer2")
        self._buttons = buttons

    @dbus_method()
    def Raise(self) -> None:  # noqa: N802 (MPRIS names)
        """There is no window to raise (CanRaise is false)."""

    @dbus_method()
    def Quit(self) -> None:  # noqa: N802
        self._buttons.press_button("Quit")

    @dbus_property(access=READ)
    def CanQuit(self) -> "b":  # noqa: N802, F821
        return True

    @dbus_property(access=READ)
    def CanRaise(self) -> "b":  # noqa: N802, F821
        return False

    @dbus_property(access=READ)
    def HasTrackList(self) -> "b":  # noqa: N802, F821
        return False

    @dbus_property(access=READ)
    def Identity(self) -> "s":  # noqa: N802, F821
        return "voicecoach"

    @dbus_property(access=READ)
    def SupportedUriSchemes(self) -> "as":  # noqa: N802, F821
        return []

    @dbus_property(access=READ)
    def SupportedMimeTypes(self) -> "as":  # noqa: N802, F821
        return []


class PlayerInterface(ServiceInterface):
    """org.mpris.MediaPlayer2.Player: the buttons, and what is playing."""

    def __init__(self, buttons: "MediaButtons") -> None:
        super().__init__("org.mpris.MediaPlayer2.Player")
        self._buttons = buttons

    @dbus_method()
    def Next(self) -> None:  # noqa: N802
        self._buttons.press_button("Next")

    @dbus_method()
    def Previous(self) -> None:  # noqa: N802
        self._buttons.press_button("Previous")

    @dbus_method()
    def Pause(self) -> None:  # noqa: N802
        self._buttons.press_button("Pause")

    @dbus_method()
    def PlayPause(self) -> None:  # noqa: N802
        self._buttons.press_button("PlayPause")

    @dbus_method()
    def Stop(self) -> None:  # noqa: N802
        self._buttons.press_button("Stop")

    @dbus_method()
    def Play(self) -> None:  # noqa: N802
        self._buttons.press_button("Play")

    @dbus_method()
    def Seek(self, offset: "x") -> None:  # noqa: N802, F821
        self._buttons.seek(offset)

    @dbus_method()
    def SetPosition(self, track_id: "o", position: "x") -> None:  # noqa: N802, F821
        raise DBusError(NOT_SUPPORTED, "voicecoach moves by sentences, not to a time: use Seek (next or previous sentence)")

    @dbus_method()
    def OpenUri(self, uri: "s") -> None:  # noqa: N802, F821
        raise DBusError(NOT_SUPPORTED, "voicecoach reads the file named on its command line; it opens no URIs")

    @dbus_signal()
    def Seeked(self, position: int) -> "x":  # noqa: N802, F821
        """Never sent: a sentence step does not move the position (see now_playing.py)."""
        return position

    @dbus_property(access=READ)
    def PlaybackStatus(self) -> "s":  # noqa: N802, F821
        return self._buttons.playback_status()

    @dbus_property(access=READ)
    def Rate(self) -> "d":  # noqa: N802, F821
        return 1.0

    @dbus_property(access=READ)
    def MinimumRate(self) -> "d":  # noqa: N802, F821
        return 1.0

    @dbus_property(access=READ)
    def MaximumRate(self) -> "d":  # noqa: N802, F821
        return 1.0

    @dbus_property(access=READ)
    def Metadata(self) -> "a{sv}":  # noqa: N802, F821
        return self._buttons.metadata()

    @dbus_property(access=READ)
    def Position(self) -> "x":  # noqa: N802, F821
        return self._buttons.position_microseconds()

    @dbus_property(access=READ)
    def CanGoNext(self) -> "b":  # noqa: N802, F821
        return True

    @dbus_property(access=READ)
    def CanGoPrevious(self) -> "b":  # noqa: N802, F821
        return True

    @dbus_property(access=READ)
    def CanPlay(self) -> "b":  # noqa: N802, F821
        return True

    @dbus_property(access=READ)
    def CanPause(self) -> "b":  # noqa: N802, F821
        return True

    @dbus_property(access=READ)
    def CanSeek(self) -> "b":  # noqa: N802, F821
        return True

    @dbus_property(access=READ)
    def CanControl(self) -> "b":  # noqa: N802, F821
        return True


__all__ = ["PlayerInterface", "RootInterface"]
