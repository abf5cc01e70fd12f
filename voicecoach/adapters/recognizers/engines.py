"""The recogniser the config names: Whisper base (the default, from the model packages or a
folder of the user's), pocketsphinx (the light fallback, its model in its own wheel) or Vosk (a
model of the user's own). Engines are imported only when chosen. When the default cannot be
had, pocketsphinx listens instead, and the reason is said once."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from voicecoach.config.model import Config, RecognizerConfig, RecognizerEngine
from voicecoach.errors import RecognizerError
from voicecoach.language.grammar import Grammar, load_grammar
from voicecoach.listening.ports import Recognizer

logger = logging.getLogger(__name__)

FELL_BACK = "I can't use my usual speech model, so I'm listening with a simpler one. Keys still work."


@dataclass(frozen=True)
class ListeningEngine:
    """The recogniser in use, what it is, and why it is not the one asked for (if so)."""

    recognizer: Recognizer
    engine: RecognizerEngine
    model: str
    """Which model, and where it lives."""
    fallback_reason: str | None = None
    """Why the engine asked for could not be used (then pocketsphinx listens); None when it is."""


def report_fallback(engine: ListeningEngine) -> None:
    """Print, once, why the engine asked for could not be used (for commands without a voice)."""
    if engine.fallback_reason:
        print(f"voicecoach: {engine.fallback_reason}; listening with pocketsphinx instead", file=sys.stderr, flush=True)


def configured_grammar(config: Config) -> Grammar:
    """The command language with the config's extra phrasings, after its wake word if it sets one."""
    extra = {command.value: list(phrasings) for command, phrasings in config.commands.items()}
    grammar = load_grammar(extra)
    if config.recognizer.wake_word:
        grammar = grammar.with_wake_word(config.recognizer.wake_word)
    return grammar


def configured_recognizer(config: Config) -> ListeningEngine:
    """The recogniser `config` names, hearing the config's extra phrasings too. Whisper falls
    back to pocketsphinx when it cannot be had; another engine's failure is raised."""
    grammar = configured_grammar(config)
    try:
        return build_recognizer(config.recognizer, grammar)
    except RecognizerError as error:
        if config.recognizer.engine is not RecognizerEngine.WHISPER:
            raise
        logger.warning("cannot listen with Whisper (%s); listening with pocketsphinx", error)
        fallback = build_recognizer(RecognizerConfig(engine=RecognizerEngine.POCKETSPHINX), grammar)
        return ListeningEngine(fallback.recognizer, fallback.engine, fallback.model, str(error))


def build_recognizer(config: RecognizerConfig, grammar: Grammar | None = None) -> ListeningEngine:
    """A recogniser for `grammar` (None: the built-in one) exactly as `config` asks."""
    model = str(Path(config.model_path).expanduser()) if config.model_path else None
    if config.engine is RecognizerEngine.WHISPER:
        from voicecoach.adapters.recognizers.whisper.model_store import locate_model
        from voicecoach.adapters.recognizers.whisper.recognizer import WhisperRecognizer

        location = locate_model(model)
        return ListeningEngine(
            WhisperRecognizer(location, grammar), config.engine,
            f"Whisper base (int8), from {location.source}, in {location.folder}"
            if model is None else f"your Whisper model in {location.folder}",
        )
    if config.engine is RecognizerEngine.POCKETSPHINX:
        from voicecoach.adapters.recognizers.pocketsphinx.recognizer import DecoderSettings, SphinxRecognizer

        recognizer = SphinxRecognizer(grammar, settings=DecoderSettings(model_dir=model))
        return ListeningEngine(recognizer, config.engine, model or "pocketsphinx's own en-us model (in its wheel)")
    if model is None:
        raise RecognizerError(
            f"the {config.engine} recogniser needs a model of your own: set 'model_path' under "
            "'recognizer' in your config to its folder"
        )
    from voicecoach.adapters.recognizers.vosk import VoskRecognizer

    return ListeningEngine(VoskRecognizer(model, grammar), config.engine, f"your Vosk model in {model}")
