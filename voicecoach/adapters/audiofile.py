"""Reading a clip for the recogniser from a sound file, refusing empty and truncated files.

An adapter: it touches the file system. Decoding is left to `voicecoach.adapters.wavfile`;
this module adds the checks libsndfile does not make (it reads a cut-off WAV silently).
"""

from __future__ import annotations

import struct
from pathlib import Path

import soundfile

from voicecoach.adapters.wavfile import read_audio
from voicecoach.audio import AudioClip
from voicecoach.errors import InputError

_HEADER_BYTES = 1 << 16


def read_clip(path: Path | str) -> AudioClip:
    """The file's audio as a mono clip; InputError if it is missing, empty, cut off or not audio."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            header = stream.read(_HEADER_BYTES)
    except FileNotFoundError as error:
        raise InputError(f"{path} does not exist; check the path") from error
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    if size == 0:
        raise InputError(f"{path} is empty (0 bytes); record or render the audio again")
    problem = wav_truncation(header, size)
    if problem:
        raise InputError(f"{path} is truncated: {problem}; the file was cut off while being written or copied")
    declared = _declared_frames(path)
    clip = read_audio(path)
    if clip.duration == 0:
        raise InputError(f"{path} holds no audio (0 samples); record or render it again")
    if declared is not None and clip.duration < 0.99 * declared[0] / declared[1]:
        raise InputError(f"{path} is truncated: the header promises {declared[0]} frames but fewer are there")
    return clip


def _declared_frames(path: Path) -> tuple[int, int] | None:
    """(frames, rate) the header announces, or None when soundfile cannot tell."""
    try:
        info = soundfile.info(str(path))
    except (RuntimeError, soundfile.LibsndfileError):
        return None
    return (int(info.frames), int(info.samplerate)) if info.frames > 0 and info.samplerate > 0 else None


def wav_truncation(header: bytes, file_size: int) -> str | None:
    """Why a RIFF/WAVE file of `file_size` bytes starting with `header` is cut off, or None. Pure."""
    if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
        return None
    offset = 12
    while offset + 8 <= len(header):
        chunk, size = header[offset : offset + 4], struct.unpack("<I", header[offset + 4 : offset + 8])[0]
        if chunk == b"data":
            available = file_size - offset - 8
            if size in (0, 0xFFFFFFFF):  # written by a stream that never knew its length
                return None
            if available < size:
                return f"its audio data should be {size} bytes but only {available} are there"
            return None
        offset += 8 + size + (size & 1)
    if offset + 8 > file_size:
        return "it ends before its audio data starts"
    return None
