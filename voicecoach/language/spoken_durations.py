"""Lengths of time as people say them to a sleep timer, in whole minutes. Pure.

"ten minutes", "half an hour", "an hour and a half", "two hours", "one and a half hours",
"an hour and twenty minutes", or a bare number meaning minutes ("sleep in twenty"). The small
words may be left out, as they often are when said quickly ("sleep in hour and half").
Each form is a template in the command language's own syntax; {minutes} is a count of
minutes (1..99) and {hours} a count of hours (1..12).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Sequence as Seq

from voicecoach.language.matcher import first_full_match
from voicecoach.language.numbers import number_words, parse_number
from voicecoach.language.templates import Sequence, parse_template

MAX_HOURS = 12
MAX_COUNTED_MINUTES = 99


@dataclass(frozen=True)
class DurationForm:
    """One way of saying a length of time, and how many minutes it means."""

    template: str
    minutes: Callable[[int, int], int]
    """(hours, minutes) heard in the form -> the length in minutes."""

    @functools.cached_property
    def expression(self) -> Sequence:
        return parse_template(self.template)


FORMS: tuple[DurationForm, ...] = (
    DurationForm("{minutes} (minute|minutes)", lambda h, m: m),
    DurationForm("{minutes}", lambda h, m: m),
    DurationForm("(a|one) minute", lambda h, m: 1),
    DurationForm("half [an|a] hour", lambda h, m: 30),
    DurationForm("[a] quarter of an hour", lambda h, m: 15),
    DurationForm("three quarters of an hour", lambda h, m: 45),
    DurationForm("[an] hour", lambda h, m: 60),
    DurationForm("{hours} (hour|hours)", lambda h, m: 60 * h),
    DurationForm("[an] hour and [a] half", lambda h, m: 90),
    DurationForm("[an] hour and [a] quarter", lambda h, m: 75),
    DurationForm("{hours} and a half hours", lambda h, m: 60 * h + 30),
    DurationForm("{hours} (hour|hours) and [a] half", lambda h, m: 60 * h + 30),
    DurationForm("{hours} (hour|hours) and [a] quarter", lambda h, m: 60 * h + 15),
    DurationForm("an hour and {minutes} (minute|minutes)", lambda h, m: 60 + m),
    DurationForm("{hours} (hour|hours) and {minutes} (minute|minutes)", lambda h, m: 60 * h + m),
)


def _count(name: str, words: Seq[str]) -> int | None:
    value = parse_number(" ".join(words))
    if value is None:
        return None
    high = MAX_HOURS if name == "hours" else MAX_COUNTED_MINUTES
    return value if 1 <= value <= high else None


def parse_spoken_duration(words: Seq[str]) -> int | None:
    """The minutes `words` say ("an", "hour", "and", "a", "half" -> 90), or None."""
    for form in FORMS:
        bindings = first_full_match(form.expression, words, _count)
        if bindings is not None:
            values = dict(bindings)
            minutes = form.minutes(values.get("hours", 0), values.get("minutes", 0))
            return minutes if minutes > 0 else None
    return None


def duration_words(minutes: int) -> str:
    """A natural way to say `minutes` (1 .. 12 hours), e.g. 90 -> "an hour and a half"."""
    if not 1 <= minutes <= MAX_HOURS * 60:
        raise ValueError(f"a sleep timer is 1 minute to {MAX_HOURS} hours, not {minutes} minutes")
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return "one minute" if rest == 1 else f"{number_words(rest)} minutes"
    hour_words = "an hour" if hours == 1 else f"{number_words(hours)} hours"
    if rest == 0:
        return hour_words
    if rest == 30:
        return f"{hour_words} and a half"
    return f"{hour_words} and {number_words(rest)} minute{'s' if rest != 1 else ''}"
