"""Sentence templates in the style of hassil: "(next|skip) [tip]", "go to section {number}".

Syntax: plain words; `(a|b c)` one of the alternatives; `[a|b]` optional (zero or one of the
alternatives); `{slot}` a value such as a number. Words are lower-case letters and apostrophes.
A template parses to a small tree of frozen dataclasses, which expands to every phrasing and is
matched against words by `matcher`. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Union

from voicecoach.errors import CommandError


@dataclass(frozen=True)
class Word:
    """One literal word."""

    text: str


@dataclass(frozen=True)
class Slot:
    """A place for a value, e.g. {number}."""

    name: str


@dataclass(frozen=True)
class Sequence:
    """Items spoken one after another."""

    items: tuple["Expression", ...]


@dataclass(frozen=True)
class Choice:
    """One of several sequences; `optional` allows saying none of them."""

    options: tuple[Sequence, ...]
    optional: bool = False


Expression = Union[Word, Slot, Sequence, Choice]

_TOKEN = re.compile(r"\s*(?:(?P<punct>[()\[\]|])|\{(?P<slot>[a-z_]+)\}|(?P<word>[a-z']+))")


class TemplateSyntaxError(CommandError):
    """A phrasing template cannot be parsed; the message names the template and the problem."""


def _tokens(template: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = template.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            bad = text[position:].lstrip()[:1]
            raise TemplateSyntaxError(
                f"phrasing {template!r}: unexpected {bad!r}; use lower-case words, "
                "(a|b) for choices, [a] for optional words and {number} or {minutes} for values"
            )
        kind = match.lastgroup or "word"
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent over the tokens of one template."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.tokens = _tokens(template)
        self.index = 0

    def fail(self, problem: str) -> TemplateSyntaxError:
        return TemplateSyntaxError(f"phrasing {self.template!r}: {problem}")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def parse(self) -> Sequence:
        sequence = self.sequence()
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.peek()[1]!r}; check the brackets")  # type: ignore[index]
        if not sequence.items:
            raise self.fail("it is empty; write at least one word")
        return sequence

    def sequence(self) -> Sequence:
        items: list[Expression] = []
        while (token := self.peek()) is not None and token[1] not in ")]|":
            self.index += 1
            kind, value = token
            if kind == "word":
                items.append(Word(value))
            elif kind == "slot":
                items.append(Slot(value))
            else:
                items.append(self.choice(closing=")" if value == "(" else "]"))
        return Sequence(tuple(items))

    def choice(self, closing: str) -> Choice:
        options = [self.sequence()]
        while self.peek() == ("punct", "|"):
            self.index += 1
            options.append(self.sequence())
        if self.peek() != ("punct", closing):
            raise self.fail(f"a bracket is not closed; add {closing!r}")
        self.index += 1
        if any(not option.items for option in options):
            raise self.fail("a choice has an empty alternative; remove the extra '|'")
        return Choice(tuple(options), optional=closing == "]")


def parse_template(template: str) -> Sequence:
    """Parse one template, raising TemplateSyntaxError with a clear message if it is malformed."""
    return _Parser(template.strip().lower()).parse()


def slots_in(expression: Expression) -> list[str]:
    """Names of the slots in `expression`, in order of appearance."""
    if isinstance(expression, Slot):
        return [expression.name]
    if isinstance(expression, Word):
        return []
    children = expression.items if isinstance(expression, Sequence) else expression.options
    return [name for child in children for name in slots_in(child)]


def words_in(expression: Expression) -> set[str]:
    """Every literal word in `expression`."""
    if isinstance(expression, Word):
        return {expression.text}
    if isinstance(expression, Slot):
        return set()
    children = expression.items if isinstance(expression, Sequence) else expression.options
    return {word for child in children for word in words_in(child)}


def expand(expression: Expression) -> Iterator[tuple[Word | Slot, ...]]:
    """Every phrasing of `expression` as a tuple of words and slots."""
    if isinstance(expression, (Word, Slot)):
        yield (expression,)
    elif isinstance(expression, Sequence):
        yield from _expand_sequence(expression.items)
    else:
        if expression.optional:
            yield ()
        for option in expression.options:
            yield from expand(option)


def _expand_sequence(items: tuple[Expression, ...]) -> Iterator[tuple[Word | Slot, ...]]:
    if not items:
        yield ()
        return
    for head in expand(items[0]):
        for tail in _expand_sequence(items[1:]):
            yield head + tail
