"""The virtual-time speaker: placement, stop truncation, mixing with gaps, and master gain."""

from __future__ import annotations

import heapq
import itertools

import numpy as np
import pytest

from voicecoach.adapters.timeline_speaker import EARCON_KIND, PlacedSound, TimelineSpeaker
from voicecoach.adapters.tts import Pyttsx3Synthesizer
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.earcons import earcon
from voicecoach.ports import LoopEvent, SoundFinished, TimerDue
from voicecoach.sounds import Earcon, EarconName, Speech, SpeechKind, Voice


class HeapLoop:
    """A tiny virtual event loop: a heap of (time, order, event)."""

    def __init__(self, start: float = 0.0) -> None:
        self.time = start
        self.heap: list[tuple[float, int, LoopEvent]] = []
        self.order = itertools.count()

    def now(self) -> float:
        return self.time

    def post(self, event: LoopEvent) -> None:
        self.post_at(self.time, event)

    def post_at(self, when: float, event: LoopEvent) -> None:
        heapq.heappush(self.heap, (when, next(self.order), event))

    def next_event(self) -> LoopEvent | None:
        if not self.heap:
            return None
        self.time, _, event = heapq.heappop(self.heap)
        return event


class ConstantSynthesizer:
    """Speech as a constant tone of 0.1 s per word at the voice's volume: exact lengths for tests."""

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        frames = int(0.1 * SAMPLE_RATE) * len(text.split())
        return AudioClip(np.full(frames, voice.volume, dtype=np.float32))


def _speech(sound_id: int, text: str, volume: float = 0.5) -> Speech:
    return Speech(sound_id, text, SpeechKind.CONTENT, Voice(volume=volume))


def test_play_places_the_clip_now_and_posts_its_finish() -> None:
    loop = HeapLoop(start=10.0)
    speaker = TimelineSpeaker(ConstantSynthesizer(), loop)
    speaker.play(_speech(1, "one two three"))
    assert speaker.log == [PlacedSound(1, "content", "one two three", 10.0, pytest.approx(10.3), False)]
    assert loop.next_event() == SoundFinished(1)
    assert loop.now() == pytest.approx(10.3)


def test_earcons_are_generated_and_logged_by_name() -> None:
    loop = HeapLoop()
    speaker = TimelineSpeaker(ConstantSynthesizer(), loop)
    speaker.play(Earcon(7, EarconName.ACK, 0.3))
    placed = speaker.log[0]
    assert (placed.kind, placed.text_or_name) == (EARCON_KIND, "ack")
    assert placed.end == pytest.approx(earcon(EarconName.ACK, 0.3).duration)
    np.testing.assert_allclose(speaker.mix().samples, earcon(EarconName.ACK, 0.3).samples)


def test_mix_keeps_the_gaps_between_sounds() -> None:
    loop = HeapLoop()
    speaker = TimelineSpeaker(ConstantSynthesizer(), loop)
    speaker.play(_speech(1, "one two"))  # 0.0 .. 0.2
    loop.next_event()
    loop.post_at(1.0, TimerDue())
    loop.next_event()
    speaker.play(_speech(2, "three", volume=0.25))  # 1.0 .. 1.1
    mixed = speaker.mix()
    assert mixed.duration == pytest.approx(1.1, abs=1 / SAMPLE_RATE)
    at = lambda seconds: float(mixed.samples[int(seconds * SAMPLE_RATE)])  # noqa: E731
    assert (at(0.1), at(0.5), at(1.05)) == (0.5, 0.0, 0.25)


def test_mix_can_run_on_past_the_last_sound() -> None:
    speaker = TimelineSpeaker(ConstantSynthesizer(), HeapLoop())
    speaker.play(_speech(1, "one"))
    assert speaker.mix(until=3.0).duration == pytest.approx(3.0)


def test_stop_truncates_what_was_heard_and_cancels_the_finish() -> None:
    loop = HeapLoop()
    speaker = TimelineSpeaker(ConstantSynthesizer(), loop)
    speaker.play(_speech(1, "a long sentence of many words here"))  # 0.7 s
    loop.post_at(0.25, TimerDue())
    assert loop.next_event() == TimerDue()
    speaker.stop()
    assert speaker.log[0].end == 0.25 and speaker.log[0].truncated
    assert speaker.cancelled(1)
    assert speaker.mix().duration == pytest.approx(0.25, abs=1 / SAMPLE_RATE)
    # The loop still delivers the stale finish; the player ignores it, and the speaker says why.
    assert loop.next_event() == SoundFinished(1)
    assert speaker.cancelled(1)


def test_stop_when_nothing_sounds_changes_nothing() -> None:
    loop = HeapLoop()
    speaker = TimelineSpeaker(ConstantSynthesizer(), loop)
    speaker.stop()
    speaker.play(_speech(1, "done"))
    loop.next_event()
    speaker.stop()
    assert not speaker.log[0].truncated
    assert not speaker.cancelled(1)


def test_master_gain_follows_virtual_time() -> None:
    loop = HeapLoop()
    fade = lambda t: max(0.0, 1.0 - t / 2.0)  # noqa: E731  (fades out over two seconds)
    speaker = TimelineSpeaker(ConstantSynthesizer(), loop, gain_at=fade)
    speaker.play(_speech(1, " ".join(["word"] * 20), volume=1.0))  # 2.0 s of full scale
    mixed = speaker.mix().samples
    for seconds in (0.0, 0.5, 1.0, 1.5):
        assert mixed[int(seconds * SAMPLE_RATE)] == pytest.approx(fade(seconds), abs=0.01)


def test_real_speech_lands_on_the_timeline(synthesizer: Pyttsx3Synthesizer) -> None:
    loop = HeapLoop()
    speaker = TimelineSpeaker(synthesizer, loop)
    speaker.play(_speech(1, "Breathe in slowly.", volume=0.6))
    finished = loop.next_event()
    speaker.play(Earcon(2, EarconName.CHIME_SOFT, 0.2))
    mixed = speaker.mix()
    assert finished == SoundFinished(1)
    assert mixed.duration == pytest.approx(speaker.log[1].end, abs=1 / SAMPLE_RATE)
    speech_part = mixed.samples[: int(speaker.log[0].end * SAMPLE_RATE)]
    assert 0.1 < float(np.max(np.abs(speech_part))) <= 0.6 + 1e-6
