"""Lengths of time as said to a sleep timer."""

from hypothesis import given
from hypothesis import strategies as st
import pytest

from voicecoach.language.spoken_durations import duration_words, parse_spoken_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("ten minutes", 10),
        ("one minute", 1),
        ("a minute", 1),
        ("twenty", 20),
        ("45 minutes", 45),
        ("half an hour", 30),
        ("a quarter of an hour", 15),
        ("three quarters of an hour", 45),
        ("an hour", 60),
        ("one hour", 60),
        ("hour", 60),
        ("hour and half", 90),
        ("half hour", 30),
        ("1 hour", 60),
        ("two hours", 120),
        ("an hour and a half", 90),
        ("one and a half hours", 90),
        ("two hours and a half", 150),
        ("an hour and a quarter", 75),
        ("three hours and a quarter", 195),
        ("an hour and twenty minutes", 80),
        ("two hours and forty five minutes", 165),
        ("twelve hours", 720),
    ],
)
def test_spoken_durations(text: str, minutes: int) -> None:
    assert parse_spoken_duration(text.split()) == minutes


@pytest.mark.parametrize("text", ["", "minutes", "thirteen hours", "zero minutes", "a hundred minutes", "half", "hour and"])
def test_not_durations(text: str) -> None:
    assert parse_spoken_duration(text.split()) is None


@given(st.integers(min_value=1, max_value=720))
def test_said_back_as_heard(minutes: int) -> None:
    assert parse_spoken_duration(duration_words(minutes).split()) == minutes


def test_duration_words_read_naturally() -> None:
    assert duration_words(90) == "an hour and a half"
    assert duration_words(120) == "two hours"
    assert duration_words(61) == "an hour and one minute"
    with pytest.raises(ValueError):
        duration_words(721)
