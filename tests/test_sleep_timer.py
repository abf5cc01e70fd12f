"""The sleep timer: a smooth fade in dB, remaining time, cancel."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.sleep_timer import FLOOR_DB, MIN_FADE_SECONDS, SleepTimer, gain_to_db


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
