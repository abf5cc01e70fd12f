"""Cutting spoken commands out of a stream of voice-activity decisions. Pure.

Told how much audio each chunk held and whether a VAD (e.g. webrtcvad) heard speech in it, the
segmenter says when a command starts, when it ends (enough trailing silence) and when talk goes
on too long to be a command, in the manner of Home Assistant's `VoiceCommandSegmenter`. The
caller buffers the audio and hands the finished utterance to a `Recognizer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Segment(StrEnum):
    """What happened to the stream with the latest chunk."""

    STARTED = "started"
    """Speech began; the caller keeps this chunk and some audio before it."""
    ENDED = "ended"
    """The utterance is over; decode what was kept."""
    TOO_LONG = "too long"
    """Speech went on past `max_seconds`: talk, not a command; drop what was kept."""


@dataclass(frozen=True)
class SegmenterSettings:
    """Timings of the segmenter, all in seconds."""

    speech_seconds: float = 0.2
    """Speech needed before an utterance counts as started (ignores clicks and coughs)."""
    silence_seconds: float = 0.6
    """Silence after speech that ends an utterance."""
    max_seconds: float = 3.0
    """Longest utterance taken as a command."""


class UtteranceSegmenter:
    """Tracks speech and silence runs and reports utterance boundaries."""

    def __init__(self, settings: SegmenterSettings = SegmenterSettings()) -> None:
        self.settings = settings
        self.reset()

    def reset(self) -> None:
        """Forget any utterance in progress."""
        self.in_utterance = False
        self._speech_run = 0.0
        self._silence_run = 0.0
        self._length = 0.0
        self._discarding = False

    def process(self, chunk_seconds: float, is_speech: bool) -> Segment | None:
        """Feed one chunk's length and VAD decision; returns a boundary or None."""
        if self._discarding:
            return self._wait_for_quiet(chunk_seconds, is_speech)
        if not self.in_utterance:
            self._speech_run = self._speech_run + chunk_seconds if is_speech else 0.0
            if self._speech_run >= self.settings.speech_seconds:
                self.in_utterance, self._length, self._silence_run = True, self._speech_run, 0.0
                return Segment.STARTED
            return None
        self._length += chunk_seconds
        self._silence_run = 0.0 if is_speech else self._silence_run + chunk_seconds
        if self._silence_run >= self.settings.silence_seconds:
            self.reset()
            return Segment.ENDED
        if self._length - self._silence_run > self.settings.max_seconds:
            self.reset()
            self._discarding = True
            return Segment.TOO_LONG
        return None

    def _wait_for_quiet(self, chunk_seconds: float, is_speech: bool) -> None:
        """After talk that was too long, wait for a pause before listening again."""
        self._silence_run = 0.0 if is_speech else self._silence_run + chunk_seconds
        if self._silence_run >= self.settings.silence_seconds:
            self.reset()
        return None
