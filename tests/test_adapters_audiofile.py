"""Reading clips for the recogniser: empty, truncated and non-audio files are refused clearly."""

from pathlib import Path

import numpy as np
import pytest
import soundfile

from voicecoach.errors import InputError
from voicecoach.adapters.audiofile import read_clip, wav_truncation


def write_tone(path: Path, rate: int = 16000, channels: int = 1, fmt: str = "WAV") -> Path:
    t = np.arange(rate) / rate
    mono = 0.3 * np.sin(2 * np.pi * 300 * t)
    data = np.stack([mono] * channels, axis=1) if channels > 1 else mono
    soundfile.write(str(path), data, rate, format=fmt, subtype="PCM_16")
    return path


@pytest.mark.parametrize(("rate", "channels", "fmt"), [(16000, 1, "WAV"), (44100, 2, "WAV"), (48000, 1, "FLAC")])
def test_reads_any_rate_and_channels(tmp_path: Path, rate: int, channels: int, fmt: str) -> None:
    clip = read_clip(write_tone(tmp_path / f"a.{fmt.lower()}", rate, channels, fmt))
    assert clip.duration == pytest.approx(1.0, abs=0.01)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.wav").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_clip(tmp_path / "e.wav")


def test_truncated_wav(tmp_path: Path) -> None:
    data = write_tone(tmp_path / "t.wav").read_bytes()
    (tmp_path / "t.wav").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated"):
        read_clip(tmp_path / "t.wav")


def test_header_only_wav(tmp_path: Path) -> None:
    data = write_tone(tmp_path / "h.wav").read_bytes()
    (tmp_path / "h.wav").write_bytes(data[:20])
    with pytest.raises(InputError):
        read_clip(tmp_path / "h.wav")


def test_not_audio(tmp_path: Path) -> None:
    (tmp_path / "n.wav").write_text("this is a shopping list, not a recording")
    with pytest.raises(InputError, match="cannot read"):
        read_clip(tmp_path / "n.wav")


def test_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_clip(tmp_path / "gone.wav")


def test_zero_frame_wav(tmp_path: Path) -> None:
    soundfile.write(str(tmp_path / "z.wav"), np.zeros(0, np.float32), 16000, subtype="PCM_16")
    with pytest.raises(InputError, match="no audio"):
        read_clip(tmp_path / "z.wav")


def test_wav_truncation_ignores_non_wav_and_streams() -> None:
    assert wav_truncation(b"fLaC" + bytes(40), 44) is None
    header = b"RIFF" + bytes(4) + b"WAVE" + b"data" + (0xFFFFFFFF).to_bytes(4, "little")
    assert wav_truncation(header, 100) is None
