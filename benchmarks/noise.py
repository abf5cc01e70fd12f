"""Synthetic listening conditions for testing and benchmarking the recogniser. Pure numpy.

Pink and brown ("fan") noise, mixing at a signal-to-noise ratio, padding with a noise floor
(perfect digital silence confuses the decoder), and a simple room reverb.
"""

from __future__ import annotations

import numpy as np


def white_noise(frames: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS white noise."""
    return _unit_rms(rng.standard_normal(frames))


def pink_noise(frames: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS noise with a 1/f power spectrum, shaped in the frequency domain."""
    return _shaped(frames, rng, exponent=0.5)


def brown_noise(frames: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS noise with a 1/f² power spectrum, like a fan or distant traffic."""
    return _shaped(frames, rng, exponent=1.0)


NOISES = {"white": white_noise, "pink": pink_noise, "brown": brown_noise}


def _shaped(frames: int, rng: np.random.Generator, exponent: float) -> np.ndarray:
    if frames == 0:
        return np.zeros(0, dtype=np.float32)
    spectrum = np.fft.rfft(rng.standard_normal(frames))
    freqs = np.arange(len(spectrum), dtype=np.float64)
    freqs[0] = 1.0
    shaped = np.fft.irfft(spectrum / freqs**exponent, n=frames)
    return _unit_rms(shaped - shaped.mean())


def _unit_rms(samples: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(np.square(samples)))) if len(samples) else 0.0
    return (samples / rms if rms > 0 else samples).astype(np.float32)


def speech_rms(samples: np.ndarray, rate: int) -> float:
    """RMS over the louder 20 ms frames only, so pauses do not dilute the speech level."""
    frame = max(1, rate // 50)
    usable = len(samples) // frame * frame
    if usable == 0:
        return float(np.sqrt(np.mean(np.square(samples)))) if len(samples) else 0.0
    energies = np.mean(np.square(samples[:usable].reshape(-1, frame)), axis=1)
    active = energies[energies >= 0.1 * energies.max()]
    return float(np.sqrt(active.mean()))


def pad(samples: np.ndarray, rate: int, before: float, after: float) -> np.ndarray:
    """`samples` with digital silence before and after (add noise afterwards)."""
    return np.concatenate(
        [np.zeros(int(before * rate), np.float32), samples.astype(np.float32), np.zeros(int(after * rate), np.float32)]
    )


def mix(speech: np.ndarray, noise: np.ndarray, snr_db: float, reference_rms: float) -> np.ndarray:
    """`speech` plus `noise` scaled so speech (at `reference_rms`) is `snr_db` above it."""
    gain = reference_rms / (10 ** (snr_db / 20)) if reference_rms > 0 else 10 ** (-snr_db / 20) * 0.1
    mixed = speech + _unit_rms(noise[: len(speech)]) * gain
    peak = float(np.max(np.abs(mixed))) if len(mixed) else 0.0
    return (mixed / peak * 0.9 if peak > 0.99 else mixed).astype(np.float32)


def reverb(samples: np.ndarray, rate: int, rt60: float, rng: np.random.Generator, wet: float = 0.3) -> np.ndarray:
    """A small bedroom: convolve with exponentially decaying noise (reverberation time `rt60` s)."""
    length = max(1, int(rt60 * rate))
    t = np.arange(length) / rate
    response = rng.standard_normal(length) * np.exp(-6.9 * t / rt60)
    response[0] = 0.0
    response = response / np.sqrt(np.sum(response**2))
    tail = np.convolve(samples, response)[: len(samples)]
    return ((1 - wet) * samples + wet * tail).astype(np.float32)
