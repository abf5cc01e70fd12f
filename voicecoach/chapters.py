"""What a written audio file says about itself: its title, and where each section starts. Pure.

`ChapterMarks` follows a session's sections in (virtual) time; `ChapterFollower` feeds it from
a session's events; `AudioTags` is what the tag writer (`adapters/audiotags.py`) puts into the
file: the title, and one chapter per stretch of one section, named after it, with its start
and end in seconds from the file's start. `render`, `read -o` and `relax -o` files all get them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Hashable, Sequence

from voicecoach.events import PlayerEvent


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

    def __init__(self, section_titles: Sequence[str] = ()) -> None:
        self._titles = tuple(section_titles)
        self._starts: list[tuple[Hashable, str, float]] = []

    def enter(self, section: int, at: float) -> None:
        """The session is in `section` (0-based, of the titles given) from `at` seconds on."""
        if 0 <= section < len(self._titles):
            self.enter_named(section, self._titles[section], at)

    def enter_named(self, key: Hashable, title: str, at: float) -> None:
        """The session is in the section known as `key`, called `title`, from `at` seconds on
        (for a session of several readers, whose sections' numbers overlap)."""
        if self._starts and self._starts[-1][0] == key:
            return
        if self._starts and self._starts[-1][2] >= at:
            self._starts.pop()  # the previous section was left the moment it began: it is not heard
            if self._starts and self._starts[-1][0] == key:
                return
        self._starts.append((key, title, at))

    def tags(self, title: str, end: float) -> AudioTags:
        """The tags for a file of `title` that ends at `end` seconds."""
        heard = [(name, start) for _, name, start in self._starts if start < end]
        chapters = tuple(
            Chapter(name, start, heard[index + 1][1] if index + 1 < len(heard) else end)
            for index, (name, start) in enumerate(heard)
        )
        return AudioTags(title, chapters)


Where = Callable[[], "tuple[Hashable, str] | None"]
"""Which section a session is in now: a key for it and its title (None: none)."""


class ChapterFollower:
    """Notes, at each event a player emits, which section the session is in (for a file's chapters)."""

    def __init__(self, title: str, where: Where, at: float = 0.0) -> None:
        self.title = title
        self._where = where
        self._marks = ChapterMarks()
        self._note(at)

    def on_event(self, event: PlayerEvent) -> None:
        """Follow a player's event."""
        self._note(event.at)

    def tags(self, end: float) -> AudioTags:
        """The tags of a file that ends at `end` seconds."""
        return self._marks.tags(self.title, end)

    def _note(self, at: float) -> None:
        here = self._where()
        if here is not None:
            self._marks.enter_named(here[0], here[1], at)
