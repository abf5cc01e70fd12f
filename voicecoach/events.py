"""Typed events a player emits, so the CLI, storage and tests can follow a session. Pure.

Each kind of event is its own frozen dataclass with only the fields it has (as wyoming's
`Transcript`, `AudioChunk`, `Detection`), so a consumer cannot read a field an event lacks: it
matches on the class (`isinstance(event, Moved)`, or `match event: case Moved(position=p)`).
Every event carries `at`, the clock time (seconds) it happened at.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Callable

from voicecoach.bed.settings import BedSound
from voicecoach.commands import Command
from voicecoach.ports import Position
from voicecoach.sounds import EarconName, SpeechKind


@dataclass(frozen=True)
class Started:
    """The player began, at `position`; `title` is the document's or script's title."""

    at: float
    position: Position
    title: str


@dataclass(frozen=True)
class Speaking:
    """A sentence started to sound."""

    at: float
    sound_id: int
    text: str
    kind: SpeechKind


@dataclass(frozen=True)
class EarconPlayed:
    """A short tone (an acknowledgement or a script's chime) started to sound."""

    at: float
    sound_id: int
    name: EarconName


@dataclass(frozen=True)
class Moved:
    """The place changed: `position` is the new section and tip (or script step), 0-based."""

    at: float
    position: Position


@dataclass(frozen=True)
class StateChanged:
    """The player's state changed (the value of a `PlayerState`: "reading", "paused"...)."""

    at: float
    state: str


@dataclass(frozen=True)
class CommandDone:
    """A command was obeyed (or answered: "already reading" counts as done)."""

    at: float
    command: Command


@dataclass(frozen=True)
class CommandRefused:
    """A command could not be obeyed; `command` is the command, or what was heard if not understood."""

    at: float
    command: str
    reason: str


@dataclass(frozen=True)
class VoiceChanged:
    """The listener made the voice slower, faster, louder or quieter."""

    at: float
    rate: int
    """Words per minute."""
    volume: float
    """0..1."""


@dataclass(frozen=True)
class ExhaleChanged:
    """The listener asked for longer or shorter out-breaths in a script."""

    at: float
    change: float
    """Seconds added to every out-breath from now on (negative: shorter)."""


class SleepTimerAction(StrEnum):
    """What happened to the sleep timer."""

    SET = "set"
    CANCELLED = "cancelled"
    ENDED = "ended"


@dataclass(frozen=True)
class SleepTimerChanged:
    """The sleep timer was set (for `minutes`), cancelled, or ran out."""

    at: float
    action: SleepTimerAction
    minutes: float | None = None


@dataclass(frozen=True)
class SoundBedChanged:
    """The listener changed the sound bed: which sound, its level (0..1), and whether it plays."""

    at: float
    sound: BedSound
    level: float
    playing: bool


@dataclass(frozen=True)
class NoticeGiven:
    """Something an adapter reported is being said (a device went away, came back, an error)."""

    at: float
    message: str


@dataclass(frozen=True)
class Finished:
    """The end of the content was reached, at `position`."""

    at: float
    position: Position


class QuitReason(StrEnum):
    """Why a session ended."""

    GOODBYE = "goodbye"
    """The listener said quit; the goodbye has been said."""
    SLEEP_TIMER = "sleep_timer"
    """The sleep timer ran out (no goodbye: they are asleep)."""


@dataclass(frozen=True)
class Quit:
    """The player has ended, at `position`."""

    at: float
    position: Position
    reason: QuitReason = QuitReason.GOODBYE


PlayerEvent = (
    Started
    | Speaking
    | EarconPlayed
    | Moved
    | StateChanged
    | CommandDone
    | CommandRefused
    | VoiceChanged
    | ExhaleChanged
    | SleepTimerChanged
    | SoundBedChanged
    | NoticeGiven
    | Finished
    | Quit
)
"""Any event a player emits."""

EventCallback = Callable[[PlayerEvent], None]
