"""Markdown → `Document`, by walking markdown-it-py's token stream.

Heading rule: the first heading, when it is the only one at its level or the highest level,
is the article title. Sections start at the highest heading level below the title; deeper
headings title the paragraph right after them (bullets keep their own lead words). List
items and paragraphs become tips; a bold lead or "Lead words: text" becomes the tip title.
Inline markup is read as plain words: links give their text, images and raw HTML are dropped,
code blocks are skipped (they are not meant to be listened to).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from voicecoach.document import Document
from voicecoach.errors import ArticleError
from voicecoach.importers.outline import OutlineBuilder, clean_spaces, split_lead, title_from_source

logger = logging.getLogger(__name__)

MAX_ITEM_LEAD_WORDS = 8
MAX_PARAGRAPH_LEAD_WORDS = 6
FIX = "check that the file is a Markdown article with paragraphs or lists"
_LEAD_PUNCTUATION = ":–—-. "
_BREAKS = frozenset({"softbreak", "hardbreak"})
_SKIPPED_INLINE = frozenset({"image", "html_inline"})


def _new_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def inline_text(token: Token) -> str:
    """The plain words of an inline token: no markup, links as their text, no images."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in _BREAKS:
            parts.append(" ")
        elif child.type in _SKIPPED_INLINE:
            continue
    return clean_spaces("".join(parts))


def bold_lead(token: Token) -> tuple[str, str]:
    """("Lead", "rest") when the inline text opens with a bold or italic phrase; else ("", "")."""
    children = token.children or []
    if not children or children[0].type not in ("strong_open", "em_open"):
        return "", ""
    closing = children[0].type.replace("_open", "_close")
    lead_parts: list[str] = []
    for index, child in enumerate(children[1:], start=1):
        if child.type == closing:
            rest = Token("inline", "", 0, children=children[index + 1 :])
            lead = clean_spaces("".join(lead_parts)).rstrip(_LEAD_PUNCTUATION)
            return lead, inline_text(rest).lstrip(_LEAD_PUNCTUATION)
        if child.type in ("text", "code_inline"):
            lead_parts.append(child.content)
    return "", ""


def tip_parts(token: Token, max_words: int, title_case_only: bool) -> tuple[str, str]:
    """Title and text of the tip an inline token makes."""
    lead, rest = bold_lead(token)
    if lead and rest and len(lead.split()) <= max_words:
        return lead, rest
    return split_lead(inline_text(token), max_words, title_case_only)


@dataclass
class _Walk:
    """State while walking the tokens: where we are and what is waiting to be added."""

    builder: OutlineBuilder
    section_level: int
    title_heading: int | None
    pending_title: str = ""
    item_texts: list[list[Token]] = field(default_factory=list)
    row_cells: list[str] = field(default_factory=list)


def _headings(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(token index, level, text) of every heading."""
    return [
        (i, int(token.tag[1]), inline_text(tokens[i + 1]))
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and i + 1 < len(tokens)
    ]


def _title_and_section_level(headings: list[tuple[int, int, str]]) -> tuple[int | None, str, int]:
    if not headings:
        return None, "", 1
    first_index, first_level, first_text = headings[0]
    rest = [level for _, level, _ in headings[1:]]
    if first_text and all(level > first_level for level in rest):
        return first_index, first_text, min(rest, default=first_level + 1)
    return None, "", min(level for _, level, _ in headings)


def _on_heading(walk: _Walk, tokens: list[Token], i: int) -> None:
    if i == walk.title_heading:
        return
    text = inline_text(tokens[i + 1])
    if int(tokens[i].tag[1]) <= walk.section_level:
        walk.builder.start_section(text)
        walk.pending_title = ""
    else:
        walk.pending_title = text


def _on_paragraph(walk: _Walk, tokens: list[Token], i: int) -> None:
    inline = tokens[i + 1]
    if walk.item_texts:
        walk.item_texts[-1].append(inline)
        return
    if walk.pending_title:
        walk.builder.add_tip(walk.pending_title, inline_text(inline))
        walk.pending_title = ""
        return
    walk.builder.add_tip(*tip_parts(inline, MAX_PARAGRAPH_LEAD_WORDS, title_case_only=True))


def _flush_item(walk: _Walk) -> None:
    """Add the list item being collected (if it has text) as a tip."""
    if not walk.item_texts or not walk.item_texts[-1]:
        return
    inlines = walk.item_texts[-1]
    walk.item_texts[-1] = []
    title, first = tip_parts(inlines[0], MAX_ITEM_LEAD_WORDS, title_case_only=False)
    more = " ".join(inline_text(token) for token in inlines[1:])
    walk.builder.add_tip(title, f"{first} {more}")


def _on_item_open(walk: _Walk, tokens: list[Token], i: int) -> None:
    _flush_item(walk)  # a nested list: the parent item is read before its children
    walk.item_texts.append([])
    walk.pending_title = ""


def _on_item_close(walk: _Walk, tokens: list[Token], i: int) -> None:
    _flush_item(walk)
    walk.item_texts.pop()


def _on_cell(walk: _Walk, tokens: list[Token], i: int) -> None:
    walk.row_cells.append(inline_text(tokens[i + 1]))


def _on_row_close(walk: _Walk, tokens: list[Token], i: int) -> None:
    cells = [cell for cell in walk.row_cells if cell]
    walk.row_cells = []
    if cells:
        walk.builder.add_tip("", ", ".join(cells) + ".")


_HANDLERS = {
    "heading_open": _on_heading,
    "paragraph_open": _on_paragraph,
    "list_item_open": _on_item_open,
    "list_item_close": _on_item_close,
    "th_open": _on_cell,
    "td_open": _on_cell,
    "tr_close": _on_row_close,
}


def _tokens(text: str, source: str) -> list[Token]:
    try:
        return _new_parser().parse(text)
    except (RecursionError, ValueError, IndexError) as err:
        where = f"{source}: " if source else ""
        raise ArticleError(f"{where}this Markdown is too deeply nested to read; {FIX}") from err


def parse_markdown(text: str, source: str = "", title: str = "") -> Document:
    """Parse a Markdown article into sections and tips.

    `title` is used when the Markdown has no title heading of its own (the HTML importer
    passes the page title). Raises `ArticleError` when nothing readable is found.
    """
    tokens = _tokens(text, source)
    title_heading, heading_title, section_level = _title_and_section_level(_headings(tokens))
    document_title = heading_title or clean_spaces(title) or title_from_source(source)
    walk = _Walk(OutlineBuilder(document_title), section_level, title_heading)
    for i, token in enumerate(tokens):
        handler = _HANDLERS.get(token.type)
        if handler is not None:
            handler(walk, tokens, i)
        elif token.type in ("fence", "code_block", "html_block"):
            logger.debug("skipping a %s block", token.type)
    return walk.builder.build(document_title, source, fix=FIX)
