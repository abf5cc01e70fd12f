"""Shared fixtures: one real espeak-ng synthesiser and one real Piper voice for the whole test
session, and one Whisper model folder that every test and every voicecoach it starts shares."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from voicecoach.adapters.recognizers.whisper.model_store import DATA_DIR_ENV, ModelLocation, data_dir, locate_model
from voicecoach.errors import RecognizerError

# Tests give voicecoach fresh homes; the model, joined once by scripts/setup (or by the first
# test that needs it), stays where it is, so every test and subprocess finds it.
os.environ.setdefault(DATA_DIR_ENV, str(data_dir()))

from voicecoach.adapters.tts import Pyttsx3Synthesizer
from voicecoach.errors import SpeechEngineError

if TYPE_CHECKING:
    from voicecoach.adapters.piper_tts import PiperSynthesizer


@pytest.fixture(scope="session")
def synthesizer() -> Iterator[Pyttsx3Synthesizer]:
    """A real pyttsx3/espeak-ng synthesiser, shared because espeak starts once per process."""
    synth = Pyttsx3Synthesizer()
    try:
        synth.voices()
    except SpeechEngineError as err:
        pytest.skip(f"no speech engine on this machine: {err}")
    yield synth
    synth.close()


@pytest.fixture(scope="session")
def whisper_model() -> ModelLocation:
    """The packaged Whisper base model, joined and checked once for the whole run."""
    try:
        return locate_model(base=Path(os.environ[DATA_DIR_ENV]))
    except RecognizerError as error:
        if os.environ.get("CI"):
            raise  # scripts/setup installs the model packages; in CI their absence is a failure
        pytest.skip(f"no Whisper model here: {error}")


@pytest.fixture(scope="session")
def piper_joe() -> Iterator["PiperSynthesizer"]:
    """The real Piper voice of the `piper` extra (scripts/test installs it), loaded once."""
    pytest.importorskip("piper", reason="piper-tts is not installed (scripts/setup --piper)")
    from voicecoach.adapters.piper_tts import PiperSynthesizer
    from voicecoach.adapters.piper_voices import find_piper_voices

    joe = find_piper_voices(include_default_folder=False).find("piper:joe")
    if joe is None:
        pytest.skip("the joe voice is not installed (scripts/setup --piper)")
    synth = PiperSynthesizer(joe)
    synth.wait_until_loaded()
    yield synth
    synth.close()
