"""Measuring a sound bed: spectral slope and sample-to-sample steps. Pure (numpy).

Used by the tests and by `benchmarks/bench_soundbed.py`, on rendered files or streamed blocks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SEGMENT_FRAMES = 8192
"""Welch segment length: ~2.7 Hz resolution at 22050 Hz, fine enough for bands from 100 Hz."""


def power_spectrum(samples: np.ndarray, sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    """Welch's averaged periodogram (Hann window, half overlap): frequencies and power."""
    window = np.hanning(SEGMENT_FRAMES)
    hop = SEGMENT_FRAMES // 2
    count = (len(samples) - SEGMENT_FRAMES) // hop + 1
    if count < 1:
        raise ValueError(f"need at least {SEGMENT_FRAMES} samples to measure a spectrum")
    power = np.zeros(SEGMENT_FRAMES // 2 + 1)
    for index in range(count):
        segment = samples[index * hop : index * hop + SEGMENT_FRAMES].astype(np.float64)
        power += np.abs(np.fft.rfft(segment * window)) ** 2
    return np.fft.rfftfreq(SEGMENT_FRAMES, 1.0 / sample_rate), power / count


def spectral_slope(samples: np.ndarray, sample_rate: int, low: float = 100.0, high: float = 6400.0) -> float:
    """The spectrum's slope in dB per octave between `low` and `high` Hz: a straight line fitted
    to the mean power of each half-octave band (so every octave counts the same)."""
    freqs, power = power_spectrum(samples, sample_rate)
    centres: list[float] = []
    levels: list[float] = []
    edge = low
    while edge * math.sqrt(2.0) <= high * 1.0001:
        inside = (freqs >= edge) & (freqs < edge * math.sqrt(2.0))
        centres.append(math.log2(edge) + 0.25)
        levels.append(10.0 * math.log10(float(power[inside].mean())))
        edge *= math.sqrt(2.0)
    slope, _ = np.polyfit(centres, levels, 1)
    return float(slope)


@dataclass(frozen=True)
class Steps:
    """Sample-to-sample steps of a stretch of audio."""

    largest: float
    """The largest |x[n+1] - x[n]|."""
    largest_at: int
    """Where it is: the index n+1 of the sample after the step."""
    rms: float
    """The RMS of all steps: the typical step the noise itself makes."""
    count: int

    @property
    def ratio(self) -> float:
        """The largest step over the typical one (for Gaussian noise ~5-6 over an hour; a click
        in brown noise would be dozens)."""
        return self.largest / self.rms if self.rms > 0 else 0.0


class StepMeter:
    """Follows the steps of audio fed block by block, the steps across the joins included."""

    def __init__(self) -> None:
        self._last: float | None = None
        self._frames = 0
        self._largest = 0.0
        self._largest_at = 0
        self._sum_squares = 0.0
        self._count = 0

    def feed(self, block: np.ndarray) -> None:
        """Take the next block."""
        if len(block) == 0:
            return
        values = block.astype(np.float64)
        joined = values if self._last is None else np.concatenate([[self._last], values])
        offset = self._frames - (0 if self._last is None else 1)
        steps = np.abs(np.diff(joined))
        if len(steps):
            where = int(np.argmax(steps))
            if steps[where] > self._largest:
                self._largest = float(steps[where])
                self._largest_at = offset + where + 1
            self._sum_squares += float(np.sum(steps**2))
            self._count += len(steps)
        self._last = float(values[-1])
        self._frames += len(values)

    def result(self) -> Steps:
        """What was measured so far."""
        rms = math.sqrt(self._sum_squares / self._count) if self._count else 0.0
        return Steps(self._largest, self._largest_at, rms, self._count)


def step_at(samples: np.ndarray, index: int) -> float:
    """|samples[index] - samples[index - 1]|: the step into sample `index`."""
    return abs(float(samples[index]) - float(samples[index - 1]))
