"""Vosk as the recogniser, for a user who has a Vosk model (optional: `pip install vosk`).

Vosk is given every sentence of the command grammar plus "[unk]" as its phrase list, so it
listens for our phrasings and writes "[unk]" for anything else; the transcript then goes
through the same rejection as any engine's (`transcripts`). Nothing is downloaded: the model
must already be an unpacked folder on this computer (`recognizer.model_path` in the config).
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from voicecoach.adapters.stderr import quiet_stderr
from voicecoach.errors import RecognizerError
from voicecoach.language.grammar import Grammar
from voicecoach.listening.rejection import RejectionPolicy
from voicecoach.listening.resample import RECOGNISER_RATE
from voicecoach.adapters.recognizers.transcripts import UNKNOWN_WORD, TranscribingRecognizer, Transcript

MODEL_HINT = (
    "download a Vosk model (e.g. vosk-model-small-en-us-0.15 from alphacephei.com/vosk/models), "
    "unpack it and set 'recognizer: {engine: vosk, model_path: <its folder>}' in your config"
)


class VoskRecognizer(TranscribingRecognizer):
    """Recognises one command per clip with a local Vosk model; thread-safe."""

    def __init__(
        self,
        model_path: str,
        grammar: Grammar | None = None,
        policy: RejectionPolicy = RejectionPolicy(),
    ) -> None:
        super().__init__(grammar, policy)
        vosk = _import_vosk()
        folder = self._model_folder(model_path, "Vosk", MODEL_HINT)
        vosk.SetLogLevel(-1)
        try:
            with quiet_stderr():  # Kaldi prints its own error lines there; ours says what to do
                model = vosk.Model(str(folder))
        except Exception as error:  # vosk raises a bare Exception("Failed to create a model")
            raise RecognizerError(
                f"cannot load a Vosk model from {folder} ({error}): the folder must be an unpacked "
                "Vosk model, with 'am' and 'conf' folders inside"
            ) from error
        phrases = json.dumps(self.grammar.sentences() + [UNKNOWN_WORD])
        self._recognizer = vosk.KaldiRecognizer(model, RECOGNISER_RATE, phrases)
        self._recognizer.SetWords(True)

    def _transcribe(self, pcm: bytes) -> Transcript:
        self._recognizer.AcceptWaveform(pcm)
        return transcript_of(json.loads(self._recognizer.FinalResult()))  # also readies it for the next clip


def transcript_of(result: Mapping[str, Any]) -> Transcript:
    """Vosk's final result ({"text": ..., "result": [{"word", "start", "end", "conf"}, ...]})."""
    words = [word for word in result.get("result", []) if isinstance(word, Mapping)]
    if not words:
        return Transcript(str(result.get("text", "")), 0.0, None)
    seconds = float(words[-1].get("end", 0.0)) - float(words[0].get("start", 0.0))
    confidence = min(float(word.get("conf", 1.0)) for word in words)
    return Transcript(str(result.get("text", "")), max(0.0, seconds), confidence)


def _import_vosk() -> Any:
    try:
        import vosk
    except ImportError as error:
        raise RecognizerError(
            "the vosk package is not installed; install it with '.venv/bin/pip install vosk' "
            "or set 'recognizer: {engine: pocketsphinx}' in your config"
        ) from error
    return vosk
