"""Whisper (through faster-whisper) as the recogniser, for a user who has a converted Whisper
model (optional: `pip install faster-whisper`).

Whisper writes whatever it hears ("Go to section 3."); the transcript is spelled the way our
phrasings are and must be exactly one of them (`transcripts`), so a sentence, or the "Thank
you." Whisper is known to imagine in noise, is no command. No prompt is given: a prompt of
command phrasings makes Whisper more likely to write one of them for mere noise. Nothing is
downloaded: the model must be a folder on this computer (`recognizer.model_path`).
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from voicecoach.audio import AudioClip
from voicecoach.errors import RecognizerError
from voicecoach.recognition.grammar import Grammar, default_grammar
from voicecoach.recognition.ports import Recognition
from voicecoach.recognition.rejection import Evidence, RejectionPolicy, judge
from voicecoach.recognition.resample import RECOGNISER_RATE
from voicecoach.recognition.transcripts import Transcript, recognition_of
from voicecoach.recognition.trim import TrimSettings, decodable_pcm

MODEL_HINT = (
    "convert or download a faster-whisper model (e.g. 'Systran/faster-whisper-tiny.en') on a "
    "machine with a network, copy its folder here and set "
    "'recognizer: {engine: whisper, model_path: <its folder>}' in your config"
)


class WhisperRecognizer:
    """Recognises one command per clip with a local faster-whisper model; thread-safe."""

    def __init__(
        self,
        model_path: str,
        grammar: Grammar | None = None,
        policy: RejectionPolicy = RejectionPolicy(),
        trim: TrimSettings | None = TrimSettings(),
    ) -> None:
        self.grammar = grammar if grammar is not None else default_grammar()
        self.policy = policy
        self._trim = trim
        self._lock = threading.Lock()
        whisper_model = _import_whisper_model()
        folder = Path(model_path).expanduser()
        if not folder.is_dir():
            raise RecognizerError(f"there is no Whisper model folder at {folder}; {MODEL_HINT}")
        try:
            self._model = whisper_model(str(folder), device="cpu", compute_type="int8", local_files_only=True)
        except Exception as error:  # ctranslate2 raises RuntimeError, ValueError, OSError...
            raise RecognizerError(
                f"cannot load a Whisper model from {folder} ({error}): the folder must hold a "
                "faster-whisper (CTranslate2) model, with model.bin and tokenizer.json inside"
            ) from error

    def recognize(self, clip: AudioClip, *, strict: bool = False) -> Recognition:
        """Decode `clip` (mono, any rate); `strict` changes nothing (see `VoskRecognizer`)."""
        pcm = decodable_pcm(clip.samples, clip.sample_rate, self._trim)
        if pcm is None:
            return Recognition(None, "", judge(self.policy, Evidence("", None, 0.0, None)))
        samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
        with self._lock:
            try:
                segments, _ = self._model.transcribe(
                    samples, language="en", beam_size=1, condition_on_previous_text=False, without_timestamps=True
                )
                segments = list(segments)
            except Exception as error:
                raise RecognizerError(f"Whisper failed to decode the clip: {error}") from error
        return recognition_of(transcript_of(segments, len(samples) / RECOGNISER_RATE), self.grammar, self.policy)


def transcript_of(segments: Iterable[Any], seconds: float) -> Transcript:
    """faster-whisper's segments (each with `.text` and `.avg_logprob`) as one transcript; the
    confidence is the least sure segment's mean token probability."""
    segments = list(segments)
    text = " ".join(segment.text.strip() for segment in segments).strip()
    if not segments:
        return Transcript("", 0.0, None)
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
