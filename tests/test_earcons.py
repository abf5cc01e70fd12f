"""Earcons: length, peak, no clicks, and the shape of each tone."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from voicecoach.audio import SAMPLE_RATE
from voicecoach.earcons import earcon
from voicecoach.errors import InputError
from voicecoach.sounds import EARCON_SECONDS, EarconName

EXPECTED_SECONDS = {
    EarconName.ACK: 0.15,
    EarconName.NOT_UNDERSTOOD: 0.15,
    EarconName.CHIME_SOFT: 1.5,
    EarconName.CHIME_BELL: 2.5,
}


@pytest.mark.parametrize("name", list(EarconName))
def test_length_matches_the_design(name: EarconName) -> None:
    clip = earcon(name, 0.5)
    assert clip.sample_rate == SAMPLE_RATE
    assert clip.duration == pytest.approx(EXPECTED_SECONDS[name], abs=0.01)
    assert clip.samples.dtype == np.float32


@pytest.mark.parametrize("name", list(EarconName))
def test_the_length_the_core_counts_on_is_the_length_played(name: EarconName) -> None:
    assert earcon(name, 0.5).duration == pytest.approx(EARCON_SECONDS[name], abs=1 / SAMPLE_RATE)


@pytest.mark.parametrize("name", list(EarconName))
@given(volume=st.floats(min_value=0.01, max_value=1.0))
def test_peak_equals_volume(name: EarconName, volume: float) -> None:
    assert float(np.max(np.abs(earcon(name, volume).samples))) == pytest.approx(volume, rel=1e-5)


@pytest.mark.parametrize("name", list(EarconName))
def test_starts_and_ends_at_silence_without_a_click(name: EarconName) -> None:
    samples = earcon(name, 1.0).samples
    assert abs(samples[0]) < 1e-3
    assert abs(samples[-1]) < 1e-3
    # The attack ramps up: the first millisecond stays far below the peak.
    assert float(np.max(np.abs(samples[: SAMPLE_RATE // 1000]))) < 0.1


def test_zero_volume_is_silent() -> None:
    assert not np.any(earcon(EarconName.ACK, 0.0).samples)


def _dominant_frequency(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / SAMPLE_RATE)[np.argmax(spectrum)])


def test_ack_rises_and_not_understood_falls() -> None:
    ack = earcon(EarconName.ACK, 1.0).samples
    nope = earcon(EarconName.NOT_UNDERSTOOD, 1.0).samples
    half = len(ack) // 2
    assert _dominant_frequency(ack[:half]) < _dominant_frequency(ack[half:])
    assert _dominant_frequency(nope[:half]) > _dominant_frequency(nope[half:])


@pytest.mark.parametrize("name", [EarconName.CHIME_SOFT, EarconName.CHIME_BELL])
def test_chimes_decay(name: EarconName) -> None:
    samples = np.abs(earcon(name, 1.0).samples)
    quarter = len(samples) // 4
    loudness = [float(np.sqrt(np.mean(samples[i * quarter : (i + 1) * quarter] ** 2))) for i in range(4)]
    assert loudness == sorted(loudness, reverse=True)
    assert loudness[3] < 0.25 * loudness[0]


def test_bell_is_inharmonic() -> None:
    samples = earcon(EarconName.CHIME_BELL, 1.0).samples[: SAMPLE_RATE // 2]
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    freqs = np.fft.rfftfreq(len(samples), 1 / SAMPLE_RATE)
    strong = freqs[spectrum > 0.2 * spectrum.max()]
    fundamental = strong.min()
    ratios = strong / fundamental
    # At least one strong partial lies well away from any whole multiple of the lowest one.
    assert np.any(np.abs(ratios - np.round(ratios)) > 0.15)


@pytest.mark.parametrize("volume", [-0.1, 1.5])
def test_volume_out_of_range_is_an_input_error(volume: float) -> None:
    with pytest.raises(InputError):
        earcon(EarconName.ACK, volume)


def test_unknown_name_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown earcon"):
        earcon("trumpet", 0.5)  # type: ignore[arg-type]
