"""Whisper (through faster-whisper) as the recogniser, for a user who has a converted Whisper
model (optional: `pip install faster-whisper`).

Whisper writes whatever it hears ("Go to section 3."); the transcript is spelled the way our
phrasings are and must be exactly one of them (`transcripts`), so a sentence, or the "Thank
you." Whisper is known to imagine in noise, is no command. No prompt is given: a prompt of
command phrasings would invite Whisper to write one of them for mere noise (not measured: no
model could be had here). Nothing is
downloaded: the model must be a folder on this computer (`recognizer.model_path`).
"""

from __future__ import annotations

import math
import os
from typing import Any, Iterable

import numpy as np

from voicecoach.errors import RecognizerError
from voicecoach.language.grammar import Grammar
from voicecoach.listening.rejection import RejectionPolicy
from voicecoach.listening.resample import RECOGNISER_RATE
from voicecoach.adapters.recognizers.transcripts import TranscribingRecognizer, Transcript

MODEL_HINT = (
    "convert or download a faster-whisper model (e.g. 'Systran/faster-whisper-tiny.en') on a "
    "machine with a network, copy its folder here and set "
    "'recognizer: {engine: whisper, model_path: <its folder>}' in your config"
)


class WhisperRecognizer(TranscribingRecognizer):
    """Recognises one command per clip with a local faster-whisper model; thread-safe."""

    def __init__(
        self,
        model_path: str,
        grammar: Grammar | None = None,
        policy: RejectionPolicy = RejectionPolicy(),
    ) -> None:
        super().__init__(grammar, policy)
        whisper_model = _import_whisper_model()
        folder = self._model_folder(model_path, "Whisper", MODEL_HINT)
        try:
            self._model = whisper_model(str(folder), device="cpu", compute_type="int8", local_files_only=True)
        except Exception as error:  # ctranslate2 raises RuntimeError, ValueError, OSError...
            raise RecognizerError(
                f"cannot load a Whisper model from {folder} ({error}): the folder must hold a "
                "faster-whisper (CTranslate2) model, with model.bin and tokenizer.json inside"
            ) from error

    def _transcribe(self, pcm: bytes) -> Transcript:
        samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
        try:
            segments, _ = self._model.transcribe(
                samples, language="en", beam_size=1, condition_on_previous_text=False, without_timestamps=True
            )
            return transcript_of(segments, len(samples) / RECOGNISER_RATE)
        except Exception as error:
            raise RecognizerError(f"Whisper failed to decode the clip: {error}") from error


def transcript_of(segments: Iterable[Any], seconds: float) -> Transcript:
    """faster-whisper's segments (each with `.text` and `.avg_logprob`) as one transcript; the
    confidence is the least sure segment's mean token probability."""
    segments = list(segments)
    if not segments:
        return Transcript("", 0.0, None)
    text = " ".join(segment.text.strip() for segment in segments).strip()
    confidence = min(math.exp(min(0.0, float(segment.avg_logprob))) for segment in segments)
    return Transcript(text, seconds, confidence)


def _import_whisper_model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never look for a model online
    try:
        from faster_whisper import WhisperModel
    except ImportError as error:
        raise RecognizerError(
            "the faster-whisper package is not installed; install it with '.venv/bin/pip install "
            "faster-whisper' or set 'recognizer: {engine: pocketsphinx}' in your config"
        ) from error
    return WhisperModel
