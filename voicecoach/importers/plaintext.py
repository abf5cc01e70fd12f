"""Plain text scraped from a web page → `Document`.

The text is read line by line. Each line gets one `LineKind` from a short table of named
rules (first match wins); a small builder then turns the kinds into sections and tips:

* headings (short, title-case, no final full stop) start sections;
* numbered sub-headings ("1. Medical Interventions:") start a group of the tips that follow,
  up to the next sub-heading or heading (see `OutlineBuilder` for when they title a paragraph);
* bullets ("• Lead words: the rest") and "Lead Phrase: text" paragraphs become titled tips;
* other paragraphs become untitled tips; lines with no blank line between them are joined;
* page furniture (bylines, dates, read times, "Table of Contents", footers) is dropped.

Intro paragraphs before the first heading go into a section named after the article title.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Callable

from voicecoach.document import Document
from voicecoach.importers.furniture import furniture_rule_for
from voicecoach.importers.outline import OutlineBuilder, clean_spaces, is_title_case, split_lead, title_from_source

logger = logging.getLogger(__name__)

_BULLET = re.compile(r"^[•·▪◦●○■□‣⁃*+–—-]\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?:\d{1,2}|[a-zA-Z])[.)]\s+(?P<text>\S.*)$")
_NOT_A_HEADING_END = tuple(".,;:!…")
_PROSE_END = tuple(".!?…:\"”')")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
MAX_HEADING_WORDS = 12
MAX_SUBHEADING_WORDS = 10
MAX_BYLINE_WORDS = 4
MAX_BULLET_LEAD_WORDS = 8
MAX_PARAGRAPH_LEAD_WORDS = 6
FIX = "check that the file holds the article text itself, or save the page as HTML and import that"


class LineKind(StrEnum):
    """What one line of scraped text is."""

    BLANK = "blank"
    FURNITURE = "furniture"
    TITLE = "title"
    HEADING = "heading"
    SUBHEADING = "subheading"
    BULLET = "bullet"
    PARAGRAPH = "paragraph"


def _key(line: str) -> str:
    """A comparison key: letters and digits only, lower case."""
    return "".join(ch for ch in line.lower() if ch.isalnum())


def _looks_like_heading(line: str) -> bool:
    """Short, no sentence-ending mark, starts with a capital or digit."""
    words = line.split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and len(line) <= 100
        and not line.endswith(_NOT_A_HEADING_END)
        and (line[0].isupper() or line[0].isdigit())
    )


def _looks_like_prose(line: str) -> bool:
    """A sentence: ends like one, or is too long to be anything else."""
    return line.endswith(_PROSE_END) or len(line.split()) > MAX_HEADING_WORDS


@dataclass(frozen=True)
class _Page:
    """The cleaned lines of a page plus the facts the line rules need to look around."""

    lines: tuple[str, ...]
    title_index: int | None

    @cached_property
    def title(self) -> str:
        return self.lines[self.title_index] if self.title_index is not None else ""

    @cached_property
    def furniture(self) -> frozenset[int]:
        """Lines matched by a furniture pattern (context-free)."""
        return frozenset(i for i, line in enumerate(self.lines) if line and furniture_rule_for(line))

    @cached_property
    def body_start(self) -> int:
        """Index of the first real sentence or bullet: everything before it is the page header."""
        for i, line in enumerate(self.lines):
            if i in self.furniture or i == self.title_index or not line:
                continue
            if _BULLET.match(line) or (_looks_like_prose(line) and not self.repeats_title(i)):
                return i
        return len(self.lines)

    @cached_property
    def body_keys(self) -> frozenset[str]:
        """Keys of every line in the body, to spot table-of-contents entries in the header."""
        return frozenset(_key(line) for line in self.lines[self.body_start :] if line)

    def neighbour(self, i: int, step: int) -> int | None:
        """The nearest non-blank line before (step=-1) or after (step=1) line i."""
        j = i + step
        while 0 <= j < len(self.lines):
            if self.lines[j]:
                return j
            j += step
        return None

    def next_content(self, i: int) -> str:
        """The next non-blank, non-furniture line after line i, or ""."""
        j = self.neighbour(i, 1)
        while j is not None and j in self.furniture:
            j = self.neighbour(j, 1)
        return self.lines[j] if j is not None else ""

    def repeats_title(self, i: int) -> bool:
        """A later copy of the title line (pages repeat it in banners and breadcrumbs)."""
        return bool(self.title) and i != self.title_index and _key(self.lines[i]) == _key(self.title)

    def after_related_marker(self, i: int) -> bool:
        """Inside a "Related Posts" list: after the marker, before any sentence."""
        for j in range(i - 1, -1, -1):
            line = self.lines[j]
            if j in self.furniture:
                rule = furniture_rule_for(line)
                if rule is not None and rule.name == "related posts":
                    return True
            elif line and _looks_like_prose(line):
                return False
        return False


# --- line rules: each answers "is line i of the page this kind?" -----------------------------

def _is_blank(page: _Page, i: int) -> bool:
    return not page.lines[i]


def _is_title(page: _Page, i: int) -> bool:
    return i == page.title_index


def _is_furniture(page: _Page, i: int) -> bool:
    return i in page.furniture or page.repeats_title(i) or _is_header_extra(page, i) or _is_related_link(page, i)


def _is_header_extra(page: _Page, i: int) -> bool:
    """In the page header: a site or author name next to other furniture, or a contents entry."""
    if i >= page.body_start:
        return False
    line = page.lines[i]
    if _key(line) in page.body_keys:
        return True  # a table-of-contents entry; the real heading comes later
    near_furniture = any(j in page.furniture for j in (page.neighbour(i, -1), page.neighbour(i, 1)))
    return near_furniture and len(line.split()) <= MAX_BYLINE_WORDS and not _looks_like_prose(line)


def _is_related_link(page: _Page, i: int) -> bool:
    line = page.lines[i]
    return not _looks_like_prose(line) and page.after_related_marker(i)


def _is_bullet(page: _Page, i: int) -> bool:
    return bool(_BULLET.match(page.lines[i])) or bool(_NUMBERED.match(page.lines[i]))


def _is_subheading(page: _Page, i: int) -> bool:
    """ "1. Medical Interventions:" followed by a paragraph or bullets, not by the next item."""
    match = _NUMBERED.match(page.lines[i])
    if not match:
        return False
    text = match["text"]
    short = len(text.split()) <= MAX_SUBHEADING_WORDS
    shaped = text.endswith(":") or (_looks_like_heading(text) and is_title_case(text))
    following = page.next_content(i)
    return short and shaped and bool(following) and not _NUMBERED.match(following)


def _is_heading(page: _Page, i: int) -> bool:
    """A short title-case line that starts a block; a short sentence-case one needs prose after it."""
    line = page.lines[i]
    if not _looks_like_heading(line):
        return False
    before = page.neighbour(i, -1)
    if before is not None and before == i - 1 and before not in page.furniture:
        if _looks_like_prose(page.lines[before]) or not _looks_like_heading(page.lines[before]):
            return False  # a wrapped line inside a paragraph
    if is_title_case(line):
        return True
    following = page.next_content(i)
    return len(line.split()) <= 6 and _looks_like_prose(following) and not _is_bullet_text(following)


def _is_bullet_text(line: str) -> bool:
    return bool(_BULLET.match(line) or _NUMBERED.match(line))


_LINE_RULES: tuple[tuple[LineKind, Callable[[_Page, int], bool]], ...] = (
    (LineKind.BLANK, _is_blank),
    (LineKind.TITLE, _is_title),
    (LineKind.FURNITURE, _is_furniture),
    (LineKind.SUBHEADING, _is_subheading),
    (LineKind.BULLET, _is_bullet),
    (LineKind.HEADING, _is_heading),
)


def classify_line(page: _Page, i: int) -> LineKind:
    """The kind of line i: the first rule that matches, else a paragraph line."""
    for kind, rule in _LINE_RULES:
        if rule(page, i):
            return kind
    return LineKind.PARAGRAPH


# --- from lines to a document -----------------------------------------------------------------

def _clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).translate(_INVISIBLE)
    line = "".join(ch if ch.isprintable() else " " for ch in line)
    return clean_spaces(line)


def _find_title(lines: tuple[str, ...]) -> int | None:
    for i, line in enumerate(lines):
        if line and not furniture_rule_for(line):
            return i if _looks_like_heading(line) or not _looks_like_prose(line) else None
    return None


@dataclass
class _Block:
    """A run of joined lines of one kind."""

    kind: LineKind
    text: str


def _blocks(page: _Page) -> list[_Block]:
    """Classify the lines and join wrapped continuation lines onto the block they continue."""
    blocks: list[_Block] = []
    previous = LineKind.BLANK
    for i, line in enumerate(page.lines):
        kind = classify_line(page, i)
        if kind is LineKind.PARAGRAPH and blocks and previous in (LineKind.PARAGRAPH, LineKind.BULLET):
            last = blocks[-1]
            if last.kind is LineKind.PARAGRAPH or not last.text.endswith(_PROSE_END):
                last.text = f"{last.text} {line}"
                continue
        if kind is LineKind.BULLET or kind is LineKind.SUBHEADING:
            match = _BULLET.match(line) or _NUMBERED.match(line)
            line = match["text"] if match else line
        if kind not in (LineKind.BLANK, LineKind.FURNITURE, LineKind.TITLE):
            blocks.append(_Block(kind, line))
        elif kind is LineKind.FURNITURE:
            logger.debug("dropping page furniture: %r", line)
        previous = kind
    return blocks


def parse_plain_text(text: str, source: str = "") -> Document:
    """Parse plain text scraped from a web page into sections and tips.

    Raises `ArticleError` when nothing readable is left after dropping page furniture.
    """
    lines = tuple(_clean_line(line) for line in text.splitlines())
    title_index = _find_title(lines)
    page = _Page(lines, title_index)
    title = page.title.rstrip("?:").strip() or title_from_source(source)
    builder = OutlineBuilder(title)
    after_subheading = False
    for block in _blocks(page):
        if block.kind is LineKind.HEADING:
            builder.start_section(block.text)
        elif block.kind is LineKind.SUBHEADING:
            builder.start_group(block.text)
        elif block.kind is LineKind.BULLET:
            builder.add_tip(*split_lead(block.text, MAX_BULLET_LEAD_WORDS, title_case_only=False))
        elif after_subheading:
            builder.add_tip("", block.text)  # the sub-heading is its title; its own colon is prose
        else:
            builder.add_tip(*split_lead(block.text, MAX_PARAGRAPH_LEAD_WORDS, title_case_only=True))
        after_subheading = block.kind is LineKind.SUBHEADING
    return builder.build(title, source, fix=FIX)
