"""The master volume over a session, shaped by sleep timers. Pure.

Speakers ask `gain_at(t)` for every block they play (live) or mix (rendered), so the history
is kept: a timer cancelled half-way through its fade still shaped what was heard before.
A timer cancelled (or started again) part-way into its fade does not jump back to full
volume: the level it had reached rises back over RECOVER_SECONDS, linearly in decibels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from voicecoach.sleep_timer import FLOOR_DB, SleepTimer, db_to_gain

RECOVER_SECONDS = 2.0
"""How long the voice takes to come back from a fade that was called off."""


@dataclass(frozen=True)
class _Entry:
    timer: SleepTimer
    cancelled_at: float

    def gain_at(self, t: float) -> float:
        """This timer's gain at `t`: its fade until cancelled, then the rise back to 1."""
        if t < self.timer.start:
            return 1.0
        if t < self.cancelled_at:
            return self.timer.gain_at(t)
        since = t - self.cancelled_at
        if since >= RECOVER_SECONDS:
            return 1.0
        reached = max(self.timer.level_db_at(self.cancelled_at), FLOOR_DB)
        return db_to_gain(reached * (1.0 - since / RECOVER_SECONDS))


class FadeSchedule:
    """Every sleep timer of a session with the time it was cancelled (if it was)."""

    def __init__(self) -> None:
        self._entries: list[_Entry] = []

    def add(self, timer: SleepTimer) -> None:
        """A new timer; it replaces (cancels) any running one from its start on."""
        self.cancel(timer.start)
        self._entries.append(_Entry(timer, math.inf))

    def cancel(self, now: float) -> None:
        """Cancel the running timer from `now` on."""
        self._entries = [
            _Entry(entry.timer, min(entry.cancelled_at, now)) if entry.cancelled_at == math.inf else entry
            for entry in self._entries
        ]

    def gain_at(self, t: float) -> float:
        """Linear gain (1 = unchanged, 0 = silent) at loop time `t`."""
        gain = 1.0
        for entry in self._entries:
            gain *= entry.gain_at(t)
        return gain

    def silent_from(self) -> float | None:
        """When a timer that was never cancelled ends (all is silent from then on), or None."""
        ends = [entry.timer.ends_at for entry in self._entries if entry.cancelled_at == math.inf]
        return min(ends) if ends else None


GAIN_STEP_SECONDS = 0.01
"""How often a gain function is sampled (linear in between): 10 ms keeps every step far below 1 dB."""


def gain_envelope(
    gain_at: Callable[[float], float], start: float, frames: int, sample_rate: int
) -> np.ndarray | None:
    """Per-sample gains for `frames` samples from time `start`, or None when the gain is 1 throughout."""
    if frames <= 0:
        return None
    duration = frames / sample_rate
    knots = start + np.arange(0.0, duration + GAIN_STEP_SECONDS, GAIN_STEP_SECONDS)
    gains = np.array([gain_at(float(t)) for t in knots], dtype=np.float64)
    if np.all(gains == 1.0):
        return None
    times = start + np.arange(frames, dtype=np.float64) / sample_rate
    return np.interp(times, knots, gains).astype(np.float32)
