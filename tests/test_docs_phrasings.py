"""docs/config.md names every phrasing, key and typed form of the night's commands (issue 14),
as the command language and the keys have them, so the list cannot fall behind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from voicecoach.adapters.typed_input import KEY_COMMANDS
from voicecoach.commands import CommandId
from voicecoach.language.grammar import default_grammar
from voicecoach.language.typed import parse_typed_line

CONFIG_DOC = Path(__file__).resolve().parent.parent / "docs" / "config.md"
NIGHT = (
    CommandId.SLEEP_TIMER, CommandId.SLEEP_END_OF_TIP, CommandId.SLEEP_END_OF_SECTION, CommandId.SLEEP_AFTER_SECTIONS,
    CommandId.EXTEND_SLEEP_TIMER, CommandId.CANCEL_SLEEP_TIMER, CommandId.TIME_LEFT, CommandId.REPEAT_SENTENCE,
    CommandId.PREVIOUS_SENTENCE, CommandId.NEXT_SENTENCE, CommandId.BACK_SECONDS, CommandId.CONTINUE_WHERE_STOPPED,
    CommandId.BOOKMARK, CommandId.GOTO_BOOKMARK, CommandId.LIST_BOOKMARKS,
)
ENTRY = re.compile(r"^- `(?P<id>[a-z_]+)` \((?P<how>[^)]*)\): (?P<full>.*); light: (?P<light>.*)\.$", re.MULTILINE)


def entries() -> dict[str, re.Match[str]]:
    text = CONFIG_DOC.read_text(encoding="utf-8")
    section = text.split("### Every phrasing of the night's commands", 1)[1].split("\n## ", 1)[0]
    return {m["id"]: m for m in ENTRY.finditer(section)}


def templates(listed: str) -> list[str]:
    return re.findall(r"`([^`]+)`", listed)


def test_every_night_command_has_an_entry() -> None:
    assert set(entries()) == {command.value for command in NIGHT}


@pytest.mark.parametrize("command", NIGHT, ids=str)
def test_the_entry_lists_every_phrasing_the_language_has(command: CommandId) -> None:
    grammar = default_grammar()
    entry = entries()[command.value]
    spoken = [p.template for p in grammar.phrasings if p.command is command and not p.typed_only]
    light = [p.template for p in grammar.light_phrasings if p.command is command]
    assert templates(entry["full"]) == spoken
    assert templates(entry["light"]) == light


@pytest.mark.parametrize("command", NIGHT, ids=str)
def test_the_entrys_key_and_typed_form_are_that_command(command: CommandId) -> None:
    how = entries()[command.value]["how"]
    key = re.search(r"key `([^`]+)`", how)
    if key is not None:
        wanted = CommandId.SLEEP_END_OF_SECTION if command is CommandId.SLEEP_AFTER_SECTIONS else command
        assert KEY_COMMANDS[key[1]] is wanted
    else:
        assert command not in KEY_COMMANDS.values()
    typed = re.search(r"typed `([^`]+)`", how)
    assert typed is not None and parse_typed_line(typed[1]).id is command
