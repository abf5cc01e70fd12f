"""Tests for voicecoach.importers.plaintext: scraped web text → sections and tips."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.shared_example import EXAMPLE_ARTICLE
from voicecoach.document import Document
from voicecoach.errors import ArticleError
from voicecoach.importers.plaintext import parse_plain_text

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SHARED_EXAMPLE = EXAMPLE_ARTICLE


def structure(document: Document) -> list[tuple[str, list[str]]]:
    """Section titles with each tip's title (or first words when untitled)."""
    return [
        (section.title, [tip.title or " ".join(tip.text.split()[:4]) for tip in section.tips])
        for section in document.sections
    ]


@pytest.fixture(scope="module")
def messy() -> Document:
    path = FIXTURES / "messy-sleep-article.txt"
    return parse_plain_text(path.read_text(encoding="utf-8"), str(path))


def test_messy_article_has_exactly_the_expected_sections_and_tips(messy: Document) -> None:
    assert messy.title == "Calming an Anxious Mind at Night"
    assert structure(messy) == [
        ("Calming an Anxious Mind at Night", ["Many people find that", "Nothing here replaces a"]),
        ("Why Worries Grow Louder After Dark", ["During the day our", "Fewer Distractions", "A Tired Brain"]),
        ("Noticing the Signs", ["It helps to recognise", "Racing thoughts", "A tight chest", "Clock watching"]),
        (
            "Gentle Ways to Settle Your Thoughts",
            ["None of these needs", "Worry list", "Dim the lights", "Slow breathing", "Body scan", "Counting backwards from three"],
        ),
        ("Different Kinds of Night Worry", ["What keeps us awake", "Work Worries", "Health Worries"]),
        ("Conclusion", ["An anxious mind at"]),
    ]


def test_wrapped_paragraph_lines_are_joined_into_one_tip(messy: Document) -> None:
    intro = messy.sections[0].tips[0]
    assert intro.text.endswith("offers small, kind things to try while you lie in bed.")
    assert intro.sentences[1].startswith("This guide walks through why that happens")


def test_numbered_subheading_titles_the_paragraph_after_it(messy: Document) -> None:
    tip = messy.sections[1].tips[1]
    assert tip.title == "Fewer Distractions"
    assert tip.text.startswith("With no screens, chores or voices around")
    assert tip.sentences[0] == "Fewer Distractions."


def test_bullet_and_lead_phrase_split_into_title_and_text(messy: Document) -> None:
    racing = messy.sections[2].tips[1]
    assert (racing.title, racing.text) == ("Racing thoughts", "The same ideas loop again and again without going anywhere.")
    work = messy.sections[4].tips[1]
    assert work.text.startswith("Unfinished tasks feel urgent at night.")


FURNITURE_STRINGS = [
    "Article with TOC", "profile picture", "quietpages", "min read", "Mar 14, 2024", "Table of Contents",
    "Related Post", "Thanks for reading", "Go Home", "Ten Evening Habits", "Three in the Morning", "?",
]  # fmt: skip


@pytest.mark.parametrize("furniture", FURNITURE_STRINGS)
def test_messy_article_has_no_page_furniture(messy: Document, furniture: str) -> None:
    assert furniture not in json.dumps(messy.to_dict(), ensure_ascii=False)


def test_other_dates_read_times_and_bylines_are_furniture() -> None:
    text = "\n\n".join([
        "Slow Evenings", "By Mara Quill", "Updated on 2 February 2023 | 12 mins read",
        "Evenings can be slow and kind to the body.", "Related Articles", "Some Other Page Title",
        "Thank you for visiting Calm Corner Daily. See you soon.", "Back to top",
    ])  # fmt: skip
    document = parse_plain_text(text)
    assert structure(document) == [("Slow Evenings", ["Evenings can be slow"])]


def test_text_without_a_title_line_takes_its_title_from_the_file_name() -> None:
    document = parse_plain_text("This whole file is one plain sentence about resting.", "notes/quiet-evening.txt")
    assert document.title == "Quiet evening"
    assert document.sections[0].tips[0].text == "This whole file is one plain sentence about resting."


def test_numbered_sentences_are_tips_not_subheadings() -> None:
    text = "Steps\n\n1. Lie on your back.\n2. Let your jaw go soft.\n3. Breathe out slowly."
    document = parse_plain_text(text)
    assert [tip.text for tip in document.sections[0].tips] == [
        "Lie on your back.", "Let your jaw go soft.", "Breathe out slowly.",
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["", "   \n\n", "Table of Contents\n\nGo Home", "Only A Title"])
def test_nothing_readable_is_an_article_error(text: str) -> None:
    with pytest.raises(ArticleError, match="no readable text"):
        parse_plain_text(text, "empty.txt")


# --- the real scraped page from the shared examples, when it is available -----------------------

needs_shared = pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="shared example article not present")


@pytest.fixture(scope="module")
def shared_text() -> str:
    return SHARED_EXAMPLE.read_text(encoding="utf-8")


@needs_shared
def test_shared_example_has_the_intro_and_six_real_sections(shared_text: str) -> None:
    document = parse_plain_text(shared_text, str(SHARED_EXAMPLE))
    titles = [section.title for section in document.sections]
    assert titles[0] == document.title
    assert [re.sub(r"\s.*", "", title) for title in titles[1:]] == [
        "Understanding", "Identifying", "Effective", "Specific", "Prevention", "Conclusion",
    ]  # fmt: skip


@needs_shared
def test_shared_example_keeps_every_bullet_as_its_own_tip(shared_text: str) -> None:
    document = parse_plain_text(shared_text, str(SHARED_EXAMPLE))
    bullet_leads = [line.strip()[1:].split(":")[0].strip() for line in shared_text.splitlines() if line.strip().startswith("•")]
    tip_titles = [tip.title for section in document.sections for tip in section.tips]
    assert len(bullet_leads) == 23
    assert [title for title in tip_titles if title in bullet_leads] == bullet_leads


@needs_shared
@pytest.mark.parametrize(
    "furniture",
    ["Article with TOC", "profile picture", "listenit", "min read", "Table of Contents", "Related Post",
     "Thank you for visiting", "Go Home", "Withdrawal?"],
)  # fmt: skip
def test_shared_example_has_no_furniture(shared_text: str, furniture: str) -> None:
    document = parse_plain_text(shared_text, str(SHARED_EXAMPLE))
    assert furniture not in json.dumps(document.to_dict(), ensure_ascii=False)


# --- any input parses or raises ArticleError ----------------------------------------------------

_PIECES = st.sampled_from([
    "", "\n", "\n\n", "    ", "• ", "- ", "1. ", "12) ", "Title Case Heading", "a short line", ":", ": ",
    "Lead Words: ", "A sentence that ends.", "Table of Contents", "Jun 08, 2025 · 5 min read", "Related Post",
    "Thank you for visiting", "Go Home", "Author's profile picture", "?", "…", "\u200b", "\x00", "\t", "é",
])  # fmt: skip
scraped_like = st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40).map("".join)


def check_parses_or_refuses(text: str) -> None:
    try:
        document = parse_plain_text(text, "fuzz.txt")
    except ArticleError:
        return
    assert document.sections
    for section in document.sections:
        assert section.tips
        assert all(tip.sentences for tip in section.tips)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), scraped_like))
def test_any_text_gives_a_document_or_article_error(text: str) -> None:
    check_parses_or_refuses(text)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None)
@given(st.one_of(st.text(), scraped_like))
def test_any_text_gives_a_document_or_article_error_long_run(text: str) -> None:
    check_parses_or_refuses(text)


# --- numbered sub-headings over bullets keep their names as groups --------------------------------


@pytest.fixture(scope="module")
def settling() -> Document:
    path = FIXTURES / "settling-restless-nights.txt"
    return parse_plain_text(path.read_text(encoding="utf-8"), str(path))


def test_numbered_subheadings_over_bullets_become_named_groups(settling: Document) -> None:
    section = settling.sections[2]
    assert section.title == "Ways to Settle"
    assert [(group.title, [tip.title for tip in section.tips[group.start : group.stop]]) for group in section.groups] == [
        ("Help From a Clinician", ["Blood Tests", "Medicine Review"]),
        ("Everyday Habits", ["Daytime Walks", "Less Caffeine", "Warm Bath"]),
        ("Calming the Body", ["Slow Breathing", "Calf Stretch"]),
        ("Finding Company", ["Talk It Through"]),
    ]  # fmt: skip
    assert section.group_at(0) is None  # the section's own opening words stand outside every group
    assert section.tips[0].text.startswith("Small changes add up.")


def test_a_subheading_per_paragraph_still_titles_the_paragraph(messy: Document) -> None:
    # "1. Fewer Distractions:" over one paragraph: a group of one would only add words.
    assert messy.sections[1].groups == ()
    assert messy.sections[1].tips[1].title == "Fewer Distractions"


def test_site_menu_skip_link_byline_and_share_bar_are_furniture(settling: Document) -> None:
    dumped = json.dumps(settling.to_dict(), ensure_ascii=False)
    for furniture in ("Skip to content", "Home | About", "Ada Fenwick", "min read", "Share this", "Twitter"):
        assert furniture not in dumped


@needs_shared
def test_shared_example_keeps_its_four_strategy_groups(shared_text: str) -> None:
    document = parse_plain_text(shared_text, str(SHARED_EXAMPLE))
    strategies = next(section for section in document.sections if section.title.startswith("Effective"))
    assert [group.title for group in strategies.groups] == [
        "Medical Interventions", "Lifestyle Modifications", "Complementary Therapies", "Seeking Professional Support",
    ]  # fmt: skip
    assert [group.size for group in strategies.groups] == [3, 6, 2, 3]
