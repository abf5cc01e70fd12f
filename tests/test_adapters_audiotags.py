"""Tags written with mutagen: the title, the section names and the chapters, read back from each kind of file."""

from __future__ import annotations

from pathlib import Path

import mutagen
import numpy as np
import pytest

from voicecoach.adapters.audiotags import clock_text, write_tags
from voicecoach.adapters.wavfile import read_audio, writable_formats, write_audio
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.chapters import AudioTags, Chapter
from voicecoach.errors import StorageError

TAGS = AudioTags("Body scan for sleep", (Chapter("Arriving", 0.0, 1.25), Chapter("Feet and legs", 1.25, 3.0)))


def written(tmp_path: Path, kind: str, tags: AudioTags = TAGS) -> Path:
    path = tmp_path / f"night.{kind}"
    write_audio(path, AudioClip((0.1 * np.sin(np.arange(3 * SAMPLE_RATE) / 5.0)).astype(np.float32)), kind)
    write_tags(path, kind, tags)
    return path


@pytest.mark.parametrize("kind", [kind for kind in writable_formats() if kind in ("flac", "ogg")])
def test_vorbis_comments_carry_the_title_the_sections_and_ogg_chapters(tmp_path: Path, kind: str) -> None:
    tags = mutagen.File(written(tmp_path, kind)).tags
    assert tags["TITLE"] == ["Body scan for sleep"]
    assert tags["DESCRIPTION"] == ["Sections: Arriving; Feet and legs"]
    assert (tags["CHAPTER001"], tags["CHAPTER001NAME"]) == (["00:00:00.000"], ["Arriving"])
    assert (tags["CHAPTER002"], tags["CHAPTER002NAME"]) == (["00:00:01.250"], ["Feet and legs"])


@pytest.mark.parametrize("kind", [kind for kind in writable_formats() if kind in ("mp3", "wav")])
def test_id3_carries_the_title_the_sections_and_chapter_frames(tmp_path: Path, kind: str) -> None:
    tags = mutagen.File(written(tmp_path, kind)).tags
    assert tags["TIT2"].text == ["Body scan for sleep"]
    assert tags.getall("COMM")[0].text == ["Sections: Arriving; Feet and legs"]
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == ["chp1", "chp2"]
    chapters = [tags[f"CHAP:{element}"] for element in toc.child_element_ids]
    assert [(c.start_time, c.end_time, c.sub_frames["TIT2"].text[0]) for c in chapters] == [
        (0, 1250, "Arriving"), (1250, 3000, "Feet and legs"),
    ]


@pytest.mark.parametrize("kind", writable_formats())
def test_a_tagged_file_still_plays_as_it_was_written(tmp_path: Path, kind: str) -> None:
    assert read_audio(written(tmp_path, kind)).duration == pytest.approx(3.0, abs=0.01)


@pytest.mark.parametrize("kind", writable_formats())
def test_a_file_without_sections_gets_its_title(tmp_path: Path, kind: str) -> None:
    tags = mutagen.File(written(tmp_path, kind, AudioTags("Just a title"))).tags
    title = tags["TITLE"] if "TITLE" in tags else tags["TIT2"].text
    assert list(title) == ["Just a title"]


def test_a_file_that_is_not_what_its_kind_says_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.flac"
    path.write_bytes(b"not audio at all")
    with pytest.raises(StorageError, match="cannot write the title"):
        write_tags(path, "flac", TAGS)


@pytest.mark.parametrize(("seconds", "text"), [(0, "00:00:00.000"), (61.5, "00:01:01.500"), (3725.0004, "01:02:05.000")])
def test_chapter_times_are_written_as_hours_minutes_seconds(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text
