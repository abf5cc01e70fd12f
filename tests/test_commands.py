"""Typed command lines."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from voicecoach.commands import Command, CommandId, parse_command_line
from voicecoach.errors import CommandError


@pytest.mark.parametrize("command_id", list(CommandId))
def test_every_canonical_id_parses(command_id: CommandId) -> None:
    needs = {CommandId.GOTO_SECTION: " 2", CommandId.GOTO_TIP: " 2", CommandId.SLEEP_TIMER: " 2"}
    command = parse_command_line(str(command_id) + needs.get(command_id, ""))
    assert command.id is command_id


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Next tip", Command(CommandId.NEXT)),
        ("go to section 3", Command(CommandId.GOTO_SECTION, {"number": 3})),
        ("tip 4", Command(CommandId.GOTO_TIP, {"number": 4})),
        ("sleep in 10 minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 10})),
        ("  WHERE AM I ", Command(CommandId.WHERE)),
        ("next-section", Command(CommandId.NEXT_SECTION)),
        ("q", Command(CommandId.QUIT)),
    ],
)
def test_aliases_and_numbers(line: str, expected: Command) -> None:
    assert parse_command_line(line) == expected


@pytest.mark.parametrize("line", ["fly", "goto_section", "next 3", "", "section three"])
def test_bad_lines_raise_command_error_with_a_hint(line: str) -> None:
    with pytest.raises(CommandError, match="help|number|takes no number"):
        parse_command_line(line)


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_command_error(text: str) -> None:
    try:
        command = parse_command_line(text)
    except CommandError:
        return
    assert isinstance(command.id, CommandId)
