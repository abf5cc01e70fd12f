"""Numbers as spoken English words and back: cardinals ("twenty five"), ordinals ("twenty
fifth"), digits ("25", "25th") and the loose forms people and recognisers write ("twenty-five",
"a"/"an" for one where a count is meant). Pure."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Mapping

_ONES: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen",
)
_TENS: tuple[str, ...] = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_ONES: tuple[str, ...] = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
)

MAX_SPOKEN = 99
_DIGIT_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def number_words(value: int) -> str:
    """The words for `value` (0..99), e.g. 25 -> "twenty five"."""
    _check(value)
    if value < 20:
        return _ONES[value]
    tens, ones = divmod(value, 10)
    return _TENS[tens] if ones == 0 else f"{_TENS[tens]} {_ONES[ones]}"


def ordinal_words(value: int) -> str:
    """The ordinal words for `value` (0..99), e.g. 21 -> "twenty first", 30 -> "thirtieth"."""
    _check(value)
    if value < 20:
        return _ORDINAL_ONES[value]
    tens, ones = divmod(value, 10)
    if ones == 0:
        return _TENS[tens][:-1] + "ieth"  # twenty -> twentieth
    return f"{_TENS[tens]} {_ORDINAL_ONES[ones]}"


def _check(value: int) -> None:
    if not 0 <= value <= MAX_SPOKEN:
        raise ValueError(f"can only say numbers from 0 to {MAX_SPOKEN}, not {value}")


def _table(words_of: object) -> Mapping[str, int]:
    return MappingProxyType({words_of(value): value for value in range(MAX_SPOKEN + 1)})  # type: ignore[operator]


_CARDINAL: Mapping[str, int] = _table(number_words)
_ORDINAL: Mapping[str, int] = _table(ordinal_words)


def _cleaned(words: str) -> str:
    return " ".join(words.lower().replace("-", " ").split())


def parse_number(words: str) -> int | None:
    """The value of spoken words or digits ("twenty five", "twenty-five", "25"), or None."""
    cleaned = _cleaned(words)
    if cleaned.isdigit():
        return int(cleaned)
    return _CARDINAL.get(cleaned)


def parse_ordinal(words: str) -> int | None:
    """The value of an ordinal ("third", "twenty-first", "21st"), or None."""
    cleaned = _cleaned(words)
    digits = _DIGIT_ORDINAL.match(cleaned)
    if digits:
        return int(digits.group(1))
    return _ORDINAL.get(cleaned)
