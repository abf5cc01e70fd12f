"""Cutting the quiet lead-in and tail off a clip before decoding. Pure.

The listener hands over an utterance with preroll and hangover, and files often carry longer
silences. Decoding time grows with the frames searched, so frames well before the first and
after the last loud frame are dropped. A margin of the clip's own noise floor is kept on both
sides: pocketsphinx needs some quiet around the words (perfectly silent padding, or none at
all, cost accuracy on the benchmark corpus).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voicecoach.listening.resample import RECOGNISER_RATE, to_recogniser_rate

FRAME_SECONDS = 0.01
MIN_DECODABLE_SECONDS = 0.1
"""Less sound than this (after trimming) is no speech; engines are not even asked."""


@dataclass(frozen=True)
class TrimSettings:
    """How much quiet to cut; levels in dB relative to the clip's own noise floor."""

    margin_seconds: float = 0.25
    """Quiet kept before the first and after the last loud frame, in seconds."""
    loud_db: float = 6.0
    """A frame is loud when it stands this far above the floor (or half-way to the peak, if less)."""
    min_loud_db: float = 3.0
    """Never call a frame loud below this much above the floor."""


def speech_span(samples: np.ndarray, rate: int, settings: TrimSettings = TrimSettings()) -> tuple[int, int]:
    """First and one-past-last sample index worth decoding; the whole clip when nothing is loud."""
    size = max(1, int(rate * FRAME_SECONDS))
    frames = len(samples) // size
    if frames < 3:
        return 0, len(samples)
    power = np.mean(np.square(samples[: frames * size].astype(np.float64)).reshape(frames, size), axis=1)
    level = 10.0 * np.log10(power + 1e-12)
    floor = float(np.percentile(level, 10))
    peak = float(np.percentile(level, 98))
    threshold = floor + max(settings.min_loud_db, min(settings.loud_db, (peak - floor) / 2))
    loud = np.flatnonzero(level > threshold)
    if len(loud) == 0:
        return 0, len(samples)
    margin = int(settings.margin_seconds * rate)
    return max(0, int(loud[0]) * size - margin), min(len(samples), (int(loud[-1]) + 1) * size + margin)


def trim_quiet(samples: np.ndarray, rate: int, settings: TrimSettings = TrimSettings()) -> np.ndarray:
    """`samples` without the quiet beyond `settings.margin_seconds` at either end."""
    start, end = speech_span(samples, rate, settings)
    return samples[start:end]


def decodable_pcm(samples: np.ndarray, rate: int, settings: TrimSettings | None = TrimSettings()) -> bytes | None:
    """Mono `samples` at `rate` as the 16 kHz 16-bit PCM engines decode, quiet ends cut off
    (unless `settings` is None); None when too little is left to be speech."""
    resampled = to_recogniser_rate(samples, rate)
    if settings is not None:
        resampled = trim_quiet(resampled, RECOGNISER_RATE, settings)
    if len(resampled) < RECOGNISER_RATE * MIN_DECODABLE_SECONDS:
        return None
    return (np.clip(resampled, -1.0, 1.0) * 32767).astype(np.int16).tobytes()
