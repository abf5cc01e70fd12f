"""Tests for voicecoach.storage.fingerprints: finding a saved place again after a move or an edit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.test_player import GROUPED, GUIDE
from voicecoach.document import Document, Section, Tip
from voicecoach.ports import Position
from voicecoach.storage.fingerprints import DocumentPrint, PlaceMarks

TIPS = ("Warm bath", "Calf stretch", "Slow breath", "Dim lamp", "Cool room")


def article(*sections: tuple[str, tuple[str, ...]], title: str = "Calm") -> Document:
    return Document(title, tuple(Section(name, tuple(Tip(t, f"{t} helps.") for t in tips)) for name, tips in sections))


ORIGINAL = article(("Tonight", TIPS[:3]), ("Tomorrow", TIPS[3:]))
SAVED = Position(0, 2)  # "Slow breath"
MARKS = DocumentPrint.of(ORIGINAL).marks_at(SAVED)


def where_now(edited: Document) -> Position:
    return DocumentPrint.of(edited).locate(SAVED, MARKS)


def test_marks_hold_the_tip_and_its_neighbours() -> None:
    fingerprint = DocumentPrint.of(ORIGINAL)
    tips = fingerprint.tips
    assert MARKS == PlaceMarks(fingerprint.content, tips[2], tips[1], tips[3])
    first = fingerprint.marks_at(Position(0, 0))
    assert (first.before, first.after) == ("", tips[1])
    assert fingerprint.marks_at(Position(1, 1)).after == ""


def test_same_content_gives_the_same_place_whatever_the_title_or_spacing() -> None:
    respaced = Document("Another name", tuple(
        Section(s.title, tuple(Tip(t.title, t.text.replace(" ", "  ") + " ") for t in s.tips)) for s in ORIGINAL.sections
    ))  # fmt: skip
    assert DocumentPrint.of(respaced).content == DocumentPrint.of(ORIGINAL).content
    assert where_now(respaced) == SAVED


def test_tips_added_before_the_place_move_it_to_the_same_tip() -> None:
    edited = article(("A new start", ("Fresh air",)), ("Tonight", ("Quiet music", *TIPS[:3])), ("Tomorrow", TIPS[3:]))
    assert where_now(edited) == Position(1, 3)


def test_an_edited_tip_is_found_after_the_tip_that_came_before_it() -> None:
    edited = article(("Tonight", (*TIPS[:2], "Slow breathing out")), ("Tomorrow", TIPS[3:]))
    assert where_now(edited) == Position(0, 2)


def test_a_removed_tip_gives_the_tip_that_followed_it() -> None:
    edited = article(("Tonight", TIPS[:2]), ("Tomorrow", TIPS[3:]))  # "Slow breath" is gone
    assert where_now(edited) == Position(1, 0)


def test_when_tip_and_first_neighbour_are_gone_the_later_neighbour_places_it() -> None:
    edited = article(("Tonight", ("Something new", "Another new one")), ("Tomorrow", TIPS[3:]))
    assert where_now(edited) == Position(0, 1)  # just before "Dim lamp"


def test_nothing_recognisable_left_keeps_the_old_numbers() -> None:
    edited = article(("Other", ("One", "Two", "Three")))
    assert where_now(edited) == SAVED


def test_of_two_copies_of_the_tip_the_nearest_to_the_old_place_wins() -> None:
    edited = article(("Tonight", ("Slow breath", "Intro", *TIPS[:3])), ("Tomorrow", (*TIPS[3:], "Slow breath")))
    assert where_now(edited) == Position(0, 4)


def test_a_place_without_marks_stays_where_it_was() -> None:
    assert DocumentPrint.of(GUIDE).locate(Position(1, 2), None) == Position(1, 2)


def test_groups_do_not_change_the_fingerprint() -> None:
    flat = Document(GROUPED.title, tuple(Section(s.title, s.tips) for s in GROUPED.sections))
    assert DocumentPrint.of(flat) == DocumentPrint.of(GROUPED)


@given(st.integers(0, 8), st.integers(0, 8))
def test_any_saved_place_comes_back_unchanged_in_the_same_document(section: int, tip: int) -> None:
    fingerprint = DocumentPrint.of(GROUPED)
    place = Position(section, tip)
    assert fingerprint.locate(place, fingerprint.marks_at(place)) == place
