"""The default session's library: the guide and the relaxation scripts, switched by voice. Pure.

`voicecoach` with no arguments reads the built-in guide; "relax" switches to a guided
relaxation and "back to the guide" returns to the guide where it was left. Each reader keeps its
own place; the one that is not playing is simply not driven.
"""

from __future__ import annotations

import logging
import math
from typing import Callable, Mapping, Protocol, runtime_checkable

from voicecoach.commands import Command, CommandId
from voicecoach.ports import Position, Speaker
from voicecoach.session import Reader
from voicecoach.sleep_timer import SleepTimer

logger = logging.getLogger(__name__)

ReaderFactory = Callable[[], Reader]


@runtime_checkable
class SleepTimed(Protocol):
    """A reader with a sleep timer (both players are)."""

    @property
    def sleep_timer(self) -> SleepTimer | None: ...

    @property
    def sleep_length_seconds(self) -> float | None: ...

    def set_sleep_timer(
        self, seconds: float, now: float, *, announce: bool = False, length_seconds: float | None = None
    ) -> None: ...

    def extend_sleep_timer(self, now: float) -> bool: ...

    def in_sleep_window(self, now: float) -> bool: ...


class Library:
    """A `Reader` that delegates to one of several readers and switches between them on command."""

    def __init__(
        self,
        speaker: Speaker,
        readers: Mapping[CommandId, ReaderFactory],
        first: CommandId,
    ) -> None:
        if first not in readers:
            raise ValueError(f"the first reader {first} has no factory")
        self._speaker = speaker
        self._factories = dict(readers)
        self._made: dict[CommandId, Reader] = {}
        self._current_id = first
        self._current = self._reader(first)

    @property
    def current(self) -> Reader:
        """The reader being played."""
        return self._current

    def _reader(self, which: CommandId) -> Reader:
        if which not in self._made:
            self._made[which] = self._factories[which]()
        return self._made[which]

    # ----------------------------------------------------------------- Reader

    def start(self, now: float) -> None:
        """Start the first reader."""
        self._current.start(now)

    def handle(self, command: Command, now: float) -> None:
        """Switch on "relax"/"guide"; everything else goes to the reader being played (and so does
        a switch once it says goodbye: a goodbye is final)."""
        if command.id in self._factories and command.id is not self._current_id and not self._current.is_leaving:
            self._switch(command.id, now)
            return
        self._current.handle(command, now)

    def _switch(self, which: CommandId, now: float) -> None:
        logger.info("switching from %s to %s", self._current_id, which)
        self._speaker.stop()
        previous = self._current
        is_new = which not in self._made
        self._current_id, self._current = which, self._reader(which)
        self._carry_sleep_timer(previous, self._current, now)
        if is_new:
            self._current.start(now)
        else:
            self._current.return_to(now)

    @staticmethod
    def _carry_sleep_timer(previous: Reader, following: Reader, now: float) -> None:
        """A sleep timer set before switching keeps running after it; switching while it warns
        shows the listener is awake, like any command then, so it runs its whole length again."""
        if not (isinstance(previous, SleepTimed) and isinstance(following, SleepTimed)):
            return
        timer = previous.sleep_timer
        if timer is None:
            return
        left = timer.remaining(now)
        length = previous.sleep_length_seconds
        if previous.in_sleep_window(now) and length is not None:
            left = length
        if 0 < left < math.inf:
            following.set_sleep_timer(left, now, length_seconds=length)

    def return_to(self, now: float) -> None:
        """The reader being played comes back (a library inside a library is not needed, but allowed)."""
        self._current.return_to(now)

    def sound_finished(self, sound_id: int, now: float) -> None:
        """Sound ids are per reader, so only the reader being played hears about them."""
        self._current.sound_finished(sound_id, now)

    def tick(self, now: float) -> None:
        """Deadlines belong to the reader being played."""
        self._current.tick(now)

    def notice(self, message: str, now: float, failed_sound_id: int | None = None) -> None:
        """The reader being played says it."""
        self._current.notice(message, now, failed_sound_id)

    def not_understood(self, heard: str, now: float) -> None:
        """The reader being played answers it."""
        self._current.not_understood(heard, now)

    def wait_at_next_break(self) -> None:
        """The reader being played waits for a typed line at its next natural point."""
        self._current.wait_at_next_break()

    def extend_sleep_timer(self, now: float) -> bool:
        """The media-button hook of the reader being played (`ReaderCore.extend_sleep_timer`)."""
        current = self._current
        return isinstance(current, SleepTimed) and current.extend_sleep_timer(now)

    def next_deadline(self) -> float | None:
        """The playing reader's next deadline."""
        return self._current.next_deadline()

    @property
    def is_idle(self) -> bool:
        """The playing reader is waiting for the listener."""
        return self._current.is_idle

    @property
    def is_leaving(self) -> bool:
        """The playing reader is saying goodbye, or has quit."""
        return self._current.is_leaving

    @property
    def has_quit(self) -> bool:
        """The playing reader said goodbye or its sleep timer ended the night."""
        return self._current.has_quit

    @property
    def position(self) -> Position:
        """The playing reader's place."""
        return self._current.position
