"""JSGF rendering of the grammar, checked by pocketsphinx's own parser."""

import pytest

from voicecoach.recognition.grammar import default_grammar, load_grammar
from voicecoach.recognition.jsgf import grammar_to_jsgf


def test_rule_per_phrasing_and_slot() -> None:
    text = grammar_to_jsgf(default_grammar())
    assert text.startswith("#JSGF V1.0;")
    assert "( next [ tip ] )" in text
    assert "<slot_number> = one | two |" in text
    assert "twenty five" in text


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
