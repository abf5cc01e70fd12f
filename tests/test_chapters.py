"""ChapterMarks: where each section starts in a rendered file, as the session moved through them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from voicecoach.chapters import AudioTags, Chapter, ChapterMarks

TITLES = ("Arriving", "Feet", "Legs")


def test_each_change_of_section_starts_a_chapter_that_ends_where_the_next_begins() -> None:
    marks = ChapterMarks(TITLES)
    for section, at in [(0, 0.0), (0, 3.0), (1, 10.0), (1, 12.5), (2, 20.0)]:
        marks.enter(section, at)
    assert marks.tags("Body scan", 30.0) == AudioTags(
        "Body scan", (Chapter("Arriving", 0.0, 10.0), Chapter("Feet", 10.0, 20.0), Chapter("Legs", 20.0, 30.0))
    )


def test_going_back_to_a_section_is_a_new_chapter_with_the_same_name() -> None:
    marks = ChapterMarks(TITLES)
    for section, at in [(0, 0.0), (1, 5.0), (0, 9.0)]:
        marks.enter(section, at)
    tags = marks.tags("T", 12.0)
    assert [(c.title, c.start, c.end) for c in tags.chapters] == [("Arriving", 0, 5), ("Feet", 5, 9), ("Arriving", 9, 12)]
    assert tags.section_names == ("Arriving", "Feet")


def test_a_section_left_the_moment_it_began_is_not_a_chapter() -> None:
    marks = ChapterMarks(TITLES)
    for section, at in [(0, 0.0), (1, 4.0), (2, 4.0), (1, 4.0)]:
        marks.enter(section, at)
    assert [(c.title, c.start) for c in marks.tags("T", 8.0).chapters] == [("Arriving", 0.0), ("Feet", 4.0)]


def test_sections_out_of_range_and_after_the_end_are_ignored() -> None:
    marks = ChapterMarks(TITLES)
    marks.enter(0, 0.0)
    marks.enter(7, 1.0)
    marks.enter(1, 9.0)
    assert marks.tags("T", 9.0).chapters == (Chapter("Arriving", 0.0, 9.0),)


@given(st.lists(st.tuples(st.integers(-1, 3), st.floats(0, 100)), max_size=30), st.floats(0, 200))
def test_chapters_never_overlap_and_cover_the_file_from_the_first_mark(moves: list[tuple[int, float]], end: float) -> None:
    marks = ChapterMarks(TITLES)
    for section, at in sorted(moves, key=lambda move: move[1]):
        marks.enter(section, at)
    chapters = marks.tags("T", end).chapters
    for before, after in zip(chapters, chapters[1:]):
        assert before.end == after.start and before.title != after.title
    assert all(chapter.start < chapter.end <= end for chapter in chapters)
    if chapters:
        assert chapters[-1].end == end
