"""Sentence splitting for speech."""

from __future__ import annotations

from hypothesis import given, strategies as st

from voicecoach.sentences import split_sentences


def test_splits_on_full_stops_questions_and_exclamations() -> None:
    assert split_sentences("Rest now. Are you warm?  Good!") == ("Rest now.", "Are you warm?", "Good!")


def test_keeps_abbreviations_and_initials_inside_a_sentence() -> None:
    assert split_sentences("Ask Dr. Lee about it, e.g. Tuesday. Then rest.") == (
        "Ask Dr. Lee about it, e.g. Tuesday.",
        "Then rest.",
    )


def test_empty_and_whitespace_give_nothing() -> None:
    assert split_sentences("  \n ") == ()


@given(st.text(max_size=300))
def test_no_words_are_lost(text: str) -> None:
    assert "".join(split_sentences(text)).replace(" ", "") == "".join(text.split())
