"""The measuring tools of the sound bed, checked on signals made without the bed's own code."""

from __future__ import annotations

import numpy as np
import pytest

from voicecoach.bed.measure import StepMeter, spectral_slope, step_at

RATE = 22050


def test_white_noise_from_a_plain_generator_is_flat() -> None:
    samples = np.random.default_rng(1).standard_normal(30 * RATE)
    assert spectral_slope(samples, RATE) == pytest.approx(0.0, abs=0.2)


def test_integrated_white_noise_falls_six_decibels_an_octave() -> None:
    # A running sum is brown noise by definition: its power falls as 1/f² (-6.02 dB an octave).
    samples = np.cumsum(np.random.default_rng(2).standard_normal(30 * RATE))
    samples -= np.convolve(samples, np.ones(2001) / 2001, mode="same")  # drop the wander far below 100 Hz
    assert spectral_slope(samples, RATE, low=200.0) == pytest.approx(-6.02, abs=0.3)


def test_too_short_a_stretch_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        spectral_slope(np.zeros(100), RATE)


def test_the_step_meter_finds_a_click_across_a_block_join() -> None:
    signal = np.sin(np.linspace(0, 20, 10_000))
    signal[6000:] += 0.5  # a step of 0.5 where a block ends, as a seam would be
    meter = StepMeter()
    for start in range(0, len(signal), 1000):
        meter.feed(signal[start : start + 1000])
    steps = meter.result()
    assert steps.largest_at == 6000
    assert steps.largest == pytest.approx(0.5, abs=0.01)
    assert steps.count == len(signal) - 1
    assert steps.ratio > 50
    assert step_at(signal, 6000) == pytest.approx(steps.largest)


def test_fed_in_blocks_or_at_once_the_meter_agrees() -> None:
    signal = np.random.default_rng(3).standard_normal(5000)
    whole, pieces = StepMeter(), StepMeter()
    whole.feed(signal)
    for start in range(0, 5000, 777):
        pieces.feed(signal[start : start + 777])
    assert pieces.result().largest == whole.result().largest
    assert pieces.result().count == whole.result().count
    assert pieces.result().rms == pytest.approx(whole.result().rms)
    assert pieces.result().largest_at == whole.result().largest_at
