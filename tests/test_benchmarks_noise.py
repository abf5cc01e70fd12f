"""Synthetic noise and mixing for the recognition corpus."""

import numpy as np
import pytest

from benchmarks.noise import brown_noise, mix, pad, pink_noise, reverb, speech_rms, white_noise


@pytest.mark.parametrize("make", [white_noise, pink_noise, brown_noise])
def test_noise_has_unit_rms(make) -> None:
    samples = make(22050, np.random.default_rng(1))
    assert np.sqrt(np.mean(samples**2)) == pytest.approx(1.0, rel=1e-3)


def test_brown_is_darker_than_pink_than_white() -> None:
    rng = np.random.default_rng(2)

    def low_share(x: np.ndarray) -> float:
        power = np.abs(np.fft.rfft(x)) ** 2
        return power[: len(power) // 20].sum() / power.sum()

    assert low_share(brown_noise(44100, rng)) > low_share(pink_noise(44100, rng)) > low_share(white_noise(44100, rng))


@pytest.mark.parametrize("snr_db", [5.0, 10.0, 20.0])
def test_mix_reaches_the_snr(snr_db: float) -> None:
    rng = np.random.default_rng(3)
    speech = 0.1 * white_noise(22050, rng)
    noise = pink_noise(22050, rng)
    mixed = mix(speech, noise, snr_db, reference_rms=0.1)
    added = mixed - speech
    measured = 20 * np.log10(0.1 / np.sqrt(np.mean(added**2)))
    assert measured == pytest.approx(snr_db, abs=0.1)


def test_pad_and_speech_rms() -> None:
    loud = np.full(2205, 0.2, np.float32)
    padded = pad(loud, 22050, 1.0, 1.0)
    assert len(padded) == 2205 + 2 * 22050
    assert speech_rms(padded, 22050) == pytest.approx(0.2, rel=1e-3)


def test_reverb_keeps_length_and_adds_a_tail() -> None:
    click = np.zeros(22050, np.float32)
    click[100] = 1.0
    wet = reverb(click, 22050, 0.3, np.random.default_rng(4))
    assert len(wet) == len(click)
    assert np.abs(wet[2000:4000]).max() > 0
