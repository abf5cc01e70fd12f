"""Short generated tones that confirm without words. Pure: numpy only, no files, no devices.

Every earcon starts with a raised-cosine attack and ends at zero, so it never clicks, and
its loudest sample equals the requested volume. The tones are soft and low-ish on purpose:
they are heard by someone lying in the dark, often half asleep.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.errors import InputError
from voicecoach.sounds import EARCON_SECONDS, EarconName

ATTACK_SECONDS = 0.01
"""Raised-cosine fade-in at the start of every tone, long enough to avoid a click."""

RELEASE_SECONDS = 0.02
"""Raised-cosine fade-out at the end of every tone (and of each note of a two-note earcon)."""

# Two-note earcons: (first Hz, second Hz, seconds per note). A4→C#5 rises, C#5→A4 falls.
_NOTE_SECONDS = EARCON_SECONDS[EarconName.ACK] / 2
_RISING = (440.0, 554.37)
_FALLING = (554.37, 440.0)

# Bell partials as ratios of the strike tone, with relative amplitudes and decay rates (1/s).
# The ratios are those of a church bell (hum, prime, tierce, quint, nominal), which is what
# makes the sound inharmonic; higher partials die faster, as in a real bell.
_BELL_FUNDAMENTAL = 392.0
_BELL_PARTIALS = (
    (0.5, 0.35, 1.2),
    (1.0, 1.0, 1.8),
    (1.2, 0.45, 2.4),
    (1.5, 0.25, 3.0),
    (2.0, 0.3, 3.6),
    (2.76, 0.12, 5.0),
)


def earcon(name: EarconName, volume: float, sample_rate: int = SAMPLE_RATE) -> AudioClip:
    """The tone called `name`, peaking exactly at `volume` (0..1)."""
    if not 0.0 <= volume <= 1.0:
        raise InputError(f"earcon volume {volume} is out of range; use a value from 0 to 1")
    try:
        generate = _GENERATORS[EarconName(name)]
    except ValueError as err:
        known = ", ".join(member.value for member in EarconName)
        raise InputError(f"unknown earcon {name!r}; choose one of: {known}") from err
    return AudioClip(_normalised(generate(sample_rate), volume), sample_rate)


def _ack(sample_rate: int) -> np.ndarray:
    """A soft, short rising two-note tone (~150 ms): understood."""
    return np.concatenate([_note(freq, _NOTE_SECONDS, sample_rate) for freq in _RISING])


def _not_understood(sample_rate: int) -> np.ndarray:
    """A soft falling two-note tone (~150 ms): not understood, nothing changed."""
    return np.concatenate([_note(freq, _NOTE_SECONDS, sample_rate) for freq in _FALLING])


def _chime_soft(sample_rate: int) -> np.ndarray:
    """A gentle sine with a slow decay (~1.5 s), with a quiet octave to round it off."""
    t = _times(EARCON_SECONDS[EarconName.CHIME_SOFT], sample_rate)
    tone = np.sin(2 * np.pi * 523.25 * t) + 0.15 * np.sin(2 * np.pi * 1046.5 * t)
    return _shaped(tone * np.exp(-3.0 * t), sample_rate)


def _chime_bell(sample_rate: int) -> np.ndarray:
    """A bell: inharmonic partials, each with its own exponential decay (~2.5 s)."""
    t = _times(EARCON_SECONDS[EarconName.CHIME_BELL], sample_rate)
    tone = sum(
        amplitude * np.exp(-decay * t) * np.sin(2 * np.pi * _BELL_FUNDAMENTAL * ratio * t)
        for ratio, amplitude, decay in _BELL_PARTIALS
    )
    return _shaped(np.asarray(tone), sample_rate)


_GENERATORS: dict[EarconName, Callable[[int], np.ndarray]] = {
    EarconName.ACK: _ack,
    EarconName.NOT_UNDERSTOOD: _not_understood,
    EarconName.CHIME_SOFT: _chime_soft,
    EarconName.CHIME_BELL: _chime_bell,
}


def _times(seconds: float, sample_rate: int) -> np.ndarray:
    """Sample times in seconds for a tone of the given length."""
    return np.arange(int(round(seconds * sample_rate)), dtype=np.float64) / sample_rate


def _note(frequency: float, seconds: float, sample_rate: int) -> np.ndarray:
    """One soft note: a sine with a little second harmonic, faded in and out."""
    t = _times(seconds, sample_rate)
    tone = np.sin(2 * np.pi * frequency * t) + 0.2 * np.sin(4 * np.pi * frequency * t)
    return _shaped(tone, sample_rate)


def _shaped(tone: np.ndarray, sample_rate: int) -> np.ndarray:
    """`tone` with a raised-cosine attack and release, so it starts and ends at zero."""
    shaped = np.array(tone, dtype=np.float64)
    attack = min(len(shaped) // 2, int(round(ATTACK_SECONDS * sample_rate)))
    release = min(len(shaped) // 2, int(round(RELEASE_SECONDS * sample_rate)))
    if attack:
        shaped[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
    if release:
        shaped[-release:] *= 0.5 + 0.5 * np.cos(np.pi * (np.arange(release) + 1) / release)
    return shaped


def _normalised(tone: np.ndarray, volume: float) -> np.ndarray:
    """`tone` scaled so its loudest sample is exactly `volume`, as float32."""
    peak = float(np.max(np.abs(tone))) if len(tone) else 0.0
    if peak == 0.0:
        return np.zeros(len(tone), dtype=np.float32)
    return (tone * (volume / peak)).astype(np.float32)
