"""YAML with marks: the one reader of YAML for the config and for scripts. Pure.

Documents are read with PyYAML's *safe* classes, and only as far as `compose`: we keep the nodes,
each with its start mark for `file:line:column`, and never construct arbitrary objects. What a
kind of file may hold is said by its `YamlRules` (the config refuses aliases outright, scripts
may use them); the guards are the same for both:

- nesting depth while composing (no RecursionError, however deep the text);
- alias cycles, and the size a document would have once its aliases were expanded, measured on
  the shared node graph before anything is expanded ("billion laughs" costs what its text costs);
- any tag but the plain YAML types (no `!!python/...`, `!!binary`, custom `!tags`, merge keys).

Problems that stop reading (syntax, depth, bombs) are raised as the rules' error type; the rest
(tags, keys written twice, values that do not fit their tag) are returned, every one at once.

Two ways to use the nodes: walk them (the script loader, `compose` + `check_graph`), or take
plain values with the place of each key and value (the config, `read_values`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TextIO, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from voicecoach.errors import LocatedError, SourceLocation

_TAG = "tag:yaml.org,2002:"
NULL, BOOL, INT, FLOAT, STR = (_TAG + name for name in ("null", "bool", "int", "float", "str"))
SEQ, MAP, TIMESTAMP = _TAG + "seq", _TAG + "map", _TAG + "timestamp"
# Tags a document may carry. Timestamps are read as their text ("2024-01-01" is a title, not a date).
ALLOWED_TAGS = frozenset({NULL, BOOL, INT, FLOAT, STR, SEQ, MAP, TIMESTAMP})
MAX_EXPANDED_NODES = 100_000  # nodes once every alias is expanded
_CONSTRUCTOR = SafeConstructor()

KeyPath = tuple[str | int, ...]
E = TypeVar("E", bound=LocatedError)


@dataclass(frozen=True)
class YamlRules(Generic[E]):
    """What one kind of file may hold, and how its problems are named."""

    what: str
    """The kind of file in messages, as a subject: "scripts", "the config"."""
    error: type[E]
    """The error raised and returned for each problem (ScriptError, ConfigError)."""
    max_depth: int
    """Nested lists and mappings allowed, counted through aliases too."""
    aliases: bool
    """Whether '&anchor' / '*alias' may be used at all."""
    key_name: str = "a key"
    """What a mapping key is, in messages: "a setting name"."""


def location(source_name: str, mark: Any) -> SourceLocation:
    """A 1-based SourceLocation from a 0-based YAML mark (or 1:1 when there is none)."""
    if mark is None:
        return SourceLocation(source_name, 1, 1)
    return SourceLocation(source_name, mark.line + 1, mark.column + 1)


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader that refuses to compose deeper than the rules allow, and aliases where they are refused."""

    def __init__(self, stream: str | TextIO, rules: YamlRules[Any], source_name: str) -> None:
        super().__init__(stream)
        self.rules = rules
        self.source_name = source_name
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if not self.rules.aliases and self.check_event(AliasEvent):
            raise self.rules.error(
                location(self.source_name, self.peek_event().start_mark),
                f"aliases ('*name') are not supported in {self.rules.what}",
                "write the value out in full instead of using '&anchor' and '*alias'",
            )
        self.depth += 1
        try:
            if self.depth > self.rules.max_depth:
                raise yaml.composer.ComposerError(
                    None, None, f"the document is nested more than {self.rules.max_depth} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str | TextIO, source_name: str, rules: YamlRules[Any]) -> Node | None:
    """The single YAML document in `text` as a node graph (None when empty); raises `rules.error`."""
    loader: _GuardedLoader | None = None
    try:
        loader = _GuardedLoader(text, rules, source_name)  # the reader checks characters already here
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "the YAML cannot be read"
        if error.context and error.context_mark is not None and error.problem_mark is not None:
            start = location(source_name, error.context_mark)
            problem += f" ({error.context} that starts at line {start.line}, column {start.column})"
        hint = f"{error.context or ''} {problem}"
        raise rules.error(location(source_name, mark), f"YAML syntax error: {problem}", _syntax_fix(hint)) from error
    except yaml.reader.ReaderError as error:
        raise rules.error(
            _reader_location(text, source_name, error.position),
            "the file contains a character YAML does not allow",
            "remove control characters, or save the file as plain UTF-8 text",
        ) from error
    except yaml.YAMLError as error:
        raise rules.error(location(source_name, None), f"YAML error: {error}", "check the file is YAML") from error
    except RecursionError as error:
        raise rules.error(location(source_name, None), "the document is nested too deeply", "nest it less deeply") from error
    finally:
        if loader is not None:
            loader.dispose()


def _syntax_fix(problem: str) -> str:
    if "quoted scalar" in problem:
        return "close the quote that starts there, or remove it"
    if "nested more than" in problem:
        return "nest the lists and mappings less deeply"
    if "\\t" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "single document" in problem:
        return "keep one document per file and remove the '---' separators"
    if "mapping values" in problem or "indent" in problem or "block" in problem:
        return "check the indentation here, and put text that contains ': ' in quotes"
    if "alias" in problem or "anchor" in problem:
        return "define each '&anchor' once, before any '*alias' that uses it"
    return "check the quotes, colons and indentation near here"


def _reader_location(text: str | TextIO, source_name: str, position: int) -> SourceLocation:
    if not isinstance(text, str):
        return SourceLocation(source_name, 1, 1)
    before = text[:position]
    return SourceLocation(source_name, before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1)


def children(node: Node) -> list[Node]:
    """The nodes directly inside `node` (keys and values for a mapping)."""
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


@dataclass(frozen=True)
class _Size:
    nodes: int
    depth: int


def check_graph(root: Node, source_name: str, rules: YamlRules[E]) -> list[E]:
    """Refuse alias cycles and alias bombs (raised); return every tag that is not a plain YAML type.

    Walks the *shared* node graph once (iteratively, memoised per node), so a billion-laughs
    document costs as much as its text, not its expansion.
    """
    problems: list[E] = []
    sizes: dict[int, _Size] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            parts = [sizes[id(child)] for child in children(node)]
            size = _Size(
                min(1 + sum(part.nodes for part in parts), MAX_EXPANDED_NODES + 1),
                1 + max((part.depth for part in parts), default=0),
            )
            sizes[key] = size
            if size.nodes > MAX_EXPANDED_NODES:
                raise rules.error(
                    location(source_name, node.start_mark),
                    f"the aliases here expand to more than {MAX_EXPANDED_NODES:,} YAML values",
                    "write the steps out, or use 'repeat' instead of nested '*aliases'",
                )
            if size.depth > rules.max_depth:
                raise rules.error(
                    location(source_name, node.start_mark),
                    f"with its aliases expanded this is nested more than {rules.max_depth} levels deep",
                    "use fewer nested '*aliases'",
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise rules.error(
                location(source_name, node.start_mark),
                "an alias here refers to a value that contains itself",
                "remove the '*alias' that points back to its own '&anchor'",
            )
        on_path.add(key)
        problems.extend(_tag_problems(node, source_name, rules))
        stack.append((node, True))
        stack.extend((child, False) for child in children(node) if id(child) not in sizes)
    problems.sort(key=lambda problem: (problem.location.line, problem.location.column))
    return problems


def _tag_problems(node: Node, source_name: str, rules: YamlRules[E]) -> list[E]:
    if node.tag in ALLOWED_TAGS:
        return []
    where = location(source_name, node.start_mark)
    shown = "!!" + node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
    if "python" in node.tag:
        problem = f"the tag {shown} is not allowed: {rules.what} cannot create Python objects or run code"
    elif node.tag == _TAG + "merge":
        return [rules.error(where, f"merge keys ('<<') are not supported in {rules.what}", "write the keys out in full")]
    else:
        problem = f"the tag {shown} is not allowed in {rules.what}"
    return [rules.error(where, problem, f"remove '{shown}'")]


def has_allowed_tag(node: Node) -> bool:
    """Whether `node` carries only a plain YAML type (others were reported by check_graph)."""
    return node.tag in ALLOWED_TAGS


def scalar_value(node: ScalarNode) -> Any:
    """The Python value of a plain scalar: None, bool, int, float or str.

    Raises ValueError when an explicitly tagged scalar does not fit its tag ("!!int abc").
    """
    try:
        if node.tag == NULL:
            return None
        if node.tag == BOOL:
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if node.tag == INT:
            return _CONSTRUCTOR.construct_yaml_int(node)
        if node.tag == FLOAT:
            return _CONSTRUCTOR.construct_yaml_float(node)
    except (ValueError, KeyError, IndexError, yaml.YAMLError) as error:
        raise ValueError(f"{node.value!r} is not a valid {node.tag[len(_TAG):]}") from error
    return str(node.value)


# ------------------------------------------------------------------ plain values with marks


@dataclass
class Marks:
    """Where each key and value sits, by path such as ("recognizer", "engine") or ("commands", "next", 0)."""

    source_name: str
    keys: dict[KeyPath, SourceLocation] = field(default_factory=dict)
    values: dict[KeyPath, SourceLocation] = field(default_factory=dict)

    def key(self, path: KeyPath) -> SourceLocation:
        """Where the key at `path` is written (its value, or the file start, if unknown)."""
        return self.keys.get(path) or self.value(path)

    def value(self, path: KeyPath) -> SourceLocation:
        """Where the value at `path` starts, falling back to its nearest known parent."""
        for length in range(len(path), -1, -1):
            found = self.values.get(path[:length])
            if found is not None:
                return found
        return SourceLocation(self.source_name, 1, 1)


@dataclass(frozen=True)
class MarkedValues(Generic[E]):
    """A document as plain values, where each part of it is, and every problem met reading it."""

    data: Any
    marks: Marks
    problems: tuple[E, ...]


def read_values(text: str | TextIO, source_name: str, rules: YamlRules[E]) -> MarkedValues[E]:
    """The document in `text` as plain values (None when empty) with the marks of every key and value.

    Mapping keys must be plain words; a key written twice keeps its first value. A value that
    cannot be used (a refused tag, "!!int abc") is left out of its mapping (None in a list); each
    such problem is in `problems`, so the caller can report them with its own, all at once.
    """
    marks = Marks(source_name)
    root = compose(text, source_name, rules)
    if root is None:
        return MarkedValues(None, marks, ())
    reader = _ValueReader(marks, rules, list(check_graph(root, source_name, rules)))
    data = reader.value(root, ())
    problems = sorted(reader.problems, key=lambda problem: (problem.location.line, problem.location.column))
    return MarkedValues(None if data is _UNUSABLE else data, marks, tuple(problems))


_UNUSABLE = object()  # a value already reported as one that cannot be used


@dataclass
class _ValueReader(Generic[E]):
    marks: Marks
    rules: YamlRules[E]
    problems: list[E]

    def value(self, node: Node, path: KeyPath) -> Any:
        self.marks.values[path] = self._where(node)
        if not has_allowed_tag(node):
            return _UNUSABLE  # check_graph has reported it
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            items = (self.value(item, path + (index,)) for index, item in enumerate(node.value))
            return [None if item is _UNUSABLE else item for item in items]
        try:
            return scalar_value(node)
        except ValueError as error:
            self.problems.append(self.rules.error(self._where(node), str(error), "write it plainly, without the '!!' tag"))
            return _UNUSABLE

    def mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            where = self._where(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag != STR:
                if has_allowed_tag(key_node):
                    self.problems.append(self.rules.error(where, f"{self.rules.key_name} must be a plain word", "write it as a plain word, not a number or a list"))
                continue
            key = str(key_node.value)
            if key in result or path + (key,) in self.marks.keys:
                first = self.marks.keys[path + (key,)]
                self.problems.append(self.rules.error(where, f"{key!r} is set twice (first at line {first.line})", "keep only one of them"))
                continue
            self.marks.keys[path + (key,)] = where
            value = self.value(value_node, path + (key,))
            if value is not _UNUSABLE:
                result[key] = value
        return result

    def _where(self, node: Node) -> SourceLocation:
        return location(self.marks.source_name, node.start_mark)
