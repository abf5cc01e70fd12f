"""From another engine's transcript to a command: the rejection step Vosk and Whisper share. Pure.

pocketsphinx is constrained by our JSGF grammar and rejects through its everyday-word loop
(see `sphinx`). Other engines hand back a transcript, perhaps with per-word confidences; it is a
command only when the whole of it is one of our phrasings (`Grammar.match`), no word is unknown
(Vosk marks sounds outside its phrase list as "[unk]"), the speech is short enough, and the least
sure word is rated at least `RejectionPolicy.min_confidence`.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.recognition.grammar import Grammar, normalise
from voicecoach.recognition.numbers import MAX_SPOKEN, number_words
from voicecoach.recognition.ports import Recognition
from voicecoach.recognition.rejection import Evidence, RejectionPolicy, judge

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
    evidence = Evidence(text, command, transcript.speech_seconds, None, transcript.confidence)
    rejected = judge(policy, evidence)
    return Recognition(
        None if rejected else command, text, rejected, transcript.speech_seconds, None, transcript.confidence
    )
