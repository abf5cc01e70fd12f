"""Split text into sentences for speech, so the first words come fast and commands cut in."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs dr mr mrs ms prof st approx no fig cf al".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_SPACES = re.compile(r"\s+")


def split_sentences(text: str) -> tuple[str, ...]:
    """Return the sentences of `text`, whitespace-normalised, in order."""
    flat = _SPACES.sub(" ", text).strip()
    if not flat:
        return ()
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(flat):
        candidate = flat[start : match.start()].strip()
        last_word = candidate.rsplit(" ", 1)[-1].rstrip(".").lower()
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        sentences.append(flat[start : match.end()].strip())
        start = match.end()
    tail = flat[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)
