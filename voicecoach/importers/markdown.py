"""Markdown → `Document`, by walking markdown-it-py's token stream.

Heading rule: the first heading, when it is the only one at its level or the highest level,
is the article title (a YAML front matter `title:` comes first, and then a first heading that
repeats it is the title heading). Sections start at the highest heading level below the title;
deeper headings start a named group of the tips under them (see `OutlineBuilder`). List items and
paragraphs become tips; a bold lead or "Lead words: text" becomes the tip title.

A nested list belongs to the item it is nested in: its items are read after the parent's own
words, as part of the same tip, so "next" moves on to the next point, not the next sub-point.
A table is read row by row, each cell with its column heading ("Habit: warm bath. Effect: ...").
Inline markup is read as plain words: links give their text, images and raw HTML are dropped,
code blocks are skipped (they are not meant to be listened to). Page furniture (bylines, share
buttons, site menus) is dropped by the same rules as in plain text, `importers.furniture`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from voicecoach.document import Document
from voicecoach.errors import ArticleError
from voicecoach.importers.furniture import is_furniture
from voicecoach.importers.outline import OutlineBuilder, clean_spaces, split_lead, title_from_source

logger = logging.getLogger(__name__)

MAX_ITEM_LEAD_WORDS = 8
MAX_PARAGRAPH_LEAD_WORDS = 6
FIX = "check that the file is a Markdown article with paragraphs or lists"
_LEAD_PUNCTUATION = ":–—-. "
_BREAKS = frozenset({"softbreak", "hardbreak"})
_SKIPPED_INLINE = frozenset({"image", "html_inline"})
_SENTENCE_END = tuple(".!?…:;")
_PROSE_END = tuple(".!?…;")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


def _new_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def split_front_matter(text: str) -> tuple[str, str]:
    """(the front matter's title or "", the Markdown after the front matter).

    Text between two `---` lines at the very start is front matter when it is a YAML mapping
    (or meant as one and broken); anything else there (a line between two rules) is Markdown.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return "", text
    body = text[match.end() :]
    try:
        data = yaml.safe_load(match["yaml"])
    except yaml.YAMLError as err:
        # Front matter is for the site, never read aloud: a broken one only costs us its title.
        logger.debug("ignoring front matter that is not valid YAML: %s", err)
        return "", body
    if data is not None and not isinstance(data, dict):
        return "", text
    title = data.get("title") if isinstance(data, dict) else None
    return (clean_spaces(title) if isinstance(title, str) else ""), body


def _line_texts(token: Token) -> list[str]:
    """The plain words of an inline token, one entry per source line."""
    lines: list[str] = [""]
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            lines[-1] += child.content
        elif child.type in _BREAKS:
            lines.append("")
    return [clean_spaces(line) for line in lines]


def inline_text(token: Token) -> str:
    """The plain words of an inline token: no markup, links as their text, no images."""
    return clean_spaces(" ".join(_line_texts(token)))


def _is_furniture(token: Token) -> bool:
    """Every line of the inline token is page furniture (a byline, a share bar, a menu)."""
    lines = [line for line in _line_texts(token) if line]
    return bool(lines) and all(is_furniture(line) for line in lines)


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


def _as_sentence(text: str) -> str:
    """`text` starting and ending like a sentence, so pieces joined together are read one by one."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(_SENTENCE_END) else f"{text}."


@dataclass
class _Walk:
    """State while walking the tokens: where we are and what is waiting to be added."""

    builder: OutlineBuilder
    section_level: int
    title_heading: int | None
    after_subheading: bool = False
    skip_to_level: int | None = None
    """Inside a furniture section ("## Related posts"): skip until a heading at this level or above."""
    item_depth: int = 0
    item_inlines: list[Token] = field(default_factory=list)
    """The paragraphs of the top-level list item being read, its nested items included."""
    in_table_head: bool = False
    column_names: list[str] = field(default_factory=list)
    row_cells: list[str] = field(default_factory=list)

    def add_tip(self, title: str, text: str) -> None:
        self.builder.add_tip(title, text)
        self.after_subheading = False


def _headings(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(token index, level, text) of every heading."""
    return [
        (i, int(token.tag[1]), inline_text(tokens[i + 1]))
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and i + 1 < len(tokens)
    ]


def _title_and_section_level(headings: list[tuple[int, int, str]], given_title: str) -> tuple[int | None, str, int]:
    if not headings:
        return None, "", 1
    first_index, first_level, first_text = headings[0]
    rest = [level for _, level, _ in headings[1:]]
    repeats = not given_title or clean_spaces(first_text).casefold() == given_title.casefold()
    if first_text and repeats and all(level > first_level for level in rest):
        return first_index, first_text, min(rest, default=first_level + 1)
    return None, "", min(level for _, level, _ in headings)


def _on_heading(walk: _Walk, tokens: list[Token], i: int) -> None:
    if i == walk.title_heading:
        return
    level = int(tokens[i].tag[1])
    if walk.skip_to_level is not None:
        if level > walk.skip_to_level:
            return
        walk.skip_to_level = None
    inline = tokens[i + 1]
    if _is_furniture(inline):
        logger.debug("skipping a furniture section: %r", inline_text(inline))
        walk.skip_to_level = level
        return
    text = inline_text(inline)
    if level <= walk.section_level:
        walk.builder.start_section(text)
        walk.after_subheading = False
    else:
        walk.builder.start_group(text)
        walk.after_subheading = True


def _on_paragraph(walk: _Walk, tokens: list[Token], i: int) -> None:
    inline = tokens[i + 1]
    if walk.item_depth:
        walk.item_inlines.append(inline)
        return
    if _is_furniture(inline):
        logger.debug("dropping page furniture: %r", inline_text(inline))
        return
    if walk.after_subheading:
        walk.add_tip("", inline_text(inline))  # the sub-heading titles it; its own colon is prose
        return
    walk.add_tip(*tip_parts(inline, MAX_PARAGRAPH_LEAD_WORDS, title_case_only=True))


def _on_item_open(walk: _Walk, tokens: list[Token], i: int) -> None:
    walk.item_depth += 1


def _on_item_close(walk: _Walk, tokens: list[Token], i: int) -> None:
    walk.item_depth -= 1
    if walk.item_depth == 0:
        inlines, walk.item_inlines = walk.item_inlines, []
        _add_item(walk, inlines)


def _add_item(walk: _Walk, inlines: list[Token]) -> None:
    """Add a top-level list item, with the items nested in it, as one tip."""
    if not inlines or (len(inlines) == 1 and _is_furniture(inlines[0])):
        return
    title, first = tip_parts(inlines[0], MAX_ITEM_LEAD_WORDS, title_case_only=False)
    nested = [_as_sentence(inline_text(token)) for token in inlines[1:]]
    label = first.rstrip(":").strip()
    if nested and not title and len(label.split()) <= MAX_ITEM_LEAD_WORDS and not label.endswith(_PROSE_END):
        title, first = label, ""  # a short label over a nested list names it
    pieces = [_as_sentence(first) if nested else first, *nested]
    walk.add_tip(title, " ".join(piece for piece in pieces if piece))


def _on_thead(walk: _Walk, tokens: list[Token], i: int) -> None:
    walk.in_table_head = tokens[i].type == "thead_open"


def _on_cell(walk: _Walk, tokens: list[Token], i: int) -> None:
    walk.row_cells.append(inline_text(tokens[i + 1]))


def _on_row_close(walk: _Walk, tokens: list[Token], i: int) -> None:
    cells, walk.row_cells = walk.row_cells, []
    if walk.in_table_head:
        walk.column_names = cells
        return
    names = walk.column_names + [""] * max(0, len(cells) - len(walk.column_names))
    said = [_as_sentence(f"{name}: {cell}" if name else cell) for name, cell in zip(names, cells) if cell]
    if said:
        walk.add_tip("", " ".join(said))


_HANDLERS = {
    "heading_open": _on_heading,
    "paragraph_open": _on_paragraph,
    "list_item_open": _on_item_open,
    "list_item_close": _on_item_close,
    "thead_open": _on_thead,
    "thead_close": _on_thead,
    "th_open": _on_cell,
    "td_open": _on_cell,
    "tr_close": _on_row_close,
}
_ALWAYS = frozenset({"heading_open", "list_item_open", "list_item_close", "thead_open", "thead_close"})


def _tokens(text: str, source: str) -> list[Token]:
    try:
        return _new_parser().parse(text)
    except (RecursionError, ValueError, IndexError) as err:
        where = f"{source}: " if source else ""
        raise ArticleError(f"{where}this Markdown is too deeply nested to read; {FIX}") from err


def parse_markdown(text: str, source: str = "", title: str = "") -> Document:
    """Parse a Markdown article into sections and tips.

    `title` is used when the Markdown has no title of its own, in its front matter or as a title
    heading (the HTML importer passes the page title). Raises `ArticleError` when nothing
    readable is found.
    """
    front_title, text = split_front_matter(text)
    tokens = _tokens(text, source)
    title_heading, heading_title, section_level = _title_and_section_level(_headings(tokens), front_title)
    document_title = front_title or heading_title or clean_spaces(title) or title_from_source(source)
    walk = _Walk(OutlineBuilder(document_title), section_level, title_heading)
    for i, token in enumerate(tokens):
        handler = _HANDLERS.get(token.type)
        if handler is None:
            if token.type in ("fence", "code_block", "html_block"):
                logger.debug("skipping a %s block", token.type)
            continue
        if walk.skip_to_level is None or token.type in _ALWAYS:
            handler(walk, tokens, i)
    return walk.builder.build(document_title, source, fix=FIX)
