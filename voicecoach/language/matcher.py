"""Matching a list of words against a template expression, slots included. Pure.

A slot ({number}, {duration}) may span several words; which spans it takes is decided by its
parser, so "sleep in an hour and a half please" finds the duration "an hour and a half" and
leaves "please" to the words after it. Every way of matching is tried (backtracking), so a
span that does not parse never hides one that does.
"""

from __future__ import annotations

from typing import Callable, Iterator, Sequence as Seq

from voicecoach.language.templates import Choice, Expression, Sequence, Slot, Word

MAX_SLOT_WORDS = 8
"""Longest run of words one slot can take ("two hours and forty five minutes")."""

SlotParser = Callable[[str, Seq[str]], int | None]
"""(slot name, words) -> the slot's value, or None when the words are not one."""

Bindings = tuple[tuple[str, int], ...]


def full_matches(expression: Expression, words: Seq[str], parse_slot: SlotParser) -> Iterator[Bindings]:
    """The slot values of every way `expression` matches all of `words`."""
    for end, bindings in _match(expression, words, 0, parse_slot):
        if end == len(words):
            yield bindings


def first_full_match(expression: Expression, words: Seq[str], parse_slot: SlotParser) -> Bindings | None:
    """The slot values of the first full match of `words`, or None."""
    return next(full_matches(expression, words, parse_slot), None)


def _match(
    expression: Expression, words: Seq[str], start: int, parse_slot: SlotParser
) -> Iterator[tuple[int, Bindings]]:
    if isinstance(expression, Word):
        if start < len(words) and words[start] == expression.text:
            yield start + 1, ()
    elif isinstance(expression, Slot):
        for end in range(start + 1, min(len(words), start + MAX_SLOT_WORDS) + 1):
            value = parse_slot(expression.name, words[start:end])
            if value is not None:
                yield end, ((expression.name, value),)
    elif isinstance(expression, Sequence):
        yield from _match_items(expression.items, 0, words, start, parse_slot)
    elif isinstance(expression, Choice):
        if expression.optional:
            yield start, ()
        for option in expression.options:
            yield from _match(option, words, start, parse_slot)


def _match_items(
    items: tuple[Expression, ...], index: int, words: Seq[str], start: int, parse_slot: SlotParser
) -> Iterator[tuple[int, Bindings]]:
    if index == len(items):
        yield start, ()
        return
    for middle, head in _match(items[index], words, start, parse_slot):
        for end, tail in _match_items(items, index + 1, words, middle, parse_slot):
            yield end, head + tail
