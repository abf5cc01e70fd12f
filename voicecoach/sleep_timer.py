"""A sleep timer: after a while, fade the voice out smoothly and end the session. Pure.

The fade is linear in decibels, from 0 dB down to FLOOR_DB over `fade_s` seconds, then silence.
With the default 30 s fade that is 2 dB a second (0.02 dB per 10 ms), so no audible step; the
only jump is the final cut to silence, from a level already at FLOOR_DB (inaudible in a quiet room).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

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
        for moment in (self.fade_starts_at, self.ends_at):
            if moment > now:
                return moment
        return None
