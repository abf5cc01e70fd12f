"""The bookmarks of one document, numbered in reading order. Pure."""

from __future__ import annotations

from typing import Iterable

from voicecoach.places import Place

MAX_BOOKMARKS = 20
"""Bookmarks kept per document at most: more could not be listed aloud briefly."""


class Bookmarks:
    """Places the listener marked, in the order they were made; numbered 1, 2, … in reading
    order ("bookmark two" is the second in the document, not the second made)."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self._made: list[Place] = list(dict.fromkeys(places))[:MAX_BOOKMARKS]

    def __len__(self) -> int:
        return len(self._made)

    def numbered(self) -> list[Place]:
        """The bookmarks in reading order: bookmark 1 first."""
        return sorted(self._made)

    def number_of(self, place: Place) -> int | None:
        """The number of the bookmark at `place`, or None."""
        numbered = self.numbered()
        return numbered.index(place) + 1 if place in numbered else None

    def get(self, number: int) -> Place | None:
        """Bookmark `number` (1-based), or None."""
        numbered = self.numbered()
        return numbered[number - 1] if 1 <= number <= len(numbered) else None

    @property
    def latest(self) -> Place | None:
        """The bookmark made last ("go to my bookmark"), or None."""
        return self._made[-1] if self._made else None

    def add(self, place: Place) -> int | None:
        """Mark `place`; its number, or None when there are already MAX_BOOKMARKS."""
        if place in self._made:
            return self.number_of(place)
        if len(self._made) >= MAX_BOOKMARKS:
            return None
        self._made.append(place)
        return self.number_of(place)
