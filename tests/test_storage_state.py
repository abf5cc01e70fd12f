"""Tests for voicecoach.storage.state: the version-4 JSON shape, both ways."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voicecoach.errors import StorageError
from voicecoach.night import Moment, Night, NightEnd
from voicecoach.places import Place
from voicecoach.ports import Position
from voicecoach.storage.fingerprints import PlaceMarks
from voicecoach.storage.state import (
    STATE_VERSION,
    SavedBookmark,
    SavedNight,
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
places = st.builds(Place, counts, counts, counts)
seconds = st.floats(min_value=0.0, max_value=86_400.0, allow_nan=False)
moments = st.builds(Moment, seconds, places)
nights = st.builds(
    SavedNight,
    st.builds(Night, moments, st.lists(moments, max_size=4).map(tuple), st.none() | moments,
              st.none() | st.sampled_from(list(NightEnd))),
    hashes, stamps,
)
bookmarks = st.lists(st.builds(SavedBookmark, places, stamps, marks), max_size=3).map(tuple)
keys = st.text(max_size=30)
states = st.builds(
    State, st.dictionaries(keys, saved_positions, max_size=5), settings, timers,
    st.dictionaries(keys, bookmarks, max_size=3), st.dictionaries(keys, stamps, max_size=3),
    st.dictionaries(keys, nights, max_size=3),
)


@given(states)
def test_any_state_survives_a_json_round_trip(state: State) -> None:
    encoded = json.dumps(state_to_dict(state))
    assert state_from_dict(json.loads(encoded)) == state


def test_written_shape_is_the_documented_version_4() -> None:
    state = State(
        positions={
            "doc": SavedPosition(Position(1, 4), "2026-01-02T03:04:05+00:00", PlaceMarks("c" * 16, "t" * 16, "b" * 16)),
            "script": SavedPosition(Position(0, 2), ""),
        },
        settings=Settings(rate=140, volume=0.5, voice="en-gb"),
        sleep_timer=SleepTimerState(20, "2026-01-02T03:04:05+00:00"),
        bookmarks={"doc": (SavedBookmark(Place(1, 0, 2), "2026-01-02T03:04:05+00:00"),)},
        finished={"script": "2026-01-02T03:04:05+00:00"},
        nights={"doc": SavedNight(
            Night(Moment(120.5, Place(1, 0, 2)), (Moment(0.0, Place(1, 0)), Moment(95.25, Place(1, 1))),
                  Moment(1800.0, Place(2, 3)), NightEnd.SLEEP_TIMER),
            "c" * 16, "2026-01-02T03:04:05+00:00",
        )},
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
        "bookmarks": {
            "doc": [{"section": 1, "tip": 0, "sentence": 2, "made_at": "2026-01-02T03:04:05+00:00", "marks": None}],
        },
        "finished": {"script": "2026-01-02T03:04:05+00:00"},
        "nights": {
            "doc": {
                "content": "c" * 16, "saved_at": "2026-01-02T03:04:05+00:00", "end": "sleep_timer",
                "awake": [120.5, 1, 0, 2], "stopped": [1800.0, 2, 3, 0],
                "trail": [[0.0, 1, 0, 0], [95.25, 1, 1, 0]],
            },
        },
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
        {"version": STATE_VERSION, "bookmarks": {"d": {"section": 1}}},
        {"version": STATE_VERSION, "bookmarks": {"d": [{"section": 1, "tip": -2}]}},
        {"version": STATE_VERSION, "finished": {"d": 5}},
        {"version": STATE_VERSION, "nights": {"d": {"awake": [1, 2, 3]}}},
        {"version": STATE_VERSION, "nights": {"d": {"awake": ["x", 0, 0, 0]}}},
        {"version": STATE_VERSION, "nights": {"d": {"awake": [1, 0, 0, 0], "end": "nap"}}},
        {"version": STATE_VERSION, "nights": {"d": {"awake": [1, 0, 0, 0], "trail": "long"}}},
    ],
)
def test_wrong_shapes_raise_storage_error(document: Any) -> None:
    with pytest.raises(StorageError):
        state_from_dict(document)
