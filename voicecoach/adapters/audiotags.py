"""Tags in a written audio file: its title, its section names, and a chapter per section (mutagen).

Each kind of file has its own writer in `_WRITERS`, so a new kind of mark (a FLAC cue sheet,
say) is one more function here:

- FLAC and Ogg Vorbis: Vorbis comments. TITLE, DESCRIPTION ("Sections: ..."), and the chapter
  comments of the Ogg chapter convention (CHAPTER001=00:00:00.000, CHAPTER001NAME=...), which
  players such as VLC and foobar2000 show as chapters;
- MP3 and WAV: ID3v2.4 (in WAV, an "id3 " chunk). TIT2, a COMM with the section names, and
  one CHAP frame per chapter under a top-level CTOC, as podcast players read them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

import mutagen
from mutagen.flac import FLAC
from mutagen.id3 import CHAP, COMM, CTOC, ID3, TIT2, CTOCFlags
from mutagen.mp3 import MP3
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from voicecoach.chapters import AudioTags
from voicecoach.errors import StorageError

logger = logging.getLogger(__name__)

_UTF8 = 3  # ID3 text encoding
_NO_OFFSET = 0xFFFFFFFF  # ID3 CHAP: chapters are placed by time, not by byte offset


def write_tags(path: Path | str, audio_format: str, tags: AudioTags) -> None:
    """Write `tags` into the audio file at `path`, which holds `audio_format` ("wav", "flac", "ogg", "mp3")."""
    writer = _WRITERS.get(audio_format)
    if writer is None:
        raise StorageError(f"voicecoach cannot tag {audio_format} files; choose one of: {', '.join(_WRITERS)}")
    try:
        writer(Path(path), tags)
    except (mutagen.MutagenError, OSError) as error:
        raise StorageError(f"cannot write the title and sections into {path}: {error}") from error
    logger.debug("tagged %s: %r with %d chapters", path, tags.title, len(tags.chapters))


def sections_text(tags: AudioTags) -> str:
    """The section names in one line, for players that show no chapters."""
    return "Sections: " + "; ".join(tags.section_names)


def clock_text(seconds: float) -> str:
    """HH:MM:SS.mmm, as the Ogg chapter comments write a time."""
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


# ------------------------------------------------------------------ Vorbis comments


def _vorbis_comments(tags: AudioTags) -> dict[str, list[str]]:
    comments = {"TITLE": [tags.title]}
    if tags.chapters:
        comments["DESCRIPTION"] = [sections_text(tags)]
    for number, chapter in enumerate(tags.chapters, start=1):
        comments[f"CHAPTER{number:03d}"] = [clock_text(chapter.start)]
        comments[f"CHAPTER{number:03d}NAME"] = [chapter.title]
    return comments


def _flac(path: Path, tags: AudioTags) -> None:
    audio = FLAC(path)
    if audio.tags is None:
        audio.add_tags()
    _fill_vorbis(audio, tags)


def _ogg_vorbis(path: Path, tags: AudioTags) -> None:
    _fill_vorbis(OggVorbis(path), tags)


def _fill_vorbis(audio: Any, tags: AudioTags) -> None:
    for key, values in _vorbis_comments(tags).items():
        audio[key] = values
    audio.save()


# ------------------------------------------------------------------ ID3


def _id3_frames(tags: AudioTags) -> list[Any]:
    frames: list[Any] = [TIT2(encoding=_UTF8, text=[tags.title])]
    if not tags.chapters:
        return frames
    frames.append(COMM(encoding=_UTF8, lang="eng", desc="", text=[sections_text(tags)]))
    ids = [f"chp{number}" for number in range(1, len(tags.chapters) + 1)]
    frames.append(
        CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
             sub_frames=[TIT2(encoding=_UTF8, text=[tags.title])])
    )
    for element_id, chapter in zip(ids, tags.chapters, strict=True):
        frames.append(
            CHAP(element_id=element_id, start_time=round(chapter.start * 1000), end_time=round(chapter.end * 1000),
                 start_offset=_NO_OFFSET, end_offset=_NO_OFFSET, sub_frames=[TIT2(encoding=_UTF8, text=[chapter.title])])
        )
    return frames


def _mp3(path: Path, tags: AudioTags) -> None:
    _fill_id3(MP3(path), tags)


def _wav(path: Path, tags: AudioTags) -> None:
    _fill_id3(WAVE(path), tags)


def _fill_id3(audio: Any, tags: AudioTags) -> None:
    if audio.tags is None:
        audio.add_tags()
    id3: ID3 = audio.tags
    for frame in _id3_frames(tags):
        id3.add(frame)
    audio.save()


_WRITERS: dict[str, Callable[[Path, AudioTags], None]] = {
    "wav": _wav,
    "flac": _flac,
    "ogg": _ogg_vorbis,
    "mp3": _mp3,
}
