"""What the player asks the speaker to make audible: speech or a short earcon."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum
from typing import Mapping


class SpeechKind(StrEnum):
    """Why something is said, so adapters and tests can tell content from confirmations."""

    CONTENT = "content"
    HEADING = "heading"
    CONFIRMATION = "confirmation"
    INFO = "info"
    ERROR = "error"


@dataclass(frozen=True)
class Voice:
    """How speech sounds: words per minute, volume from 0 to 1, and an espeak voice name."""

    rate: int = 150
    volume: float = 0.8
    name: str | None = None


@dataclass(frozen=True)
class Speech:
    """One sentence to say."""

    id: int
    text: str
    kind: SpeechKind
    voice: Voice


class EarconName(StrEnum):
    """Short generated tones that confirm without words."""

    ACK = "ack"
    NOT_UNDERSTOOD = "not_understood"
    CHIME_SOFT = "soft"
    CHIME_BELL = "bell"


EARCON_SECONDS: Mapping[EarconName, float] = {
    EarconName.ACK: 0.15,
    EarconName.NOT_UNDERSTOOD: 0.15,
    EarconName.CHIME_SOFT: 1.5,
    EarconName.CHIME_BELL: 2.5,
}
"""How long each earcon lasts, in seconds (so the core can tell how long a script takes)."""


@dataclass(frozen=True)
class Earcon:
    """A short tone; `volume` is relative to full scale (0..1)."""

    id: int
    name: EarconName
    volume: float


Sound = Speech | Earcon


SOUND_IDS = itertools.count(1)
"""Ids for sounds, unique in a process, so a late report about one reader's sound never matches another's."""
