"""The sleep timer: a smooth fade in dB, remaining time, cancel."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.sleep_timer import FLOOR_DB, MIN_FADE_SECONDS, SleepAtEnd, SleepTimer, SleepUnit, gain_to_db


def samples(timer: SleepTimer, step: float = 0.01) -> list[float]:
    """Gain every `step` seconds from a little before the fade until after the end."""
    count = int(round((timer.fade_s + 2.0) / step))
    first = timer.fade_starts_at - 1.0
    return [timer.gain_at(first + i * step) for i in range(count + 1)]


def test_gain_is_full_until_the_fade_and_zero_after_the_end() -> None:
    timer = SleepTimer(20 * 60, start=100.0)
    assert timer.gain_at(100.0) == 1.0
    assert timer.gain_at(100.0 + 20 * 60 - 30.0) == 1.0
    assert timer.gain_at(100.0 + 20 * 60) == 0.0
    assert timer.is_over(100.0 + 20 * 60) and not timer.is_over(100.0 + 20 * 60 - 0.001)
    assert timer.is_fading(100.0 + 20 * 60 - 10.0) and not timer.is_fading(200.0)


def test_fade_is_monotonic_and_no_10ms_step_exceeds_1_db_until_the_final_cut() -> None:
    timer = SleepTimer(600)
    gains = samples(timer)
    assert all(later <= earlier for earlier, later in zip(gains, gains[1:]))
    audible = [gain for gain in gains if gain > 0]
    steps = [gain_to_db(a) - gain_to_db(b) for a, b in zip(audible, audible[1:])]
    assert max(steps) <= 1.0
    assert gain_to_db(audible[-1]) <= -50.0, "the cut to silence starts from an inaudible level"


@settings(max_examples=100, deadline=None)
@given(st.floats(1.0, 7200.0), st.floats(0.0, 120.0))
def test_any_timer_fades_over_at_least_20_s_in_steps_of_at_most_1_db(duration: float, fade: float) -> None:
    timer = SleepTimer(duration, fade_s=fade)
    assert timer.fade_s == min(max(fade, MIN_FADE_SECONDS), duration)
    # dB falls linearly, so the largest 10 ms step is the slope times 10 ms.
    assert -FLOOR_DB / timer.fade_s * 0.01 <= 1.0
    assert timer.fade_s >= MIN_FADE_SECONDS or timer.fade_s == duration


def test_remaining_and_cancel() -> None:
    timer = SleepTimer(300, start=10.0)
    assert timer.remaining(70.0) == 240.0
    assert timer.next_change(70.0) == 280.0
    timer.cancel()
    assert timer.remaining(70.0) == math.inf
    assert timer.gain_at(309.0) == 1.0 and not timer.is_over(1000.0)
    assert timer.next_change(70.0) is None


@pytest.mark.parametrize("duration", [0, -5, math.inf, math.nan])
def test_refuses_nonsense_durations(duration: float) -> None:
    with pytest.raises(ValueError):
        SleepTimer(duration)


# ---------------------------------------------------------------- the warning, the window, the at-end kind


def test_the_warning_comes_warning_s_before_the_end_and_opens_the_window() -> None:
    timer = SleepTimer(600.0, 30.0, start=100.0, warning_s=60.0)
    assert timer.warns_at == 640.0 and timer.window_starts_at == 640.0
    assert not timer.in_window(639.9) and timer.in_window(640.0) and timer.in_window(699.9) and not timer.in_window(700.0)
    assert timer.next_change(100.0) == 640.0 and timer.next_change(640.0) == 670.0


def test_without_a_warning_the_window_is_the_fade_and_a_short_timer_gives_none() -> None:
    assert SleepTimer(600.0, 30.0).window_starts_at == 570.0
    short = SleepTimer(60.0, 30.0, warning_s=60.0)
    assert short.warns_at is None and short.window_starts_at == 30.0


def test_a_restarted_timer_runs_its_length_again_from_then() -> None:
    again = SleepTimer(600.0, 30.0, start=0.0, warning_s=60.0).restarted(650.0)
    assert (again.start, again.ends_at, again.warning_s) == (650.0, 1250.0, 60.0)
    assert again.restarted(700.0, 120.0).ends_at == 820.0


def test_an_at_end_timer_counts_ends_and_starts_again_after_the_one_under_way() -> None:
    two = SleepAtEnd(SleepUnit.SECTION, 2, 2)
    assert not two.end_reached().is_over and two.end_reached().end_reached().is_over
    assert two.end_reached().restarted() == SleepAtEnd(SleepUnit.SECTION, 2, 3)
    assert SleepAtEnd(SleepUnit.TIP).one_more() == SleepAtEnd(SleepUnit.TIP, 2, 2)
    with pytest.raises(ValueError):
        SleepAtEnd(SleepUnit.TIP, 0, 0)
