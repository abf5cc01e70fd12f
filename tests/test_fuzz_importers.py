"""Fuzzing the article importers: any text or file either loads as a readable document or is refused
with an `ArticleError` that says what is wrong (and names the file, when there is one).

The normal run tries a few hundred cases per property; `scripts/test-slow` (pytest -m slow) runs
10,000 per property. Strategies: free text, Markdown and HTML built from fragments, and mutated
copies of the article fixtures (corpus fuzzing).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from voicecoach.document import Document
from voicecoach.errors import ArticleError
from voicecoach.importers import ARTICLE_FORMATS, load_article, parse_article

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
CORPUS = {path.name: path.read_text(encoding="utf-8") for path in sorted(FIXTURES.iterdir()) if path.is_file()}
FORMAT_OF = {".md": "markdown", ".txt": "plain", ".html": "html"}

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
NORMAL = settings(max_examples=200, deadline=None, suppress_health_check=_HEALTH)
SLOW = settings(max_examples=10_000, deadline=None, suppress_health_check=_HEALTH)


def note_outcome(outcome: str) -> None:
    """Count loaded/refused cases in hypothesis' statistics (--hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(outcome)


def fuzz_pair(strategies: dict[str, st.SearchStrategy], body: Callable[..., None]) -> tuple[Callable, Callable]:
    """The same property as a normal-run test and a 10,000-case slow test."""
    normal = NORMAL(given(**strategies)(body))
    slow = pytest.mark.slow(SLOW(given(**strategies)(body)))
    return normal, slow


def check_document(document: Document, source: str) -> None:
    """What "it loads" must mean: something to read, which a Player accepts."""
    assert isinstance(document, Document)
    assert document.tip_count >= 1, "a loaded article must have at least one tip to read"
    assert document.source == source
    for section in document.sections:
        assert isinstance(section.title, str)
        for tip in section.tips:
            assert all(isinstance(sentence, str) for sentence in tip.sentences)


def parses_or_refuses(text: str, format: str, source: str = "fuzzed.txt") -> None:
    """The property: a document, or an ArticleError with a message that names the source."""
    try:
        document = parse_article(text, format, source)
    except ArticleError as error:
        assert str(error).strip(), "an ArticleError must carry a message"
        assert source in str(error), f"the message should name {source!r}: {error}"
        note_outcome("refused")
        return
    check_document(document, source)
    note_outcome("loaded")


# --------------------------------------------------------------------------- fragments

_WORDS = st.sampled_from(
    ["Rest", "your", "legs", "slowly", "Breathe", "out", "warm", "bath", "stretch", "calves", "night", "é", "ü",
     "日本", "—", "…", "!", "?", ".", ",", ":", ";", "Dr.", "e.g.", "3.5", "mg", "100%", "&amp;", "\u200b", "\t"]
)
_PHRASE = st.lists(_WORDS, min_size=0, max_size=12).map(" ".join)

_MARKDOWN_LINE = st.one_of(
    _PHRASE,
    _PHRASE.map(lambda p: "# " + p),
    st.tuples(st.integers(1, 8), _PHRASE).map(lambda t: "#" * t[0] + " " + t[1]),
    _PHRASE.map(lambda p: "- " + p),
    _PHRASE.map(lambda p: "* **" + p + "** " + p),
    _PHRASE.map(lambda p: "1. " + p),
    _PHRASE.map(lambda p: "   - " + p),
    _PHRASE.map(lambda p: "> " + p),
    _PHRASE.map(lambda p: "[" + p + "](http://example.invalid/" + p.replace(" ", "") + ")"),
    _PHRASE.map(lambda p: "![" + p + "](img.png)"),
    _PHRASE.map(lambda p: "| " + p + " | " + p + " |"),
    st.sampled_from(["", "", "---", "===", "***", "```", "```python", "~~~", "|---|---|", "<div>", "</div>",
                     "<!-- note -->", "\\", "**", "__", "`", "    code()", "[^1]: footnote", "- [ ] task",
                     "<script>alert(1)</script>", "Title\n=====", "Sub\n-----"]),
)
MARKDOWN_DOCS = st.lists(_MARKDOWN_LINE, min_size=0, max_size=40).map("\n".join)

_TAGS = ["html", "head", "body", "title", "article", "main", "section", "div", "p", "h1", "h2", "h3", "ul", "ol",
         "li", "b", "strong", "em", "a", "nav", "header", "footer", "aside", "script", "style", "table", "tr", "td",
         "br", "img", "span", "noscript", "form", "iframe", "pre", "code", "blockquote", "svg"]
_HTML_PIECE = st.one_of(
    _PHRASE,
    st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
    st.tuples(st.sampled_from(_TAGS), _PHRASE).map(lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"),
    st.tuples(st.sampled_from(_TAGS), _PHRASE).map(lambda t: f'<{t[0]} class="{t[1]}" id=x>'),
    st.sampled_from(["<!DOCTYPE html>", "<!-- c -->", "<!--", "-->", "<![CDATA[x]]>", "&nbsp;", "&#0;", "&#x110000;",
                     "&bogus;", "<", ">", "</", "<?xml version='1.0'?>", '<meta charset="latin-1">', "<p", "\x00",
                     '<a href="javascript:x">', "<br/>", "<p/>", "</p></p></p>"]),
)
HTML_DOCS = st.lists(_HTML_PIECE, min_size=0, max_size=60).map("".join)


@st.composite
def mutated_corpus(draw: st.DrawFn) -> tuple[str, str]:
    """A fixture article with slices deleted, duplicated, swapped or replaced: (format, text)."""
    name = draw(st.sampled_from(sorted(CORPUS)))
    text = CORPUS[name]
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 200)))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] * draw(st.integers(1, 5)) + text[end:]
        elif action == "replace":
            text = text[:start] + draw(st.text(max_size=20)) + text[end:]
        elif action == "insert":
            text = text[:start] + draw(st.sampled_from(["\n", "\n\n", "#", "<", ">", "- ", "**", "\x00", "\r", "\ufeff"])) + text[start:]
        else:
            text = text[start:end] + text[:start] + text[end:]
    format = draw(st.sampled_from([FORMAT_OF[Path(name).suffix], *ARTICLE_FORMATS]))
    return format, text


# --------------------------------------------------------------------------- properties


def _any_text(text: str, format: str) -> None:
    parses_or_refuses(text, format)


def _markdown(text: str) -> None:
    parses_or_refuses(text, "markdown", "fuzzed.md")


def _html(text: str) -> None:
    parses_or_refuses(text, "html", "fuzzed.html")


def _corpus(case: tuple[str, str]) -> None:
    format, text = case
    parses_or_refuses(text, format, "mutated-fixture")


FORMATS = st.sampled_from(sorted(ARTICLE_FORMATS))

test_any_text_in_any_format_parses_or_refuses, test_any_text_in_any_format_parses_or_refuses_slow = fuzz_pair(
    {"text": st.text(max_size=2000), "format": FORMATS}, _any_text
)
test_markdown_from_fragments_parses_or_refuses, test_markdown_from_fragments_parses_or_refuses_slow = fuzz_pair(
    {"text": MARKDOWN_DOCS}, _markdown
)
test_html_from_fragments_parses_or_refuses, test_html_from_fragments_parses_or_refuses_slow = fuzz_pair(
    {"text": HTML_DOCS}, _html
)
test_mutated_fixtures_parse_or_refuse, test_mutated_fixtures_parse_or_refuse_slow = fuzz_pair(
    {"case": mutated_corpus()}, _corpus
)


# --------------------------------------------------------------------------- whole files

_SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".htm", "", ".dat", ".pdf", ".markdown", ".TXT"])
_FILE_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    MARKDOWN_DOCS.map(lambda t: t.encode("utf-8")),
    HTML_DOCS.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"%PDF", b"PK\x03\x04", b"RIFF", b""]),
              st.binary(max_size=500)).map(b"".join),
    st.text(max_size=500).map(lambda t: t.encode("utf-16")),
    st.text(max_size=500).map(lambda t: t.encode("latin-1", "replace")),
)


def _file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory(prefix="voicecoach-fuzz-") as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            document = load_article(path)
        except ArticleError as error:
            assert str(error).strip()
            assert str(path) in str(error), f"the message should name the file: {error}"
            return
        check_document(document, str(path))


test_any_file_loads_or_is_refused_naming_it, test_any_file_loads_or_is_refused_naming_it_slow = fuzz_pair(
    {"data": _FILE_BYTES, "suffix": _SUFFIXES}, _file
)


def test_every_fixture_still_loads() -> None:
    """The corpus the mutations start from is itself valid (else the corpus fuzzing tests little)."""
    for name in CORPUS:
        document = load_article(FIXTURES / name)
        assert document.tip_count >= 1, name
