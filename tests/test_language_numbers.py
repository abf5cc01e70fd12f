"""Spoken numbers: words for values and values for words."""

from hypothesis import given
from hypothesis import strategies as st
import pytest

from voicecoach.language.numbers import MAX_SPOKEN, number_words, ordinal_words, parse_number, parse_ordinal


@pytest.mark.parametrize(
    ("value", "words"),
    [(1, "one"), (13, "thirteen"), (20, "twenty"), (25, "twenty five"), (30, "thirty"), (90, "ninety")],
)
def test_number_words(value: int, words: str) -> None:
    assert number_words(value) == words


@given(st.integers(min_value=0, max_value=MAX_SPOKEN))
def test_words_round_trip(value: int) -> None:
    assert parse_number(number_words(value)) == value


def test_parse_accepts_hyphens_and_digits() -> None:
    assert parse_number("Twenty-Five") == 25
    assert parse_number("17") == 17


def test_parse_rejects_non_numbers() -> None:
    assert parse_number("twenty twenty") is None
    assert parse_number("hundred") is None


def test_number_words_out_of_range() -> None:
    with pytest.raises(ValueError):
        number_words(100)


@pytest.mark.parametrize(
    ("value", "words"),
    [(1, "first"), (2, "second"), (3, "third"), (12, "twelfth"), (20, "twentieth"), (21, "twenty first"), (99, "ninety ninth")],
)
def test_ordinal_words(value: int, words: str) -> None:
    assert ordinal_words(value) == words


@given(st.integers(min_value=0, max_value=MAX_SPOKEN))
def test_ordinals_round_trip(value: int) -> None:
    assert parse_ordinal(ordinal_words(value)) == value


def test_ordinals_in_digits_and_with_hyphens() -> None:
    assert parse_ordinal("21st") == 21
    assert parse_ordinal("Twenty-Third") == 23
    assert parse_ordinal("third three") is None
    assert parse_ordinal("3") is None
