"""The recogniser port: anything that turns a short clip into a command or None.

pocketsphinx (`voicecoach.adapters.recognizers.pocketsphinx.recognizer.SphinxRecognizer`) is the built-in engine; Vosk
and Whisper (`vosk_engine`, `whisper_engine`) listen instead for a user who has a model of
their own, chosen in the config (`engines.build_recognizer`). Another engine needs only a
`recognize` method like the one below; `transcripts.recognition_of` turns its transcript into a
command with the same rejection the others use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from voicecoach.audio import AudioClip
from voicecoach.commands import Command
from voicecoach.listening.rejection import Rejection


@dataclass(frozen=True)
class Recognition:
    """What a recogniser made of one clip."""

    command: Command | None
    """The command heard, or None when the clip was rejected."""
    text: str
    """The decoder's transcript (may be a phrasing even when rejected)."""
    rejected: Rejection | None = None
    """Why the clip is not a command; None when `command` is set."""
    speech_seconds: float = 0.0
    """Length of the speech found in the clip, in seconds."""
    score_gap: float | None = None
    """Per-frame log-score by which a free phone loop beat the grammar; lower is more confident."""
    confidence: float | None = None
    """How sure an engine that rates its words (Vosk, Whisper) was of the least sure one, 0 to 1."""


class Recognizer(Protocol):
    """Turns a short clip (one utterance) into a `Recognition`."""

    def recognize(self, clip: AudioClip, *, strict: bool = False) -> Recognition:
        """Recognise `clip`; `strict` asks for `score_gap` too (callers pass it only as True,
        so engines written before it existed still work while the program is quiet)."""
        ...
