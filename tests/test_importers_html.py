"""Tests for voicecoach.importers.html: saved web pages via trafilatura → sections and tips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.errors import ArticleError
from voicecoach.importers.html import parse_html

FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "quiet-breathing.html"


def test_fixture_keeps_headings_lists_and_drops_navigation_comments_and_footer() -> None:
    document = parse_html(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
    assert document.title == "Quiet Breathing for Restless Nights"
    assert [(s.title, [t.title for t in s.tips]) for s in document.sections] == [
        ("Quiet Breathing for Restless Nights", [""]),
        ("Why Slow Breathing Helps", [""]),
        ("Patterns to Try", ["", "Four and six", "Box breathing", "Sighing out"]),
        ("If Your Legs Will Not Settle", [""]),
    ]
    dumped = json.dumps(document.to_dict())
    for furniture in ("Archive", "cheap pillows", "Copyright", "Night Owl Notes", "<"):
        assert furniture not in dumped


def test_a_short_page_is_still_read() -> None:
    page = "<html><head><title>Tiny Page</title></head><body><p>Rest your hands on your belly.</p></body></html>"
    document = parse_html(page)
    assert document.title == "Tiny Page"
    assert document.sections[0].tips[0].text == "Rest your hands on your belly."


@pytest.mark.parametrize("page", ["", "<html></html>", "<html><body><nav><a href='/'>Home</a></nav></body></html>", "<"])
def test_a_page_without_article_text_is_an_article_error_with_a_fix(page: str) -> None:
    with pytest.raises(ArticleError, match=r"page.html: .*reader view"):
        parse_html(page, "page.html")


_PIECES = st.sampled_from([
    "<html>", "</html>", "<body>", "<p>", "</p>", "<h1>", "</h1>", "<h2>", "<ul>", "<li>", "<script>", "<!--",
    "-->", "<br/>", "&amp;", "&#0;", "<![CDATA[", "<?xml version='1.0'?>", "A sentence to read.", "words", "\n",
])  # fmt: skip
html_like = st.lists(st.one_of(_PIECES, st.text(max_size=10)), max_size=40).map("".join)


def check_parses_or_refuses(text: str) -> None:
    try:
        document = parse_html(text, "fuzz.html")
    except ArticleError:
        return
    assert all(section.tips and all(tip.sentences for tip in section.tips) for section in document.sections)


@settings(max_examples=200, deadline=None)
@given(html_like)
def test_any_html_gives_a_document_or_article_error(text: str) -> None:
    check_parses_or_refuses(text)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None)
@given(st.one_of(st.text(), html_like))
def test_any_html_gives_a_document_or_article_error_long_run(text: str) -> None:
    check_parses_or_refuses(text)


def test_sub_headings_of_a_saved_page_become_groups() -> None:
    path = FIXTURE.with_name("evening-legs.html")
    document = parse_html(path.read_text(encoding="utf-8"), str(path))
    things = document.sections[1]
    assert things.title == "Things to Try"
    assert [(g.title, g.size) for g in things.groups] == [("Moving Gently", 2), ("Warmth and Pressure", 2)]
    assert "Share this" not in json.dumps(document.to_dict())
