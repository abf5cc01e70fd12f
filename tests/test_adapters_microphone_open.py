"""Opening the microphone when the device refuses for a moment (no sound card needed)."""

from __future__ import annotations

import sys
import time
import types

import pytest

from voicecoach.adapters import microphone as microphone_module
from voicecoach.errors import MicrophoneError


class SilentStream:
    """An input stream that gives silence, a little slower than real time would."""

    def read(self, samples: int) -> bytes:
        time.sleep(0.01)
        return bytes(2 * samples)


class RefusingMicrophone:
    """Stands in for `speech_recognition.Microphone`: no stream for the first `refusals` opens."""

    opened = 0
    refusals = 0

    def __init__(self, sample_rate: int, chunk_size: int) -> None:
        self.stream: object | None = None

    def __enter__(self) -> "RefusingMicrophone":
        RefusingMicrophone.opened += 1
        self.stream = SilentStream() if RefusingMicrophone.opened > RefusingMicrophone.refusals else None
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stream = None


@pytest.fixture
def refusing(monkeypatch: pytest.MonkeyPatch) -> type[RefusingMicrophone]:
    RefusingMicrophone.opened = 0
    monkeypatch.setitem(sys.modules, "speech_recognition", types.SimpleNamespace(Microphone=RefusingMicrophone))
    monkeypatch.setattr(microphone_module, "default_source_is_monitor", lambda: False)
    monkeypatch.setattr(microphone_module, "OPEN_RETRY_SECONDS", 0.0)
    return RefusingMicrophone


def test_a_device_that_refuses_once_is_opened_on_the_next_try(refusing: type[RefusingMicrophone]) -> None:
    refusing.refusals = 1
    frames = microphone_module.open_microphone()
    try:
        assert refusing.opened == 2
        assert len(frames.read()) == microphone_module.FRAME_BYTES
    finally:
        frames.close()


def test_a_device_that_keeps_refusing_is_reported_after_the_last_try(refusing: type[RefusingMicrophone]) -> None:
    refusing.refusals = 99
    with pytest.raises(MicrophoneError, match="no working input device"):
        microphone_module.open_microphone()
    assert refusing.opened == microphone_module.OPEN_ATTEMPTS
