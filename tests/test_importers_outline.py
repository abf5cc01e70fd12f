"""Tests for voicecoach.importers.outline: lead splitting, title case, and the outline builder."""

from __future__ import annotations

import pytest

from voicecoach.errors import ArticleError
from voicecoach.importers.outline import OutlineBuilder, is_title_case, split_lead, title_from_source


@pytest.mark.parametrize(
    ("text", "title_case_only", "expected"),
    [
        ("Regular Exercise: Walk in the day.", True, ("Regular Exercise", "Walk in the day.")),
        ("Uncomfortable sensations in the legs: tingling.", False, ("Uncomfortable sensations in the legs", "tingling.")),
        ("Uncomfortable sensations in the legs: tingling.", True, ("", "Uncomfortable sensations in the legs: tingling.")),
        ("Key symptoms include:", True, ("", "Key symptoms include:")),
        ("It is late. Try this: breathe.", False, ("", "It is late. Try this: breathe.")),
        ("See https://example.org now", False, ("", "See https://example.org now")),
    ],
)
def test_split_lead(text: str, title_case_only: bool, expected: tuple[str, str]) -> None:
    assert split_lead(text, 8, title_case_only) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prevention and Long-Term Management", True),
        ("Cognitive Behavioral Therapy (CBT)", True),
        ("Why the mind races at night", False),
        ("conclusion", False),
    ],
)
def test_is_title_case(text: str, expected: bool) -> None:
    assert is_title_case(text) is expected


def test_builder_drops_empty_tips_and_sections() -> None:
    builder = OutlineBuilder("Intro")
    builder.add_tip("", "   ")
    builder.add_tip("", "…?!")
    builder.start_section("Empty")
    builder.start_section("Full")
    builder.add_tip("Lead", "Some words .")
    document = builder.build("Doc", "x.txt", fix="do this")
    assert [(s.title, [(t.title, t.text) for t in s.tips]) for s in document.sections] == [
        ("Full", [("Lead", "Some words.")])
    ]


def test_builder_without_tips_raises_with_the_source_and_fix() -> None:
    with pytest.raises(ArticleError, match=r"^x\.txt: found no readable text in this article; do this$"):
        OutlineBuilder("Intro").build("Doc", "x.txt", fix="do this")


def test_title_from_source() -> None:
    assert title_from_source("/a/b/calm-nights_two.txt") == "Calm nights two"
    assert title_from_source("") == "Untitled article"
