"""The sleep timer of one session, whichever kind is set: its warning, its window and its end. Pure.

A player owns one `SleepControl` and asks it what is due; the control keeps the timers in the
session's `FadeSchedule`, so the voice and the sound bed fade as it says. Only one timer runs
at a time: setting one replaces the other. `length` is what the listener last set ("twenty
minutes", "two sections"): a sign of the listener in the window starts the timer again for it.

`window_change` tells the media buttons, from the player's events, when the warning opens the
window and when it closes, so that a press in it only says "awake" (`PRESS_IN_WINDOW`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from voicecoach.commands import Command, CommandId
from voicecoach.events import PlayerEvent, Quit, SleepTimerAction, SleepTimerChanged
from voicecoach.fade import FadeSchedule
from voicecoach.sleep_timer import SleepAtEnd, SleepTimer, SleepUnit

PRESS_IN_WINDOW = Command(CommandId.RESUME)
"""What a headset or media button stands for while the sleep timer warns: whichever button it
is, only that the listener is awake. In the window "go on" starts the timer again at its last
length and the reading goes on (or resumes, if paused); it neither pauses nor skips."""


def window_change(event: PlayerEvent) -> bool | None:
    """Whether `event` opens the sleep timer's window (True: its warning was given), closes it
    (False: the timer was set again, extended, cancelled or ran out, or the session ended), or
    neither (None).

    With the warning turned off the fade is the window and no event opens it: a press is then
    the button's own command, which the player's rule for the window still turns into a sign of
    being awake first (play/pause only that)."""
    if isinstance(event, SleepTimerChanged):
        return event.action is SleepTimerAction.WARNED
    if isinstance(event, Quit):
        return False
    return None


@dataclass(frozen=True)
class SleepSettings:
    """How the sleep timer behaves (the config's sleep settings, in seconds)."""

    fade_s: float = 30.0
    """How long the voice (and the sound bed) fade out before a timed end."""
    default_s: float = 20 * 60
    """The length of a bare "sleep"."""
    warning_s: float = 60.0
    """How long before the end the soft warning comes (0: no warning)."""


class SleepControl:
    """The running sleep timer (by time or at the end of tips or sections), or none."""

    def __init__(self, fade: FadeSchedule, settings: SleepSettings = SleepSettings()) -> None:
        self._fade = fade
        self.settings = settings
        self.timer: SleepTimer | None = None
        """The timer by time, if that kind runs."""
        self.at_end: SleepAtEnd | None = None
        """The timer at the end of tips or sections, if that kind runs."""
        self._length_s: float | None = None  # what a time timer starts again for
        self._warned = False

    # ----------------------------------------------------------------- what runs

    @property
    def running(self) -> bool:
        """Whether a timer of either kind runs."""
        return self.timer is not None or self.at_end is not None

    @property
    def warned(self) -> bool:
        """Whether the warning of the running timer has been given."""
        return self._warned

    def in_window(self, now: float) -> bool:
        """Whether a sign of the listener now starts the timer again: after its warning (or in
        its fade), before its end."""
        if self.timer is not None:
            return self.timer.in_window(now)
        return self.at_end is not None and self._warned

    def warning_due(self, now: float) -> bool:
        """Whether the time timer's warning should be given now."""
        timer = self.timer
        if timer is None or self._warned or timer.warns_at is None:
            return False
        return timer.warns_at <= now < timer.ends_at

    def warning_due_at_end(self, seconds_left: float) -> bool:
        """Whether the at-end timer's warning should be given, with about `seconds_left` to go."""
        return self.at_end is not None and not self._warned and 0 < self.settings.warning_s and seconds_left <= self.settings.warning_s

    def deadline(self) -> float | None:
        """When the player must be ticked for the timer: its warning, else its end."""
        timer = self.timer
        if timer is None:
            return None
        if not self._warned and timer.warns_at is not None:
            return timer.warns_at
        return timer.ends_at

    def is_over(self, now: float) -> bool:
        """Whether the time timer's end has come."""
        return self.timer is not None and self.timer.is_over(now)

    # ----------------------------------------------------------------- changes

    def set_for(self, seconds: float, now: float, *, as_length: bool = True) -> SleepTimer:
        """Run a timer for `seconds` from `now` (and start again for that long, if `as_length`)."""
        self.at_end = None
        self.timer = SleepTimer(seconds, self.settings.fade_s, start=now, warning_s=self.settings.warning_s)
        self._fade.add(self.timer)
        if as_length or self._length_s is None:
            self._length_s = seconds
        self._warned = False
        return self.timer

    def set_at_end(self, at_end: SleepAtEnd, now: float) -> None:
        """Run a timer to the end of tips or sections."""
        if self.timer is not None:
            self._fade.cancel(now)
        self.timer = None
        self.at_end = at_end
        self._warned = False

    def cancel(self, now: float) -> bool:
        """Stop the running timer (the voice comes back smoothly if it was fading); False if none ran."""
        if not self.running:
            return False
        if self.timer is not None:
            self._fade.cancel(now)
        self.timer = None
        self.at_end = None
        self._warned = False
        return True

    def restart(self, now: float) -> bool:
        """Start the running timer again at its last length; False if none runs."""
        if self.timer is not None:
            self.set_for(self._length_s or self.timer.duration_s, now)
            return True
        if self.at_end is not None:
            self.at_end = self.at_end.restarted()
            self._warned = False
            return True
        return False

    def set_length(self, seconds: float) -> None:
        """What the time timer starts again for (a timer carried over from another reader)."""
        self._length_s = seconds

    def mark_warned(self) -> None:
        """The warning has been given."""
        self._warned = True

    def end_reached(self, unit: SleepUnit, section_ended: bool) -> bool:
        """The reading reached the end of a tip (of a section, if `section_ended`): True when
        that ends the at-end timer."""
        at_end = self.at_end
        if at_end is None or (at_end.unit is SleepUnit.SECTION and not section_ended):
            return False
        self.at_end = at_end.end_reached()
        if self.at_end.is_over:
            self.at_end = None
            self._warned = False
            return True
        return False

    def fade_out_now(self, now: float) -> None:
        """The at-end timer's end: fade whatever still sounds (the sound bed) over the fade."""
        fade = self.settings.fade_s
        self._fade.add(SleepTimer(fade, fade, start=now))

    def ended(self) -> None:
        """The time timer ran out."""
        self.timer = None
        self._warned = False

    @property
    def length_minutes(self) -> float:
        """The time timer's last length in minutes (0 with none)."""
        return 0.0 if self._length_s is None else self._length_s / 60.0

    def seconds_left(self, now: float) -> float:
        """The time timer's time left (inf with none)."""
        return math.inf if self.timer is None else self.timer.remaining(now)
