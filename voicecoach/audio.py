"""Audio as numbers: a mono clip of float32 samples in [-1, 1] at a sample rate. Pure, no devices."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 22050  # espeak-ng's native rate; everything we synthesise is mixed at this rate.


@dataclass(frozen=True, eq=False)
class AudioClip:
    """Mono float32 samples in [-1, 1] at `sample_rate` Hz."""

    samples: np.ndarray
    sample_rate: int = SAMPLE_RATE

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.sample_rate

    def scaled(self, gain: float) -> "AudioClip":
        """The same clip with every sample multiplied by `gain` (clipped to [-1, 1])."""
        return AudioClip(np.clip(self.samples * gain, -1.0, 1.0).astype(np.float32), self.sample_rate)

    def head(self, seconds: float) -> "AudioClip":
        """The first `seconds` of the clip (what was heard before a stop)."""
        frames = max(0, min(len(self.samples), int(round(seconds * self.sample_rate))))
        return AudioClip(self.samples[:frames], self.sample_rate)

    def to_int16(self) -> np.ndarray:
        """Samples as 16-bit PCM."""
        return (np.clip(self.samples, -1.0, 1.0) * 32767).astype(np.int16)


def silence(seconds: float, sample_rate: int = SAMPLE_RATE) -> AudioClip:
    """A clip of digital silence."""
    return AudioClip(np.zeros(int(round(seconds * sample_rate)), dtype=np.float32), sample_rate)
