"""A speaker in virtual time: sounds are placed on a timeline and mixed into one clip afterwards.

Used for `--output FILE.wav`, the `render` command and tests: nothing is played, but every
sound lands exactly where a listener would have heard it, over the sound bed if there is one. `play` puts the clip at the loop's
current time and posts `SoundFinished` at its end; `stop` cuts the clip at the current time.

A virtual loop cannot take back an event, so the `SoundFinished` of a stopped sound is still
delivered. The player ignores finished events for sounds it is not waiting for; callers that
want to know can ask `cancelled(sound_id)`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Protocol
from collections.abc import Callable

import numpy as np

from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.bed.render import BedRenderer
from voicecoach.earcons import earcon
from voicecoach.fade import gain_envelope
from voicecoach.ports import EventLoop, SoundFinished
from voicecoach.sounds import Sound, Speech, Voice

logger = logging.getLogger(__name__)

GAIN_BLOCK_SECONDS = 10.0
"""How much audio the gain is applied to at a time."""

EARCON_KIND = "earcon"
"""The `PlacedSound.kind` of earcons; speech uses its `SpeechKind` value."""


class SpeechSynthesizer(Protocol):
    """Turns text into a speech clip (implemented by `Pyttsx3Synthesizer`)."""

    def synthesize(self, text: str, voice: Voice) -> AudioClip: ...


@dataclass(frozen=True)
class PlacedSound:
    """Where one sound sits on the timeline, in loop seconds; `truncated` if it was stopped early."""

    sound_id: int
    kind: str
    text_or_name: str
    start: float
    end: float
    truncated: bool = False


class TimelineSpeaker:
    """Implements `Speaker` in virtual time and renders what was heard with `mix()`."""

    def __init__(
        self,
        synthesizer: SpeechSynthesizer,
        loop: EventLoop,
        gain_at: Callable[[float], float] | None = None,
        sample_rate: int = SAMPLE_RATE,
        bed: BedRenderer | None = None,
    ) -> None:
        """`gain_at` is the master gain (the sleep timer's fade), applied to the voice and the bed."""
        self._synthesizer = synthesizer
        self._bed = bed
        self._loop = loop
        self._gain_at = gain_at
        self._sample_rate = sample_rate
        self._origin = loop.now()
        self._placed: list[PlacedSound] = []
        self._clips: list[AudioClip] = []
        self._cancelled: set[int] = set()

    @property
    def log(self) -> list[PlacedSound]:
        """Every sound placed so far, in the order played."""
        return list(self._placed)

    def play(self, sound: Sound) -> None:
        """Place `sound` at the loop's current time and post its `SoundFinished` at its end."""
        now = self._loop.now()
        if self._playing_index() is not None:
            logger.debug("sound %s starts while another still sounds; they will overlap", sound.id)
        clip = self._render(sound)
        end = now + clip.duration
        self._placed.append(PlacedSound(sound.id, _kind(sound), _label(sound), now, end))
        self._clips.append(clip)
        self._loop.post_at(end, SoundFinished(sound.id))

    def prefetch(self, text: str, voice: Voice) -> None:
        """Nothing to do: in virtual time synthesis takes no time a listener could hear."""

    def stop(self) -> None:
        """Cut the sound that is still sounding at the loop's current time; its finish is cancelled."""
        index = self._playing_index()
        if index is None:
            return
        now = self._loop.now()
        placed = self._placed[index]
        self._placed[index] = replace(placed, end=now, truncated=True)
        self._clips[index] = self._clips[index].head(now - placed.start)
        self._cancelled.add(placed.sound_id)

    def cancelled(self, sound_id: int) -> bool:
        """True if the sound was stopped before its end (its `SoundFinished` is stale)."""
        return sound_id in self._cancelled

    def mix(self, until: float | None = None) -> AudioClip:
        """Everything heard from the speaker's creation to the last sound's end (or `until`, if
        later: the sound bed's end), the bed under the voice."""
        ends = [p.end for p in self._placed] + ([until] if until is not None else [])
        total = max(ends, default=self._origin) - self._origin
        mixed = np.zeros(int(round(max(0.0, total) * self._sample_rate)), dtype=np.float32)
        for placed, clip in zip(self._placed, self._clips, strict=True):
            start = int(round((placed.start - self._origin) * self._sample_rate))
            samples = clip.samples[: max(0, len(mixed) - start)]
            mixed[start : start + len(samples)] += samples
        if self._bed is not None:
            self._bed.add_into(mixed, self._origin, GAIN_BLOCK_SECONDS)
        if self._gain_at is not None:
            self._apply_gain(mixed, self._gain_at)
        np.clip(mixed, -1.0, 1.0, out=mixed)
        return AudioClip(mixed, self._sample_rate)

    def _render(self, sound: Sound) -> AudioClip:
        """The clip for `sound`: synthesised speech (volume from its voice) or a generated earcon."""
        if isinstance(sound, Speech):
            return self._synthesizer.synthesize(sound.text, sound.voice)
        return earcon(sound.name, sound.volume, self._sample_rate)

    def _playing_index(self) -> int | None:
        """Index of the last placed sound if it is still sounding now."""
        if self._placed and self._placed[-1].end > self._loop.now():
            return len(self._placed) - 1
        return None

    def _apply_gain(self, mixed: np.ndarray, gain_at: Callable[[float], float]) -> None:
        """Multiply `mixed` in place by the master gain, block by block (no second night-long array)."""
        block = int(GAIN_BLOCK_SECONDS * self._sample_rate)
        for first in range(0, len(mixed), block):
            frames = min(block, len(mixed) - first)
            envelope = gain_envelope(gain_at, self._origin + first / self._sample_rate, frames, self._sample_rate)
            if envelope is not None:
                mixed[first : first + frames] *= envelope


def _kind(sound: Sound) -> str:
    """The log kind: the speech kind's value, or "earcon"."""
    return sound.kind.value if isinstance(sound, Speech) else EARCON_KIND


def _label(sound: Sound) -> str:
    """The words said, or the earcon's name."""
    return sound.text if isinstance(sound, Speech) else sound.name.value
