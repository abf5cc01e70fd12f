"""Safe YAML parsing into position-carrying nodes, with guards against hostile documents. Pure.

Scripts are parsed with PyYAML's *safe* loader classes, but only as far as `compose`: we keep the
nodes (each with a start mark for `file:line:column`) and never construct arbitrary objects.
Guards: nesting depth while composing, alias cycles, and the size a document would have once its
aliases were expanded (measured on the shared node graph, before anything is expanded).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, TextIO

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from voicecoach.errors import ScriptError, SourceLocation

logger = logging.getLogger(__name__)

MAX_YAML_DEPTH = 100  # nested lists/mappings, counted through aliases too
MAX_EXPANDED_NODES = 100_000  # nodes once every alias is expanded

_TAG = "tag:yaml.org,2002:"
NULL, BOOL, INT, FLOAT, STR = (_TAG + name for name in ("null", "bool", "int", "float", "str"))
SEQ, MAP, TIMESTAMP = _TAG + "seq", _TAG + "map", _TAG + "timestamp"
# Tags a script may carry. Timestamps are read as their text ("2024-01-01" is a title, not a date).
ALLOWED_TAGS = frozenset({NULL, BOOL, INT, FLOAT, STR, SEQ, MAP, TIMESTAMP})


def location(source_name: str, mark: Any) -> SourceLocation:
    """A 1-based SourceLocation from a 0-based YAML mark (or 1:1 when there is none)."""
    if mark is None:
        return SourceLocation(source_name, 1, 1)
    return SourceLocation(source_name, mark.line + 1, mark.column + 1)


class _DepthGuardedLoader(yaml.SafeLoader):
    """SafeLoader that refuses to compose deeper than MAX_YAML_DEPTH (no RecursionError)."""

    def __init__(self, stream: str | TextIO) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        self.depth += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"the document is nested more than {MAX_YAML_DEPTH} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str | TextIO, source_name: str) -> Node | None:
    """The single YAML document in `text` as a node graph; ScriptError on any YAML problem."""
    loader: _DepthGuardedLoader | None = None
    try:
        loader = _DepthGuardedLoader(text)
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "the YAML cannot be read"
        if error.context and error.context_mark is not None and error.problem_mark is not None:
            start = location(source_name, error.context_mark)
            problem += f" ({error.context} that starts at line {start.line}, column {start.column})"
        hint = f"{error.context or ''} {problem}"
        raise ScriptError(location(source_name, mark), f"YAML syntax error: {problem}", _syntax_fix(hint)) from error
    except yaml.reader.ReaderError as error:
        raise ScriptError(
            _reader_location(text, source_name, error.position),
            "the file contains a character YAML does not allow",
            "remove control characters, or save the file as plain UTF-8 text",
        ) from error
    except yaml.YAMLError as error:
        raise ScriptError(location(source_name, None), f"YAML error: {error}", "check the file is YAML") from error
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
        return "keep one script per file and remove the '---' separators"
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


def check_graph(root: Node, source_name: str) -> list[ScriptError]:
    """Refuse alias cycles and alias bombs; report every tag that is not a plain YAML type.

    Walks the *shared* node graph once (iteratively, memoised per node), so a billion-laughs
    document costs as much as its text, not its expansion.
    """
    problems: list[ScriptError] = []
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
                raise ScriptError(
                    location(source_name, node.start_mark),
                    f"the aliases here expand to more than {MAX_EXPANDED_NODES:,} YAML values",
                    "write the steps out, or use 'repeat' instead of nested '*aliases'",
                )
            if size.depth > MAX_YAML_DEPTH:
                raise ScriptError(
                    location(source_name, node.start_mark),
                    f"with its aliases expanded this is nested more than {MAX_YAML_DEPTH} levels deep",
                    "use fewer nested '*aliases'",
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise ScriptError(
                location(source_name, node.start_mark),
                "an alias here refers to a value that contains itself",
                "remove the '*alias' that points back to its own '&anchor'",
            )
        on_path.add(key)
        problems.extend(_tag_problems(node, source_name))
        stack.append((node, True))
        stack.extend((child, False) for child in children(node) if id(child) not in sizes)
    problems.sort(key=lambda problem: (problem.location.line, problem.location.column))
    return problems


def _tag_problems(node: Node, source_name: str) -> list[ScriptError]:
    if node.tag in ALLOWED_TAGS:
        return []
    shown = "!!" + node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
    if "python" in node.tag:
        problem = f"the tag {shown} is not allowed: scripts cannot create Python objects or run code"
    elif node.tag == _TAG + "merge":
        problem = "merge keys ('<<') are not supported in scripts"
        return [ScriptError(location(source_name, node.start_mark), problem, "write the keys out in full")]
    else:
        problem = f"the tag {shown} is not allowed in scripts"
    return [ScriptError(location(source_name, node.start_mark), problem, f"remove '{shown}'")]


def has_allowed_tag(node: Node) -> bool:
    """Whether `node` carries only a plain YAML type (others were reported by check_graph)."""
    return node.tag in ALLOWED_TAGS


_CONSTRUCTOR = SafeConstructor()


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
