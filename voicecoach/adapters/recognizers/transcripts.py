"""From a transcribing engine's transcript to a command (Vosk).

The engine hands back a transcript with per-word confidences; it is a command only when the
whole of it is one of our phrasings (`Grammar.match`), no word is unknown (Vosk marks sounds
outside its phrase list as "[unk]"), the speech is short enough, and the least sure word (the
sureness) is rated at least `RejectionPolicy.min_sureness`. `TranscribingRecognizer` is what
such an engine's adapter builds on: it trims the clip, decodes one clip at a time and judges.
Pure, apart from that class's lock and its check that a model folder exists.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from voicecoach.audio import AudioClip
from voicecoach.errors import RecognizerError
from voicecoach.language.grammar import Grammar, default_grammar, normalise
from voicecoach.language.numbers import MAX_SPOKEN, number_words
from voicecoach.listening.ports import Recognition
from voicecoach.listening.rejection import Evidence, RejectionPolicy, judge
from voicecoach.listening.trim import TrimSettings, decodable_pcm

UNKNOWN_WORD = "[unk]"
"""What Vosk writes for speech that fits none of the phrases it was given."""


@dataclass(frozen=True)
class Transcript:
    """What an engine heard in one clip."""

    text: str
    """The words as the engine wrote them ("Go to section 3.", "skip [unk]")."""
    speech_seconds: float
    """From the start of the first word to the end of the last."""
    confidence: float | None = None
    """The engine's rating of its least sure word, 0 to 1; None if it gives none."""


def spoken_form(text: str) -> str:
    """`text` as our phrasings write it: lower case, no punctuation, numbers up to 99 in words
    ("Go to section 3." -> "go to section three")."""
    words = normalise(text).split()
    return " ".join(number_words(int(word)) if word.isdigit() and int(word) <= MAX_SPOKEN else word for word in words)


def recognition_of(transcript: Transcript, grammar: Grammar, policy: RejectionPolicy) -> Recognition:
    """The command `transcript` says, or why it is not one."""
    pieces = (word if word == UNKNOWN_WORD else spoken_form(word) for word in transcript.text.split())
    text = " ".join(piece for piece in pieces if piece)
    command = grammar.match(text) if text and UNKNOWN_WORD not in text.split() else None
    evidence = Evidence(text, command, transcript.speech_seconds, transcript.confidence)
    rejected = judge(policy, evidence)
    return Recognition(
        None if rejected else command, text, rejected, transcript.speech_seconds, transcript.confidence, text,
        transcript.confidence,
    )


class TranscribingRecognizer:
    """The `Recognizer` of an engine that turns 16 kHz PCM into a `Transcript` (`_transcribe`)."""

    def __init__(
        self, grammar: Grammar | None, policy: RejectionPolicy, trim: TrimSettings | None = TrimSettings()
    ) -> None:
        self.grammar = grammar if grammar is not None else default_grammar()
        self.policy = policy
        self._trim = trim
        self._lock = threading.Lock()

    def recognize(self, clip: AudioClip, *, need_sureness: bool = False) -> Recognition:
        """Decode `clip` (mono, any rate); the least sure word's confidence is the sureness."""
        pcm = decodable_pcm(clip.samples, clip.sample_rate, self._trim)
        if pcm is None:
            return Recognition(None, "", judge(self.policy, Evidence("", None, 0.0)))
        with self._lock:  # engines keep decoder state; one clip at a time
            transcript = self._transcribe(pcm)
        return recognition_of(transcript, self.grammar, self.policy)

    @staticmethod
    def _model_folder(model_path: str, engine: str, hint: str) -> Path:
        """`model_path` (~ expanded) if it is a folder, else a RecognizerError ending in `hint`."""
        folder = Path(model_path).expanduser()
        if not folder.is_dir():
            raise RecognizerError(f"there is no {engine} model folder at {folder}; {hint}")
        return folder

    def _transcribe(self, pcm: bytes) -> Transcript:
        """What the engine heard in `pcm` (16 kHz, 16-bit mono); called under the lock."""
        raise NotImplementedError
