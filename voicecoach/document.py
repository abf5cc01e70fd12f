"""The document model: a `Document` holds `Section`s, each holding `Tip`s read sentence by sentence."""

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
class Section:
    """A heading and the tips under it."""

    title: str
    tips: tuple[Tip, ...]


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
            "sections": [
                {
                    "title": section.title,
                    "tips": [
                        {"title": tip.title, "text": tip.text, "sentences": list(tip.sentences)}
                        for tip in section.tips
                    ],
                }
                for section in self.sections
            ],
        }

    def outline(self) -> str:
        """A human-readable outline: sections, tip counts and tip labels."""
        lines = [self.title, ""]
        for number, section in enumerate(self.sections, start=1):
            lines.append(f"{number}. {section.title} ({len(section.tips)} tips)")
            for tip_number, tip in enumerate(section.tips, start=1):
                lines.append(f"   {number}.{tip_number} {_shorten(tip.label, 70)}")
        return "\n".join(lines)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
