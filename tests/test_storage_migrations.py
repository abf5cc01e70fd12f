"""Tests for voicecoach.storage.migrations: old files come forward, newer ones are recognised."""

from __future__ import annotations

from typing import Any

import pytest

from voicecoach.errors import StorageError
from voicecoach.ports import Position
from voicecoach.storage.migrations import is_future_version, migrate
from voicecoach.storage.state import STATE_VERSION, Settings, state_from_dict


def test_version_1_positions_and_settings_move_to_version_2() -> None:
    old = {"version": 1, "positions": {"doc": [2, 5], "other": [0, 0]}, "rate": 130, "volume": 0.4}
    state = state_from_dict(migrate(old))
    assert state.positions["doc"].position == Position(2, 5)
    assert state.positions["other"].position == Position(0, 0)
    assert state.positions["doc"].saved_at == ""
    assert state.settings == Settings(rate=130, volume=0.4, voice=None)
    assert state.sleep_timer is None


def test_file_without_version_is_read_as_version_1() -> None:
    assert migrate({"positions": {"doc": [1, 1]}})["version"] == STATE_VERSION


def test_current_version_passes_through_unchanged() -> None:
    current = {"version": STATE_VERSION, "positions": {}}
    assert migrate(current) == current


def test_migration_does_not_change_its_input() -> None:
    old = {"version": 1, "positions": {"doc": [1, 2]}}
    migrate(old)
    assert old == {"version": 1, "positions": {"doc": [1, 2]}}


@pytest.mark.parametrize(
    "document",
    [
        "text",
        {"version": "2"},
        {"version": 0},
        {"version": True},
        {"version": 1, "positions": {"doc": [1]}},
        {"version": 1, "positions": [[1, 2]]},
    ],
)
def test_malformed_files_raise_storage_error(document: Any) -> None:
    with pytest.raises(StorageError):
        migrate(document)


def test_newer_version_is_recognised_and_refused() -> None:
    newer = {"version": STATE_VERSION + 1}
    assert is_future_version(newer)
    assert not is_future_version({"version": STATE_VERSION})
    with pytest.raises(StorageError, match="newer"):
        migrate(newer)


# Exactly what voicecoach wrote before places carried fingerprints.
VERSION_2_FILE = {
    "version": 2,
    "positions": {
        "3f1c0a9e2b7d4c5a6e8f": {"section": 3, "tip": 1, "saved_at": "2026-01-02T03:04:05+00:00"},
        "builtin-script:box-breathing": {"section": 0, "tip": 4, "saved_at": ""},
    },
    "settings": {"rate": 140, "volume": 0.6, "voice": "en-gb"},
    "sleep_timer": {"minutes": 20, "set_at": "2026-01-02T03:04:05+00:00"},
}


def test_version_2_places_keep_their_numbers_and_gain_empty_marks() -> None:
    migrated = migrate(VERSION_2_FILE)
    assert migrated["version"] == 3 == STATE_VERSION
    state = state_from_dict(migrated)
    saved = state.positions["3f1c0a9e2b7d4c5a6e8f"]
    assert (saved.position, saved.saved_at, saved.marks) == (Position(3, 1), "2026-01-02T03:04:05+00:00", None)
    assert state.positions["builtin-script:box-breathing"].position == Position(0, 4)
    assert state.settings == Settings(rate=140, volume=0.6, voice="en-gb")
    assert state.sleep_timer is not None and state.sleep_timer.minutes == 20
    assert VERSION_2_FILE["version"] == 2  # the input is left as it was


def test_version_1_comes_through_version_2_to_the_current_one() -> None:
    state = state_from_dict(migrate({"positions": {"doc": [2, 5]}}))
    assert state.positions["doc"].position == Position(2, 5) and state.positions["doc"].marks is None
