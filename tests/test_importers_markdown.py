"""Tests for voicecoach.importers.markdown: Markdown token stream → sections and tips."""

from __future__ import annotations

import json
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
            # The nested item belongs to its parent tip and is read after it.
            ("", "A glass of water within reach. Not too much, or you will wake up to use the bathroom."),
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


# --- structure kept: groups, nested lists, tables, front matter, furniture -----------------------

NOTES = Path(__file__).parent / "fixtures" / "articles" / "calm-evening-notes.md"


@pytest.fixture(scope="module")
def notes() -> Document:
    return parse_markdown(NOTES.read_text(encoding="utf-8"), str(NOTES))


def test_front_matter_gives_the_title_and_the_headings_stay_sections(notes: Document) -> None:
    assert notes.title == "Calm Evening Notes"
    assert [section.title for section in notes.sections] == ["Calm Evening Notes", "Before Bed", "What Helps Whom"]
    assert "author" not in json.dumps(notes.to_dict())


def test_deeper_headings_name_groups_of_tips(notes: Document) -> None:
    before_bed = notes.sections[1]
    assert [(g.title, g.start, g.stop) for g in before_bed.groups] == [("Wind Down", 0, 2), ("Stretch", 2, 4)]
    assert [tip.title for tip in before_bed.tips] == ["Dim the lights", "Put the phone away", "Calves", "Ankles"]


def test_a_nested_list_is_read_with_the_item_it_belongs_to(notes: Document) -> None:
    phone = notes.sections[1].tips[1]
    assert phone.title == "Put the phone away"
    assert phone.sentences == ("Put the phone away.", "Leave it in another room.", "Use a simple alarm clock instead.")


def test_nested_items_without_full_stops_are_still_separate_sentences() -> None:
    document = parse_markdown("# T\n\n- Getting ready for bed\n  - dim the lamp\n  - close the curtains\n- Sleep well.\n")
    first, second = document.sections[0].tips
    assert first.title == "Getting ready for bed"
    assert first.sentences == ("Getting ready for bed.", "Dim the lamp.", "Close the curtains.")
    assert second.text == "Sleep well."


def test_a_table_is_read_row_by_row_with_its_column_headings(notes: Document) -> None:
    rows = notes.sections[2].tips
    assert [tip.text for tip in rows] == [
        "Habit: Warm bath. Effect: Loosens tight calves.",
        "Habit: Short walk. Effect: Uses up the urge to move.",
    ]
    assert not any(tip.text.startswith("Habit, Effect") for tip in rows)


def test_furniture_is_dropped_as_in_plain_text(notes: Document) -> None:
    dumped = json.dumps(notes.to_dict(), ensure_ascii=False)
    for furniture in ("Skip to content", "Ada Fenwick", "Share this", "Twitter", "Related", "nap", "dream"):
        assert furniture not in dumped


def test_a_front_matter_title_wins_and_a_heading_repeating_it_is_not_a_section() -> None:
    text = "---\ntitle: Slow Nights\n---\n# Slow Nights\n\nIntro.\n\n## One\n\nFirst.\n"
    document = parse_markdown(text, "x.md")
    assert document.title == "Slow Nights"
    assert [section.title for section in document.sections] == ["Slow Nights", "One"]


@pytest.mark.parametrize("front", ["---\ntitle: [unclosed\n---\n", "---\ntitle: 3\n---\n", "---\n---\n"])
def test_odd_front_matter_is_skipped_and_never_read(front: str) -> None:
    document = parse_markdown(front + "## Part\n\nWords to read.\n", "odd-front.md")
    assert document.title == "Part"
    assert [(s.title, [t.text for t in s.tips]) for s in document.sections] == [("Part", ["Words to read."])]


def test_a_line_between_two_rules_at_the_start_is_markdown_not_front_matter() -> None:
    document = parse_markdown("---\nJust a line of text\n---\n\nMore words here.\n", "rules.md")
    assert "More words here." in [tip.text for section in document.sections for tip in section.tips]
    assert any("Just a line of text" in (s.title, *[t.text for t in s.tips]) for s in document.sections)
