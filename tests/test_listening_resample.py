"""Resampling to 16 kHz."""

import numpy as np
import pytest

from voicecoach.listening.resample import RECOGNISER_RATE, to_recogniser_rate


def tone(freq: float, rate: int, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.mark.parametrize("rate", [8000, 16000, 22050, 44100, 48000])
def test_length_follows_the_rate(rate: int) -> None:
    out = to_recogniser_rate(tone(440, rate), rate)
    assert abs(len(out) - RECOGNISER_RATE) <= 1
    assert out.dtype == np.float32


def test_speech_band_tone_keeps_its_level() -> None:
    out = to_recogniser_rate(tone(1000, 44100), 44100)
    assert np.sqrt(np.mean(out[1000:-1000] ** 2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.05)


def test_tone_above_new_nyquist_is_filtered_not_folded() -> None:
    out = to_recogniser_rate(tone(10000, 44100), 44100)  # would alias to 6 kHz
    assert np.sqrt(np.mean(out[1000:-1000] ** 2)) < 0.05


def test_empty_and_bad_rate() -> None:
    assert len(to_recogniser_rate(np.zeros(0, np.float32), 22050)) == 0
    with pytest.raises(ValueError):
        to_recogniser_rate(np.zeros(10, np.float32), 0)
