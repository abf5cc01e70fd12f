"""The recogniser port: anything that turns a short clip into a command or None.

pocketsphinx (`voicecoach.recognition.sphinx.SphinxRecognizer`) is the built-in engine. Another
engine (Vosk, Whisper, ...) can be plugged in without touching the core: write a factory
`make(grammar: Grammar) -> Recognizer` in any importable module and name it in the config as
"package.module:make"; `load_recognizer` imports it. Such an engine can reuse the grammar's
`Grammar.match(transcript)` as its rejection step.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Callable, Protocol

from voicecoach.audio import AudioClip
from voicecoach.commands import Command
from voicecoach.errors import RecognizerError
from voicecoach.recognition.grammar import Grammar
from voicecoach.recognition.rejection import Rejection

logger = logging.getLogger(__name__)

BUILTIN_ENGINE = "voicecoach.recognition.sphinx:SphinxRecognizer"


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


class Recognizer(Protocol):
    """Turns a short clip (one utterance) into a `Recognition`."""

    def recognize(self, clip: AudioClip, *, strict: bool = False) -> Recognition:
        """Recognise `clip`; `strict` asks for `score_gap` too (callers pass it only as True,
        so engines written before it existed still work while the program is quiet)."""
        ...


def load_recognizer(spec: str, grammar: Grammar) -> Recognizer:
    """Build the recogniser named by `spec` ("package.module:factory") for `grammar`."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise RecognizerError(f"recogniser {spec!r} must look like 'package.module:factory'")
    try:
        factory: Callable[[Grammar], Recognizer] = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise RecognizerError(f"cannot load recogniser {spec!r}: {error}; check the name and that it is installed") from error
    logger.debug("using recogniser %s", spec)
    return factory(grammar)
