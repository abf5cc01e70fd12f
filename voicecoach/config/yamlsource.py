"""Config YAML to plain values plus the line:column of every key and value (pure).

Only PyYAML's safe classes are used, and only up to `compose`, so no tag can build an
object. The config needs no anchors, so aliases are refused outright: that also makes
"billion laughs" bombs impossible. Nesting depth and text size are capped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from voicecoach.errors import ConfigError, SourceLocation

MAX_CONFIG_CHARS = 256 * 1024
MAX_DEPTH = 20

_TAG = "tag:yaml.org,2002:"
_NULL, _BOOL, _INT, _FLOAT, _STR = (_TAG + name for name in ("null", "bool", "int", "float", "str"))
_SEQ, _MAP, _TIMESTAMP = _TAG + "seq", _TAG + "map", _TAG + "timestamp"
_ALLOWED_TAGS = frozenset({_NULL, _BOOL, _INT, _FLOAT, _STR, _SEQ, _MAP, _TIMESTAMP})
_CONSTRUCTOR = SafeConstructor()

KeyPath = tuple[str | int, ...]


def location(source_name: str, mark: Any) -> SourceLocation:
    """A 1-based SourceLocation from a 0-based YAML mark (1:1 when there is none)."""
    if mark is None:
        return SourceLocation(source_name, 1, 1)
    return SourceLocation(source_name, mark.line + 1, mark.column + 1)


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


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting while composing."""

    def __init__(self, stream: str, source_name: str) -> None:
        super().__init__(stream)
        self.source_name = source_name
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            raise ConfigError(
                location(self.source_name, self.peek_event().start_mark),
                "aliases ('*name') are not supported in the config",
                "write the value out in full instead of using '&anchor' and '*alias'",
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ConfigError(
                    location(self.source_name, self.peek_event().start_mark),
                    f"the config is nested more than {MAX_DEPTH} levels deep",
                    "nest the settings less deeply",
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse_yaml(text: str, source_name: str) -> tuple[Any, Marks]:
    """The config document as plain values (None for an empty file) and where each part is."""
    marks = Marks(source_name)
    if len(text) > MAX_CONFIG_CHARS:
        raise ConfigError(
            SourceLocation(source_name, 1, 1),
            f"the config is over {MAX_CONFIG_CHARS // 1024} KiB, far more than settings need",
            "check that this is the right file",
        )
    root = _compose(text, source_name)
    if root is None:
        return None, marks
    return _value(root, (), marks), marks


def _compose(text: str, source_name: str) -> Node | None:
    loader: _GuardedLoader | None = None
    try:
        loader = _GuardedLoader(text, source_name)  # the reader checks characters already here
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "the YAML cannot be read"
        raise ConfigError(location(source_name, mark), f"YAML syntax error: {problem}", _syntax_fix(problem)) from error
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        where = SourceLocation(source_name, before.count("\n") + 1, error.position - before.rfind("\n"))
        raise ConfigError(where, "the file contains a character YAML does not allow", "save it as plain UTF-8 text") from error
    except yaml.YAMLError as error:
        raise ConfigError(SourceLocation(source_name, 1, 1), f"YAML error: {error}", "check the file is YAML") from error
    except RecursionError as error:
        raise ConfigError(SourceLocation(source_name, 1, 1), "the config is nested too deeply", "simplify it") from error
    finally:
        if loader is not None:
            loader.dispose()


def _syntax_fix(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "single document" in problem:
        return "keep one document in the file and remove the '---' separators"
    return "check the quotes, colons and indentation near here"


def _value(node: Node, path: KeyPath, marks: Marks) -> Any:
    marks.values[path] = location(marks.source_name, node.start_mark)
    _check_tag(node, marks)
    if isinstance(node, MappingNode):
        return _mapping(node, path, marks)
    if isinstance(node, SequenceNode):
        return [_value(item, path + (index,), marks) for index, item in enumerate(node.value)]
    return _scalar(node, marks)


def _mapping(node: MappingNode, path: KeyPath, marks: Marks) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        where = location(marks.source_name, key_node.start_mark)
        key = _scalar(key_node, marks) if isinstance(key_node, ScalarNode) else None
        if not isinstance(key, str) or key_node.tag != _STR:
            raise ConfigError(where, "a setting name must be a plain word", "write names like 'rate' or 'voice'")
        if key in result:
            first = marks.keys[path + (key,)]
            raise ConfigError(where, f"{key!r} is set twice (first at line {first.line})", "keep only one of them")
        marks.keys[path + (key,)] = where
        result[key] = _value(value_node, path + (key,), marks)
    return result


def _check_tag(node: Node, marks: Marks) -> None:
    if node.tag in _ALLOWED_TAGS:
        return
    shown = "!!" + node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
    where = location(marks.source_name, node.start_mark)
    if "python" in node.tag:
        raise ConfigError(where, f"the tag {shown} is not allowed: the config cannot create Python objects", f"remove '{shown}'")
    raise ConfigError(where, f"the tag {shown} is not allowed in the config", f"remove '{shown}'")


def _scalar(node: ScalarNode, marks: Marks) -> Any:
    try:
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if node.tag == _INT:
            return _CONSTRUCTOR.construct_yaml_int(node)
        if node.tag == _FLOAT:
            return _CONSTRUCTOR.construct_yaml_float(node)
    except (ValueError, KeyError, IndexError, yaml.YAMLError) as error:
        where = location(marks.source_name, node.start_mark)
        raise ConfigError(where, f"{node.value!r} is not a valid {node.tag[len(_TAG):]}", "write it plainly") from error
    return str(node.value)  # strings, and timestamps kept as their text
