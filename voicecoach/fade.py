"""The master volume over a session, shaped by sleep timers. Pure.

Speakers ask `gain_at(t)` for every block they play (live) or mix (rendered), so the history
is kept: a timer cancelled half-way through its fade still shaped what was heard before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from voicecoach.sleep_timer import SleepTimer


@dataclass(frozen=True)
class _Entry:
    timer: SleepTimer
    cancelled_at: float


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
            if entry.timer.start <= t < entry.cancelled_at:
                gain *= entry.timer.gain_at(t)
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
