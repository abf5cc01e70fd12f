"""Page furniture: the lines a web page wraps around an article that must never be read aloud.

Each rule is a named pattern matched against one whitespace-normalised line, so a new site
usually needs one more row in `FURNITURE_RULES`, not new code. Every importer uses these rules:
plain text line by line, Markdown (and so saved HTML, which is read through Markdown) paragraph
by paragraph and heading by heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # Jun 08, 2025
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"  # 8 June 2025
    r"|\d{4}-\d{2}-\d{2}"  # 2025-06-08
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"  # 08/06/2025
)
_DATE_PREFIX = r"(?:(?:published|updated|posted|last updated|modified)(?:\s+on)?\s*:?\s*)?"
_SEPARATOR = r"\s*[·•|,–—-]?\s*"
_READ_TIME = r"\d+\s*(?:min|mins|minute|minutes)\.?\s+read"
_MENU_ITEM = r"[\w'’&-]+(?:\s+[\w'’&-]+){0,2}"
_MENU_BAR = r"\s*[|•·»]\s*"


@dataclass(frozen=True)
class FurnitureRule:
    """One kind of page furniture and the pattern that recognises a whole line of it."""

    name: str
    pattern: re.Pattern[str]

    def matches(self, line: str) -> bool:
        """Whether the whole line is this kind of furniture."""
        return self.pattern.fullmatch(line) is not None


def _rule(name: str, pattern: str) -> FurnitureRule:
    return FurnitureRule(name, re.compile(pattern, re.IGNORECASE))


FURNITURE_RULES: tuple[FurnitureRule, ...] = (
    # Case matters for a byline: "By Mara Quill" is furniture, "By doing this you relax." is not.
    FurnitureRule("byline", re.compile(r"(?:[Ww]ritten |[Rr]eviewed )?[Bb]y\s+(?:[A-Z][\w'’-]*\.?\s?){1,4}")),
    _rule("table of contents marker", r"(?:article with )?(?:toc|table of contents|contents|in this article)"),
    _rule("author picture", r"(?:the )?author'?s?'? (?:profile )?(?:picture|photo|image|avatar)"),
    _rule("date and read time", rf"{_DATE_PREFIX}(?:{_DATE})?{_SEPARATOR}{_READ_TIME}"),
    _rule("date", rf"{_DATE_PREFIX}{_DATE}"),
    _rule("related posts", r"(?:related|recent|popular|more) (?:posts?|articles?|reading|stories)|you (?:may|might) also like"),
    _rule("thank-you footer", r"(?:thank you|thanks) for (?:visiting|reading|stopping by)\b.*"),
    _rule("home link", r"(?:go|back)(?: back)? (?:to )?(?:home|top)(?: page)?"),
    _rule("share buttons", r"share(?: this)?(?: (?:post|article))?:?(?: (?:facebook|twitter|x|email|pinterest|linkedin))*"),
    _rule("post navigation", r"(?:previous|next) (?:post|article)"),
    _rule("comments", r"\d+ comments?|(?:leave|post) a (?:comment|reply)|comments"),
    _rule("advertisement", r"advertisements?|sponsored"),
    _rule("copyright", r"(?:©|\(c\)|copyright)\s.*"),
    _rule("skip link", rf"skip to (?:the )?(?:main )?(?:content|navigation|menu)(?:{_MENU_BAR}{_MENU_ITEM})*"),
    # "Home | About | Contact": three or more one-to-three-word items between bars.
    _rule("site menu", rf"{_MENU_ITEM}(?:{_MENU_BAR}{_MENU_ITEM}){{2,}}"),
)


def is_furniture(line: str) -> bool:
    """Whether the whole line is page furniture, never to be read aloud."""
    return furniture_rule_for(" ".join(line.split())) is not None


def furniture_rule_for(line: str) -> FurnitureRule | None:
    """The first furniture rule the whole line matches, or None when it is article text."""
    for rule in FURNITURE_RULES:
        if rule.matches(line):
            return rule
    return None
