"""The master fade of sleep timers, and how it sounds once rendered to a file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voicecoach.adapters.timeline_speaker import TimelineSpeaker
from voicecoach.adapters.wavfile import read_audio, write_wav
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.fade import RECOVER_SECONDS, FadeSchedule
from voicecoach.sleep_timer import SleepTimer
from voicecoach.sounds import Speech, SpeechKind, Voice
from voicecoach.virtual_loop import VirtualLoop


class SteadyTone:
    """A stand-in synthesiser that makes a steady tone, so any change of level is the fade's."""

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        seconds = len(text)
        t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
        return AudioClip((0.5 * voice.volume * np.sin(2 * np.pi * 220 * t)).astype(np.float32))


def test_gain_is_one_until_the_fade_then_falls_to_silence() -> None:
    fade = FadeSchedule()
    fade.add(SleepTimer(60.0, 30.0, start=10.0))
    assert fade.gain_at(0.0) == 1.0 and fade.gain_at(39.9) == 1.0
    assert 0.0 < fade.gain_at(55.0) < fade.gain_at(45.0) < 1.0
    assert fade.gain_at(70.0) == 0.0


def test_cancel_keeps_the_history_but_restores_full_volume_after() -> None:
    fade = FadeSchedule()
    fade.add(SleepTimer(60.0, 30.0, start=0.0))
    fade.cancel(45.0)
    assert fade.gain_at(40.0) < 1.0
    assert fade.gain_at(50.0) == 1.0


def test_a_new_timer_replaces_the_running_one() -> None:
    fade = FadeSchedule()
    fade.add(SleepTimer(30.0, 20.0, start=0.0))
    fade.add(SleepTimer(600.0, 30.0, start=5.0))
    assert fade.gain_at(29.0) == 1.0


def test_rendered_fade_is_monotonic_with_no_step_over_one_decibel(tmp_path: Path) -> None:
    loop = VirtualLoop()
    fade = FadeSchedule()
    fade.add(SleepTimer(50.0, 25.0, start=0.0))
    speaker = TimelineSpeaker(SteadyTone(), loop, gain_at=fade.gain_at)
    speaker.play(Speech(1, "x" * 60, SpeechKind.CONTENT, Voice(volume=1.0)))
    path = tmp_path / "fade.wav"
    write_wav(path, speaker.mix(until=60.0))
    audio = read_audio(path)
    block = SAMPLE_RATE // 20  # 50 ms: whole periods of the 220 Hz tone
    blocks = len(audio.samples) // block
    rms = np.sqrt((audio.samples[: blocks * block].reshape(blocks, block) ** 2).mean(axis=1))
    fading = rms[int(25.0 * 20) : int(49.0 * 20)]  # from the fade's start to just before the cut
    levels = 20 * np.log10(fading)
    steps = np.diff(levels)
    assert np.all(steps <= 1e-3), "the fade must never get louder"
    assert np.max(np.abs(steps)) <= 1.0
    assert levels[0] - levels[-1] > 40  # it really fades, by more than 40 dB
    assert np.max(np.abs(audio.samples[int(50.5 * SAMPLE_RATE) :])) == pytest.approx(0.0, abs=1e-4)


def test_a_timer_called_off_in_its_fade_comes_back_over_two_seconds_without_a_jump() -> None:
    schedule = FadeSchedule()
    schedule.add(SleepTimer(100.0, 30.0))
    reached = schedule.gain_at(85.0)  # half-way into the fade: -30 dB
    schedule.cancel(85.0)
    gains = [schedule.gain_at(85.0 + step / 100) for step in range(0, 210)]
    assert gains[0] == pytest.approx(reached)
    assert all(later >= earlier for earlier, later in zip(gains, gains[1:]))
    steps_db = [20 * np.log10(later / earlier) for earlier, later in zip(gains, gains[1:]) if later < 1.0]
    assert max(steps_db) < 0.2  # 30 dB over 2 s in 10 ms steps: 0.15 dB each
    assert schedule.gain_at(85.0 + RECOVER_SECONDS) == 1.0
    assert schedule.gain_at(84.0) < 1.0  # what was heard before the cancel stays as it was
