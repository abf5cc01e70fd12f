"""Audio files in and out: write clips as WAV/FLAC/OGG/MP3, read any sound file as a mono 22050 Hz clip.

Which kinds can be written depends on the libsndfile that soundfile loaded (MP3 needs 1.1 or
later), so it is asked at run time (`writable_formats`); a file name whose ending cannot be
written is refused before anything is rendered (`format_for`), naming the endings that can.

Reading is forgiving about the input (any rate, mono or multi-channel, any sample format
soundfile understands) and strict about the output: always an `AudioClip` at `SAMPLE_RATE`.
A file that cannot be read raises `InputError` with a message a person can act on.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import soundfile

from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.errors import InputError, StorageError

logger = logging.getLogger(__name__)

# soundfile format and subtype per file kind we can write, if libsndfile can; 16-bit PCM where the
# container has PCM.
_FORMATS: dict[str, tuple[str, str]] = {
    "wav": ("WAV", "PCM_16"),
    "flac": ("FLAC", "PCM_16"),
    "ogg": ("OGG", "VORBIS"),
    "mp3": ("MP3", "MPEG_LAYER_III"),
}
DEFAULT_FORMAT = "wav"


def writable_formats() -> tuple[str, ...]:
    """The kinds of audio file (by file ending) that the installed libsndfile can write."""
    containers = soundfile.available_formats()
    return tuple(
        kind for kind, (container, subtype) in _FORMATS.items()
        if container in containers and subtype in soundfile.available_subtypes(container)
    )


def format_for(path: Path | str, chosen: str | None = None) -> str:
    """The kind of file to write at `path`: `chosen`, else its ending (none at all: WAV).

    Raises InputError, naming the kinds that can be written, for any other kind.
    """
    kind = (chosen or Path(path).suffix or DEFAULT_FORMAT).lower().lstrip(".")
    writable = writable_formats()
    if kind not in writable:
        asked = f"--format {chosen}" if chosen else f"{Path(path).name!r}"
        raise InputError(
            f"cannot write {asked}: voicecoach can write {_one_of(writable)} files here; "
            "end the file name with one of those (or give --format)"
        )
    return kind


def _one_of(kinds: tuple[str, ...]) -> str:
    """The kinds in words: "wav, flac or ogg"."""
    if len(kinds) <= 1:
        return kinds[0] if kinds else "no audio"
    return f"{', '.join(kinds[:-1])} or {kinds[-1]}"


WRITE_BLOCK_FRAMES = 1 << 18  # about 12 s at 22050 Hz


def write_wav(path: Path | str, clip: AudioClip) -> None:
    """Write `clip` as a 16-bit PCM mono WAV file."""
    write_audio(path, clip, "wav")


def write_audio(path: Path | str, clip: AudioClip, format: str = "wav") -> None:
    """Write `clip` as a mono file of `format` (one of `writable_formats()`: "wav", "flac", "ogg", "mp3")."""
    kind = format.lower().lstrip(".")
    if kind not in writable_formats():
        raise InputError(f"cannot write audio as {format!r}; choose one of: {', '.join(writable_formats())}")
    container, subtype = _FORMATS[kind]
    try:
        # Block by block, so a night-long clip is never copied whole.
        with soundfile.SoundFile(str(path), "w", clip.sample_rate, 1, subtype, format=container) as sink:
            for first in range(0, len(clip.samples), WRITE_BLOCK_FRAMES):
                block = np.asarray(clip.samples[first : first + WRITE_BLOCK_FRAMES], dtype=np.float32)
                sink.write(np.clip(block, -1.0, 1.0))
    except (OSError, RuntimeError, soundfile.LibsndfileError) as err:
        raise StorageError(f"cannot write audio file {path}: {err}; check the folder exists and is writable") from err
    logger.debug("wrote %.2f s of audio to %s", clip.duration, path)


def read_audio(path: Path | str, sample_rate: int = SAMPLE_RATE) -> AudioClip:
    """Read any sound file soundfile understands as a mono clip resampled to `sample_rate`."""
    if not Path(path).is_file():
        raise InputError(f"audio file {path} does not exist; check the path")
    try:
        data, file_rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (OSError, RuntimeError, soundfile.LibsndfileError) as err:
        raise InputError(
            f"cannot read audio file {path}: {err}; use a WAV, FLAC, OGG or MP3 file"
        ) from err
    mono = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
    return AudioClip(resample(mono, file_rate, sample_rate), sample_rate)


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Linear-interpolation resampling of mono float samples; good enough for speech and tones."""
    samples = np.asarray(samples, dtype=np.float32)
    if from_rate == to_rate or len(samples) == 0:
        return samples.copy()
    if from_rate <= 0 or to_rate <= 0:
        raise InputError(f"cannot resample from {from_rate} Hz to {to_rate} Hz; sample rates must be positive")
    frames = int(round(len(samples) * to_rate / from_rate))
    source_times = np.arange(len(samples), dtype=np.float64) / from_rate
    target_times = np.arange(frames, dtype=np.float64) / to_rate
    return np.interp(target_times, source_times, samples).astype(np.float32)
