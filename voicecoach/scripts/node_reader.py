"""Reading YAML nodes into values with every problem located: the shapes scripts are made of. Pure.

`NodeReader` checks one node at a time (a mapping with known keys, text, a number in range, a
duration) and appends a `ScriptError` at the node's line and column for each problem, so a
loader can report every problem in a file at once instead of stopping at the first.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from voicecoach.errors import ScriptError
from voicecoach.durations import DURATION_EXAMPLES, parse_seconds
from voicecoach.yamlmarks import has_allowed_tag, location, scalar_value


@dataclass
class Field:
    """A key and its value node in a mapping."""

    key: ScalarNode
    value: Node


class NodeReader:
    """Reads nodes into values, collecting every problem it meets in `problems`."""

    def __init__(self, source_name: str, problems: list[ScriptError]) -> None:
        self.source = source_name
        self.problems = problems
        self.expansion_reported = False

    # -- reporting -------------------------------------------------------------------------
    def report(self, node: Node, problem: str, fix: str) -> None:
        self.problems.append(ScriptError(location(self.source, node.start_mark), problem, fix))

    # -- generic shapes --------------------------------------------------------------------
    def mapping(self, node: Node, allowed: tuple[str, ...], what: str) -> dict[str, Field] | None:
        """The fields of a mapping, reporting unknown, duplicate and non-text keys."""
        if not isinstance(node, MappingNode):
            if has_allowed_tag(node):
                self.report(node, f"{what} must be a mapping of 'key: value' lines, not {kind_of(node)}",
                            f"write it as 'key: value' lines; allowed keys: {', '.join(allowed)}")
            return None
        fields: dict[str, Field] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or not has_allowed_tag(key_node):
                if has_allowed_tag(key_node):
                    self.report(key_node, f"a key in {what} must be a plain word", "use one of " + ", ".join(allowed))
                continue
            key = str(key_node.value)
            if key in fields:
                self.report(key_node, f"'{key}' appears twice in {what}", "keep only one of them")
            elif key not in allowed:
                self.report(key_node, f"unknown key '{key}' in {what}", suggest(key, allowed))
            else:
                fields[key] = Field(key_node, value_node)
        return fields

    def text(self, node: Node, what: str, fix: str, *, required: bool = True) -> str | None:
        """A non-empty text value (any plain scalar is read as the text it was written as)."""
        if not has_allowed_tag(node):
            return None
        if isinstance(node, ScalarNode):
            if node.tag.endswith(":null") or not str(node.value).strip():
                if required:
                    self.report(node, f"{what} needs some text", fix)
                return None
            return str(node.value).strip()
        self.report(node, f"{what} must be text, not {kind_of(node)}", fix)
        return None

    def number(self, node: Node, what: str, low: float, high: float, *, whole: bool = False) -> float | None:
        """A number within [low, high]; reports wrong types and out-of-range values."""
        kind = "a whole number" if whole else "a number"
        fix = f"give {kind} from {fmt(low)} to {fmt(high)}"
        value = self._plain(node, what, fix)
        if value is _BAD:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.report(node, f"{what} must be {kind}, not {describe(value)}", fix)
            return None
        if whole and not float(value).is_integer():
            self.report(node, f"{what} must be a whole number, not {value}", fix)
            return None
        if not math.isfinite(value) or not low <= value <= high:
            self.report(node, f"{what} is {value}, outside {fmt(low)} to {fmt(high)}", fix)
            return None
        return value

    def duration(self, node: Node, what: str, high: float, *, positive: bool = False) -> float | None:
        """Seconds from a number or text such as '1.5s' or '2m', in [0, high] (or (0, high])."""
        fix = f"give {DURATION_EXAMPLES}"
        value = self._plain(node, what, fix)
        if value is _BAD:
            return None
        if value is None:
            self.report(node, f"{what} needs a duration", fix)
            return None
        try:
            seconds = parse_seconds(value)
        except ValueError:
            self.report(node, f"{what} must be a duration, not {describe(value)}", fix)
            return None
        if seconds < 0:
            self.report(node, f"{what} must not be negative (got {describe(value)})", fix)
            return None
        if positive and seconds == 0:
            self.report(node, f"{what} must be longer than 0 seconds", fix)
            return None
        if seconds > high:
            self.report(node, f"{what} is {fmt(seconds)} s, longer than the {fmt(high)} s allowed",
                        f"use at most {fmt(high)} seconds")
            return None
        return seconds

    def _plain(self, node: Node, what: str, fix: str) -> Any:
        if not has_allowed_tag(node):
            return _BAD
        if not isinstance(node, ScalarNode):
            self.report(node, f"{what} must be a single value, not {kind_of(node)}", fix)
            return _BAD
        try:
            return scalar_value(node)
        except ValueError as error:
            self.report(node, f"{what}: {error}", fix)
            return _BAD


_BAD = object()  # a value already reported as wrong


def suggest(word: str, choices: tuple[str, ...]) -> str:
    """A fix naming the allowed choices, with the closest one first if there is one."""
    close = difflib.get_close_matches(word.lower(), choices, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"{hint}use one of: {', '.join(choices)}"


def kind_of(node: Node) -> str:
    """What a node is, in words for a message."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return f"'{node.value}'" if node.value != "" else "nothing"


def describe(value: Any) -> str:
    """A value as it should appear in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, str):
        return f"text '{value}'"
    return str(value)


def fmt(value: float) -> str:
    """A number without needless decimals."""
    return f"{value:g}"
