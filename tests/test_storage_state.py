"""Tests for voicecoach.storage.state: the version-3 JSON shape, both ways."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voicecoach.errors import StorageError
from voicecoach.ports import Position
from voicecoach.storage.fingerprints import PlaceMarks
from voicecoach.storage.state import (
    STATE_VERSION,
    SavedPosition,
    Settings,
    SleepTimerState,
    State,
    state_from_dict,
    state_to_dict,
)

counts = st.integers(min_value=0, max_value=10_000)
stamps = st.sampled_from(["", "2026-01-02T03:04:05+00:00"])
hashes = st.sampled_from(["", "0123456789abcdef", "fedcba9876543210"])
marks = st.none() | st.builds(PlaceMarks, hashes, hashes, hashes, hashes)
saved_positions = st.builds(SavedPosition, st.builds(Position, counts, counts), stamps, marks)
settings = st.builds(
    Settings,
    rate=st.none() | st.integers(min_value=80, max_value=260),
    volume=st.none() | st.floats(min_value=0.0, max_value=1.0),
    voice=st.none() | st.text(min_size=1, max_size=20),
)
timers = st.none() | st.builds(SleepTimerState, st.floats(min_value=0.5, max_value=600), stamps)
states = st.builds(State, st.dictionaries(st.text(max_size=30), saved_positions, max_size=5), settings, timers)


@given(states)
def test_any_state_survives_a_json_round_trip(state: State) -> None:
    encoded = json.dumps(state_to_dict(state))
    assert state_from_dict(json.loads(encoded)) == state


def test_written_shape_is_the_documented_version_3() -> None:
    state = State(
        positions={
            "doc": SavedPosition(Position(1, 4), "2026-01-02T03:04:05+00:00", PlaceMarks("c" * 16, "t" * 16, "b" * 16)),
            "script": SavedPosition(Position(0, 2), ""),
        },
        settings=Settings(rate=140, volume=0.5, voice="en-gb"),
        sleep_timer=SleepTimerState(20, "2026-01-02T03:04:05+00:00"),
    )
    assert state_to_dict(state) == {
        "version": STATE_VERSION,
        "positions": {
            "doc": {
                "section": 1, "tip": 4, "saved_at": "2026-01-02T03:04:05+00:00",
                "marks": {"content": "c" * 16, "tip": "t" * 16, "before": "b" * 16, "after": ""},
            },
            "script": {"section": 0, "tip": 2, "saved_at": "", "marks": None},
        },
        "settings": {"rate": 140, "volume": 0.5, "voice": "en-gb"},
        "sleep_timer": {"minutes": 20, "set_at": "2026-01-02T03:04:05+00:00"},
    }


def test_minimal_document_reads_as_empty_state() -> None:
    assert state_from_dict({"version": STATE_VERSION}) == State()


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"version": 1},
        {"version": STATE_VERSION, "positions": []},
        {"version": STATE_VERSION, "positions": {"d": [1, 2]}},
        {"version": STATE_VERSION, "positions": {"d": {"section": "1", "tip": 2}}},
        {"version": STATE_VERSION, "positions": {"d": {"section": -1, "tip": 2}}},
        {"version": STATE_VERSION, "positions": {"d": {"section": True, "tip": 2}}},
        {"version": STATE_VERSION, "settings": {"volume": 3}},
        {"version": STATE_VERSION, "settings": {"rate": 1.5}},
        {"version": STATE_VERSION, "settings": {"voice": 7}},
        {"version": STATE_VERSION, "sleep_timer": {"minutes": -5}},
        {"version": STATE_VERSION, "sleep_timer": "soon"},
        {"version": 2, "positions": {}},  # an older version must be migrated first
        {"version": STATE_VERSION, "positions": {"d": {"section": 1, "tip": 2, "marks": "abc"}}},
        {"version": STATE_VERSION, "positions": {"d": {"section": 1, "tip": 2, "marks": {"tip": 5}}}},
    ],
)
def test_wrong_shapes_raise_storage_error(document: Any) -> None:
    with pytest.raises(StorageError):
        state_from_dict(document)
