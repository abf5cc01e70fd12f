"""The real-time event loop: threads post events, timed events wait on the monotonic clock."""

from __future__ import annotations

import heapq
import itertools
import queue
import threading
import time

from voicecoach.ports import LoopEvent


class LiveLoop:
    """Implements `EventLoop` in real time; `post` and `post_at` may be called from any thread."""

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._ready: queue.SimpleQueue[LoopEvent] = queue.SimpleQueue()
        self._timed: list[tuple[float, int, LoopEvent]] = []
        self._order = itertools.count()
        self._lock = threading.Lock()

    def now(self) -> float:
        """Seconds since the loop was made."""
        return time.monotonic() - self._start

    def post(self, event: LoopEvent) -> None:
        """Deliver `event` as soon as possible."""
        self._ready.put(event)

    def post_at(self, when: float, event: LoopEvent) -> None:
        """Deliver `event` at loop time `when`."""
        with self._lock:
            heapq.heappush(self._timed, (when, next(self._order), event))
        self._ready.put(_WAKE)

    def next_event(self) -> LoopEvent | None:
        """Wait for the next event; a live loop never runs dry, so this never returns None."""
        while True:
            due = self._pop_due()
            if due is not None:
                return due
            try:
                event = self._ready.get(timeout=self._wait_time())
            except queue.Empty:
                continue
            if event is not _WAKE:
                return event

    def _pop_due(self) -> LoopEvent | None:
        with self._lock:
            if self._timed and self._timed[0][0] <= self.now():
                return heapq.heappop(self._timed)[2]
        return None

    def _wait_time(self) -> float:
        with self._lock:
            if not self._timed:
                return 0.5
            return max(0.0, min(0.5, self._timed[0][0] - self.now()))


class _Wake:
    """Wakes a waiting `next_event` so it re-reads the timed events."""


_WAKE = _Wake()  # type: ignore[assignment]
