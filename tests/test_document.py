"""The document model: sections, named groups of tips, and how they are shown."""

from __future__ import annotations

import pytest

from tests.test_player import GROUPED, GUIDE
from voicecoach.document import Section, Tip, TipGroup

TIPS = tuple(Tip("", f"Tip {n}.") for n in range(5))


def test_part_at_is_the_named_group_or_the_ungrouped_run_around_a_tip() -> None:
    section = Section("S", TIPS, (TipGroup("Middle", 1, 3),))
    assert section.part_at(0) == TipGroup("", 0, 1)
    assert section.part_at(2) == TipGroup("Middle", 1, 3)
    assert section.part_at(4) == TipGroup("", 3, 5)
    assert section.group_at(4) is None
    assert [part.title for part in section.parts()] == ["", "Middle", ""]


@pytest.mark.parametrize(
    "groups",
    [
        (TipGroup("", 0, 2),),  # a group needs a name
        (TipGroup("A", 2, 2),),  # and at least one tip
        (TipGroup("A", 0, 3), TipGroup("B", 2, 4)),  # groups may not overlap
        (TipGroup("A", 3, 6),),  # or reach past the tips
    ],
)
def test_groups_must_be_named_ordered_non_empty_runs(groups: tuple[TipGroup, ...]) -> None:
    with pytest.raises(ValueError, match="group"):
        Section("S", TIPS, groups)


def test_outline_shows_groups_counts_one_tip_and_numbers_tips_as_spoken() -> None:
    outline = GROUPED.outline()
    assert "1. Calm nights (1 tip)\n   1.1 Welcome in." in outline
    assert "   2.1 Try one at a time.\n   Help from a clinician (2 tips)\n      1. Iron check\n      2. Medicine review" in outline
    assert "   Everyday habits (3 tips)\n      1. Daytime walk" in outline


def test_outline_without_groups_is_unchanged() -> None:
    assert GUIDE.outline().splitlines()[2:4] == ["1. Breathing (2 tips)", "   1.1 Slow out"]


def test_to_dict_lists_groups_and_names_each_tips_group() -> None:
    section = GROUPED.to_dict()["sections"][1]
    assert section["groups"] == [
        {"title": "Help from a clinician", "first_tip": 1, "tip_count": 2},
        {"title": "Everyday habits", "first_tip": 3, "tip_count": 3},
    ]
    assert [tip["group"] for tip in section["tips"]] == [None] + ["Help from a clinician"] * 2 + ["Everyday habits"] * 3
