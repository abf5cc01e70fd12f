"""Moving through a document by tip and by section."""

from __future__ import annotations

from tests.test_player import GROUPED, GUIDE
from voicecoach.cursor import Cursor


def test_next_tip_crosses_sections_and_stops_at_the_end() -> None:
    cursor = Cursor(GUIDE)
    visited = []
    while cursor is not None:
        visited.append((cursor.section, cursor.tip))
        cursor = cursor.next_tip()
    assert visited == [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 0)]


def test_previous_tip_goes_back_to_the_last_tip_of_the_previous_section() -> None:
    cursor = Cursor(GUIDE, 1, 0).previous_tip()
    assert cursor is not None and (cursor.section, cursor.tip) == (0, 1)
    assert Cursor(GUIDE).previous_tip() is None


def test_at_clamps_stale_saved_positions() -> None:
    cursor = Cursor.at(GUIDE, 7, 9)
    assert (cursor.section, cursor.tip) == (2, 0)
    assert (Cursor.at(GUIDE, -1, -1).section, Cursor.at(GUIDE, -1, -1).tip) == (0, 0)


def test_goto_out_of_range_gives_none() -> None:
    assert Cursor(GUIDE).goto_section(3) is None
    assert Cursor(GUIDE).goto_tip(2) is None
    assert Cursor(GUIDE).goto_tip(1) is not None


def test_next_and_previous_tip_walk_across_groups_tip_by_tip() -> None:
    cursor = Cursor(GROUPED, 1, 0)
    seen = []
    while cursor is not None and cursor.section == 1:
        group = cursor.current_group
        seen.append((group.title if group else "", cursor.tip_in_part))
        cursor = cursor.next_tip()
    assert seen == [("", 0), ("Help from a clinician", 0), ("Help from a clinician", 1),
                    ("Everyday habits", 0), ("Everyday habits", 1), ("Everyday habits", 2)]  # fmt: skip
    back = Cursor(GROUPED, 1, 3).previous_tip()
    assert back is not None and (back.tip, back.current_group and back.current_group.title) == (2, "Help from a clinician")


def test_goto_tip_counts_within_the_current_group() -> None:
    cursor = Cursor(GROUPED, 1, 4).goto_tip(0)
    assert cursor is not None and cursor.tip == 3
    assert Cursor(GROUPED, 1, 4).goto_tip(3) is None
    assert Cursor(GROUPED, 1, 0).goto_tip(1) is None  # the section's opening run has one tip


def test_next_section_ignores_groups() -> None:
    cursor = Cursor(GROUPED, 1, 1).next_section()
    assert cursor is not None and (cursor.section, cursor.tip) == (2, 0)
