"""The small interfaces through which the pure core talks to the world; adapters implement them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from voicecoach.commands import Command
from voicecoach.errors import VoicecoachError
from voicecoach.sounds import Sound, Voice


class Speaker(Protocol):
    """Makes sounds audible, one at a time.

    `play` starts a sound at once (stopping nothing: the player never overlaps sounds) and
    returns immediately; when the sound has ended the adapter posts `SoundFinished(sound.id)`
    to the session loop. `stop` silences at once; a stopped sound is never reported finished.
    `prefetch` is a hint, given right after `play`: this text in this voice is likely to be
    said next, so a speaker in real time may synthesise it while the current sound plays.
    """

    def play(self, sound: Sound) -> None: ...

    def stop(self) -> None: ...

    def prefetch(self, text: str, voice: Voice) -> None: ...


@dataclass(frozen=True)
class CommandArrived:
    """A listener's command reached the session."""

    command: Command
    origin: str = "keys"


@dataclass(frozen=True)
class SoundFinished:
    """The speaker finished the sound with this id."""

    sound_id: int


@dataclass(frozen=True)
class TimerDue:
    """A deadline the player asked for has come."""


@dataclass(frozen=True)
class InputClosed:
    """A command source has no more commands (end of stdin)."""

    origin: str = "stdin"


@dataclass(frozen=True)
class Notice:
    """Something an adapter wants said to the listener (a device went away, came back)."""

    message: str
    error: VoicecoachError | None = None
    failed_sound_id: int | None = None
    """The sound that could not be made audible, if that is what went wrong."""


@dataclass(frozen=True)
class NotUnderstood:
    """The microphone heard speech meant for us that is not a command; `heard` is the transcript."""

    heard: str


@dataclass(frozen=True)
class LineArrived:
    """A typed line reached the session (stdin); the session parses and paces it."""

    text: str
    interactive: bool = False


@dataclass(frozen=True)
class FeedDue:
    """A timed stdin line ("@1.5 stop") is due."""


LoopEvent = (
    CommandArrived | SoundFinished | TimerDue | InputClosed | Notice | LineArrived | FeedDue | NotUnderstood
)


class EventLoop(Protocol):
    """Delivers loop events in time order; live loops block, virtual loops jump ahead."""

    def now(self) -> float: ...

    def post(self, event: LoopEvent) -> None:
        """Deliver `event` as soon as possible (thread-safe)."""

    def post_at(self, when: float, event: LoopEvent) -> None:
        """Deliver `event` at time `when` on this loop's clock."""

    def next_event(self) -> LoopEvent | None:
        """The next event, waiting for it; None when nothing can ever arrive again."""


@dataclass(frozen=True)
class Position:
    """Where a listener is in a document or script."""

    section: int
    tip: int
