"""Tests for voicecoach.config.durations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voicecoach.config.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("20m", 1200), ("20", 1200), ("1h30m", 5400), ("1h 5m 3s", 3903), ("90s", 90), ("45 minutes", 2700),
     ("1.5h", 5400), ("2 hours", 7200), (" 10 MIN ", 600)],
)
def test_durations_people_write(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "20x", "h20", "twenty minutes", "20m later", "-5m", "1" * 20 + "h"])
def test_non_durations_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@given(st.integers(min_value=0, max_value=10 * 24 * 3600))
def test_formatted_durations_read_back_the_same(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.text(max_size=30))
def test_any_text_is_a_duration_or_a_value_error(text: str) -> None:
    try:
        assert parse_duration(text) >= 0
    except ValueError as error:
        assert "not a duration" in str(error)
