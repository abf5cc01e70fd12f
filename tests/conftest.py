"""Shared fixtures: one real espeak-ng synthesiser and one real Piper voice for the whole test session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

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
