"""Durations as people write them in config: "20m", "1h30m", "90s", "45 minutes" (pure).

The units are read by the one duration parser of voicecoach (`voicecoach.scripts.durations`);
in config a bare number means minutes ("sleep_default: 20"), and only whole seconds are kept.
"""

from __future__ import annotations

import re

from voicecoach.scripts.durations import parse_duration as parse_seconds

_BARE_NUMBER = re.compile(r"\d{1,9}(?:\.\d{1,9})?")
_LONGEST = 10 * 365 * 24 * 3600  # no sleep timer is ten years long; bounds the digits people can type


def parse_duration(text: str) -> int:
    """Whole seconds in `text`; ValueError when it is not a duration. A bare number means minutes."""
    cleaned = text.strip()
    if _BARE_NUMBER.fullmatch(cleaned):
        return round(float(cleaned) * 60)
    try:
        seconds = parse_seconds(cleaned.lower())
    except ValueError:
        raise ValueError(f"{text!r} is not a duration") from None
    if not 0 <= seconds <= _LONGEST or not any(ch.isalpha() for ch in cleaned):
        raise ValueError(f"{text!r} is not a duration")
    return round(seconds)


def format_duration(seconds: int) -> str:
    """The shortest form `parse_duration` reads back: 1200 → "20m", 5400 → "1h30m", 45 → "45s"."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{secs}s" if secs else ""]
    return "".join(parts) or "0s"
