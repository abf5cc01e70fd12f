"""Durations as people write them: 4, 1.5, "1.5s", "90 s", "2m", "2 minutes", "1m30s", "1h30m". Pure.

The one duration parser of voicecoach, below both the scripts and the config. Two readings of
a bare number, because the two places mean different things by it:

- `parse_seconds`: a bare number is seconds (a script's `pause: 4`);
- `parse_timer_length`: a bare number is minutes and only whole seconds are kept (a sleep
  timer: `sleep_default: 20`, `--sleep 20`).
"""

from __future__ import annotations

import math
import re

_PART = re.compile(
    r"(?P<number>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>hours?|h|minutes?|mins?|m|seconds?|secs?|s)?",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0}
_BARE_NUMBER = re.compile(r"\d{1,9}(?:\.\d{1,9})?")
_LONGEST_TIMER = 10 * 365 * 24 * 3600  # no sleep timer is ten years long; bounds the digits people can type
DURATION_EXAMPLES = "a number of seconds such as 4 or 1.5, or text such as '90 s', '2m' or '1m30s'"


def parse_seconds(value: str | int | float) -> float:
    """Seconds in `value`; raises ValueError (with a message for people) when it is not a duration.

    A bare number means seconds. Negative values are returned as they are (a negative number,
    or "-3s"), so callers can say "must not be negative" rather than "not a duration".
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


def parse_timer_length(text: str) -> int:
    """Whole seconds of a timer written as `text`; ValueError when it is not one. A bare number means minutes."""
    cleaned = text.strip()
    if _BARE_NUMBER.fullmatch(cleaned):
        return round(float(cleaned) * 60)
    try:
        seconds = parse_seconds(cleaned.lower())
    except ValueError:
        raise ValueError(f"{text!r} is not a duration") from None
    if not 0 <= seconds <= _LONGEST_TIMER or not any(ch.isalpha() for ch in cleaned):
        raise ValueError(f"{text!r} is not a duration")
    return round(seconds)


def format_duration(seconds: int) -> str:
    """The shortest form both parsers read back: 1200 → "20m", 5400 → "1h30m", 45 → "45s"."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{secs}s" if secs else ""]
    return "".join(parts) or "0s"


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
