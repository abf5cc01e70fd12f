"""A running estimate of the room's noise floor, so steady noise is never taken for speech. Pure.

webrtcvad alone calls a fan's or a pink-noise floor's frames speech (seen: a command followed by
0.6 s of noise 30 dB under it kept the utterance open for over a second). Speech is also much
louder than the floor under it, so a frame counts as speech only when the voice-activity
detector says so *and* it stands `margin_db` above the floor. The floor follows the quietest
frames at once and rises only slowly (minimum statistics), so speech does not lift it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class NoiseFloorSettings:
    """How the floor is tracked."""

    margin_db: float = 6.0
    """How far above the floor a frame must be to count as speech."""
    rise_db_per_second: float = 3.0
    """How fast the floor may rise when the room gets louder."""
    frame_seconds: float = 0.03
    """Length of one frame."""
    silence_rms: float = 1e-4
    """Frames quieter than this (digital silence) never lower the floor below it."""


class NoiseFloor:
    """Tracks the floor from frame loudness; `is_loud(frame)` says whether a frame stands above it."""

    def __init__(self, settings: NoiseFloorSettings = NoiseFloorSettings()) -> None:
        self.settings = settings
        self._rise = 10 ** (settings.rise_db_per_second * settings.frame_seconds / 20)
        self._margin = 10 ** (settings.margin_db / 20)
        self._floor: float | None = None

    @property
    def level(self) -> float | None:
        """The current floor as an RMS amplitude (full scale = 1), or None before the first frame."""
        return self._floor

    def is_loud(self, frame: bytes) -> bool:
        """Update the floor with one 16-bit PCM frame and say whether it stands above the floor."""
        samples = np.frombuffer(frame, dtype="<i2").astype(np.float32) / 32768.0
        loudness = max(float(np.sqrt(np.mean(samples**2))) if len(samples) else 0.0, self.settings.silence_rms)
        if self._floor is None or loudness < self._floor:
            self._floor = loudness
        else:
            self._floor = min(loudness, self._floor * self._rise)
        return loudness >= self._floor * self._margin and not math.isclose(loudness, self.settings.silence_rms)
