"""A session: feeds loop events (commands, finished sounds, timers, typed lines) to a player. Pure.

The session owns no thread and no clock of its own; it takes events from an `EventLoop` (a live
one that blocks, or a virtual one that jumps through time) and hands them to the player.

Typed lines are paced so a piped file drives a whole session reproducibly:
  - `next`        is delivered at the player's next natural point: when it waits for the listener,
                  or at the end of the tip, script step, pause or breath phase under way (the
                  player holds there for it: `Reader.wait_at_next_break`);
  - `@1.5 stop`   is delivered 1.5 seconds after the previous line, whatever is being said;
  - lines typed at a terminal are delivered at once.

Piped input that is not text (a binary file sent to `--stdin` by mistake) is said once, and the
rest of it is ignored: hundreds of "I don't know the command" would help nobody.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from dataclasses import dataclass
from typing import Callable, Protocol

from voicecoach.commands import Command
from voicecoach.errors import CommandError
from voicecoach.language.grammar import Grammar
from voicecoach.language.typed import parse_typed_line
from voicecoach.ports import (
    CommandArrived,
    EventLoop,
    FeedDue,
    InputClosed,
    LineArrived,
    LoopEvent,
    Notice,
    NotUnderstood,
    Position,
    SoundFinished,
    TimerDue,
)

logger = logging.getLogger(__name__)

_TIMED_LINE = re.compile(r"^@\s*(?P<delay>\d+(?:\.\d+)?)\s*s?\s+(?P<rest>.+)$")
# NUL and other control characters (not tab or escape), undecodable bytes (surrogate escapes or
# the replacement character): a line of typed text never holds these.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f\udc80-\udcff\ufffd]")
BINARY_INPUT = (
    "The typed input is not text; it looks like a binary file, so I am ignoring it. "
    "Send lines of commands, such as next or pause."
)


def is_binary_line(text: str) -> bool:
    """Whether a piped line holds bytes no typed command has (a binary file sent to stdin)."""
    return _NOT_TEXT.search(text) is not None


class Reader(Protocol):
    """What a session drives: the article player or the relaxation-script player."""

    def start(self, now: float) -> None: ...

    def handle(self, command: Command, now: float) -> None: ...

    def sound_finished(self, sound_id: int, now: float) -> None: ...

    def tick(self, now: float) -> None: ...

    def notice(self, message: str, now: float, failed_sound_id: int | None = None) -> None: ...

    def not_understood(self, heard: str, now: float) -> None: ...

    def return_to(self, now: float) -> None: ...

    def next_deadline(self) -> float | None: ...

    def wait_at_next_break(self) -> None: ...

    @property
    def is_idle(self) -> bool: ...

    @property
    def is_leaving(self) -> bool:
        """Saying goodbye, or quit: no command is taken any more."""
        ...

    @property
    def has_quit(self) -> bool: ...

    @property
    def position(self) -> Position: ...


@dataclass(frozen=True)
class FeedLine:
    """A command from a typed line, with its delay after the previous line (None: when idle).

    A line that could not be understood has no command; it is answered with a "didn't catch
    that" when its turn comes, so a piped file's mistakes are heard where they are.
    """

    command: Command | None
    delay: float | None
    text: str = ""


def parse_feed_line(text: str, interactive: bool, grammar: Grammar | None = None) -> FeedLine | None:
    """Parse one typed line in the command language of `grammar` (None: the built-in one);
    blank lines and `#` comments give None. Raises CommandError."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    timed = _TIMED_LINE.match(stripped)
    if timed:
        return FeedLine(parse_typed_line(timed.group("rest"), grammar), float(timed.group("delay")), stripped)
    return FeedLine(parse_typed_line(stripped, grammar), 0.0 if interactive else None, stripped)


class Session:
    """Runs one reader until it quits or its input has ended and it has nothing left to say."""

    def __init__(
        self,
        reader: Reader,
        loop: EventLoop,
        *,
        input_open: bool,
        on_problem: Callable[[str], None] = lambda message: None,
        language: Callable[[], Grammar] | None = None,
    ) -> None:
        self._reader = reader
        self._language = language
        """Gives the command language typed lines are read in (None: the built-in one); asked
        for at the first line, so that a session's first words need not wait for it."""
        self._loop = loop
        self._input_open = input_open
        self._on_problem = on_problem
        self._pending: deque[FeedLine] = deque()
        self._last_delivery = 0.0
        self._feed_scheduled = False
        self._posted_deadline: float | None = None
        self._binary_input = False  # piped input turned out not to be text: said once, then ignored

    def add_lines(self, lines: list[str]) -> None:
        """Queue typed lines up front (a whole piped file in virtual time)."""
        for line in lines:
            self._on_line(LineArrived(line))

    def run(self) -> None:
        """Start the reader and handle events until the session is over."""
        self._last_delivery = self._loop.now()
        self._reader.start(self._loop.now())
        while not self._is_over():
            self._feed()
            self._schedule_deadline()
            if self._is_over():
                break
            event = self._loop.next_event()
            if event is None:
                break
            self._handle(event)

    # ----------------------------------------------------------------- events

    def _handle(self, event: LoopEvent) -> None:
        now = self._loop.now()
        match event:
            case CommandArrived(command=command):
                self._reader.handle(command, now)
            case SoundFinished(sound_id=sound_id):
                self._reader.sound_finished(sound_id, now)
            case TimerDue():
                self._reader.tick(now)
            case InputClosed():
                self._input_open = False
            case Notice(message=message, failed_sound_id=failed_sound_id):
                self._on_problem(message)
                self._reader.notice(message, now, failed_sound_id)
            case LineArrived():
                self._on_line(event)
            case FeedDue():
                self._feed_scheduled = False
            case NotUnderstood(heard=heard):
                self._reader.not_understood(heard, now)

    def _on_line(self, event: LineArrived) -> None:
        if not event.interactive and (self._binary_input or is_binary_line(event.text)):
            self._on_binary_line()
            return
        try:
            line = parse_feed_line(event.text, event.interactive, self._language() if self._language else None)
        except CommandError as error:
            self._on_problem(str(error))
            line = FeedLine(None, 0.0 if event.interactive else None, event.text.strip())
        if line is not None:
            self._pending.append(line)

    def _on_binary_line(self) -> None:
        if self._binary_input:
            return
        self._binary_input = True
        self._loop.post(Notice(BINARY_INPUT))  # said in turn, even for lines queued before the start

    # ----------------------------------------------------------------- pacing and timers

    def _feed(self) -> None:
        """Deliver the typed lines that are due."""
        while self._pending and not self._reader.has_quit:
            line = self._pending[0]
            now = self._loop.now()
            if line.delay is None:
                if not self._reader.is_idle:
                    self._reader.wait_at_next_break()
                    return
            else:
                due = self._last_delivery + line.delay
                if now < due:
                    if not self._feed_scheduled:
                        self._loop.post_at(due, FeedDue())
                        self._feed_scheduled = True
                    return
            self._pending.popleft()
            self._last_delivery = now
            if line.command is None:
                self._reader.not_understood(line.text, now)
            else:
                self._reader.handle(line.command, now)

    def _schedule_deadline(self) -> None:
        deadline = self._reader.next_deadline()
        if deadline is not None and deadline != self._posted_deadline:
            self._loop.post_at(deadline, TimerDue())
        self._posted_deadline = deadline

    def _is_over(self) -> bool:
        if self._reader.has_quit:
            return True
        return not self._input_open and not self._pending and self._reader.is_idle
