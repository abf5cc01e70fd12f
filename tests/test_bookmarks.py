"""A document's bookmarks: numbered in reading order, the latest made, at most twenty."""

from __future__ import annotations

from voicecoach.bookmarks import MAX_BOOKMARKS, Bookmarks
from voicecoach.places import Place


def test_numbers_follow_reading_order_and_the_latest_is_the_last_made() -> None:
    marks = Bookmarks([Place(2, 0), Place(0, 3, 1)])
    assert marks.numbered() == [Place(0, 3, 1), Place(2, 0)]
    assert marks.latest == Place(0, 3, 1) and marks.number_of(Place(2, 0)) == 2
    assert marks.add(Place(1, 1)) == 2 and marks.number_of(Place(2, 0)) == 3
    assert marks.get(1) == Place(0, 3, 1) and marks.get(0) is None and marks.get(4) is None


def test_the_same_place_twice_is_one_bookmark_and_there_is_a_limit() -> None:
    marks = Bookmarks([Place(0, 1), Place(0, 1)])
    assert len(marks) == 1 and marks.add(Place(0, 1)) == 1 and len(marks) == 1
    for tip in range(2, MAX_BOOKMARKS + 1):
        assert marks.add(Place(0, tip)) is not None
    assert len(marks) == MAX_BOOKMARKS and marks.add(Place(5, 5)) is None
    assert Bookmarks(Place(0, tip) for tip in range(50)).numbered()[-1] == Place(0, MAX_BOOKMARKS - 1)
