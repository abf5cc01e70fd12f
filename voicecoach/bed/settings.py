"""Which sound the bed plays, how loud, and for how long after the reading ends. Pure, no numpy."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class BedSound(StrEnum):
    """The sounds the bed can play, all generated (nothing is downloaded)."""

    BROWN = "brown"
    PINK = "pink"
    WHITE = "white"
    FAN = "fan"
    RAIN = "rain"


SPOKEN_NAMES: dict[BedSound, str] = {
    BedSound.BROWN: "brown noise",
    BedSound.PINK: "pink noise",
    BedSound.WHITE: "white noise",
    BedSound.FAN: "the fan",
    BedSound.RAIN: "rain",
}
"""How each sound is named when it is confirmed aloud."""

MIN_LEVEL = 0.05
MAX_LEVEL = 1.0
LEVEL_RANGE = (MIN_LEVEL, MAX_LEVEL)
LEVEL_STEP = math.sqrt(2.0)
""""noise louder" multiplies the level by this (+3 dB), "noise quieter" divides by it."""
AFTER_END_RANGE_SECONDS = (0, 12 * 60 * 60)


@dataclass(frozen=True)
class BedSettings:
    """The sound bed as the config sets it (the `sound_bed` group)."""

    play: bool = False
    """Start the bed with every session; off, "noise on" (or a sound's name) starts it."""

    sound: BedSound = BedSound.BROWN
    """Which sound: brown, pink or white noise, a soft fan, or rain."""

    level: float = 0.3
    """Loudness, MIN_LEVEL to 1 (1 is about as loud as the voice at its default volume)."""

    after_end_s: float = 30 * 60.0
    """Seconds it keeps going after the reading ends (then it fades out over a minute), 0 to 12 hours."""

    def __post_init__(self) -> None:
        low, high = LEVEL_RANGE
        if not (math.isfinite(self.level) and low <= self.level <= high):
            raise ValueError(f"a sound bed level must be {low} to {high}, not {self.level!r}")
        first, last = AFTER_END_RANGE_SECONDS
        if not (math.isfinite(self.after_end_s) and first <= self.after_end_s <= last):
            raise ValueError(f"after_end must be 0 to 12 hours, not {self.after_end_s!r} seconds")
