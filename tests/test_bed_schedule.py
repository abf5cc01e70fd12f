"""The sound bed's state in virtual time: levels, ramps, crossfades, the tail after the end."""

from __future__ import annotations

import math

import numpy as np
import pytest

from voicecoach.bed.schedule import (
    CROSSFADE_SECONDS,
    FADE_IN_SECONDS,
    FADE_OFF_SECONDS,
    QUIT_FADE_SECONDS,
    RAMP_SECONDS,
    TAIL_FADE_SECONDS,
    SoundBed,
)
from voicecoach.bed.settings import MAX_LEVEL, MIN_LEVEL, BedSettings, BedSound
from voicecoach.events import Finished, Quit, QuitReason, StateChanged
from voicecoach.ports import Position

RATE = 22050


def db(gain: float) -> float:
    return 20 * math.log10(gain)


def playing(level: float = 0.3, sound: BedSound = BedSound.PINK, after_end: float = 600.0) -> SoundBed:
    """A bed that starts on at time 0 and has finished fading in by FADE_IN_SECONDS."""
    return SoundBed(BedSettings(play=True, sound=sound, level=level, after_end_s=after_end))


def largest_step_per_10ms(bed: SoundBed, sound: BedSound, start: float, end: float) -> float:
    """The largest change of the gain between two moments 10 ms apart, as a share of the loudest
    gain there (a click is a jump; a 3 dB step over 0.8 s moves under 1 % of the level in 10 ms)."""
    times = np.arange(start, end, 0.01)
    gains = np.array([bed.gain_at(sound, float(t)) for t in times])
    return float(np.max(np.abs(np.diff(gains))) / gains.max())


def test_off_by_default_and_silent() -> None:
    bed = SoundBed()
    assert not bed.playing
    assert all(bed.envelope(sound, 0.0, RATE, RATE) is None for sound in BedSound)
    assert bed.silent_from() == -math.inf


def test_play_in_the_config_fades_in_from_the_start() -> None:
    bed = playing(level=0.3)
    assert bed.gain_at(BedSound.PINK, 0.0) == 0.0
    assert 0.0 < bed.gain_at(BedSound.PINK, FADE_IN_SECONDS / 2) < 0.3
    assert bed.gain_at(BedSound.PINK, FADE_IN_SECONDS) == pytest.approx(0.3)
    assert bed.gain_at(BedSound.PINK, 3600.0) == pytest.approx(0.3)
    assert bed.gain_at(BedSound.BROWN, 10.0) == 0.0
    assert bed.silent_from() is None


def test_louder_and_quieter_step_three_decibels_smoothly() -> None:
    bed = playing(level=0.3)
    assert bed.louder(10.0)
    assert db(bed.gain_at(BedSound.PINK, 10.0 + RAMP_SECONDS)) - db(0.3) == pytest.approx(3.01, abs=0.02)
    assert bed.gain_at(BedSound.PINK, 10.0) == pytest.approx(0.3)  # a ramp, not a jump
    assert bed.quieter(20.0) and bed.quieter(30.0)
    assert db(bed.gain_at(BedSound.PINK, 31.0)) - db(0.3) == pytest.approx(-3.01, abs=0.02)
    assert largest_step_per_10ms(bed, BedSound.PINK, 0.0, 40.0) < 0.01


def test_louder_and_quieter_stop_at_their_limits() -> None:
    bed = playing(level=0.9)
    assert bed.louder(5.0)
    assert bed.level == MAX_LEVEL
    assert not bed.louder(6.0)
    for moment in range(7, 30):
        bed.quieter(float(moment))
    assert bed.level == MIN_LEVEL
    assert not bed.quieter(31.0)


def test_noise_off_fades_out_and_noise_on_fades_back_in() -> None:
    bed = playing()
    bed.turn_off(10.0)
    assert not bed.playing
    assert bed.gain_at(BedSound.PINK, 10.0 + FADE_OFF_SECONDS) == 0.0
    assert bed.silent_from() == pytest.approx(10.0 + FADE_OFF_SECONDS)
    bed.turn_on(20.0)
    assert bed.gain_at(BedSound.PINK, 20.0 + FADE_IN_SECONDS) == pytest.approx(0.3)
    assert largest_step_per_10ms(bed, BedSound.PINK, 0.0, 30.0) < 0.02


def test_a_new_sound_is_crossfaded_at_equal_power() -> None:
    bed = playing(level=0.4)
    bed.choose(BedSound.RAIN, 10.0)
    for t in np.linspace(10.0, 10.0 + CROSSFADE_SECONDS, 17):
        power = bed.gain_at(BedSound.PINK, float(t)) ** 2 + bed.gain_at(BedSound.RAIN, float(t)) ** 2
        assert power == pytest.approx(0.16, rel=0.02)
    assert bed.gain_at(BedSound.PINK, 10.0 + CROSSFADE_SECONDS) == 0.0
    assert bed.sound is BedSound.RAIN


def test_next_sound_goes_round_and_turns_the_bed_on_when_off() -> None:
    bed = SoundBed(BedSettings(sound=BedSound.FAN))
    assert bed.next_sound(1.0) is BedSound.FAN and bed.playing  # off: the chosen sound, on
    assert bed.next_sound(5.0) is BedSound.RAIN
    assert bed.next_sound(9.0) is BedSound.BROWN


def test_the_past_is_never_rewritten() -> None:
    bed = playing()
    before = [bed.gain_at(BedSound.PINK, t) for t in (1.0, 2.0, 5.0)]
    bed.turn_off(6.0)
    bed.louder(7.0)
    assert [bed.gain_at(BedSound.PINK, t) for t in (1.0, 2.0, 5.0)] == before


def test_after_the_reading_ends_it_keeps_going_then_fades_in_decibels() -> None:
    bed = playing(after_end=600.0)
    bed.reading_ended(100.0)
    assert bed.gain_at(BedSound.PINK, 699.0) == pytest.approx(0.3)
    midway = 700.0 + TAIL_FADE_SECONDS / 2
    assert db(bed.gain_at(BedSound.PINK, midway)) - db(0.3) == pytest.approx(-30.0, abs=0.5)
    assert bed.gain_at(BedSound.PINK, 700.0 + TAIL_FADE_SECONDS + 0.01) == 0.0
    assert bed.silent_from() == pytest.approx(700.0 + TAIL_FADE_SECONDS, abs=0.01)
    assert largest_step_per_10ms(bed, BedSound.PINK, 690.0, 700.0 + TAIL_FADE_SECONDS) < 0.01


def test_after_end_zero_fades_at_once() -> None:
    bed = playing(after_end=0.0)
    bed.reading_ended(100.0)
    assert bed.silent_from() == pytest.approx(100.0 + TAIL_FADE_SECONDS, abs=0.01)


def test_a_command_after_the_end_shows_the_listener_is_awake_and_starts_the_wait_again() -> None:
    bed = playing(after_end=600.0)
    bed.reading_ended(100.0)
    bed.quieter(400.0)
    assert bed.silent_from() == pytest.approx(1000.0 + TAIL_FADE_SECONDS, abs=0.01)


def test_turned_on_after_the_end_it_plays_its_time_and_fades() -> None:
    bed = SoundBed(BedSettings(after_end_s=60.0))
    bed.reading_ended(100.0)
    assert bed.silent_from() == -math.inf
    bed.turn_on(500.0)
    assert bed.silent_from() == pytest.approx(560.0 + TAIL_FADE_SECONDS, abs=0.01)


def test_reading_again_cancels_the_tail() -> None:
    bed = playing(after_end=60.0)
    bed.reading_ended(100.0)
    bed.reading_resumed(130.0)
    assert bed.silent_from() is None
    assert bed.gain_at(BedSound.PINK, 5000.0) == pytest.approx(0.3)


def test_the_bed_follows_the_players_events() -> None:
    bed = playing(after_end=60.0)
    bed.on_player_event(Finished(100.0, Position(2, 3)))
    assert bed.tail_starts_at == 160.0
    bed.on_player_event(StateChanged(120.0, "reading"))
    assert bed.tail_starts_at is None
    bed.on_player_event(Quit(200.0, Position(2, 3), QuitReason.GOODBYE))
    assert bed.silent_from() == pytest.approx(200.0 + QUIT_FADE_SECONDS)
    bed.turn_on(300.0)  # nothing changes once the session is over
    assert bed.silent_from() == pytest.approx(200.0 + QUIT_FADE_SECONDS)


def test_the_sleep_timers_end_stops_the_bed_at_once() -> None:
    # The master fade has brought everything to silence by then; the bed just stops there.
    bed = playing()
    bed.on_player_event(Quit(900.0, Position(0, 0), QuitReason.SLEEP_TIMER))
    assert bed.silent_from() == pytest.approx(900.0, abs=0.01)


def test_when_the_session_ends_a_planned_tail_plays_out_and_otherwise_it_fades() -> None:
    with_tail = playing(after_end=60.0)
    with_tail.reading_ended(100.0)
    with_tail.session_ended(101.0)
    assert with_tail.silent_from() == pytest.approx(160.0 + TAIL_FADE_SECONDS, abs=0.01)
    without = playing()
    without.session_ended(50.0)
    assert without.silent_from() == pytest.approx(50.0 + QUIT_FADE_SECONDS)


def test_the_envelope_is_the_gain_per_sample_and_none_when_silent() -> None:
    bed = playing(level=0.5)
    envelope = bed.envelope(BedSound.PINK, 1.0, RATE, RATE)
    assert envelope is not None and len(envelope) == RATE
    assert envelope[0] == pytest.approx(bed.gain_at(BedSound.PINK, 1.0), abs=1e-6)
    assert envelope[-1] == pytest.approx(bed.gain_at(BedSound.PINK, 2.0 - 1 / RATE), abs=1e-6)
    assert bed.envelope(BedSound.BROWN, 1.0, RATE, RATE) is None
