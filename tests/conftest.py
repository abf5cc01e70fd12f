"""Shared fixtures: one real espeak-ng synthesiser for the whole test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from voicecoach.adapters.tts import Pyttsx3Synthesizer
from voicecoach.errors import SpeechEngineError


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
