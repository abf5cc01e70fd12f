"""Template parsing, expansion and rendering."""

from hypothesis import given
from hypothesis import strategies as st
import pytest

from voicecoach.errors import CommandError
from voicecoach.language.templates import (
    Slot,
    Word,
    expand,
    parse_template,
    slots_in,
)


def phrases(template: str) -> set[str]:
    return {
        " ".join(t.text if isinstance(t, Word) else "{" + t.name + "}" for t in tokens)
        for tokens in expand(parse_template(template))
    }


def test_expand_choice_and_optional() -> None:
    assert phrases("(next|skip) [tip]") == {"next", "skip", "next tip", "skip tip"}


def test_expand_nested() -> None:
    assert phrases("[go to] (tip|section [number]) {number}") == {
        "tip {number}",
        "section {number}",
        "section number {number}",
        "go to tip {number}",
        "go to section {number}",
        "go to section number {number}",
    }


def test_slots_found() -> None:
    assert slots_in(parse_template("sleep in {minutes} minutes")) == ["minutes"]
    assert next(iter(expand(parse_template("{number}")))) == (Slot("number"),)


@pytest.mark.parametrize(
    "template",
    ["", "(next", "next)", "[tip", "(a||b)", "next!", "(|a)", "go to {}", "go to {number", "[]"],
)
def test_malformed_templates_raise_command_error(template: str) -> None:
    with pytest.raises(CommandError, match="phrasing"):
        parse_template(template)


@given(st.text(max_size=40))
def test_parse_any_string_parses_or_raises_our_error(text: str) -> None:
    try:
        expression = parse_template(text)
    except CommandError:
        return
    assert next(iter(expand(expression)), None) is not None
