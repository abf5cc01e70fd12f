"""The bed's generated sounds: colour, loudness, determinism, and loops without seams."""

from __future__ import annotations

import math

import numpy as np
import pytest

from voicecoach.audio import SAMPLE_RATE
from voicecoach.bed.measure import spectral_slope
from voicecoach.bed.noise import LOOP_FRAMES, NoiseStream, k_weighted_rms, make_loop
from voicecoach.bed.settings import BedSound

MINUTE = 60 * SAMPLE_RATE


@pytest.fixture(scope="module")
def minute_of() -> dict[BedSound, np.ndarray]:
    """A minute of each sound (more than any one loop, so every loop has come round)."""
    return {sound: NoiseStream(sound, seed=3).read(MINUTE) for sound in BedSound}


@pytest.mark.parametrize(("sound", "slope"), [(BedSound.WHITE, 0.0), (BedSound.PINK, -3.01), (BedSound.BROWN, -6.02)])
def test_each_noise_colour_has_its_slope(minute_of: dict[BedSound, np.ndarray], sound: BedSound, slope: float) -> None:
    assert spectral_slope(minute_of[sound], SAMPLE_RATE) == pytest.approx(slope, abs=0.25)


@pytest.mark.parametrize("sound", list(BedSound))
def test_every_sound_has_the_same_loudness(minute_of: dict[BedSound, np.ndarray], sound: BedSound) -> None:
    # K-weighted, as loudness meters measure: switching sounds keeps the level.
    assert k_weighted_rms(minute_of[sound]) == pytest.approx(1.0, abs=0.05)


def test_the_fan_is_soft_most_of_its_sound_is_below_a_kilohertz(minute_of: dict[BedSound, np.ndarray]) -> None:
    power = np.abs(np.fft.rfft(minute_of[BedSound.FAN].astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(MINUTE, 1.0 / SAMPLE_RATE)
    assert power[freqs < 1000].sum() / power.sum() > 0.9


def test_rain_has_single_drops_not_only_a_steady_hiss(minute_of: dict[BedSound, np.ndarray]) -> None:
    samples = minute_of[BedSound.RAIN].astype(np.float64)
    kurtosis = np.mean((samples - samples.mean()) ** 4) / np.var(samples) ** 2
    assert kurtosis > 3.8  # the drops make it peakier than Gaussian noise
    pink = minute_of[BedSound.PINK].astype(np.float64)
    assert np.mean(pink**4) / np.var(pink) ** 2 == pytest.approx(3.0, abs=0.1)  # as the other sounds


def test_the_same_seed_gives_the_same_sound_and_another_seed_another() -> None:
    first = NoiseStream(BedSound.PINK, seed=1).read(5000)
    again = NoiseStream(BedSound.PINK, seed=1).read(5000)
    other = NoiseStream(BedSound.PINK, seed=2).read(5000)
    assert np.array_equal(first, again)
    assert not np.allclose(first, other)


def test_blocks_of_any_size_continue_each_other_exactly() -> None:
    whole = NoiseStream(BedSound.BROWN, seed=5).read(LOOP_FRAMES[0] + 40_000)
    stream = NoiseStream(BedSound.BROWN, seed=5)
    rng = np.random.default_rng(0)
    parts = []
    while sum(len(p) for p in parts) < len(whole):
        parts.append(stream.read(int(rng.integers(1, 300_000))))
    assert np.array_equal(np.concatenate(parts)[: len(whole)], whole)


@pytest.mark.parametrize("sound", [BedSound.BROWN, BedSound.FAN])
@pytest.mark.parametrize("index", range(len(LOOP_FRAMES)))
def test_each_loop_runs_from_its_end_into_its_start_without_a_step(sound: BedSound, index: int) -> None:
    # Brown noise and the fan change slowly from sample to sample (their RMS is 8 and 12 typical
    # steps), so a loop cut out of longer noise would jump at its join by about the noise's own
    # size. (In white and pink noise a sample is nearly as far from its neighbour as from any
    # other, so a join cannot be told from the noise there, by a test or by ear; their loops
    # are made by the same code.)
    loop = make_loop(sound, 0, index).astype(np.float64)
    steps = np.diff(loop)
    join = abs(loop[0] - loop[-1])
    assert join < 4.5 * steps.std(), (join, steps.std(), loop.std())


def test_no_one_loop_carries_most_of_the_sound() -> None:
    # Each loop repeats exactly after its length; the sum only after their product. What comes
    # back after one loop's length is that loop's third of the sound.
    assert all(math.gcd(a, b) == 1 for a in LOOP_FRAMES for b in LOOP_FRAMES if a != b)
    assert math.prod(LOOP_FRAMES) / SAMPLE_RATE > 100 * 365 * 24 * 3600
    stream = NoiseStream(BedSound.WHITE, seed=9)
    samples = stream.read(LOOP_FRAMES[0] + 20_000).astype(np.float64)
    for length in LOOP_FRAMES:
        a, b = samples[:20_000], samples[length : length + 20_000]
        correlation = float(np.corrcoef(a, b)[0, 1])
        assert correlation == pytest.approx(1 / len(LOOP_FRAMES), abs=0.05)


def test_the_loops_are_read_only_and_shared() -> None:
    loop = make_loop(BedSound.WHITE, 0, 0)
    assert make_loop(BedSound.WHITE, 0, 0) is loop
    with pytest.raises(ValueError):
        loop[0] = 1.0
