"""The document model: a `Document` holds `Section`s; a section holds `Tip`s, read sentence by sentence.

Between section and tip sits an optional level, the `TipGroup`: a named run of tips under a
sub-heading ("Lifestyle changes" inside "Effective strategies"). Groups are kept as ranges over
the section's flat list of tips, so a saved (section, tip) place means the same tip whether or not
a document has groups, and moving tip by tip simply walks the flat list across group borders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from voicecoach.sentences import split_sentences


@dataclass(frozen=True)
class Tip:
    """One unit of reading: an optional title (the lead words of a bullet) and its body text."""

    title: str
    text: str
    sentences: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.sentences:
            spoken = f"{self.title}. {self.text}" if self.title and self.text else (self.title or self.text)
            object.__setattr__(self, "sentences", split_sentences(spoken))

    @property
    def label(self) -> str:
        """A short name for the tip: its title, or its first sentence."""
        if self.title:
            return self.title
        return self.sentences[0] if self.sentences else ""


@dataclass(frozen=True)
class TipGroup:
    """A named run of tips inside a section: tips `start` up to (not including) `stop`.

    A part of a section that is not in any group has an empty title (see `Section.part_at`).
    """

    title: str
    start: int
    stop: int

    @property
    def size(self) -> int:
        """How many tips the group holds."""
        return self.stop - self.start

    def __contains__(self, index: object) -> bool:
        return isinstance(index, int) and self.start <= index < self.stop


@dataclass(frozen=True)
class Section:
    """A heading, the tips under it, and the named groups (sub-headings) some of them are in."""

    title: str
    tips: tuple[Tip, ...]
    groups: tuple[TipGroup, ...] = ()

    def __post_init__(self) -> None:
        end = 0
        for group in self.groups:
            if not group.title or group.start < end or group.stop <= group.start or group.stop > len(self.tips):
                raise ValueError(
                    f"section {self.title!r}: group {group.title!r} must name a non-empty run of its "
                    f"{len(self.tips)} tips, in order and not overlapping (got {group.start}..{group.stop})"
                )
            end = group.stop

    def group_at(self, index: int) -> TipGroup | None:
        """The named group tip `index` is in, or None when it stands outside every group."""
        return next((group for group in self.groups if index in group), None)

    def part_at(self, index: int) -> TipGroup:
        """The run of tips that tip `index` is counted in: its named group, or the ungrouped tips around it."""
        named = self.group_at(index)
        if named is not None:
            return named
        start = max((group.stop for group in self.groups if group.stop <= index), default=0)
        stop = min((group.start for group in self.groups if group.start > index), default=len(self.tips))
        return TipGroup("", start, stop)

    def parts(self) -> tuple[TipGroup, ...]:
        """Every run of tips in reading order: named groups and the ungrouped runs between them."""
        found: list[TipGroup] = []
        index = 0
        while index < len(self.tips):
            part = self.part_at(index)
            found.append(part)
            index = part.stop
        return tuple(found)


@dataclass(frozen=True)
class Document:
    """An article or guide ready to be read aloud."""

    title: str
    sections: tuple[Section, ...]
    source: str = ""

    @property
    def tip_count(self) -> int:
        """How many tips the whole document has."""
        return sum(len(section.tips) for section in self.sections)

    def to_dict(self) -> dict[str, Any]:
        """The full structure as plain data (what `voicecoach import --json` prints)."""
        return {
            "title": self.title,
            "source": self.source,
            "sections": [_section_dict(section) for section in self.sections],
        }

    def outline(self) -> str:
        """A human-readable outline: sections, groups, tip counts and tip labels.

        Tips are numbered as "where am I" counts them: within their group when they are in one.
        """
        lines = [self.title, ""]
        for number, section in enumerate(self.sections, start=1):
            lines.append(f"{number}. {section.title} ({tips_phrase(len(section.tips))})")
            for part in section.parts():
                if part.title:
                    lines.append(f"   {part.title} ({tips_phrase(part.size)})")
                for offset, tip in enumerate(section.tips[part.start : part.stop], start=1):
                    mark = f"      {offset}." if part.title else f"   {number}.{offset}"
                    lines.append(f"{mark} {_shorten(tip.label, 70)}")
        return "\n".join(lines)


def tips_phrase(count: int) -> str:
    """ "1 tip", "3 tips"."""
    return f"{count} tip" if count == 1 else f"{count} tips"


def _section_dict(section: Section) -> dict[str, Any]:
    return {
        "title": section.title,
        "groups": [
            {"title": group.title, "first_tip": group.start, "tip_count": group.size} for group in section.groups
        ],
        "tips": [
            {
                "title": tip.title,
                "text": tip.text,
                "sentences": list(tip.sentences),
                "group": _group_title(section, index),
            }
            for index, tip in enumerate(section.tips)
        ],
    }


def _group_title(section: Section, index: int) -> str | None:
    group = section.group_at(index)
    return None if group is None else group.title


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
