"""The master volume over a session, shaped by sleep timers. Pure.

Speakers ask `gain_at(t)` for every block they play (live) or mix (rendered), so the history
is kept: a timer cancelled half-way through its fade still shaped what was heard before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
