"""A position in a document that moves by tip and by section. Pure.

Tips are counted within their part of a section (their named group, or the ungrouped tips
around them), as "where am I" says them; "next" and "back" cross groups and sections alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.document import Document, Section, Tip, TipGroup


@dataclass(frozen=True)
class Cursor:
    """A section index and a tip index within it, both 0-based, always valid for `document`."""

    document: Document
    section: int = 0
    tip: int = 0

    @classmethod
    def at(cls, document: Document, section: int, tip: int) -> "Cursor":
        """A cursor at (section, tip), clamped into the document so old saved positions stay usable."""
        section = min(max(section, 0), len(document.sections) - 1)
        tip = min(max(tip, 0), len(document.sections[section].tips) - 1)
        return cls(document, section, tip)

    @property
    def current_section(self) -> Section:
        """The section the cursor is in."""
        return self.document.sections[self.section]

    @property
    def current_tip(self) -> Tip:
        """The tip the cursor is on."""
        return self.current_section.tips[self.tip]

    @property
    def current_group(self) -> TipGroup | None:
        """The named group the tip is in, or None."""
        return self.current_section.group_at(self.tip)

    @property
    def part(self) -> TipGroup:
        """The run of tips this tip is counted in: its group, or the ungrouped tips around it."""
        return self.current_section.part_at(self.tip)

    @property
    def tip_in_part(self) -> int:
        """The tip's index (0-based) within its part."""
        return self.tip - self.part.start

    def same_group(self, other: "Cursor") -> bool:
        """Whether `other` is in the same section and the same named group (or both in none)."""
        return self.section == other.section and self.current_group == other.current_group

    @property
    def is_first_tip(self) -> bool:
        """True at the very first tip of the document."""
        return self.section == 0 and self.tip == 0

    def next_tip(self) -> "Cursor | None":
        """The following tip, crossing into the next section; None at the end."""
        if self.tip + 1 < len(self.current_section.tips):
            return Cursor(self.document, self.section, self.tip + 1)
        return self.next_section()

    def previous_tip(self) -> "Cursor | None":
        """The tip before, crossing back into the previous section's last tip; None at the start."""
        if self.tip > 0:
            return Cursor(self.document, self.section, self.tip - 1)
        if self.section == 0:
            return None
        previous = self.section - 1
        return Cursor(self.document, previous, len(self.document.sections[previous].tips) - 1)

    def next_section(self) -> "Cursor | None":
        """The first tip of the next section; None in the last section."""
        return self.goto_section(self.section + 1)

    def previous_section(self) -> "Cursor | None":
        """The first tip of the previous section, or of this one when part-way through it."""
        if self.tip > 0:
            return Cursor(self.document, self.section, 0)
        return self.goto_section(self.section - 1)

    def goto_section(self, index: int) -> "Cursor | None":
        """The first tip of section `index` (0-based); None if there is no such section."""
        if 0 <= index < len(self.document.sections):
            return Cursor(self.document, index, 0)
        return None

    def goto_tip(self, index: int) -> "Cursor | None":
        """Tip `index` (0-based) of the current part (group); None if there is no such tip."""
        part = self.part
        if 0 <= index < part.size:
            return Cursor(self.document, self.section, part.start + index)
        return None
