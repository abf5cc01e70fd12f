"""JSGF rendering of the grammar, checked by pocketsphinx's own parser."""

import pytest

from voicecoach.language.grammar import default_grammar, load_grammar
from voicecoach.adapters.recognizers.pocketsphinx.jsgf import grammar_to_jsgf, to_jsgf
from voicecoach.language.templates import parse_template


def test_rule_per_phrasing_and_slot() -> None:
    text = grammar_to_jsgf(default_grammar())
    assert text.startswith("#JSGF V1.0;")
    assert "( next [ tip | one | thing ] )" in text
    assert "<slot_number> = one | two |" in text
    assert "twenty five" in text


def test_template_rendering() -> None:
    body = to_jsgf(parse_template("(next|skip) [tip] {number}"), {"number": "slot_number"})
    assert body == "( next | skip ) [ tip ] <slot_number>"


def test_words_around_and_durations_are_rules_too() -> None:
    text = grammar_to_jsgf(default_grammar())
    command = next(line for line in text.splitlines() if line.startswith("public <command>"))
    assert command.startswith("public <command> = [ okay | ok |") and "<core>" in command
    assert "<slot_duration> = ( <slot_duration_minutes> ( minute | minutes ) )" in text
    assert "( [ an ] hour and [ a ] half )" in text


def test_with_a_wake_word_bare_commands_are_heard_too() -> None:
    text = grammar_to_jsgf(default_grammar().with_wake_word("coach"))
    command = next(line for line in text.splitlines() if line.startswith("public <command>"))
    assert command.startswith("public <command> = coach [ okay") and command.count("<core>") == 2


def test_pocketsphinx_accepts_the_grammar() -> None:
    pocketsphinx = pytest.importorskip("pocketsphinx")
    decoder = pocketsphinx.Decoder(samprate=16000, lm=None, loglevel="FATAL")
    decoder.add_jsgf_string("commands", grammar_to_jsgf(load_grammar({"next": ["carry forward"]})))
    decoder.activate_search("commands")
    assert decoder.current_search() == "commands"


def test_every_word_is_in_the_pronunciation_dictionary() -> None:
    pocketsphinx = pytest.importorskip("pocketsphinx")
    decoder = pocketsphinx.Decoder(samprate=16000, lm=None, loglevel="FATAL")
    assert [w for w in sorted(default_grammar().words()) if decoder.lookup_word(w) is None] == []


def test_garbage_loop_and_wrapped_commands_are_weighted_alternatives() -> None:
    text = grammar_to_jsgf(default_grammar(), garbage_weight=1e-16, wrapped_weight=1e-20)
    public = [line for line in text.splitlines() if line.startswith("public")]
    assert public == [
        "public <utterance> = /1/ <command> | /1e-16/ <garbage>+ | /1e-20/ <command> <garbage> ;"
    ]


def test_without_a_garbage_loop_the_commands_rule_is_public() -> None:
    text = grammar_to_jsgf(default_grammar(), garbage_weight=None, wrapped_weight=1e-20)
    assert "public <command> =" in text
    assert "<garbage>" not in text


def test_pocketsphinx_accepts_the_wrapped_grammar() -> None:
    pocketsphinx = pytest.importorskip("pocketsphinx")
    decoder = pocketsphinx.Decoder(samprate=16000, lm=None, loglevel="FATAL")
    decoder.add_jsgf_string("commands", grammar_to_jsgf(default_grammar(), 1e-16, 1e-16))
    decoder.activate_search("commands")
    assert decoder.current_search() == "commands"
