"""Durations as people write them: 4, 1.5, "1.5s", "90 s", "2m", "2 minutes", "1m30s". Pure."""

from __future__ import annotations

import math
import re

_PART = re.compile(
    r"(?P<number>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>hours?|h|minutes?|mins?|m|seconds?|secs?|s)?",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0}
DURATION_EXAMPLES = "a number of seconds such as 4 or 1.5, or text such as '90 s', '2m' or '1m30s'"


def parse_duration(value: str | int | float) -> float:
    """Seconds in `value`; raises ValueError (with a message for people) when it is not a duration.

    Negative values are returned as they are (a negative number, or "-3s"), so callers can
    say "must not be negative" rather than "not a duration".
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        seconds = _parse_text(value)
    if not math.isfinite(seconds):
        raise ValueError(f"{value!r} is not a finite duration")
    return seconds


def _parse_text(text: str) -> float:
    cleaned = text.strip()
    sign = 1.0
    if cleaned.startswith("-"):
        sign, cleaned = -1.0, cleaned[1:].strip()
    if not cleaned:
        raise ValueError(f"{text!r} is not a duration")
    total = 0.0
    position = 0
    while position < len(cleaned):
        match = _PART.match(cleaned, position)
        if match is None:
            raise ValueError(f"{text!r} is not a duration")
        unit = (match.group("unit") or "s")[0].lower()
        if match.group("unit") is None and position + len(match.group(0)) < len(cleaned):
            raise ValueError(f"{text!r} is not a duration")
        total += float(match.group("number")) * _UNIT_SECONDS[unit]
        position = match.end()
        while position < len(cleaned) and cleaned[position] == " ":
            position += 1
    return sign * total
