"""A place in a document down to the sentence: where a bookmark points, where a night stopped. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.ports import Position


@dataclass(frozen=True, order=True)
class Place:
    """A section, a tip in it (a script's step) and a sentence in the tip, all 0-based; in
    reading order when sorted."""

    section: int
    tip: int
    sentence: int = 0

    @classmethod
    def of(cls, position: Position, sentence: int = 0) -> "Place":
        """The place at `sentence` of the tip at `position`."""
        return cls(position.section, position.tip, sentence)

    @property
    def position(self) -> Position:
        """The tip this place is in (what is saved between nights)."""
        return Position(self.section, self.tip)
