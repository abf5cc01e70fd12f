"""A sleep timer: after a while, fade the voice out smoothly and end the session. Pure.

The fade is linear in decibels, from 0 dB down to FLOOR_DB over `fade_s` seconds, then silence.
With the default 30 s fade that is 2 dB a second (0.02 dB per 10 ms), so no audible step; the
only jump is the final cut to silence, from a level already at FLOOR_DB (inaudible in a quiet room).

Two kinds: `SleepTimer` runs for a length of time; `SleepAtEnd` counts the ends of tips (a
script's steps) or of sections still to be read. Either gives a warning about `warning_s`
before its end; from the warning to the end is its *window*, in which any sign of the
listener (a command, a key, a media button) starts it again at its last length.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import StrEnum

FLOOR_DB = -60.0  # where the fade ends before the cut to silence
MIN_FADE_SECONDS = 20.0


def db_to_gain(db: float) -> float:
    """Linear amplitude gain for a level in decibels."""
    return 10.0 ** (db / 20.0)


def gain_to_db(gain: float) -> float:
    """Level in decibels for a linear gain (−inf for 0)."""
    return 20.0 * math.log10(gain) if gain > 0 else -math.inf


@dataclass
class SleepTimer:
    """Counts down `duration_s` from `start` (clock seconds); the last `fade_s` seconds fade out.

    The fade never starts before the timer does: a timer shorter than its fade fades over its
    whole length. `fade_s` below MIN_FADE_SECONDS is raised to it (a sudden fade wakes people).
    """

    duration_s: float
    fade_s: float = 30.0
    start: float = 0.0
    cancelled: bool = field(default=False)
    warning_s: float = 0.0
    """How long before the end the warning is given (0: none). A timer no longer than this
    gives none: it was just set, so the listener knows."""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.duration_s) and self.duration_s > 0):
            raise ValueError(f"a sleep timer needs a positive duration, not {self.duration_s!r}")
        self.fade_s = min(max(self.fade_s, MIN_FADE_SECONDS), self.duration_s)

    @property
    def ends_at(self) -> float:
        """Clock time at which the session should stop."""
        return self.start + self.duration_s

    @property
    def fade_starts_at(self) -> float:
        """Clock time at which the fade begins."""
        return self.ends_at - self.fade_s

    @property
    def warns_at(self) -> float | None:
        """Clock time of the warning before the end, or None when this timer gives none."""
        if self.warning_s <= 0 or self.duration_s <= self.warning_s:
            return None
        return self.ends_at - self.warning_s

    @property
    def window_starts_at(self) -> float:
        """From when a sign of the listener starts the timer again: the warning or the fade."""
        warns_at = self.warns_at
        return self.fade_starts_at if warns_at is None else min(warns_at, self.fade_starts_at)

    def in_window(self, now: float) -> bool:
        """Whether `now` lies between the warning (or the fade) and the end."""
        return not self.cancelled and self.window_starts_at <= now < self.ends_at

    def restarted(self, now: float, duration_s: float | None = None) -> "SleepTimer":
        """The same timer started again at `now`, for its own length or for `duration_s`."""
        return replace(self, start=now, duration_s=self.duration_s if duration_s is None else duration_s,
                       cancelled=False)

    def level_db_at(self, now: float) -> float:
        """The level in dB at `now`: 0 before the fade, falling linearly to FLOOR_DB, −inf after."""
        if self.cancelled or now <= self.fade_starts_at:
            return 0.0
        if now >= self.ends_at:
            return -math.inf
        return FLOOR_DB * (now - self.fade_starts_at) / self.fade_s

    def gain_at(self, now: float) -> float:
        """Linear gain (1 → 0) to multiply the output by at `now`."""
        level = self.level_db_at(now)
        return 0.0 if level == -math.inf else db_to_gain(level)

    def remaining(self, now: float) -> float:
        """Seconds until the session stops (0 when over; inf when cancelled)."""
        if self.cancelled:
            return math.inf
        return max(0.0, self.ends_at - now)

    def is_fading(self, now: float) -> bool:
        """Whether the fade is under way at `now`."""
        return not self.cancelled and self.fade_starts_at < now < self.ends_at

    def is_over(self, now: float) -> bool:
        """Whether the time is up."""
        return not self.cancelled and now >= self.ends_at

    def cancel(self) -> None:
        """Stop counting down; the gain goes back to 1."""
        self.cancelled = True

    def next_change(self, now: float) -> float | None:
        """The next clock time something happens (fade start or end), for the player's deadline."""
        if self.cancelled:
            return None
        for moment in (self.warns_at, self.fade_starts_at, self.ends_at):
            if moment is not None and moment > now:
                return moment
        return None


class SleepUnit(StrEnum):
    """What a `SleepAtEnd` counts the ends of."""

    TIP = "tip"
    """A tip of an article, a step of a relaxation script."""
    SECTION = "section"


@dataclass(frozen=True)
class SleepAtEnd:
    """Stop at the end of a tip or section: after `left` more ends of `unit` (the one under
    way is the first), out of the `count` the timer was set for (its length)."""

    unit: SleepUnit
    count: int = 1
    left: int = 1

    def __post_init__(self) -> None:
        if self.count < 1 or self.left < 0:
            raise ValueError(f"a sleep timer counts 1 or more ends, not {self.count} with {self.left} left")

    def end_reached(self) -> "SleepAtEnd":
        """One end of `unit` has been read."""
        return replace(self, left=max(0, self.left - 1))

    @property
    def is_over(self) -> bool:
        """All its ends have been read."""
        return self.left == 0

    def restarted(self) -> "SleepAtEnd":
        """Its length again after the unit under way (whose end is near: the warning came):
        "at the end of this section" becomes the end of the next one."""
        return replace(self, left=self.count + 1)

    def one_more(self) -> "SleepAtEnd":
        """One end later than now (its length becomes the ends still to read)."""
        return SleepAtEnd(self.unit, self.left + 1, self.left + 1)
