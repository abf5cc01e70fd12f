"""Shared building blocks for every importer: an outline builder and the "Lead: text" split.

Each importer walks its input in reading order and tells an `OutlineBuilder` what it saw
(a section heading, a sub-heading, a tip). The builder drops what cannot be read aloud — tips
without a sentence, sections without a tip, sub-headings with nothing under them — so every
importer gives the same guarantees.

A sub-heading starts a group that lasts until the next sub-heading or section. When every
group of a section holds one untitled paragraph (a sub-heading per paragraph, as in "1. Sleep
Disturbances:" followed by its explanation), the sub-headings title those paragraphs instead:
a group of one would only add words to every "where am I".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from voicecoach.document import Document, Section, Tip, TipGroup
from voicecoach.errors import ArticleError

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_MARK = re.compile(r"\s+(?=[.,;:!?)])")
# Small words that stay lower case in a title ("Prevention and Long-Term Management").
_MINOR_WORDS = frozenset(
    "a an and as at between but by during for from in into nor of on or over per the to up via vs with "
    "without your you our its their is are".split()
)
_LEAD = re.compile(r"^(?P<lead>[^:]{1,80}?)\s*:\s+(?P<rest>\S.*)$", re.DOTALL)
_SENTENCE_MARK = re.compile(r"[.!?…]")

FALLBACK_TITLE = "Untitled article"


def clean_spaces(text: str) -> str:
    """Collapse runs of whitespace to one space, drop spaces before punctuation, strip the ends."""
    return _SPACE_BEFORE_MARK.sub("", _SPACES.sub(" ", text)).strip()


def is_title_case(text: str) -> bool:
    """True when the words that matter start with a capital or digit, as in a heading."""
    words = [word for word in re.split(r"[\s/]+", text) if word]
    if not words or not words[0][:1].isupper() and not words[0][:1].isdigit():
        return False
    significant = [w for w in words[1:] if w.strip("()\"'").lower() not in _MINOR_WORDS and w[:1].isalpha()]
    if not significant:
        return True
    capitalised = sum(1 for word in significant if word.strip("(\"'")[:1].isupper())
    return capitalised / len(significant) >= 0.75


def split_lead(text: str, max_words: int, title_case_only: bool) -> tuple[str, str]:
    """Split "Lead words: the rest" into (lead, rest); ("", text) when there is no short lead.

    `title_case_only` is for plain paragraphs, where a colon inside an ordinary sentence
    ("Here is the trick: breathe out") must not turn into a title.
    """
    match = _LEAD.match(text)
    if not match:
        return "", text
    lead = clean_spaces(match["lead"])
    rest = match["rest"].strip()
    too_long = len(lead.split()) > max_words
    if too_long or _SENTENCE_MARK.search(lead) or not lead[:1].isalnum():
        return "", text
    if title_case_only and not is_title_case(lead):
        return "", text
    return lead, rest


@dataclass
class _OpenSection:
    title: str
    tips: list[Tip]
    groups: list[tuple[str, int]] = field(default_factory=list)
    """(title, index of its first tip) of each sub-heading, in reading order."""

    def close(self, fallback_title: str) -> Section:
        """The finished section, its sub-headings turned into groups or tip titles."""
        title = self.title or fallback_title
        groups = self._groups()
        if groups and all(group.size == 1 and not self.tips[group.start].title for group in groups):
            tips = list(self.tips)
            for group in groups:
                tips[group.start] = Tip(group.title, tips[group.start].text)
            return Section(title, tuple(tips))
        return Section(title, tuple(self.tips), tuple(groups))

    def _groups(self) -> list[TipGroup]:
        ends = [start for _, start in self.groups[1:]] + [len(self.tips)]
        spans = [TipGroup(title, start, end) for (title, start), end in zip(self.groups, ends)]
        return [span for span in spans if span.size > 0]


class OutlineBuilder:
    """Collects sections and tips in reading order, then builds a `Document` with nothing empty."""

    def __init__(self, first_section_title: str) -> None:
        self._sections: list[_OpenSection] = [_OpenSection(clean_spaces(first_section_title), [])]

    def start_section(self, title: str) -> None:
        """Begin a new section; later tips go under it."""
        self._sections.append(_OpenSection(clean_spaces(title), []))

    def start_group(self, title: str) -> None:
        """Begin a named group of tips (a sub-heading) in the current section; it runs to the next one."""
        title = clean_spaces(title).rstrip(":").strip()
        if title:
            self._sections[-1].groups.append((title, len(self._sections[-1].tips)))

    def add_tip(self, title: str, text: str) -> None:
        """Add a tip to the current section, unless it has nothing to say."""
        tip = Tip(title=clean_spaces(title), text=clean_spaces(text))
        if not tip.sentences or not any(ch.isalnum() for ch in tip.title + tip.text):
            logger.debug("dropping a tip with no sentences: %r", title)
            return
        self._sections[-1].tips.append(tip)

    @property
    def has_tips(self) -> bool:
        """Whether any tip has been added so far."""
        return any(section.tips for section in self._sections)

    def build(self, title: str, source: str, *, fix: str) -> Document:
        """The finished document; `ArticleError` (ending with `fix`) when nothing is readable."""
        fallback = clean_spaces(title) or FALLBACK_TITLE
        sections = tuple(section.close(fallback) for section in self._sections if section.tips)
        if not sections:
            where = f"{source}: " if source else ""
            raise ArticleError(f"{where}found no readable text in this article; {fix}")
        return Document(title=clean_spaces(title) or FALLBACK_TITLE, sections=sections, source=source)


def title_from_source(source: str) -> str:
    """A readable title from a file name ("calm-nights.txt" → "Calm nights"), or the fallback."""
    name = re.split(r"[\\/]", source)[-1] if source else ""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    words = clean_spaces(re.sub(r"[-_]+", " ", stem))
    return words[:1].upper() + words[1:] if words else FALLBACK_TITLE
