"""Durable state: resume positions and voice settings, in a versioned JSON file.

Positions are keyed by the document's path and carry fingerprints of its content
(`storage.fingerprints`), so a moved, copied or edited article keeps its place.

This package is an adapter (it reads and writes files); the pure core never sees it: the CLI
gives a session's events to `place_keeper.PlaceKeeper`, which saves what they report.
"""

from voicecoach.storage.fingerprints import DocumentPrint, PlaceMarks
from voicecoach.storage.keys import document_key
from voicecoach.storage.paths import STATE_DIR_ENV, state_dir
from voicecoach.storage.state import STATE_VERSION, SavedPosition, Settings, SleepTimerState, State
from voicecoach.storage.store import JsonStateStore, StoreNotice

__all__ = [
    "DocumentPrint",
    "PlaceMarks",
    "STATE_DIR_ENV",
    "STATE_VERSION",
    "JsonStateStore",
    "SavedPosition",
    "Settings",
    "SleepTimerState",
    "State",
    "StoreNotice",
    "document_key",
    "state_dir",
]
