"""The virtual-time speaker: placement, stop truncation, mixing with gaps, and master gain."""

from __future__ import annotations

import heapq
import itertools

import numpy as np
import pytest

from voicecoach.adapters.timeline_speaker import EARCON_KIND, PlacedSound, TimelineSpeaker
from voicecoach.adapters.tts import Pyttsx3Synthesizer
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.bed.noise import k_weighted_rms
from voicecoach.bed.render import FULL_SCALE, BedRenderer
from voicecoach.bed.schedule import TAIL_FADE_SECONDS, SoundBed
from voicecoach.bed.settings import BedSettings, BedSound
from voicecoach.document import Document, Section, Tip
from voicecoach.earcons import earcon
from voicecoach.events import PlayerEvent
from voicecoach.fade import FadeSchedule
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import LoopEvent, SoundFinished, TimerDue
from voicecoach.session import Session
from voicecoach.sleep_timer import SleepTimer
from voicecoach.virtual_loop import VirtualLoop
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


# ------------------------------------------------------------------ the sound bed in virtual time

LONG_GUIDE = Document(
    "Guide",
    (Section("One", tuple(Tip("", " ".join(["word"] * 40) + ".") for _ in range(8))),),
)


class BedNight:
    """A continuous reading over a sound bed in virtual time, mixed as `--output` mixes it."""

    def __init__(self, bed: BedSettings, sleep_after: float | None = None) -> None:
        self.loop = VirtualLoop()
        self.fade = FadeSchedule()
        self.bed = SoundBed(bed)
        self.speaker = TimelineSpeaker(
            ConstantSynthesizer(), self.loop, gain_at=self.fade.gain_at, bed=BedRenderer(self.bed)
        )
        self.events: list[PlayerEvent] = []
        self.player = Player(LONG_GUIDE, self.speaker, self.events.append, PlayerSettings(continuous=True),
                             fade=self.fade, bed=self.bed)
        if sleep_after is not None:
            self.player.set_sleep_timer(sleep_after, 0.0)
        Session(self.player, self.loop, input_open=False).run()
        self.bed.session_ended(self.loop.now())
        ends = [e for e in (self.bed.silent_from(), self.fade.silent_from()) if e is not None]
        self.samples = self.speaker.mix(until=min(ends)).samples
        self.reading_end = max(p.end for p in self.speaker.log)

    def stretch(self, start: float, end: float) -> np.ndarray:
        return self.samples[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]


def test_the_bed_sounds_at_its_level_under_the_voice_and_alone() -> None:
    night = BedNight(BedSettings(play=True, sound=BedSound.WHITE, level=0.4, after_end_s=20.0))
    # ConstantSynthesizer's speech is a constant at the voice's volume: what varies is the bed.
    sentence = [p for p in night.speaker.log if p.kind == "content"][1]  # after the bed's fade-in
    assert sentence.end - sentence.start == pytest.approx(4.0)
    under_voice = night.stretch(sentence.start + 0.05, sentence.end - 0.05) - Voice().volume
    after = night.stretch(night.reading_end + 2.0, night.reading_end + 18.0)
    for stretch in (under_voice, after):
        assert k_weighted_rms(stretch) == pytest.approx(FULL_SCALE * 0.4, rel=0.1)


def test_the_bed_goes_on_after_the_reading_for_its_time_then_fades_out() -> None:
    night = BedNight(BedSettings(play=True, sound=BedSound.PINK, level=0.3, after_end_s=30.0))
    end = night.reading_end
    assert len(night.samples) / SAMPLE_RATE == pytest.approx(end + 30.0 + TAIL_FADE_SECONDS, abs=0.1)
    level = k_weighted_rms(night.stretch(end + 1.0, end + 29.0))
    assert level == pytest.approx(FULL_SCALE * 0.3, rel=0.1)
    halfway = k_weighted_rms(night.stretch(end + 30.0 + 29.0, end + 30.0 + 31.0))
    assert 20 * np.log10(halfway / level) == pytest.approx(-30.0, abs=1.5)  # 60 dB over the minute
    assert np.max(np.abs(night.stretch(end + 30.0 + TAIL_FADE_SECONDS - 1.0, end + 31.0 + TAIL_FADE_SECONDS))) < 1e-3


def test_with_the_bed_off_a_file_ends_with_the_reading() -> None:
    night = BedNight(BedSettings(play=False))
    assert len(night.samples) / SAMPLE_RATE == pytest.approx(night.reading_end, abs=0.01)


def test_the_sleep_timers_fade_covers_voice_and_bed_together() -> None:
    night = BedNight(BedSettings(play=True, sound=BedSound.BROWN, level=0.5, after_end_s=600.0), sleep_after=60.0)
    timer = SleepTimer(60.0, PlayerSettings().sleep_fade_seconds)  # the one the player set
    full = k_weighted_rms(night.stretch(5.0, 25.0) - Voice().volume)
    for moment in (35.0, 45.0, 55.0):  # the fade runs from 30 s to 60 s
        heard = night.stretch(moment - 0.5, moment + 0.5)
        voice = Voice().volume * timer.gain_at(moment)
        bed_level = k_weighted_rms(heard - voice)
        assert 20 * np.log10(bed_level / full) == pytest.approx(20 * np.log10(timer.gain_at(moment)), abs=1.5)
    # The session ends with the sleep timer: the bed's 10 minutes after the end never come.
    assert len(night.samples) / SAMPLE_RATE < 70.0
    assert np.max(np.abs(night.stretch(60.5, 70.0)), initial=0.0) == 0.0
