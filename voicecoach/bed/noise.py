"""The bed's sounds as long seamless loops, generated from a seed. Pure (numpy only).

Each sound is the sum of three loops whose lengths have no common factor (2^20, 7^7 and 3^6·5^4
frames: 47.6 s, 37.3 s and 20.7 s at 22050 Hz). Each loop is made in the frequency domain, so it
is periodic by construction: its last sample runs into its first like any two neighbours, with no
crossfade and no seam. Their sum repeats only after the product of the three lengths (over half
a million years), and what any one loop brings back is a third of the sound, under two
others that do not repeat with it: no loop can be heard coming round. Reading a block is three
slices and two adds, so a whole night of playback costs almost nothing once the loops exist
(under a second of CPU and 9 MB per sound).

Every sound is scaled to the same K-weighted loudness (the weighting of ITU-R BS.1770, as in
LUFS): a `NoiseStream` gives samples whose K-weighted RMS is 1, so switching from white to
brown noise keeps the same loudness, and brown noise's deep rumble is not over-counted.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from voicecoach.audio import SAMPLE_RATE
from voicecoach.bed.settings import BedSound

LOOP_FRAMES = (2**20, 7**7, 3**6 * 5**4)
"""The loop lengths of every sound; pairwise coprime, so their sum repeats only after their product
(each is also a length the FFT handles fast)."""

RAIN_DROPS_PER_SECOND = 70.0
RAIN_DROP_SHARE = 0.45
"""Of rain's K-weighted power, the share of single drops; the rest is the steady hiss."""


# ------------------------------------------------------------------ spectral shapes (power)


def _highpass(freqs: np.ndarray, corner: float, order: int = 2) -> np.ndarray:
    """Power response of a Butterworth high-pass of `order`."""
    ratio = (freqs / corner) ** (2 * order)
    return ratio / (1.0 + ratio)


def _lowpass(freqs: np.ndarray, corner: float, order: int = 2) -> np.ndarray:
    """Power response of a Butterworth low-pass of `order`."""
    return 1.0 / (1.0 + (freqs / corner) ** (2 * order))


def _bump(freqs: np.ndarray, centre: float, octaves: float) -> np.ndarray:
    """A smooth rise around `centre`, `octaves` wide (a Gaussian on the octave scale)."""
    with np.errstate(divide="ignore"):
        distance = np.log2(np.maximum(freqs, 1e-9) / centre) / octaves
    return np.exp(-0.5 * distance**2)


def _over_f(freqs: np.ndarray, power: float) -> np.ndarray:
    """1 / f**power, with DC (which the high-passes zero anyway) kept finite."""
    return 1.0 / np.maximum(freqs, 1.0) ** power


def power_shape(sound: BedSound, freqs: np.ndarray) -> np.ndarray:
    """The power spectral density each sound is made with (relative; for rain, its steady hiss).

    White is flat, pink falls 3 dB an octave (1/f), brown 6 dB an octave (1/f²); each has a
    gentle high-pass far below the audible range so no headroom goes to DC. The fan is pink
    noise with a low-mid body, rolled off above 600 Hz; rain's hiss sits around 2.5 kHz.
    """
    if sound is BedSound.WHITE:
        return _highpass(freqs, 10.0)
    if sound is BedSound.PINK:
        return _over_f(freqs, 1.0) * _highpass(freqs, 20.0)
    if sound is BedSound.BROWN:
        return _over_f(freqs, 2.0) * _highpass(freqs, 25.0)
    if sound is BedSound.FAN:
        return _over_f(freqs, 1.0) * _highpass(freqs, 50.0) * _lowpass(freqs, 600.0) * (1.0 + 2.0 * _bump(freqs, 160.0, 0.7))
    return _over_f(freqs, 0.5) * _highpass(freqs, 250.0, 1) * _lowpass(freqs, 6000.0) * (1.0 + 2.0 * _bump(freqs, 2500.0, 1.0))


def _drop_shape(freqs: np.ndarray) -> np.ndarray:
    """Power response that gives rain's single drops their soft patter (1–6 kHz)."""
    return _highpass(freqs, 900.0) * _lowpass(freqs, 5000.0)


def k_weighting(freqs: np.ndarray) -> np.ndarray:
    """Power response of the K-weighting of ITU-R BS.1770 (its two stages, as analog filters)."""
    f = np.asarray(freqs, dtype=np.float64)
    # Stage 2: the "RLB" high-pass, 38.1 Hz.
    x = f / 38.13547
    highpass = x**4 / ((1.0 - x**2) ** 2 + (x / 0.5003270) ** 2)
    # Stage 1: a high shelf of +4 dB above about 1.7 kHz.
    gain = 10.0 ** (3.99984 / 40.0)
    s = 1j * f / 1681.97
    q = 0.7071752
    shelf = gain * (gain * s**2 + (math.sqrt(gain) / q) * s + 1.0) / (s**2 + (math.sqrt(gain) / q) * s + gain)
    return highpass * np.abs(shelf) ** 2


def _k_power(spectrum: np.ndarray, frames: int, sample_rate: int) -> float:
    """Mean K-weighted power of the real signal whose rfft is `spectrum` (Parseval)."""
    weights = np.full(len(spectrum), 2.0)
    weights[0] = 1.0
    if frames % 2 == 0:
        weights[-1] = 1.0
    freqs = np.fft.rfftfreq(frames, 1.0 / sample_rate)
    return float(np.sum(weights * np.abs(spectrum) ** 2 * k_weighting(freqs)) / frames**2)


def k_weighted_rms(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> float:
    """K-weighted RMS of `samples` (treated as one period of a loop), for measuring loudness."""
    frames = len(samples)
    return math.sqrt(_k_power(np.fft.rfft(samples.astype(np.float64)), frames, sample_rate))


# ------------------------------------------------------------------ loops


def _random_spectrum(rng: np.random.Generator, shape: np.ndarray) -> np.ndarray:
    """Gaussian noise with power `shape` per bin, as an rfft spectrum."""
    count = len(shape)
    return np.sqrt(shape / 2.0) * (rng.standard_normal(count) + 1j * rng.standard_normal(count))


def _drops(rng: np.random.Generator, frames: int, sample_rate: int) -> np.ndarray:
    """Single raindrops, each a short burst of noise that swells in 2 ms and dies away in
    3–12 ms, at random (Poisson) times and strengths; a drop near the end wraps to the start,
    so the track is as circular as the loop it goes into."""
    count = rng.poisson(RAIN_DROPS_PER_SECOND * frames / sample_rate)
    starts = rng.integers(0, frames, count)
    strengths = rng.lognormal(0.0, 0.6, count)
    decays = rng.uniform(0.003, 0.012, count) * sample_rate
    rise = max(1, int(0.002 * sample_rate))
    longest = int(6 * decays.max()) + rise if count else 0
    track = np.zeros(frames + longest, dtype=np.float64)
    for start, strength, decay in zip(starts, strengths, decays, strict=True):
        length = rise + int(6 * decay)
        n = np.arange(length, dtype=np.float64)
        envelope = np.minimum(1.0, (n + 1) / rise) * np.exp(-np.maximum(0.0, n - rise) / decay)
        track[start : start + length] += strength * envelope * rng.standard_normal(length)
    track[: len(track) - frames] += track[frames:]  # wrap the tails round
    return track[:frames]


@lru_cache(maxsize=2 * len(LOOP_FRAMES))  # two sounds: the one playing and the one crossfaded to
def make_loop(sound: BedSound, seed: int, index: int, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Loop `index` (0, 1 or 2) of `sound`: LOOP_FRAMES[index] float32 samples of K-weighted RMS 1,
    periodic (sample -1 runs into sample 0 seamlessly), the same for the same seed. Read-only."""
    frames = LOOP_FRAMES[index]
    rng = np.random.default_rng([seed, list(BedSound).index(sound), index])
    freqs = np.fft.rfftfreq(frames, 1.0 / sample_rate)
    spectrum = _random_spectrum(rng, power_shape(sound, freqs))
    spectrum[0] = 0.0
    spectrum /= math.sqrt(_k_power(spectrum, frames, sample_rate))
    if sound is BedSound.RAIN:
        drops = np.fft.rfft(_drops(rng, frames, sample_rate)) * np.sqrt(_drop_shape(freqs))
        drops[0] = 0.0
        drops /= math.sqrt(_k_power(drops, frames, sample_rate))
        spectrum = math.sqrt(1.0 - RAIN_DROP_SHARE) * spectrum + math.sqrt(RAIN_DROP_SHARE) * drops
    loop = np.fft.irfft(spectrum, n=frames).astype(np.float32)
    loop.flags.writeable = False
    return loop


def _circular(loop: np.ndarray, start: int, frames: int) -> np.ndarray:
    """`frames` samples of `loop` from `start`, going round as often as needed."""
    start %= len(loop)
    if start + frames <= len(loop):
        return loop[start : start + frames]
    return np.take(loop, np.arange(start, start + frames), mode="wrap")


class NoiseStream:
    """An endless, seamless stream of one sound: successive `read`s continue each other exactly,
    whatever the block sizes (the state carried across blocks is the frame count)."""

    def __init__(self, sound: BedSound, seed: int = 0, sample_rate: int = SAMPLE_RATE) -> None:
        self.sound = sound
        self.sample_rate = sample_rate
        self._loops = tuple(make_loop(sound, seed, index, sample_rate) for index in range(len(LOOP_FRAMES)))
        self._frame = 0

    @property
    def frames_read(self) -> int:
        """How many frames have been read so far."""
        return self._frame

    def read(self, frames: int) -> np.ndarray:
        """The next `frames` samples (float32, K-weighted RMS about 1)."""
        mixed = self.read_at(self._frame, frames)
        self._frame += frames
        return mixed

    def read_at(self, first: int, frames: int) -> np.ndarray:
        """`frames` samples from frame `first` of the endless stream (reads nothing else)."""
        mixed = np.zeros(frames, dtype=np.float32)
        for loop in self._loops:
            mixed += _circular(loop, first, frames)
        mixed *= np.float32(1.0 / math.sqrt(len(self._loops)))
        return mixed
