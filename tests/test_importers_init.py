"""Tests for voicecoach.importers (the package entry points): format detection and load_article."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.errors import ArticleError
from voicecoach.importers import detect_format, load_article, parse_article

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.txt", "<p>tags in a text file</p>", "plain"),
        ("a.TEXT", "# hash", "plain"),
        ("a.md", "plain words", "markdown"),
        ("a.markdown", "", "markdown"),
        ("a.htm", "", "html"),
        ("a.html", "", "html"),
        ("saved-page", "<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
        # A whole web page is HTML whatever its name says.
        ("page.txt", "\n  <!doctype html>\n<html><body><p>Hi</p></body></html>", "html"),
        ("page.md", "<?xml version='1.0'?>\n<!-- saved -->\n<html><body><p>Hi</p></body></html>", "html"),
        ("notes.md", "Use <br> for a line break.", "markdown"),
        ("notes.data", "Intro line\n\n## A Heading\n\nText.", "markdown"),
        ("notes", "Setext Title\n============\n\nText.", "markdown"),
        ("notes", "Just some words.\nAnd more words.", "plain"),
    ],
)
def test_format_comes_from_the_extension_else_the_content(name: str, text: str, expected: str) -> None:
    assert detect_format(name, text) == expected


def test_unknown_format_is_an_article_error() -> None:
    with pytest.raises(ArticleError, match="unknown article format 'pdf'"):
        parse_article("text", "pdf", "x.pdf")


def test_utf8_with_bom_and_utf16_are_read(tmp_path: Path) -> None:
    text = "Quiet Hands\n\nLet your hands rest, palms up, and feel them grow warm.\n"
    for encoding, name in (("utf-8-sig", "bom.txt"), ("utf-16", "wide.txt")):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        document = load_article(path)
        assert document.title == "Quiet Hands"
        assert document.sections[0].tips[0].text.startswith("Let your hands rest")


def test_content_sniffing_reads_an_html_page_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved-page"
    path.write_bytes((FIXTURES / "quiet-breathing.html").read_bytes())
    assert load_article(path).title == "Quiet Breathing for Restless Nights"


def test_every_fixture_loads_with_its_path_as_source() -> None:
    for path in sorted(FIXTURES.iterdir()):
        document = load_article(path)
        assert document.source == str(path)
        assert document.tip_count > 0
