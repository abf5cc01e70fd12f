"""The recogniser the config names: pocketsphinx (built in), Vosk or Whisper (a model of the
user's own, named by `recognizer.model_path`). Engines are imported only when chosen."""

from __future__ import annotations

from pathlib import Path

from voicecoach.config.model import Config, RecognizerConfig, RecognizerEngine
from voicecoach.errors import RecognizerError
from voicecoach.language.grammar import Grammar, load_grammar
from voicecoach.listening.ports import Recognizer


def configured_recognizer(config: Config) -> Recognizer:
    """The recogniser `config` names, hearing the config's extra phrasings as well, each
    command after the wake word if the config sets one."""
    extra = {command.value: list(phrasings) for command, phrasings in config.commands.items()}
    grammar = load_grammar(extra)
    if config.recognizer.wake_word:
        grammar = grammar.with_wake_word(config.recognizer.wake_word)
    return build_recognizer(config.recognizer, grammar)


def build_recognizer(config: RecognizerConfig, grammar: Grammar | None = None) -> Recognizer:
    """A recogniser for `grammar` (None: the built-in one) as `config` asks."""
    model = str(Path(config.model_path).expanduser()) if config.model_path else None
    if config.engine is RecognizerEngine.POCKETSPHINX:
        from voicecoach.adapters.recognizers.pocketsphinx.recognizer import DecoderSettings, SphinxRecognizer

        return SphinxRecognizer(grammar, settings=DecoderSettings(model_dir=model))
    if model is None:
        raise RecognizerError(
            f"the {config.engine} recogniser needs a model of your own: set 'model_path' under "
            "'recognizer' in your config to its folder"
        )
    if config.engine is RecognizerEngine.VOSK:
        from voicecoach.adapters.recognizers.vosk import VoskRecognizer

        return VoskRecognizer(model, grammar)
    from voicecoach.adapters.recognizers.whisper_transcriber import WhisperRecognizer

    return WhisperRecognizer(model, grammar)
