"""Resampling to the recogniser's 16 kHz with an anti-aliasing filter. Pure numpy."""

from __future__ import annotations

import numpy as np

RECOGNISER_RATE = 16000
_TAPS = 63


def to_recogniser_rate(samples: np.ndarray, rate: int, target: int = RECOGNISER_RATE) -> np.ndarray:
    """Mono float32 samples at `rate` resampled to `target` Hz.

    When going down, a windowed-sinc low-pass at 0.45 × target keeps energy above the new
    Nyquist frequency from folding back into the speech band; then linear interpolation.
    """
    samples = np.asarray(samples, dtype=np.float32)
    if rate <= 0:
        raise ValueError(f"sample rate must be positive, not {rate}")
    if rate == target or len(samples) == 0:
        return samples
    if target < rate:
        samples = np.convolve(samples, _lowpass(0.45 * target / rate), mode="same").astype(np.float32)
    frames = int(round(len(samples) * target / rate))
    positions = np.arange(frames, dtype=np.float64) * (rate / target)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def _lowpass(cutoff: float) -> np.ndarray:
    """A Hamming-windowed sinc low-pass; `cutoff` is a fraction of the input sample rate."""
    n = np.arange(_TAPS) - (_TAPS - 1) / 2
    taps = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(_TAPS)
    return (taps / taps.sum()).astype(np.float32)
