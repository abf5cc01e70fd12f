"""Deciding whether what the grammar decoder heard was really a command. Pure.

A grammar-constrained decoder maps ANY sound to its closest phrasing, so every hypothesis is
checked before it becomes a command (thresholds measured on the generated corpus, see
benchmarks/bench_recognition.py):

1. too long: speech longer than `max_speech_seconds` is somebody talking, not a command;
2. not a phrasing: the transcript must be exactly one of the grammar's phrasings. The grammar
   decoder also holds a weighted loop of everyday words (see `jsgf.GARBAGE_WORDS`), so talk is
   mostly decoded as those words rather than as the nearest command; this was the step that
   worked (tune split: false accepts 59/64 -> 5/64 on the measured subset). A command with
   everyday words around it is a path of its own, so "go back to sleep" is heard as talk rather
   than as "go back";
3. poor fit (off by default; the gap is still measured): a free phone loop explains the same frames much better than the
   grammar does (`score_gap` per frame above `max_score_gap`). Measured on the tune split it
   separated commands from talk poorly (at 13% false accepts it kept only half the commands),
   and it doubles decoding time for accepted clips; the gap is measured only on `strict` calls
   (while the program speaks), where it is the confidence the echo guard uses. Engines that
   rate their words instead (Vosk, Whisper) are held to `min_confidence`.
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


@dataclass(frozen=True)
class RejectionPolicy:
    """Thresholds for turning a decoder hypothesis into a command."""

    max_speech_seconds: float = 3.0
    """Longest speech (first to last non-silent phone) a command can take, in seconds."""
    max_score_gap: float = float("inf")
    """Largest per-frame amount by which the phone loop may beat the grammar (log units).
    Off by default: at 6.0 it lost 17 of 108 test commands (two voices) for few rejections."""
    measure_score_gap: bool = False
    """Run the phone loop on every accepted command, so `score_gap` is always set. Off: it
    doubles decoding time; the listener asks for the gap per clip (`strict`) only while the
    program speaks, when the echo guard in voicecoach.listening.echo demands a low gap."""
    garbage_weight: float | None = 1e-16
    """Weight of the everyday-word loop against the commands in the JSGF; None for no loop.
    Re-measured with accent variants (tune, clean + brown 10 dB): 1e-14 / 1e-16 / 1e-18 gave
    accuracy / false accepts 0.913 / 0.035, 0.922 / 0.039, 0.927 / 0.059."""
    wrapped_weight: float | None = 1e-16
    """Weight of a command followed by an everyday word ("repeat after me"), which is then
    rejected as talk unless the word is short (`max_wrapped_seconds`); None leaves such talk
    to be forced onto the bare command. Measured in benchmarks/README.md (tune split, clean and
    brown 10 dB, second session, before accent variants and with words ≤ 0.3 s forgiven: false
    accepts 0.199 -> 0.066 for accuracy 0.889 -> 0.880; with them, 1e-12 / 1e-16 / 1e-20 gave
    0.899 / 0.031, 0.922 / 0.039, 0.932 / 0.062)."""
    min_confidence: float = 0.0
    """For engines that rate each word (Vosk, Whisper; 0 to 1): a command whose least sure word
    is rated below this is rejected as a poor fit. 0 accepts any; not measured (no Vosk or
    Whisper model could be had on the development machine), so a user with one can tune it."""
    max_wrapped_seconds: float = 0.15
    """Everyday words around a phrasing lasting this long or less are forgiven as a breath or a
    click (see `wrapped`). Measured on the tune split (clean and brown 10 dB) with accent
    variants: 0.3 s gave accuracy 0.925 / false accepts 0.094, 0.15 s 0.906 / 0.035; the words
    forgiven at 0.3 s were 11 commands' drawn-out endings ("slower look") and 15 pieces of talk
    ("repeat that really"), their lengths overlapping from 0.17 s up."""


@dataclass(frozen=True)
class Evidence:
    """What the decoders found in one clip."""

    transcript: str
    command: Command | None
    speech_seconds: float
    score_gap: float | None
    """(phone-loop score − grammar score) / frames; None when it was not computed."""
    confidence: float | None = None
    """The engine's rating of its least sure word, 0 to 1; None from engines that give none."""


def judge(policy: RejectionPolicy, evidence: Evidence) -> Rejection | None:
    """The reason to reject `evidence`, or None if it is a command."""
    if evidence.speech_seconds <= 0 and not evidence.transcript:
        return Rejection.NO_SPEECH
    if evidence.speech_seconds > policy.max_speech_seconds:
        return Rejection.TOO_LONG
    if evidence.command is None:
        return Rejection.NOT_A_PHRASING
    if evidence.score_gap is not None and evidence.score_gap > policy.max_score_gap:
        return Rejection.POOR_FIT
    if evidence.confidence is not None and evidence.confidence < policy.min_confidence:
        return Rejection.POOR_FIT
    return None
