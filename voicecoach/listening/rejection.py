"""The engine-free part of deciding whether a clip was a command. Pure.

Each engine first decides in its own terms which phrasing, if any, was said (Whisper compares
phrasings with its free transcript; pocketsphinx listens with a loop of everyday words; Vosk
must write exactly a phrasing) and rates its choice as a sureness from 0 to 1. Then the same
rules apply to all:

1. no speech: nothing was heard;
2. too long: speech longer than `max_speech_seconds` is somebody talking, not a command;
3. not a phrasing: the engine found no phrasing that fits;
4. poor fit: the engine's sureness is below `min_sureness`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from voicecoach.commands import Command


class Rejection(StrEnum):
    """Why a heard clip was not taken as a command."""

    NO_SPEECH = "no speech"
    TOO_LONG = "too long for a command"
    NOT_A_PHRASING = "not one of the command phrasings"
    POOR_FIT = "sounds unlike the command phrasing"
    NO_WAKE_WORD = "a command without the wake word"


@dataclass(frozen=True)
class RejectionPolicy:
    """Limits every engine's commands are held to."""

    max_speech_seconds: float = 4.5
    """Longest speech (first to last sound) a command can take, in seconds. The language's
    longest polite forms ("okay, could you please turn the noise up now, thank you") run 3 to
    4.5 s at a slow bedtime pace; on the tune split, 311 of its command clips fell there, and
    letting them in took 258 of them right for one false accept in 390 distractors."""
    min_sureness: float = 0.0
    """Least sureness (0 to 1, the engine's own rating) a command must have; 0 takes any."""


@dataclass(frozen=True)
class Evidence:
    """What an engine found in one clip."""

    transcript: str
    command: Command | None
    speech_seconds: float
    sureness: float | None = None
    """The engine's rating of the command, 0 to 1; None from an engine that gave none."""


def judge(policy: RejectionPolicy, evidence: Evidence) -> Rejection | None:
    """The reason to reject `evidence`, or None if it is a command."""
    if evidence.speech_seconds <= 0 and not evidence.transcript:
        return Rejection.NO_SPEECH
    if evidence.speech_seconds > policy.max_speech_seconds:
        return Rejection.TOO_LONG
    if evidence.command is None:
        return Rejection.NOT_A_PHRASING
    if evidence.sureness is not None and evidence.sureness < policy.min_sureness:
        return Rejection.POOR_FIT
    return None
