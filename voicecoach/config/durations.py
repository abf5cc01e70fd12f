"""Durations as people write them in config: "20m", "1h30m", "90s", "45 minutes" (pure)."""

from __future__ import annotations

import re

_PART = re.compile(
    r"(?P<amount>\d{1,9}(?:\.\d{1,9})?)\s*(?P<unit>h|hours?|hrs?|m|mins?|minutes?|s|secs?|seconds?)(?![a-z])",
    re.IGNORECASE,
)
_SECONDS_PER_UNIT = {"h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> int:
    """Whole seconds in `text`; ValueError when it is not a duration. A bare number means minutes."""
    cleaned = text.strip().lower()
    if re.fullmatch(r"\d{1,9}(?:\.\d{1,9})?", cleaned):
        return round(float(cleaned) * 60)
    total = 0.0
    position = 0
    for match in _PART.finditer(cleaned):
        if cleaned[position:match.start()].strip():
            break
        total += float(match.group("amount")) * _SECONDS_PER_UNIT[match.group("unit")[0]]
        position = match.end()
    if position == 0 or cleaned[position:].strip():
        raise ValueError(f"{text!r} is not a duration")
    return round(total)


def format_duration(seconds: int) -> str:
    """The shortest form `parse_duration` reads back: 1200 → "20m", 5400 → "1h30m", 45 → "45s"."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{secs}s" if secs else ""]
    return "".join(parts) or "0s"
