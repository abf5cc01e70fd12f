"""The sound bed's state and the level of each sound over time. Pure: every call carries `now`.

Like the sleep timer's `FadeSchedule`, the bed keeps its history: a renderer asks for the gain of
each sound over any stretch of time, past or future, and a change only rewrites what comes after
`now`. Every change is a ramp (louder and quieter over 0.8 s, on over 3 s, off over 1.5 s, one
sound for another crossfaded over 2 s at equal power), so the level never steps.

When the reading ends the bed keeps going for `after_end` seconds, then fades out over a minute
(in decibels, as the sleep timer fades). A command said after the end shows the listener is
awake and starts that wait again; reading again cancels it. Goodbye fades the bed in 2 s.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable

import numpy as np

from voicecoach.bed.settings import LEVEL_STEP, MAX_LEVEL, MIN_LEVEL, BedSettings, BedSound
from voicecoach.events import Finished, PlayerEvent, Quit, QuitReason, StateChanged

RAMP_SECONDS = 0.8
FADE_IN_SECONDS = 3.0
FADE_OFF_SECONDS = 1.5
CROSSFADE_SECONDS = 2.0
TAIL_FADE_SECONDS = 60.0
QUIT_FADE_SECONDS = 2.0
TAIL_FLOOR_DB = -60.0
"""Where the tail's fade ends before the last step to silence (inaudible, as the sleep timer's)."""
KNOT_SECONDS = 0.05
"""Spacing of the points of a curved ramp; straight lines join them."""
TAIL_KNOT_SECONDS = 0.25

Shape = Callable[[float], float]
"""Maps 0..1 (how far into a ramp) to 0..1 (how far the gain has gone)."""


def _smooth(x: float) -> float:
    """A raised cosine: starts and ends gently."""
    return (1.0 - math.cos(math.pi * x)) / 2.0


def _power_in(x: float) -> float:
    """Equal-power crossfade, the sound coming in (sin)."""
    return math.sin(math.pi * x / 2.0)


def _power_out(x: float) -> float:
    """Equal-power crossfade, the sound going out (1 - cos, so the gain follows cos)."""
    return 1.0 - math.cos(math.pi * x / 2.0)


class Curve:
    """A gain over time: straight lines between knots, the last value held for ever after.

    The knots are replaced as a whole (one attribute), so a renderer on another thread always
    reads a consistent curve.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._knots: tuple[np.ndarray, np.ndarray] = (np.array([start]), np.array([0.0]))

    def value(self, t: float) -> float:
        """The gain at time `t`."""
        times, gains = self._knots
        return float(np.interp(t, times, gains))

    def envelope(self, start: float, frames: int, sample_rate: int) -> np.ndarray | None:
        """Per-sample gains for `frames` samples from `start`, or None when silent throughout."""
        times, gains = self._knots
        end = start + frames / sample_rate
        inside = (times > start) & (times < end)
        if np.interp(start, times, gains) == 0.0 and np.interp(end, times, gains) == 0.0 and not gains[inside].any():
            return None
        moments = start + np.arange(frames, dtype=np.float64) / sample_rate
        return np.interp(moments, times, gains).astype(np.float32)

    @property
    def final(self) -> float:
        """The value held after the last knot."""
        return float(self._knots[1][-1])

    def silent_from(self) -> float | None:
        """When the gain reaches 0 for good (-inf if it never sounded, None if it never ends)."""
        times, gains = self._knots
        if gains[-1] != 0.0:
            return None
        sounding = np.nonzero(gains)[0]
        return -math.inf if len(sounding) == 0 else float(times[sounding[-1] + 1])

    def plan(self, now: float, knots: Iterable[tuple[float, float]]) -> None:
        """Keep the curve up to `now`, then follow `knots` (times after `now`, increasing)."""
        times, gains = self._knots
        keep = times < now
        future: list[tuple[float, float]] = []
        for t, g in knots:
            if t > (future[-1][0] if future else now):
                future.append((t, g))
        new_times = np.concatenate([times[keep], [now], [t for t, _ in future]])
        new_gains = np.concatenate([gains[keep], [self.value(now)], [g for _, g in future]])
        self._knots = (new_times, new_gains)

    def has_knots_after(self, now: float) -> bool:
        """Whether anything is planned after `now`."""
        return bool(self._knots[0][-1] > now)


def ramp(start: float, begin: float, end: float, seconds: float, shape: Shape = _smooth) -> list[tuple[float, float]]:
    """Knots from gain `begin` at `start` to `end` at `start + seconds`, following `shape`."""
    if seconds <= 0:
        return [(start + 1e-3, end)]
    steps = max(1, math.ceil(seconds / KNOT_SECONDS))
    knots = [(start + seconds * k / steps, begin + (end - begin) * shape(k / steps)) for k in range(1, steps)]
    return knots + [(start + seconds, end)]  # exactly `end`: a sound faded out is silent, not 1e-17


def decibel_fade(start: float, begin: float, seconds: float) -> list[tuple[float, float]]:
    """Knots fading `begin` linearly in decibels to TAIL_FLOOR_DB over `seconds`, then to 0."""
    steps = max(1, math.ceil(seconds / TAIL_KNOT_SECONDS))
    knots = [(start + seconds * k / steps, begin * 10.0 ** (TAIL_FLOOR_DB * k / steps / 20.0)) for k in range(1, steps + 1)]
    return knots + [(start + seconds + 1e-3, 0.0)]


class SoundBed:
    """What the bed plays (sound, level, on or off) and each sound's gain over time."""

    def __init__(self, settings: BedSettings = BedSettings(), start: float = 0.0) -> None:
        self._settings = settings
        self._sound = settings.sound
        self._level = settings.level
        self._playing = False
        self._curves = {sound: Curve(start) for sound in BedSound}
        self._ended_at: float | None = None  # when the reading ended: the wait before the tail counts from here
        self._over = False  # the session has ended; nothing changes any more
        if settings.play:
            self.turn_on(start)

    # ----------------------------------------------------------------- state

    @property
    def playing(self) -> bool:
        """Whether the bed is on (it may still be fading in, or out after the reading's end)."""
        return self._playing

    @property
    def sound(self) -> BedSound:
        """The sound chosen (played when on)."""
        return self._sound

    @property
    def level(self) -> float:
        """The level chosen, MIN_LEVEL to MAX_LEVEL."""
        return self._level

    @property
    def tail_starts_at(self) -> float | None:
        """When the fade after the reading's end begins, if the reading has ended and the bed is on."""
        if self._ended_at is None or not self._playing:
            return None
        return self._ended_at + self._settings.after_end_s

    # ----------------------------------------------------------------- commands

    def louder(self, now: float) -> bool:
        """One step (3 dB) louder; False when already at the loudest."""
        return self._set_level(min(MAX_LEVEL, round(self._level * LEVEL_STEP, 4)), now)

    def quieter(self, now: float) -> bool:
        """One step (3 dB) quieter; False when already at the quietest."""
        return self._set_level(max(MIN_LEVEL, round(self._level / LEVEL_STEP, 4)), now)

    def turn_on(self, now: float) -> None:
        """Start the chosen sound, fading in."""
        self._awake(now)
        self._playing = True
        self._shape(now, FADE_IN_SECONDS)

    def turn_off(self, now: float) -> None:
        """Fade the bed out."""
        self._awake(now)
        self._playing = False
        self._shape(now, FADE_OFF_SECONDS)

    def choose(self, sound: BedSound, now: float) -> None:
        """Play `sound`: crossfaded from the one playing, or faded in if the bed was off."""
        self._awake(now)
        was_playing = self._playing
        self._sound = sound
        self._playing = True
        if was_playing:
            self._shape(now, CROSSFADE_SECONDS, crossfade=True)
        else:
            self._shape(now, FADE_IN_SECONDS)

    def next_sound(self, now: float) -> BedSound:
        """The next sound in the order brown, pink, white, fan, rain (or, when off, the chosen one, on)."""
        if not self._playing:
            self.turn_on(now)
            return self._sound
        sounds = list(BedSound)
        self.choose(sounds[(sounds.index(self._sound) + 1) % len(sounds)], now)
        return self._sound

    # ----------------------------------------------------------------- the session around it

    def on_player_event(self, event: PlayerEvent) -> None:
        """Follow the reading: its end starts the wait before the tail, reading again cancels it,
        goodbye fades the bed, and the sleep timer's end (already faded to silence) stops it."""
        match event:
            case Finished(at=at):
                self.reading_ended(at)
            case StateChanged(at=at, state="reading"):
                self.reading_resumed(at)
            case Quit(at=at, reason=reason):
                self.end(at, QUIT_FADE_SECONDS if reason is QuitReason.GOODBYE else 0.0)

    def reading_ended(self, now: float) -> None:
        """The reading (or the script) has ended: keep going for `after_end`, then fade."""
        if self._over or self._ended_at is not None:
            return
        self._ended_at = now
        self._shape(now, RAMP_SECONDS)

    def reading_resumed(self, now: float) -> None:
        """Reading again after the end: the bed goes on without a tail."""
        if self._over or self._ended_at is None:
            return
        self._ended_at = None
        self._shape(now, RAMP_SECONDS)

    def end(self, now: float, seconds: float = QUIT_FADE_SECONDS) -> None:
        """The session is over: fade out over `seconds`; nothing changes after this."""
        if self._over:
            return
        self._playing = False
        self._ended_at = None
        self._shape(now, seconds)
        self._over = True

    def session_ended(self, now: float) -> None:
        """The session loop has stopped: a tail already planned plays out; otherwise fade out now."""
        if self._over:
            return
        if self.tail_starts_at is None:
            self.end(now)
            return
        self._over = True

    # ----------------------------------------------------------------- for renderers

    def envelope(self, sound: BedSound, start: float, frames: int, sample_rate: int) -> np.ndarray | None:
        """Per-sample gains of `sound` (0..1, the level included) from `start`, or None when silent."""
        return self._curves[sound].envelope(start, frames, sample_rate)

    def gain_at(self, sound: BedSound, t: float) -> float:
        """The gain of `sound` at time `t`."""
        return self._curves[sound].value(t)

    def silent_from(self) -> float | None:
        """When every sound has faded out for good: -inf if none ever sounded, None if one never ends."""
        ends = [curve.silent_from() for curve in self._curves.values()]
        if any(end is None for end in ends):
            return None
        return max(end for end in ends if end is not None)

    # ----------------------------------------------------------------- building blocks

    def _set_level(self, level: float, now: float) -> bool:
        self._awake(now)
        if level == self._level:
            return False
        self._level = level
        self._shape(now, RAMP_SECONDS)
        return True

    def _awake(self, now: float) -> None:
        """A command after the reading's end: the listener is awake, so the wait starts again."""
        if self._ended_at is not None:
            self._ended_at = now

    def _shape(self, now: float, seconds: float, crossfade: bool = False) -> None:
        """Plan every sound's curve from `now`: ramp to its target over `seconds` (at equal power
        for a `crossfade`), then the tail."""
        if self._over:
            return
        tail = self.tail_starts_at
        for sound, curve in self._curves.items():
            target = self._level if self._playing and sound is self._sound else 0.0
            begin = curve.value(now)
            if begin == target == 0.0 and not curve.has_knots_after(now):
                continue
            shape = _smooth
            if crossfade:
                shape = _power_in if target > begin else _power_out
            knots = ramp(now, begin, target, seconds, shape) if begin != target else []
            if tail is not None and target > 0.0:
                fade_at = max(tail, now + (seconds if knots else 0.0))
                knots += [(fade_at, target)] + decibel_fade(fade_at, target, TAIL_FADE_SECONDS)
            curve.plan(now, knots)
