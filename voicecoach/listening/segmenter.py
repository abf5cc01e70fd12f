"""Cutting a stream of voice-gated frames into utterances. Pure: no audio library, no clock.

The listener reads fixed frames (30 ms at 16 kHz) and asks a voice-activity detector whether each
holds speech; `UtteranceSegmenter.process(frame, is_speech)` collects them into utterances, the
way Home Assistant's `VoiceCommandSegmenter` does, but keeping the audio:

- an utterance opens after `start_seconds` of speech in a row (a click or a single cough frame
  does not open one); the `preroll_seconds` before it are kept so the first phone is not lost;
- it closes after `hangover_seconds` of non-speech (short pauses between words stay inside);
- speech going on past `max_seconds` is somebody talking, not a command: the audio is dropped
  and, once it falls quiet, an utterance marked `too_long` with no audio is returned;
- after `early_seconds` of quiet (less than the hangover) the utterance so far is offered once
  through `provisional()`, so a listener can start decoding while it waits out the hangover;
  if no speech follows, the closed utterance holds the same speech and that decoding stands.
  Its quiet tail is lengthened to the hangover's by repeating the quiet frames just heard: the
  decoder wants as much quiet after the words as it gets in a closed utterance (with the
  shorter tail, "stop" fitted the grammar much worse). At 0.21 s (of the 0.3 s hangover) the
  provisional and closed utterances of our test commands decoded alike.

Time is counted in frames, so tests are exact and instant.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from enum import StrEnum

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SegmenterSettings:
    """How utterances are cut, in seconds."""

    frame_seconds: float = 0.03
    """Length of one frame handed to `process` (webrtcvad accepts 10, 20 or 30 ms)."""
    start_seconds: float = 0.09
    """Speech in a row needed to open an utterance."""
    hangover_seconds: float = 0.3
    """Non-speech in a row that closes an utterance."""
    max_seconds: float = 4.8
    """Longest utterance (preroll to last speech) that can be a command; longer ones are dropped.
    A little over the rejection policy's longest command (4.5 s), for the preroll."""
    preroll_seconds: float = 0.15
    """Audio kept from before the utterance opened."""
    early_seconds: float = 0.21
    """Quiet after which the utterance so far is offered for early decoding (`provisional`)."""

    def frames(self, seconds: float) -> int:
        """How many frames make `seconds` (at least one)."""
        return max(1, int(round(seconds / self.frame_seconds)))


@dataclass(frozen=True)
class Utterance:
    """One stretch of speech, as 16-bit PCM bytes of the frames it spans."""

    pcm: bytes
    seconds: float
    """Length of the audio, including preroll and hangover."""
    speech_seconds: float
    """How much of it the voice gate called speech."""
    too_long: bool = False
    """True when it ran past `max_seconds`; then `pcm` is empty."""


class _State(StrEnum):
    QUIET = "quiet"
    SPEAKING = "speaking"
    TOO_LONG = "too_long"


class UtteranceSegmenter:
    """Turns (frame, is_speech) pairs into `Utterance`s; one instance per stream."""

    def __init__(self, settings: SegmenterSettings = SegmenterSettings()) -> None:
        self.settings = settings
        self._start = settings.frames(settings.start_seconds)
        self._hangover = settings.frames(settings.hangover_seconds)
        self._max = settings.frames(settings.max_seconds)
        self._early = min(settings.frames(settings.early_seconds), self._hangover)
        self._preroll: deque[bytes] = deque(maxlen=settings.frames(settings.preroll_seconds) + self._start)
        self.reset()

    def reset(self) -> None:
        """Forget everything heard so far (a new stream, or after a pause in listening)."""
        self._state = _State.QUIET
        self._frames: list[bytes] = []
        self._speech_frames = 0
        self._speech_run = 0
        self._quiet_run = 0
        self._total = 0
        self._provisional: Utterance | None = None
        self._preroll.clear()

    @property
    def in_utterance(self) -> bool:
        """True while speech is being collected (or a too-long one is being waited out)."""
        return self._state is not _State.QUIET

    def process(self, frame: bytes, is_speech: bool) -> Utterance | None:
        """Take one frame; returns an utterance when one has just ended."""
        if self._state is _State.QUIET:
            return self._quiet(frame, is_speech)
        self._total += 1
        self._speech_frames += is_speech
        self._quiet_run = 0 if is_speech else self._quiet_run + 1
        if self._state is _State.SPEAKING:
            self._frames.append(frame)
            if self._total - self._quiet_run > self._max:
                logger.debug("utterance longer than %.1f s: not a command", self.settings.max_seconds)
                self._state = _State.TOO_LONG
                self._frames = []
        if self._quiet_run >= self._hangover:
            return self._close()
        if self._quiet_run == self._early and self._state is _State.SPEAKING:
            self._provisional = self._utterance_with_quiet_tail()
        return None

    def provisional(self) -> Utterance | None:
        """The utterance so far, once, when it has just gone quiet for `early_seconds`; else None.

        The utterance that closes later has the same `speech_seconds` exactly when no speech
        came in between."""
        offered, self._provisional = self._provisional, None
        return offered

    def _quiet(self, frame: bytes, is_speech: bool) -> Utterance | None:
        self._preroll.append(frame)
        self._speech_run = self._speech_run + 1 if is_speech else 0
        if self._speech_run >= self._start:
            self._state = _State.SPEAKING
            self._frames = list(self._preroll)
            self._preroll.clear()
            self._total = len(self._frames)
            self._speech_frames = self._speech_run
            self._quiet_run = 0
        return None

    def _utterance(self) -> Utterance:
        seconds = self._total * self.settings.frame_seconds
        speech = self._speech_frames * self.settings.frame_seconds
        too_long = self._state is _State.TOO_LONG
        return Utterance(b"" if too_long else b"".join(self._frames), seconds, speech, too_long)

    def _utterance_with_quiet_tail(self) -> Utterance:
        so_far = self._utterance()
        quiet = self._frames[-self._early :]
        tail = [quiet[index % len(quiet)] for index in range(self._hangover - self._early)]
        seconds = so_far.seconds + len(tail) * self.settings.frame_seconds
        return Utterance(so_far.pcm + b"".join(tail), seconds, so_far.speech_seconds)

    def _close(self) -> Utterance:
        utterance = self._utterance()
        self._provisional = None
        self._state = _State.QUIET
        self._frames = []
        self._speech_run = 0
        self._quiet_run = 0
        self._total = 0
        self._speech_frames = 0
        return utterance
