"""What a written audio file says about itself: its title, and where each section starts. Pure.

`ChapterMarks` follows a session's sections in (virtual) time; `AudioTags` is what the tag
writer (`adapters/audiotags.py`) puts into the file: the title, and one chapter per stretch
of one section, named after it, with its start and end in seconds from the file's start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class Chapter:
    """One section as heard in the file: from `start` to `end` seconds."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class AudioTags:
    """The tags of a rendered file: its title and its chapters, in file order."""

    title: str
    chapters: tuple[Chapter, ...] = ()

    @property
    def section_names(self) -> tuple[str, ...]:
        """Each section's name once, in the order first heard."""
        return tuple(dict.fromkeys(chapter.title for chapter in self.chapters))


class ChapterMarks:
    """Notes when the session enters a section; a new chapter starts at each change of section."""

    def __init__(self, section_titles: Sequence[str]) -> None:
        self._titles = tuple(section_titles)
        self._starts: list[tuple[int, float]] = []

    def enter(self, section: int, at: float) -> None:
        """The session is in `section` (0-based) from `at` seconds on."""
        if not 0 <= section < len(self._titles):
            return
        if self._starts and self._starts[-1][0] == section:
            return
        if self._starts and self._starts[-1][1] >= at:
            self._starts.pop()  # the previous section was left the moment it began: it is not heard
            if self._starts and self._starts[-1][0] == section:
                return
        self._starts.append((section, at))

    def tags(self, title: str, end: float) -> AudioTags:
        """The tags for a file of `title` that ends at `end` seconds."""
        heard = [(section, start) for section, start in self._starts if start < end]
        chapters = tuple(
            Chapter(self._titles[section], start, heard[index + 1][1] if index + 1 < len(heard) else end)
            for index, (section, start) in enumerate(heard)
        )
        return AudioTags(title, chapters)
