"""Choosing the recogniser in the config: Whisper base by default, pocketsphinx as the fallback
and on request, Vosk with a model of the user's own; a clear error for every way that can go wrong."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from voicecoach.adapters.recognizers.engines import build_recognizer, configured_recognizer
from voicecoach.adapters.recognizers.pocketsphinx.recognizer import SphinxRecognizer
from voicecoach.adapters.recognizers.whisper.recognizer import WhisperRecognizer
from voicecoach.config.model import Config, RecognizerConfig, RecognizerEngine
from voicecoach.errors import RecognizerError

VOSK, WHISPER, POCKETSPHINX = RecognizerEngine.VOSK, RecognizerEngine.WHISPER, RecognizerEngine.POCKETSPHINX


def test_whisper_base_from_the_packages_is_the_default(whisper_model) -> None:  # type: ignore[no-untyped-def]
    engine = configured_recognizer(Config())
    assert isinstance(engine.recognizer, WhisperRecognizer)
    assert (engine.engine, engine.fallback_reason) == (WHISPER, None)
    assert str(whisper_model.folder) in engine.model and "Whisper base" in engine.model


def test_where_no_whisper_model_can_be_had_pocketsphinx_listens_and_says_why(tmp_path: Path) -> None:
    engine = configured_recognizer(Config(recognizer=RecognizerConfig(model_path=str(tmp_path / "gone"))))
    assert isinstance(engine.recognizer, SphinxRecognizer)
    assert engine.engine is POCKETSPHINX
    assert engine.fallback_reason is not None and "not a Whisper model folder" in engine.fallback_reason


def test_a_whisper_folder_named_in_the_config_wins(whisper_model) -> None:  # type: ignore[no-untyped-def]
    engine = build_recognizer(RecognizerConfig(model_path=str(whisper_model.folder)))
    assert isinstance(engine.recognizer, WhisperRecognizer)
    assert engine.model == f"your Whisper model in {whisper_model.folder}"


def test_pocketsphinx_on_request() -> None:
    engine = build_recognizer(RecognizerConfig(engine=POCKETSPHINX))
    assert isinstance(engine.recognizer, SphinxRecognizer) and "en-us" in engine.model


def test_a_pocketsphinx_model_folder_without_a_model_is_a_recognizer_error(tmp_path: Path) -> None:
    with pytest.raises(RecognizerError, match="cannot start the pocketsphinx recogniser"):
        build_recognizer(RecognizerConfig(engine=POCKETSPHINX, model_path=str(tmp_path)))


def test_vosk_needs_a_model_path_and_its_failure_is_not_hidden() -> None:
    with pytest.raises(RecognizerError, match="set 'model_path' under 'recognizer'"):
        configured_recognizer(Config(recognizer=RecognizerConfig(engine=VOSK)))


def test_an_engine_whose_package_is_missing_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "vosk", None)  # what `import` sees when a package is absent
    with pytest.raises(RecognizerError, match="pip install vosk"):
        build_recognizer(RecognizerConfig(engine=VOSK, model_path=str(tmp_path)))


def test_whisper_without_ctranslate2_falls_back(monkeypatch: pytest.MonkeyPatch, whisper_model) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    engine = configured_recognizer(Config())
    assert engine.engine is POCKETSPHINX and "ctranslate2" in (engine.fallback_reason or "")


def test_a_vosk_model_folder_that_does_not_exist_is_named(tmp_path: Path) -> None:
    pytest.importorskip("vosk")
    missing = tmp_path / "vosk-model-small-en-us"
    with pytest.raises(RecognizerError, match=f"no Vosk model folder at {missing}.*unpack it"):
        build_recognizer(RecognizerConfig(engine=VOSK, model_path=str(missing)))


def test_a_folder_that_is_not_a_vosk_model_is_explained(tmp_path: Path) -> None:
    pytest.importorskip("vosk")
    (tmp_path / "README").write_text("not a model")
    with pytest.raises(RecognizerError, match="cannot load a Vosk model from .*'am' and 'conf'"):
        build_recognizer(RecognizerConfig(engine=VOSK, model_path=str(tmp_path)))


def test_a_model_path_may_start_at_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("vosk")
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(RecognizerError, match=f"no Vosk model folder at {tmp_path / 'models' / 'vosk'}"):
        build_recognizer(RecognizerConfig(engine=VOSK, model_path="~/models/vosk"))
