"""A position in a document that moves by tip and by section. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.document import Document, Section, Tip


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
        """Tip `index` (0-based) of the current section; None if there is no such tip."""
        if 0 <= index < len(self.current_section.tips):
            return Cursor(self.document, self.section, index)
        return None
