"""What is playing, for a media-player display (MPRIS): the track, the status, the position. Pure.

`NowPlaying` follows a player's typed events (`voicecoach.events`) with the `Contents` of the
reader that emitted them, and answers what a desktop or a headset asks: the document (or
script) title, the section as the track, the tip being read, "Playing" / "Paused" / "Stopped",
and how long the current tip has been read. It never reads a clock: each question carries `now`.

Position is the time the current tip has been sounding, paused time not counted; it starts
again from 0 at each new tip. A sentence step (a Seek) does not change it: a listener cannot
see a sentence's offset, and a position that only grows while reading is one a display can trust.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from voicecoach.document import Document
from voicecoach.events import Moved, PlayerEvent, Quit, Started, StateChanged
from voicecoach.ports import Position
from voicecoach.reader_core import PlayerState


class PlaybackStatus(StrEnum):
    """MPRIS's three playback states."""

    PLAYING = "Playing"
    PAUSED = "Paused"
    STOPPED = "Stopped"


_STATUS_OF: dict[str, PlaybackStatus] = {
    PlayerState.READING.value: PlaybackStatus.PLAYING,
    PlayerState.PAUSED.value: PlaybackStatus.PAUSED,
    PlayerState.WAITING.value: PlaybackStatus.PAUSED,  # at a tip's end: "play" reads the next one
    PlayerState.STOPPED.value: PlaybackStatus.STOPPED,
    PlayerState.FINISHED.value: PlaybackStatus.STOPPED,
    PlayerState.QUITTING.value: PlaybackStatus.STOPPED,
    PlayerState.QUIT.value: PlaybackStatus.STOPPED,
}


@dataclass(frozen=True)
class Track:
    """One tip (or script step) as a media player shows it."""

    album: str
    """The document's or script's title."""
    section_number: int
    """1-based."""
    section: str
    """The section's title: the track's title."""
    tip_number: int
    """1-based, within the section."""
    tip: str
    """The tip's words (or what the script step does)."""


class Contents(Protocol):
    """What a reader holds, as tracks: one per tip or script step (a script's: scripts/contents.py)."""

    def track_at(self, position: Position) -> Track: ...


@dataclass(frozen=True)
class DocumentContents:
    """An article's tips as tracks."""

    document: Document

    def track_at(self, position: Position) -> Track:
        """The tip at `position` (clamped into the document)."""
        sections = self.document.sections
        section_index = min(max(position.section, 0), len(sections) - 1)
        section = sections[section_index]
        tip_index = min(max(position.tip, 0), len(section.tips) - 1)
        tip = section.tips[tip_index]
        return Track(self.document.title, section_index + 1, section.title, tip_index + 1, " ".join(tip.sentences))


@dataclass(frozen=True)
class Changes:
    """What a followed event changed, so a display is told only about that."""

    track: bool = False
    status: bool = False

    def __bool__(self) -> bool:
        return self.track or self.status


class NowPlaying:
    """The track, status and position of a session, kept from its players' events."""

    def __init__(self) -> None:
        self.track: Track | None = None
        self.status = PlaybackStatus.STOPPED
        self.track_serial = 0
        """Counts tracks shown, so each gets its own id even when two readers share a position."""
        self._read_before = 0.0  # seconds the current tip sounded before the last resume
        self._reading_since: float | None = None

    def follow(self, event: PlayerEvent, contents: Contents) -> Changes:
        """Take in one event of the reader whose contents are `contents`; say what changed."""
        match event:
            case Started(at=at, position=position) | Moved(at=at, position=position):
                self._new_track(contents.track_at(position), at)
                return Changes(track=True)
            case StateChanged(at=at, state=state):
                return Changes(status=self._set_status(_STATUS_OF.get(state, PlaybackStatus.STOPPED), at))
            case Quit(at=at):
                return Changes(status=self._set_status(PlaybackStatus.STOPPED, at))
        return Changes()

    def position(self, now: float) -> float:
        """Seconds the current tip has sounded by `now`."""
        if self._reading_since is None:
            return self._read_before
        return self._read_before + max(0.0, now - self._reading_since)

    def _new_track(self, track: Track, at: float) -> None:
        self.track = track
        self.track_serial += 1
        self._read_before = 0.0
        self._reading_since = at if self.status is PlaybackStatus.PLAYING else None

    def _set_status(self, status: PlaybackStatus, at: float) -> bool:
        if status is self.status:
            return False
        if self._reading_since is not None:
            self._read_before += max(0.0, at - self._reading_since)
            self._reading_since = None
        if status is PlaybackStatus.PLAYING:
            self._reading_since = at
        self.status = status
        return True
