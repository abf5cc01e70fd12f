"""Tests for voicecoach.durations: the one duration parser, with seconds (scripts) and minutes (timers) for bare numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voicecoach.durations import format_duration, parse_seconds, parse_timer_length


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("20m", 1200), ("20", 1200), ("1h30m", 5400), ("1h 5m 3s", 3903), ("90s", 90), ("45 minutes", 2700),
     ("1.5h", 5400), ("2 hours", 7200), (" 10 MIN ", 600)],
)
def test_timer_lengths_people_write(text: str, seconds: int) -> None:
    assert parse_timer_length(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "20x", "h20", "twenty minutes", "20m later", "-5m", "1" * 20 + "h"])
def test_non_timer_lengths_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_timer_length(text)


@given(st.integers(min_value=0, max_value=10 * 24 * 3600))
def test_formatted_durations_read_back_the_same(seconds: int) -> None:
    assert parse_timer_length(format_duration(seconds)) == seconds


@given(st.text(max_size=30))
def test_any_text_is_a_duration_or_a_value_error(text: str) -> None:
    try:
        assert parse_timer_length(text) >= 0
    except ValueError as error:
        assert "not a duration" in str(error)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(4, 4.0), (1.5, 1.5), ("4", 4.0), ("1.5s", 1.5), ("90 s", 90.0), ("2m", 120.0), ("2 minutes", 120.0),
     ("1m30s", 90.0), (".5", 0.5), ("-3s", -3.0), ("1h", 3600.0)],
)
def test_seconds_people_write(value: str | float, seconds: float) -> None:
    assert parse_seconds(value) == seconds


@pytest.mark.parametrize("value", ["abc", "3 4", "1.2.3", "", "m", "inf", True, float("nan"), float("inf")])
def test_parse_seconds_refuses_non_durations(value: object) -> None:
    with pytest.raises(ValueError):
        parse_seconds(value)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10 * 24 * 3600))
def test_formatted_durations_read_back_as_seconds_too(seconds: int) -> None:
    assert parse_seconds(format_duration(seconds)) == seconds


@given(st.text(max_size=30) | st.floats() | st.integers())
def test_any_value_is_seconds_or_a_value_error(value: object) -> None:
    try:
        assert isinstance(parse_seconds(value), float)  # type: ignore[arg-type]
    except ValueError as error:
        assert "duration" in str(error)
