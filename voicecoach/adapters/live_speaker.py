"""A `Speaker` for real time: synthesise in a worker thread, play through a `ClipPlayer`.

`play()` returns at once; the worker renders the sound (speech through the synthesiser, earcons
from `earcon_source`), plays it, and posts `SoundFinished` when it has been heard to the end.
Every `play()` and `stop()` starts a new generation: whatever an older generation was doing
(synthesising, playing, finishing) is dropped, so a stopped sound is never reported finished.

Failures are posted as `Notice(message, error)` and the speaker carries on with the next sound.
A failure while saying an error (a `SpeechKind.ERROR` sentence) is only logged and the sentence
reported finished: the player speaks notices, and reporting that failure would loop forever.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from functools import partial
from typing import Callable, Protocol

from voicecoach.adapters.playback import ClipPlayer
from voicecoach.audio import AudioClip
from voicecoach.earcons import earcon
from voicecoach.fade import gain_envelope
from voicecoach.errors import AudioOutputError, SpeechEngineError, VoicecoachError
from voicecoach.ports import LoopEvent, Notice, SoundFinished
from voicecoach.sounds import Earcon, EarconName, Sound, Speech, SpeechKind, Voice

logger = logging.getLogger(__name__)

EarconSource = Callable[[EarconName, float], AudioClip]


class SpeechSynthesizer(Protocol):
    """Turns text into a speech clip (implemented by `Pyttsx3Synthesizer`, which also caches)."""

    def synthesize(self, text: str, voice: Voice) -> AudioClip: ...


class LiveSpeaker:
    """Implements `Speaker` on a real output device; see the module docstring."""

    def __init__(
        self,
        synthesizer: SpeechSynthesizer,
        clip_player: ClipPlayer,
        post: Callable[[LoopEvent], None],
        earcon_source: EarconSource = earcon,
        gain_at: Callable[[float], float] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """`post` must be thread-safe (`EventLoop.post`); the caller keeps ownership of `clip_player`.

        With `gain_at` (a master gain over `clock` time, e.g. the sleep timer's fade) each clip is
        shaped from the moment it starts playing.
        """
        if gain_at is not None and clock is None:
            raise ValueError("a master gain needs the clock it is measured on")
        self._gain_at = gain_at
        self._clock = clock
        self._synthesizer = synthesizer
        self._player = clip_player
        self._post = post
        self._earcon_source = earcon_source
        self._state = threading.Condition()  # guards everything below
        self._generation = 0
        self._request: tuple[int, Sound] | None = None
        self._prefetches: deque[tuple[str, Voice]] = deque()
        self._closed = False
        # Held from the generation check to the start of playback, and by stop(), so a sound
        # checked as current cannot start after a stop() has returned.
        self._play_lock = threading.Lock()
        self._worker = threading.Thread(target=self._work, name="live-speaker", daemon=True)
        self._worker.start()

    def play(self, sound: Sound) -> None:
        """Start `sound` as soon as it is synthesised; returns at once. Prefetches not yet begun
        are dropped: they were guesses about what follows the sound this one replaces."""
        with self._state:
            self._generation += 1
            self._request = (self._generation, sound)
            self._prefetches.clear()
            self._state.notify()

    def stop(self) -> None:
        """Silence at once; the current sound is never reported finished."""
        with self._play_lock:
            with self._state:
                self._generation += 1
                self._request = None
                self._prefetches.clear()
            self._player.stop()

    def prefetch(self, text: str, voice: Voice) -> None:
        """Synthesise `text` while idle, so playing it later starts sooner (the synthesiser caches)."""
        with self._state:
            self._prefetches.append((text, voice))
            self._state.notify()

    def close(self) -> None:
        """Stop and end the worker thread (the clip player stays open: it belongs to the caller)."""
        self.stop()
        with self._state:
            self._closed = True
            self._state.notify()
        self._worker.join()

    # -- worker thread ---------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._state:
                while not self._closed and self._request is None and not self._prefetches:
                    self._state.wait()
                if self._closed:
                    return
                request, self._request = self._request, None
                upcoming = None if request is not None else self._prefetches.popleft()
            if request is not None:
                self._perform(*request)
            elif upcoming is not None:
                self._warm(*upcoming)

    def _perform(self, generation: int, sound: Sound) -> None:
        try:
            clip = self._render(sound)
        except VoicecoachError as err:
            self._failed(generation, sound, err)
            return
        except Exception as err:  # a library bug must not kill the worker; it is reported instead
            logger.exception("rendering sound %d failed", sound.id)
            self._failed(generation, sound, SpeechEngineError(f"speech synthesis failed: {err}"))
            return
        with self._play_lock:
            if not self._is_current(generation):
                return
            clip = self._shaped(clip)
            try:
                self._player.play(
                    clip,
                    on_done=partial(self._finished, generation, sound.id),
                    on_error=partial(self._failed, generation, sound),
                )
            except AudioOutputError as err:
                self._failed(generation, sound, err)

    def _shaped(self, clip: AudioClip) -> AudioClip:
        """The clip with the master gain applied from now on (unchanged when the gain is 1)."""
        if self._gain_at is None or self._clock is None:
            return clip
        envelope = gain_envelope(self._gain_at, self._clock(), len(clip.samples), clip.sample_rate)
        return clip if envelope is None else AudioClip(clip.samples * envelope, clip.sample_rate)

    def _render(self, sound: Sound) -> AudioClip:
        if isinstance(sound, Earcon):
            return self._earcon_source(sound.name, sound.volume)
        return self._synthesizer.synthesize(sound.text, sound.voice)

    def _warm(self, text: str, voice: Voice) -> None:
        try:
            self._synthesizer.synthesize(text, voice)
        except VoicecoachError as err:
            # Not reported: the same failure is reported when the sentence is really played.
            logger.info("prefetching %r failed: %s", text, err)

    def _is_current(self, generation: int) -> bool:
        with self._state:
            return generation == self._generation

    # -- callbacks (clip player thread or worker) -------------------------------------------

    def _finished(self, generation: int, sound_id: int) -> None:
        with self._state:
            if generation == self._generation:
                self._post(SoundFinished(sound_id))

    def _failed(self, generation: int, sound: Sound, error: VoicecoachError) -> None:
        with self._state:
            if generation != self._generation:
                return
            if isinstance(sound, Speech) and sound.kind == SpeechKind.ERROR:
                # Reporting this failure would make the player say it again, forever; count the
                # notice as said so the player goes on (and pauses if sounds keep failing).
                logger.error("could not say %r: %s", sound.text, error)
                self._post(SoundFinished(sound.id))
                return
            self._post(Notice(str(error), error, failed_sound_id=sound.id))
