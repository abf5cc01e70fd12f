"""Typed input: the keys of a terminal session and the key line that says so; piped lines whatever bytes they hold."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import pytest

from voicecoach.adapters.typed_input import (
    KEY_COMMANDS, KEY_HELP, command_for_key, event_for_key, read_typed_lines, start_line_reader,
)
from voicecoach.commands import Command, CommandId
from voicecoach.ports import CommandArrived, InputClosed, LineArrived, LoopEvent
from voicecoach.session import is_binary_line

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
    assert command_for_key("j") is None


def test_a_key_press_is_its_command_or_else_a_line_the_session_answers() -> None:
    assert event_for_key("n") == CommandArrived(Command(CommandId.NEXT), origin="keys")
    assert event_for_key("j") == LineArrived("j", interactive=True)  # "didn't catch that", not silence


def test_the_sound_bed_has_its_own_keys() -> None:
    assert command_for_key("b") == Command(CommandId.NEXT_SOUND)
    assert command_for_key("B") == Command(CommandId.NOISE_OFF)
    assert command_for_key("}") == Command(CommandId.NOISE_LOUDER)
    assert command_for_key("{") == Command(CommandId.NOISE_QUIETER)


# --- piped lines ---------------------------------------------------------------------------------

BINARY = b"next\n\x7fELF\x02\x01\xff\xfe\xd0\n\x00\x00more\n"


def strict_stdin(data: bytes) -> io.TextIOWrapper:
    """A stdin that, read as text, raises UnicodeDecodeError (what a UTF-8 locale gives)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")


def test_undecodable_bytes_are_kept_as_escapes_not_raised() -> None:
    lines = read_typed_lines(strict_stdin(BINARY))
    assert lines[0] == "next\n"
    assert len(lines) == 3 and all(is_binary_line(line) for line in lines[1:])


def test_a_text_stream_without_bytes_is_read_as_it_is() -> None:
    assert read_typed_lines(io.StringIO("next\nwhere\n")) == ["next\n", "where\n"]


def test_the_reader_thread_posts_every_line_then_closes_even_on_binary_input() -> None:
    posted: list[LoopEvent] = []
    closed = threading.Event()

    def post(event: LoopEvent) -> None:
        posted.append(event)
        if isinstance(event, InputClosed):
            closed.set()

    start_line_reader(strict_stdin(BINARY), post, interactive=False)
    assert closed.wait(30.0)  # an upper bound for a thread to read 20 bytes, not a timing check
    assert [type(event) for event in posted] == [LineArrived] * 3 + [InputClosed]


@pytest.mark.parametrize(
    ("key", "command_id"),
    [
        ("z", CommandId.SLEEP_TIMER), ("Z", CommandId.CANCEL_SLEEP_TIMER), ("e", CommandId.SLEEP_END_OF_TIP),
        ("E", CommandId.SLEEP_END_OF_SECTION), ("m", CommandId.EXTEND_SLEEP_TIMER), ("t", CommandId.TIME_LEFT),
        ("k", CommandId.BOOKMARK), ("g", CommandId.GOTO_BOOKMARK), ("l", CommandId.LIST_BOOKMARKS),
        ("R", CommandId.REPEAT_SENTENCE), ("C", CommandId.CONTINUE_WHERE_STOPPED),
    ],
)
def test_the_nights_keys(key: str, command_id: CommandId) -> None:
    # issue 14: every sleep timer form by keys (E pressed N times: after N sections), bookmarks
    assert command_for_key(key) == Command(command_id)
