"""The session's sleep timer of either kind: what is due, when, and what starting it again means."""

from __future__ import annotations

import math

from voicecoach.fade import FadeSchedule
from voicecoach.sleep_control import SleepControl, SleepSettings
from voicecoach.sleep_timer import SleepAtEnd, SleepUnit


def control(warning: float = 60.0) -> tuple[SleepControl, FadeSchedule]:
    fade = FadeSchedule()
    return SleepControl(fade, SleepSettings(fade_s=30.0, default_s=1200.0, warning_s=warning)), fade


def test_a_timer_by_time_asks_for_its_warning_then_its_end() -> None:
    sleep, fade = control()
    sleep.set_for(600.0, 100.0)
    assert sleep.deadline() == 640.0 and not sleep.warning_due(639.0) and sleep.warning_due(640.0)
    sleep.mark_warned()
    assert sleep.deadline() == 700.0 and sleep.in_window(650.0) and not sleep.is_over(699.0) and sleep.is_over(700.0)
    assert fade.gain_at(690.0) < 1.0


def test_starting_again_keeps_the_length_the_listener_set_not_the_extra_minutes() -> None:
    sleep, _ = control()
    sleep.set_for(600.0, 0.0)
    sleep.set_for(900.0, 10.0, as_length=False)  # "five more minutes"
    assert sleep.length_minutes == 10
    sleep.restart(800.0)
    assert sleep.timer is not None and sleep.timer.ends_at == 1400.0 and not sleep.warned


def test_an_at_end_timer_ends_at_its_ends_and_its_window_opens_with_the_warning() -> None:
    sleep, fade = control()
    sleep.set_at_end(SleepAtEnd(SleepUnit.SECTION, 2, 2), 0.0)
    assert sleep.deadline() is None and not sleep.in_window(5.0)
    assert not sleep.end_reached(SleepUnit.TIP, section_ended=False)  # a tip's end does not count
    assert not sleep.end_reached(SleepUnit.SECTION, section_ended=True)
    assert not sleep.warning_due_at_end(61.0) and sleep.warning_due_at_end(59.0)
    sleep.mark_warned()
    assert sleep.in_window(5.0)
    assert sleep.end_reached(SleepUnit.SECTION, section_ended=True) and not sleep.running
    sleep.fade_out_now(200.0)
    assert fade.silent_from() == 230.0


def test_one_kind_replaces_the_other_and_cancel_leaves_none() -> None:
    sleep, fade = control()
    sleep.set_for(600.0, 0.0)
    sleep.set_at_end(SleepAtEnd(SleepUnit.TIP), 10.0)
    assert sleep.timer is None and fade.gain_at(590.0) == 1.0
    assert sleep.cancel(20.0) and not sleep.running and not sleep.cancel(30.0)
    assert sleep.seconds_left(30.0) == math.inf


def test_with_the_warning_off_the_window_is_the_fade() -> None:
    sleep, _ = control(warning=0.0)
    sleep.set_for(600.0, 0.0)
    assert sleep.deadline() == 600.0 and not sleep.warning_due(590.0)
    assert not sleep.in_window(569.0) and sleep.in_window(571.0)
    assert not sleep.warning_due_at_end(0.0)
