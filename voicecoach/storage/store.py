"""`JsonStateStore`: the state file adapter, where places and settings are kept between nights.

It reads state.json once, when created. A file it cannot use (torn, garbage, wrong shapes,
written by a newer voicecoach) is moved aside to ``state.json.corrupt-<UTC time>`` and the
store starts fresh, leaving a `StoreNotice` in `notices` for the CLI to speak and print.
Every save rewrites the whole file atomically; a save that fails raises `StorageError`
(the in-memory state keeps the new value, so the session carries on).

Places are saved under a document key (from the file's path), and, for a document whose
fingerprint the store was given (`register_document`), with marks of its content: then a file
that was renamed, moved or copied is found by its content, and an edited one keeps the nearest
tip (see `storage.fingerprints`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from voicecoach.errors import StorageError
from voicecoach.ports import Position
from voicecoach.storage.atomic import atomic_write_bytes, plain_reason, remove_stale_temp_files
from voicecoach.storage.fingerprints import DocumentPrint
from voicecoach.storage.migrations import is_future_version, migrate
from voicecoach.storage.paths import STATE_FILE_NAME, state_dir
from voicecoach.storage.state import SavedPosition, Settings, State, state_from_dict, state_to_dict

logger = logging.getLogger(__name__)

# A state file larger than this is not ours (a few hundred bytes per document).
MAX_STATE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class StoreNotice:
    """Something the listener should hear about their saved state, e.g. a file moved aside."""

    message: str
    moved_to: Path | None = None

    def __str__(self) -> str:
        return self.message


def utc_now() -> datetime:
    """The current time in UTC (the default clock of the store)."""
    return datetime.now(timezone.utc)


class JsonStateStore:
    """Positions and voice settings, kept in one versioned JSON file."""

    def __init__(self, directory: Path | str | None = None, now: Callable[[], datetime] = utc_now) -> None:
        """Open the store in `directory` (default: $VOICECOACH_STATE_DIR or the XDG state dir)."""
        self.path = state_dir(directory) / STATE_FILE_NAME
        self.notices: list[StoreNotice] = []
        self._now = now
        self._prints: dict[str, DocumentPrint] = {}
        remove_stale_temp_files(self.path)
        self._state = self._read()

    def register_document(self, document_key: str, fingerprint: DocumentPrint) -> None:
        """Say what the document saved under `document_key` holds, so its place can follow its content."""
        self._prints[document_key] = fingerprint

    # Positions

    def load(self, document_key: str) -> Position | None:
        """The saved position in this document, or None if it was never saved.

        For a registered document: its own place, moved to where its tip now is after an edit;
        else the place of the same content saved under another key (the file was moved or copied).
        """
        saved = self._state.positions.get(document_key)
        fingerprint = self._prints.get(document_key)
        if fingerprint is None:
            return None if saved is None else saved.position
        if saved is None:
            saved = self._same_content(fingerprint)
            if saved is None:
                return None
        return fingerprint.locate(saved.position, saved.marks)

    def save(self, document_key: str, position: Position) -> None:
        """Remember `position` for this document; StorageError if it cannot be written."""
        fingerprint = self._prints.get(document_key)
        marks = None if fingerprint is None else fingerprint.marks_at(position)
        positions = dict(self._state.positions)
        positions[document_key] = SavedPosition(position, self._timestamp(), marks)
        self._commit(replace(self._state, positions=positions))

    # Settings

    def saved_position(self, document_key: str) -> SavedPosition | None:
        """The saved position with its timestamp, or None."""
        return self._state.positions.get(document_key)

    def load_settings(self) -> Settings:
        """The voice settings last chosen (fields are None when never chosen)."""
        return self._state.settings

    def save_settings(self, settings: Settings) -> None:
        """Remember voice settings; StorageError if they cannot be written."""
        self._commit(replace(self._state, settings=settings))

    @property
    def state(self) -> State:
        """Everything the store holds right now."""
        return self._state

    # Internals

    def _same_content(self, fingerprint: DocumentPrint) -> SavedPosition | None:
        """The latest place saved for exactly this content under any key."""
        same = [saved for saved in self._state.positions.values() if saved.marks and saved.marks.content == fingerprint.content]
        return max(same, key=lambda saved: saved.saved_at, default=None)

    def _timestamp(self) -> str:
        return self._now().astimezone(timezone.utc).isoformat(timespec="seconds")

    def _commit(self, state: State) -> None:
        self._state = state
        encoded = json.dumps(state_to_dict(state), indent=2, ensure_ascii=False) + "\n"
        atomic_write_bytes(self.path, encoded.encode("utf-8"))

    def _read(self) -> State:
        try:
            with self.path.open("rb") as stream:
                raw = stream.read(MAX_STATE_BYTES + 1)
        except FileNotFoundError:
            return State()
        except OSError as error:
            return self._start_fresh(f"it could not be opened ({plain_reason(error)})")
        if len(raw) > MAX_STATE_BYTES:
            return self._start_fresh("it is far too large to be a state file")
        try:
            data: Any = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            return self._start_fresh(f"it is not valid JSON ({error})")
        try:
            if is_future_version(data):
                return self._start_fresh("it was written by a newer version of voicecoach", future=True)
            return state_from_dict(migrate(data))
        except StorageError as error:
            return self._start_fresh(str(error))

    def _start_fresh(self, reason: str, future: bool = False) -> State:
        """Move the unusable file aside, record a notice, and return an empty state."""
        logger.warning("cannot use %s: %s", self.path, reason)
        moved_to = self._move_aside()
        what = "were written by a newer voicecoach" if future else "could not be read"
        if moved_to is not None:
            message = f"Your saved places {what}; I moved the file to {moved_to} and started fresh."
        else:
            message = f"Your saved places {what}, and I could not move the file aside; I started fresh."
        self.notices.append(StoreNotice(message, moved_to))
        return State()

    def _move_aside(self) -> Path | None:
        stamp = self._now().astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        candidate = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while candidate.exists():
            candidate = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
            counter += 1
        try:
            self.path.rename(candidate)
        except OSError as error:
            logger.warning("could not move %s aside: %s", self.path, error)
            return None
        return candidate
