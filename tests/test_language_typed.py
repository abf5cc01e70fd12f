"""Typed command lines: the spoken language, short forms and the command names."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from voicecoach.commands import Command, CommandId
from voicecoach.errors import CommandError
from voicecoach.language.grammar import load_grammar
from voicecoach.language.typed import parse_typed_line


@pytest.mark.parametrize("command_id", list(CommandId))
def test_every_command_name_parses(command_id: CommandId) -> None:
    needs = {CommandId.GOTO_SECTION: " 2", CommandId.GOTO_TIP: " 2", CommandId.SLEEP_TIMER: " 2",
             CommandId.SLEEP_AFTER_SECTIONS: " 2"}
    command = parse_typed_line(str(command_id) + needs.get(command_id, ""))
    assert command.id is command_id


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Next tip", Command(CommandId.NEXT)),
        ("go to section 3", Command(CommandId.GOTO_SECTION, {"number": 3})),
        ("goto section 3", Command(CommandId.GOTO_SECTION, {"number": 3})),
        ("section three", Command(CommandId.GOTO_SECTION, {"number": 3})),
        ("tip 4", Command(CommandId.GOTO_TIP, {"number": 4})),
        ("sleep 20", Command(CommandId.SLEEP_TIMER, {"minutes": 20})),
        ("sleep in 10 minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 10})),
        ("sleep in ten minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 10})),
        ("sleep in an hour and a half", Command(CommandId.SLEEP_TIMER, {"minutes": 90})),
        ("sleep", Command(CommandId.SLEEP_TIMER)),
        ("  WHERE AM I ", Command(CommandId.WHERE)),
        ("where", Command(CommandId.WHERE)),
        ("next-section", Command(CommandId.NEXT_SECTION)),
        ("cancel_sleep_timer", Command(CommandId.CANCEL_SLEEP_TIMER)),
        ("pause please", Command(CommandId.PAUSE)),
        ("turn the volume up", Command(CommandId.LOUDER)),
        ("q", Command(CommandId.QUIT)),
        # issue 14: the night's commands by name and in their spoken words
        ("sleep end of tip", Command(CommandId.SLEEP_END_OF_TIP)),
        ("sleep at the end of this section", Command(CommandId.SLEEP_END_OF_SECTION)),
        ("sleep after sections 3", Command(CommandId.SLEEP_AFTER_SECTIONS, {"number": 3})),
        ("sleep after 2 sections", Command(CommandId.SLEEP_AFTER_SECTIONS, {"number": 2})),
        ("extend sleep timer", Command(CommandId.EXTEND_SLEEP_TIMER)),
        ("extend sleep timer 10", Command(CommandId.EXTEND_SLEEP_TIMER, {"minutes": 10})),
        ("10 more minutes", Command(CommandId.EXTEND_SLEEP_TIMER, {"minutes": 10})),
        ("keep going", Command(CommandId.RESUME)),
        ("continue where stopped", Command(CommandId.CONTINUE_WHERE_STOPPED)),
        ("repeat sentence", Command(CommandId.REPEAT_SENTENCE)),
        ("back seconds 20", Command(CommandId.BACK_SECONDS, {"seconds": 20})),
        ("back 30 seconds", Command(CommandId.BACK_SECONDS, {"seconds": 30})),
        ("previous sentence", Command(CommandId.PREVIOUS_SENTENCE)),
        ("bookmark", Command(CommandId.BOOKMARK)),
        ("goto bookmark 2", Command(CommandId.GOTO_BOOKMARK, {"number": 2})),
        ("goto bookmark", Command(CommandId.GOTO_BOOKMARK)),
        ("list bookmarks", Command(CommandId.LIST_BOOKMARKS)),
        ("n", Command(CommandId.NEXT)),
    ],
)
def test_the_spoken_language_short_forms_and_names(line: str, expected: Command) -> None:
    assert parse_typed_line(line) == expected


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("fly", "type 'help'"),
        ("goto_section", "needs a number"),
        ("next 3", "takes no number"),
        ("", "type 'help'"),
        ("sleep in seventy hours", "type 'help'"),
    ],
)
def test_bad_lines_raise_command_error_with_a_hint(line: str, hint: str) -> None:
    with pytest.raises(CommandError, match=hint):
        parse_typed_line(line)


def test_typed_lines_take_the_configs_extra_phrasings() -> None:
    grammar = load_grammar({"next": ["onward"]})
    assert parse_typed_line("onward please", grammar) == Command(CommandId.NEXT)
    with pytest.raises(CommandError):
        parse_typed_line("onward")


def test_typed_lines_need_no_wake_word() -> None:
    grammar = load_grammar().with_wake_word("coach")
    assert parse_typed_line("next", grammar) == Command(CommandId.NEXT)
    assert grammar.parse("next") is None


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_command_error(text: str) -> None:
    try:
        command = parse_typed_line(text)
    except CommandError:
        return
    assert isinstance(command.id, CommandId)
