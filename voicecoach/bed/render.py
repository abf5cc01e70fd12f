"""The sound bed as samples: each audible sound's stream times its gain curve. Pure (numpy).

One renderer serves a rendered file (the timeline mixes it under the voice, block by block) and
live playback (a writer thread asks for the next block). Blocks follow each other: the renderer
counts the frames it has given, and every sound's stream is read at that count, so a sound that
comes back after a silence goes on where it would have been, and the result does not depend on
the block sizes. A silent stretch costs one check per sound.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from voicecoach.audio import SAMPLE_RATE
from voicecoach.bed.noise import NoiseStream
from voicecoach.bed.schedule import SoundBed
from voicecoach.bed.settings import BedSound

FULL_SCALE = 0.1
"""K-weighted RMS of the bed at level 1: about that of espeak-ng's speech at the default volume
(0.8), so the default level (0.3) sits some 10 dB under the voice."""

StreamSource = Callable[[BedSound], "NoiseStream | None"]
"""Gives the stream of a sound, or None while it is still being made (live playback makes loops
in the background so a block is never late); such a sound is silent until it is ready."""


class BedRenderer:
    """Renders a `SoundBed` into blocks of samples, one block after another."""

    def __init__(
        self,
        bed: SoundBed,
        seed: int = 0,
        sample_rate: int = SAMPLE_RATE,
        streams: StreamSource | None = None,
    ) -> None:
        self.bed = bed
        self.sample_rate = sample_rate
        self._seed = seed
        self._made: dict[BedSound, NoiseStream] = {}
        self._streams = streams if streams is not None else self._stream_now
        self._frame = 0  # frames rendered so far: where every stream is read

    def render(self, start: float, frames: int) -> np.ndarray | None:
        """The next `frames` samples of the bed, heard from time `start` (float32), or None when
        it is silent. `start` sets the gains; the noise simply goes on from the last block."""
        first, self._frame = self._frame, self._frame + frames
        mixed: np.ndarray | None = None
        for sound in BedSound:
            envelope = self.bed.envelope(sound, start, frames, self.sample_rate)
            if envelope is None:
                continue
            stream = self._streams(sound)
            if stream is None:
                continue
            part = stream.read_at(first, frames) * envelope
            mixed = part if mixed is None else mixed + part
        if mixed is None:
            return None
        mixed *= np.float32(FULL_SCALE)
        return mixed

    def add_into(self, samples: np.ndarray, origin: float, block_seconds: float = 10.0) -> None:
        """Add the bed into `samples` (which start at time `origin`) in place, block by block."""
        block = max(1, int(block_seconds * self.sample_rate))
        for first in range(0, len(samples), block):
            frames = min(block, len(samples) - first)
            part = self.render(origin + first / self.sample_rate, frames)
            if part is not None:
                samples[first : first + frames] += part

    def _stream_now(self, sound: BedSound) -> NoiseStream:
        """Make each sound's stream when it is first needed (the default, for rendered files)."""
        if sound not in self._made:
            self._made[sound] = NoiseStream(sound, self._seed, self.sample_rate)
        return self._made[sound]
