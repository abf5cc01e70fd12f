"""The keys of a terminal session: what each does, and the key line that says so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from voicecoach.adapters.typed_input import KEY_COMMANDS, KEY_HELP, command_for_key
from voicecoach.commands import Command, CommandId

SHOWN_AS = {" ": "space", "\x1b[C": "→", "\x1b[D": "←", "\x03": "Ctrl-C"}
README = Path(__file__).resolve().parents[1] / "README.md"


def keys_for(command_id: CommandId) -> list[str]:
    return [SHOWN_AS.get(key, key) for key, bound in KEY_COMMANDS.items() if bound is command_id]


def named_keys(text: str) -> set[str]:
    """The keys a help text names: single characters and arrows between separators, and "space"."""
    return set(re.findall(r"(?<![\w])(space|[^\s,/.:]|→|←)(?=[\s,/.])", text))


@pytest.mark.parametrize("command_id", sorted(set(KEY_COMMANDS.values())))
def test_the_key_line_names_a_key_for_every_key_command(command_id: CommandId) -> None:
    # Issue 13: the line printed at start left out c (contents) and x (stop).
    assert set(keys_for(command_id)) & named_keys(KEY_HELP), (command_id, KEY_HELP)


def test_every_key_the_key_line_names_does_what_it_says() -> None:
    shown = {value: key for key, value in SHOWN_AS.items()}
    for key in named_keys(KEY_HELP.removeprefix("Keys:")):
        assert command_for_key(shown.get(key, key)) is not None, key


@pytest.mark.parametrize("command_id", sorted(set(KEY_COMMANDS.values())))
def test_the_readme_names_a_key_for_every_key_command(command_id: CommandId) -> None:
    keys_paragraph = README.read_text(encoding="utf-8").split("**Keys**", 1)[1].split("\n\n", 1)[0]
    assert set(keys_for(command_id)) & named_keys(keys_paragraph + " "), command_id


def test_keys_stand_for_their_commands() -> None:
    assert command_for_key("c") == Command(CommandId.CONTENTS)
    assert command_for_key("x") == Command(CommandId.STOP)
    assert command_for_key("+") == Command(CommandId.FASTER)
    assert command_for_key(" ") == Command(CommandId.TOGGLE_PAUSE)
    assert command_for_key("z") is None
