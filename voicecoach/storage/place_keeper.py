"""Keeping the listener's place between nights: what a session saves as a player's events arrive.

What is saved:
  - the position, whenever it moves and when the session ends (`Moved`, `Quit`);
  - the rate and volume the listener chose aloud ("slower", "louder": `VoiceChanged`), for every
    document and script, since they are the listener's, not the document's;
  - for a script heard to its end (`Finished`), the start, so the next night begins at the top;
  - that the document was heard to its end (`Finished`), until it is read again (`Moved`);
  - each bookmark made (`BookmarkAdded`);
  - the night (`voicecoach.night.NightLog`): its start, each new tip with its time, the last
    command (the last moment the listener was surely awake) and how it ended, each written at
    once (a new tip together with the position, in one write), so a killed session leaves it too.

Nothing else is (an exhale change belongs to one exercise, a sleep timer to one night). A save
that fails is printed every time and said once, in `PLACE_NOT_SAVED`; the session goes on.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Callable

from voicecoach.errors import StorageError
from voicecoach.events import BookmarkAdded, Finished, Moved, PlayerEvent, Quit, VoiceChanged
from voicecoach.night import DEFAULT_REWIND_SECONDS, NightLog
from voicecoach.ports import Position
from voicecoach.storage.store import JsonStateStore

logger = logging.getLogger(__name__)

PLACE_NOT_SAVED = "I could not save your place, but I will keep going."
"""Said (once a session) when the state file cannot be written."""

START = Position(0, 0)


class PlaceKeeper:
    """Saves a document's place and the listener's voice as a player reports them; see the module docstring."""

    def __init__(
        self,
        store: JsonStateStore,
        document_key: str,
        say: Callable[[str], None],
        report: Callable[[str], None] = lambda message: None,
        *,
        start_over_after_end: bool = False,
        rewind_seconds: float = DEFAULT_REWIND_SECONDS,
    ) -> None:
        """`say` speaks a sentence in the session, `report` prints a problem; `start_over_after_end`
        saves the start when the end is reached (scripts), instead of the last place (articles);
        `rewind_seconds` is how much of the night's trail is worth keeping."""
        self._store = store
        self._key = document_key
        self._say = say
        self._report = report
        self._start_over_after_end = start_over_after_end
        self._at_end = False
        self._failed = False
        self._night = NightLog(rewind_seconds)

    def on_event(self, event: PlayerEvent) -> None:
        """Follow a player's events (pass as, or call from, its event callback)."""
        night_changed = self._night.on_event(event)
        match event:
            case Moved(position=position):
                self._at_end = False
                self.save_position(position)
                self._guard(lambda: self._store.set_finished(self._key, False))
                return
            case Finished():
                self._guard(lambda: self._store.set_finished(self._key, True))
                if self._start_over_after_end:
                    self._at_end = True
                    self.save_position(START)
                    return
            case Quit(position=position):
                self.save_position(START if self._at_end else position)
                return
            case BookmarkAdded(place=place):
                self._guard(lambda: self._store.add_bookmark(self._key, place))
            case VoiceChanged(rate=rate, volume=volume):
                self._guard(lambda: self._store.save_settings(
                    replace(self._store.load_settings(), rate=rate, volume=volume)
                ))
        if night_changed:
            self._save_night()

    def save_position(self, position: Position) -> None:
        """Remember `position` for this document (with the night so far, in the same write)."""
        self._guard(lambda: self._store.save(self._key, position, self._night.night))

    def session_ended(self, at: float, position: Position) -> None:
        """The session is over (call once, after it): the position, and, unless it ended with a
        goodbye or the sleep timer, a quiet end of the night."""
        self._night.session_ended(at)
        self.save_position(START if self._at_end else position)

    def _save_night(self) -> None:
        night = self._night.night
        if night is not None:
            self._guard(lambda: self._store.save_night(self._key, night))

    def _guard(self, write: Callable[[], None]) -> None:
        try:
            write()
        except StorageError as error:
            logger.warning("could not save: %s", error)
            self._report(str(error))
            if not self._failed:
                self._failed = True
                self._say(PLACE_NOT_SAVED)
