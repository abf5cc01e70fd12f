"""Fingerprints of a document's content, so a saved place survives a moved, copied or edited file. Pure.

A place is saved under the file's path key (`storage.keys`) together with `PlaceMarks`: short
hashes of the whole document's text, of the tip the listener was on, and of the tips either
side of it. On the next night:

- the same content under any path (a renamed, moved or copied file) gives back the same place;
- edited content gives back the same tip where it now stands, found by its own hash, else the
  tip after its old neighbour before it, else the tip before its old neighbour after it; with
  none of them left, the old (section, tip) numbers, which the cursor clamps into the document.

Only hashes are kept, never the text itself (docs/privacy.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from voicecoach.document import Document, Tip
from voicecoach.ports import Position

HASH_LENGTH = 16
"""Hex digits kept of each SHA-1 (64 bits: no two tips of one night's reading will share one)."""


@dataclass(frozen=True)
class PlaceMarks:
    """What a saved place remembers of the document around it, as short hashes ("" for none)."""

    content: str
    """The whole document's readable text."""
    tip: str
    """The tip the place is on."""
    before: str = ""
    """The tip before it, "" at the very start."""
    after: str = ""
    """The tip after it, "" at the very end."""


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def _words(text: str) -> str:
    """Letters and digits only, lower case, one space apart: spacing and punctuation fixes are no edit."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.casefold())
    return " ".join(cleaned.split())


def tip_fingerprint(tip: Tip) -> str:
    """The hash of what a tip says."""
    return _digest(_words(f"{tip.title} {tip.text}"))


@dataclass(frozen=True)
class DocumentPrint:
    """The fingerprints of one document: of its whole content and of every tip, in reading order."""

    content: str
    places: tuple[Position, ...]
    tips: tuple[str, ...]

    @classmethod
    def of(cls, document: Document) -> "DocumentPrint":
        """Fingerprint `document` (its sections and tips; the title and file name do not count)."""
        places: list[Position] = []
        tips: list[str] = []
        for section_index, section in enumerate(document.sections):
            for tip_index, tip in enumerate(section.tips):
                places.append(Position(section_index, tip_index))
                tips.append(tip_fingerprint(tip))
        titles = "\n".join(_words(section.title) for section in document.sections)
        return cls(_digest(titles + "\n" + "\n".join(tips)), tuple(places), tuple(tips))

    def marks_at(self, position: Position) -> PlaceMarks:
        """The marks to save with `position`."""
        index = self._index(position)
        if index is None:
            return PlaceMarks(self.content, "")
        before = self.tips[index - 1] if index > 0 else ""
        after = self.tips[index + 1] if index + 1 < len(self.tips) else ""
        return PlaceMarks(self.content, self.tips[index], before, after)

    def locate(self, saved: Position, marks: PlaceMarks | None) -> Position:
        """Where a place saved at `saved` with `marks` is in this document now."""
        if marks is None or marks.content == self.content or not self.tips:
            return saved
        old = self._nearest_index(saved)
        for wanted, step in ((marks.tip, 0), (marks.before, 1), (marks.after, -1)):
            found = [i for i, tip in enumerate(self.tips) if wanted and tip == wanted]
            if found:
                # Of several copies, the one still between its old neighbours, then the nearest.
                index = min(found, key=lambda i: (-self._neighbours_kept(i + step, marks), abs(i + step - old), i))
                return self.places[min(max(index + step, 0), len(self.places) - 1)]
        return saved

    def _neighbours_kept(self, index: int, marks: PlaceMarks) -> int:
        """How many of the saved tip's two neighbours still stand either side of `index`."""
        before = self.tips[index - 1] if 0 < index <= len(self.tips) else ""
        after = self.tips[index + 1] if 0 <= index + 1 < len(self.tips) else ""
        return int(bool(marks.before) and before == marks.before) + int(bool(marks.after) and after == marks.after)

    def _index(self, position: Position) -> int | None:
        try:
            return self.places.index(position)
        except ValueError:
            return None

    def _nearest_index(self, position: Position) -> int:
        """The flat index of `position`, or of the nearest place before it when it no longer exists."""
        earlier = [i for i, place in enumerate(self.places) if (place.section, place.tip) <= (position.section, position.tip)]
        return earlier[-1] if earlier else 0
