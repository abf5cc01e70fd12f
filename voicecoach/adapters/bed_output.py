"""Live playback of the sound bed: its own continuous stream, under the voice's clips.

The voice keeps its interruptible clip player, so "stop" still cuts it at once; the bed plays on
a second stream of the same device (`playback.continuous_output`), which the sound server mixes
with the voice. A writer thread renders the bed one block (BLOCK_FRAMES, ~93 ms) at a time, for
the moment the block will be heard, with the master gain (the sleep timer's fade) applied: it
goes on between sentences and through pauses, and its level changes are the bed's own smooth
ramps. While the bed is silent the stream is stopped and the thread only checks, ten times a
second, whether it should sound again. Each sound's loops are made in a helper thread, so the
writer is never held up (a new sound fades in as soon as its loops exist).
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

import numpy as np

from voicecoach.bed.noise import NoiseStream
from voicecoach.bed.render import BedRenderer
from voicecoach.bed.settings import BedSound
from voicecoach.adapters.playback import PcmSink
from voicecoach.audio import AudioClip
from voicecoach.errors import AudioOutputError
from voicecoach.fade import gain_envelope

logger = logging.getLogger(__name__)

BLOCK_FRAMES = 2048
"""Frames rendered and written at a time: ~93 ms at 22050 Hz (few wake-ups a second, low CPU)."""
IDLE_POLL_SECONDS = 0.1
"""How often a silent bed checks whether it should sound again."""
RETRY_SECONDS = 3.0
"""How long to wait before opening the device again after it failed."""
CLOSE_FADE_SECONDS = 0.05
"""Closed while sounding (Ctrl-C), the bed is faded out over this instead of cut (no click)."""


class BackgroundStreams:
    """Makes each sound's `NoiseStream` in a helper thread; gives None until it is ready."""

    def __init__(self, seed: int, sample_rate: int) -> None:
        self._seed = seed
        self._sample_rate = sample_rate
        self._lock = threading.Lock()
        self._ready: dict[BedSound, NoiseStream] = {}
        self._making: set[BedSound] = set()

    def __call__(self, sound: BedSound) -> NoiseStream | None:
        with self._lock:
            if sound in self._ready:
                return self._ready[sound]
            if sound not in self._making:
                self._making.add(sound)
                threading.Thread(target=self._make, args=(sound,), name=f"bed-{sound}", daemon=True).start()
        return None

    def _make(self, sound: BedSound) -> None:
        stream = NoiseStream(sound, self._seed, self._sample_rate)
        with self._lock:
            self._ready[sound] = stream
            self._making.discard(sound)


class LiveBed:
    """Plays a `BedRenderer` on a `PcmSink` from a writer thread until `close`."""

    def __init__(
        self,
        renderer: BedRenderer,
        sink: PcmSink,
        clock: Callable[[], float],
        master_gain: Callable[[float], float] | None = None,
        report: Callable[[str], None] = lambda message: None,
        block_frames: int = BLOCK_FRAMES,
    ) -> None:
        """`clock` is the loop's (the bed's times are loop times); `report` says a device problem once."""
        self._renderer = renderer
        self._sink = sink
        self._clock = clock
        self._master_gain = master_gain
        self._report = report
        self._frames = block_frames
        self._rate = renderer.sample_rate
        self._closing = threading.Event()
        self._sounding = False  # the sink is started and being fed
        self._failed = False  # a failure was reported; the next one is only logged
        self._thread = threading.Thread(target=self._run, name="sound-bed", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the writer (fading out if the bed still sounds) and release the stream."""
        self._closing.set()
        self._thread.join()
        self._sink.close()

    # -- writer thread -----------------------------------------------------------------------

    def _run(self) -> None:
        while not self._closing.is_set():
            when = self._clock() + (self._sink.latency if self._sounding else 0.0)
            block = self._block(when, self._frames)
            if block is None:
                self._go_quiet()
                self._closing.wait(IDLE_POLL_SECONDS)
                continue
            if not self._feed(block):
                self._closing.wait(RETRY_SECONDS)
        self._fade_out()

    def _block(self, when: float, frames: int) -> np.ndarray | None:
        """The bed heard from `when`, master gain applied, or None when silent."""
        block = self._renderer.render(when, frames)
        if block is None or self._master_gain is None:
            return block
        envelope = gain_envelope(self._master_gain, when, frames, self._rate)
        return block if envelope is None else block * envelope

    def _feed(self, block: np.ndarray) -> bool:
        """Write one block, starting the sink if needed; False (reported) when the device fails."""
        try:
            if not self._sounding:
                self._sink.start()
                self._sounding = True
            self._sink.write(AudioClip(block, self._rate).to_int16().tobytes())
        except AudioOutputError as error:
            self._sounding = False
            self._sink.close()
            if not self._failed:
                self._failed = True
                self._report(f"The sound bed stopped: {error}")
            logger.info("sound bed: %s", error)
            return False
        return True

    def _go_quiet(self) -> None:
        if self._sounding:
            self._sink.pause()
            self._sounding = False

    def _fade_out(self) -> None:
        """On close: a last short block faded to zero, so a bed cut off mid-way does not click."""
        if not self._sounding:
            return
        frames = max(1, int(CLOSE_FADE_SECONDS * self._rate))
        block = self._block(self._clock() + self._sink.latency, frames)
        if block is not None:
            block = block * np.linspace(1.0, 0.0, frames, dtype=np.float32)
            try:
                self._sink.write(AudioClip(block, self._rate).to_int16().tobytes())
                self._sink.pause()
            except AudioOutputError as error:
                logger.info("sound bed, closing: %s", error)
        self._sounding = False
