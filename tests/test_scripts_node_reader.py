"""Reading single YAML nodes with located problems."""

from __future__ import annotations

import yaml

from voicecoach.errors import ScriptError
from voicecoach.scripts.node_reader import NodeReader, describe, fmt, suggest


def node(text: str) -> yaml.Node:
    return yaml.compose(text, Loader=yaml.SafeLoader)


def test_number_out_of_range_is_reported_at_its_line_and_column() -> None:
    problems: list[ScriptError] = []
    reader = NodeReader("s.yaml", problems)
    assert reader.number(node("\n  300"), "rate", 80, 260) is None
    assert str(problems[0].location) == "s.yaml:2:3"
    assert "outside 80 to 260" in problems[0].problem


def test_mapping_reports_unknown_and_duplicate_keys_and_keeps_the_rest() -> None:
    problems: list[ScriptError] = []
    fields = NodeReader("s.yaml", problems).mapping(node("say: hi\nsai: x\nsay: again\n"), ("say", "pause"), "a step")
    assert fields is not None and set(fields) == {"say"}
    assert [p.problem for p in problems] == ["unknown key 'sai' in a step", "'say' appears twice in a step"]
    assert problems[0].fix.startswith("did you mean 'say'?")


def test_duration_accepts_text_and_refuses_negative() -> None:
    problems: list[ScriptError] = []
    reader = NodeReader("s.yaml", problems)
    assert reader.duration(node("1m30s"), "pause", 3600) == 90.0
    assert reader.duration(node("-2"), "pause", 3600) is None
    assert "must not be negative" in problems[0].problem


def test_message_helpers() -> None:
    assert fmt(4.0) == "4" and describe(None) == "nothing" and describe("x") == "text 'x'"
    assert suggest("brethe", ("say", "breathe")).startswith("did you mean 'breathe'?")
