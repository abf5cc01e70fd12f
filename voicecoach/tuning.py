"""Speech rate and volume steps for "slower", "faster", "louder", "quieter". Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace

from voicecoach.sounds import Voice

RATE_STEP = 15  # words per minute per "slower"/"faster"
MIN_RATE = 80
MAX_RATE = 260
VOLUME_STEP = 0.1
MIN_VOLUME = 0.1
MAX_VOLUME = 1.0


@dataclass(frozen=True)
class Adjustment:
    """The voice after a step, and whether the step hit a limit."""

    voice: Voice
    at_limit: bool


def slower(voice: Voice) -> Adjustment:
    """One step slower, not below MIN_RATE."""
    rate = max(MIN_RATE, voice.rate - RATE_STEP)
    return Adjustment(replace(voice, rate=rate), rate == voice.rate)


def faster(voice: Voice) -> Adjustment:
    """One step faster, not above MAX_RATE."""
    rate = min(MAX_RATE, voice.rate + RATE_STEP)
    return Adjustment(replace(voice, rate=rate), rate == voice.rate)


def louder(voice: Voice) -> Adjustment:
    """One step louder, not above MAX_VOLUME."""
    volume = round(min(MAX_VOLUME, voice.volume + VOLUME_STEP), 2)
    return Adjustment(replace(voice, volume=volume), volume == voice.volume)


def quieter(voice: Voice) -> Adjustment:
    """One step quieter, not below MIN_VOLUME."""
    volume = round(max(MIN_VOLUME, voice.volume - VOLUME_STEP), 2)
    return Adjustment(replace(voice, volume=volume), volume == voice.volume)
