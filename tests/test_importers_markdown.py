"""Tests for voicecoach.importers.markdown: Markdown token stream → sections and tips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.document import Document
from voicecoach.errors import ArticleError
from voicecoach.importers.markdown import parse_markdown

FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "evening-wind-down.md"


def tips_of(document: Document) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(s.title, [(t.title, t.text) for t in s.tips]) for s in document.sections]


def test_fixture_has_exactly_the_expected_sections_and_tips() -> None:
    document = parse_markdown(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
    assert document.title == "Winding Down in the Evening"
    assert tips_of(document) == [
        ("Winding Down in the Evening", [
            ("", "A calmer evening makes for an easier night. This is general information, not medical advice."),
        ]),
        ("Preparing the Room", [
            ("", "Keep the bedroom cool, dark and quiet. See the sleep room checklist if you like lists."),
            ("Cool air", "A slightly cool room helps the body settle."),
            ("Soft light", "Use a small lamp instead of the ceiling light."),
            ("", "A glass of water within reach."),
            ("", "Not too much, or you will wake up to use the bathroom."),
            ("Sounds", "Steady background noise, such as a fan, can hide sudden noises from outside."),
        ]),
        ("Settling the Body", [
            ("Stretch", "Reach up slowly, then let your arms fall."),
            ("Loosen", "Roll your shoulders back a few times."),
            ("Warm Feet", "Warm socks can make it easier to drift off."),
        ]),
    ]  # fmt: skip


def test_code_images_and_link_targets_are_never_read() -> None:
    document = parse_markdown(FIXTURE.read_text(encoding="utf-8"))
    spoken = " ".join(s for section in document.sections for tip in section.tips for s in tip.sentences)
    for unwanted in ("code block", "stretching", "https://", "png", "*", "["):
        assert unwanted not in spoken


def test_without_a_single_top_heading_every_top_heading_is_a_section() -> None:
    document = parse_markdown("## One\n\nFirst text.\n\n## Two\n\nSecond text.\n", "notes/two-parts.md")
    assert document.title == "Two parts"
    assert [section.title for section in document.sections] == ["One", "Two"]


def test_inline_code_and_emphasis_become_plain_words() -> None:
    document = parse_markdown("# T\n\nPress `space` to **pause** the _reading_.\n")
    assert document.sections[0].tips[0].text == "Press space to pause the reading."


def test_a_colon_inside_a_sentence_does_not_make_a_title() -> None:
    document = parse_markdown("# T\n\nHere is the simple trick: breathe out slowly.\n")
    assert document.sections[0].tips[0].title == ""


@pytest.mark.parametrize("text", ["", "# Only a title\n", "```\ncode\n```\n", "![](a.png)\n", "<div></div>\n", "---\n"])
def test_nothing_readable_is_an_article_error(text: str) -> None:
    with pytest.raises(ArticleError, match="empty.md"):
        parse_markdown(text, "empty.md")


_PIECES = st.sampled_from([
    "#", "# ", "## ", "### ", "\n", "\n\n", "- ", "* ", "1. ", "> ", "**", "*", "_", "`", "```", "[", "]", "(", ")",
    "![", "<b>", "</b>", "<div>", "|", "---", "===", "Lead: ", "words here", "A sentence.", "\t", "    ", "\\",
])  # fmt: skip
markdown_like = st.lists(st.one_of(_PIECES, st.text(max_size=10)), max_size=50).map("".join)


def check_parses_or_refuses(text: str) -> None:
    try:
        document = parse_markdown(text, "fuzz.md")
    except ArticleError:
        return
    assert all(section.tips and all(tip.sentences for tip in section.tips) for section in document.sections)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), markdown_like))
def test_any_markdown_gives_a_document_or_article_error(text: str) -> None:
    check_parses_or_refuses(text)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None)
@given(st.one_of(st.text(), markdown_like))
def test_any_markdown_gives_a_document_or_article_error_long_run(text: str) -> None:
    check_parses_or_refuses(text)


def test_deep_nesting_is_refused_or_read_never_crashes() -> None:
    for text in (">" * 5000 + " deep", "- " * 3000 + "deep", "[" * 5000 + "x" + "]" * 5000):
        check_parses_or_refuses(text)
