"""Numbers as spoken English words ("twenty five") and back. Pure."""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

_ONES: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen",
)
_TENS: tuple[str, ...] = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

MAX_SPOKEN = 99


def number_words(value: int) -> str:
    """The words for `value` (0..99), e.g. 25 -> "twenty five"."""
    if not 0 <= value <= MAX_SPOKEN:
        raise ValueError(f"can only say numbers from 0 to {MAX_SPOKEN}, not {value}")
    if value < 20:
        return _ONES[value]
    tens, ones = divmod(value, 10)
    return _TENS[tens] if ones == 0 else f"{_TENS[tens]} {_ONES[ones]}"


def _build_table() -> Mapping[str, int]:
    return MappingProxyType({number_words(value): value for value in range(MAX_SPOKEN + 1)})


_VALUE_OF: Mapping[str, int] = _build_table()


def parse_number(words: str) -> int | None:
    """The value of spoken words or digits ("twenty five", "twenty-five", "25"), or None."""
    cleaned = " ".join(words.lower().replace("-", " ").split())
    if cleaned.isdigit():
        return int(cleaned)
    return _VALUE_OF.get(cleaned)
