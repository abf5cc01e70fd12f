"""Choosing the recogniser in the config: pocketsphinx by default, Vosk or Whisper with a model
of the user's own, and a clear error for every way that can go wrong."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from voicecoach.config.model import RecognizerConfig, RecognizerEngine
from voicecoach.errors import RecognizerError
from voicecoach.adapters.recognizers.engines import build_recognizer
from voicecoach.adapters.recognizers.pocketsphinx.recognizer import SphinxRecognizer

VOSK, WHISPER = RecognizerEngine.VOSK, RecognizerEngine.WHISPER


def test_pocketsphinx_is_the_default() -> None:
    assert isinstance(build_recognizer(RecognizerConfig()), SphinxRecognizer)


def test_a_pocketsphinx_model_folder_without_a_model_is_a_recognizer_error(tmp_path: Path) -> None:
    with pytest.raises(RecognizerError, match="cannot start the pocketsphinx recogniser"):
        build_recognizer(RecognizerConfig(model_path=str(tmp_path)))


@pytest.mark.parametrize("engine", [VOSK, WHISPER])
def test_vosk_and_whisper_need_a_model_path(engine: RecognizerEngine) -> None:
    with pytest.raises(RecognizerError, match="set 'model_path' under 'recognizer'"):
        build_recognizer(RecognizerConfig(engine=engine))


@pytest.mark.parametrize(("engine", "module", "advice"), [(VOSK, "vosk", "pip install vosk"), (WHISPER, "faster_whisper", "pip install faster-whisper")])
def test_an_engine_whose_package_is_missing_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, engine: RecognizerEngine, module: str, advice: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # what `import` sees when a package is absent
    with pytest.raises(RecognizerError, match=advice):
        build_recognizer(RecognizerConfig(engine=engine, model_path=str(tmp_path)))


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


def test_a_whisper_model_folder_that_does_not_exist_is_named(tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper", reason="faster-whisper is an optional extra, not installed for tests")
    missing = tmp_path / "faster-whisper-tiny.en"
    with pytest.raises(RecognizerError, match=f"no Whisper model folder at {missing}"):
        build_recognizer(RecognizerConfig(engine=WHISPER, model_path=str(missing)))


def test_a_folder_that_is_not_a_whisper_model_is_explained(tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper", reason="faster-whisper is an optional extra, not installed for tests")
    (tmp_path / "model.bin").write_bytes(b"x")
    with pytest.raises(RecognizerError, match="cannot load a Whisper model from .*model.bin and tokenizer.json"):
        build_recognizer(RecognizerConfig(engine=WHISPER, model_path=str(tmp_path)))
