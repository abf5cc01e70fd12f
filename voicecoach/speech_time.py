"""How long speech takes to say, estimated from its words and the rate. Pure.

For what needs a length before anything is synthesised: a script's duration, "back thirty
seconds", the time left in a section, the sleep timer's warning before the end of a tip.
"""

from __future__ import annotations

from typing import Iterable

SPEECH_PACE = 0.75
"""espeak-ng says a sentence in 0.75 of its nominal words-per-minute time (a least-squares fit
of clip length against words ÷ rate over the built-in scripts' 150 sentences)..."""
UTTERANCE_SECONDS = 0.7
"""...plus 0.7 s for the lead-in and the tail of each clip."""


def speech_seconds(text: str, rate: int) -> float:
    """About how long `text` takes to say at `rate` words per minute."""
    return len(text.split()) * 60.0 / rate * SPEECH_PACE + UTTERANCE_SECONDS


def total_seconds(sentences: Iterable[str], rate: int) -> float:
    """About how long `sentences` take to say one after another at `rate` words per minute."""
    return sum(speech_seconds(sentence, rate) for sentence in sentences)
