"""An event loop in virtual time: events come out in time order and the clock jumps to them. Pure.

Used to render sessions to WAV files and to run whole nights in tests in milliseconds.
"""

from __future__ import annotations

import heapq
import itertools

from voicecoach.ports import LoopEvent


class VirtualLoop:
    """Implements `EventLoop` with a heap of (time, order, event)."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._heap: list[tuple[float, int, LoopEvent]] = []
        self._order = itertools.count()

    def now(self) -> float:
        """The virtual time of the event being handled."""
        return self._now

    def post(self, event: LoopEvent) -> None:
        """Deliver `event` at the current virtual time, after those already due."""
        self.post_at(self._now, event)

    def post_at(self, when: float, event: LoopEvent) -> None:
        """Deliver `event` at virtual time `when` (never in the past)."""
        heapq.heappush(self._heap, (max(when, self._now), next(self._order), event))

    def next_due(self) -> float | None:
        """When the earliest event is due, or None when nothing is waiting (the clock does not move)."""
        return self._heap[0][0] if self._heap else None

    def next_event(self) -> LoopEvent | None:
        """The earliest event, moving the clock to its time; None when nothing is left."""
        if not self._heap:
            return None
        when, _, event = heapq.heappop(self._heap)
        self._now = when
        return event
