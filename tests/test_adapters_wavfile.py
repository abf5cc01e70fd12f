"""Audio files: round trips, reading other rates and stereo, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.adapters.wavfile import format_for, read_audio, resample, writable_formats, write_audio, write_wav
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.errors import InputError, StorageError


def _tone(seconds: float = 0.5, frequency: float = 440.0, rate: int = SAMPLE_RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def test_wav_round_trip_is_16_bit_mono(tmp_path: Path) -> None:
    clip = AudioClip(_tone())
    path = tmp_path / "tone.wav"
    write_wav(path, clip)
    info = soundfile.info(str(path))
    assert (info.channels, info.samplerate, info.subtype) == (1, SAMPLE_RATE, "PCM_16")
    back = read_audio(path)
    assert len(back.samples) == len(clip.samples)
    assert np.max(np.abs(back.samples - clip.samples)) < 1e-3


@pytest.mark.parametrize("kind", writable_formats())
def test_every_format_reads_back_with_the_same_length(tmp_path: Path, kind: str) -> None:
    clip = AudioClip(_tone())
    path = tmp_path / f"tone.{kind}"
    write_audio(path, clip, kind)
    assert soundfile.info(str(path)).format == {"wav": "WAV", "flac": "FLAC", "ogg": "OGG", "mp3": "MP3"}[kind]
    back = read_audio(path)
    assert back.duration == pytest.approx(clip.duration, abs=0.01)
    assert float(np.max(np.abs(back.samples))) == pytest.approx(0.5, abs=0.05)


def test_the_writable_formats_are_those_the_installed_libsndfile_can_write() -> None:
    kinds = writable_formats()
    assert kinds[0] == "wav" and set(kinds) <= {"wav", "flac", "ogg", "mp3"}
    has_mp3 = "MP3" in soundfile.available_formats() and "MPEG_LAYER_III" in soundfile.available_subtypes("MP3")
    assert ("mp3" in kinds) == has_mp3


@pytest.mark.parametrize(
    ("name", "chosen", "kind"),
    [("out.wav", None, "wav"), ("out.FLAC", None, "flac"), ("night.ogg", None, "ogg"), ("out", None, "wav"),
     ("out.bin", "flac", "flac"), ("out.wav", "ogg", "ogg")],
)
def test_the_kind_of_file_comes_from_the_choice_or_the_ending(name: str, chosen: str | None, kind: str) -> None:
    assert format_for(Path(name), chosen) == kind


def test_an_mp3_name_means_an_mp3_file_where_libsndfile_can_write_one(tmp_path: Path) -> None:
    if "mp3" not in writable_formats():
        with pytest.raises(InputError, match="cannot write 'out.mp3'"):
            format_for(tmp_path / "out.mp3")
        return
    assert format_for(tmp_path / "out.mp3") == "mp3"


@pytest.mark.parametrize(("name", "chosen", "asked"), [("out.xyz", None, "'out.xyz'"), ("out.wav", "aiff", "--format aiff")])
def test_a_kind_that_cannot_be_written_is_refused_naming_those_that_can(name: str, chosen: str | None, asked: str) -> None:
    with pytest.raises(InputError) as caught:
        format_for(Path(name), chosen)
    message = str(caught.value)
    assert message.startswith(f"cannot write {asked}: voicecoach can write wav, flac")
    assert all(kind in message for kind in writable_formats())


def test_writing_a_kind_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="choose one of: wav, flac"):
        write_audio(tmp_path / "x.xyz", AudioClip(_tone()), "xyz")


def test_writing_into_a_missing_folder_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="cannot write"):
        write_wav(tmp_path / "missing" / "x.wav", AudioClip(_tone()))


def test_stereo_44k_is_mixed_to_mono_and_resampled(tmp_path: Path) -> None:
    left = _tone(1.0, 440.0, 44100)
    stereo = np.stack([left, left], axis=1)
    path = tmp_path / "stereo.wav"
    soundfile.write(str(path), stereo, 44100, subtype="PCM_16")
    clip = read_audio(path)
    assert clip.sample_rate == SAMPLE_RATE
    assert clip.samples.ndim == 1
    assert clip.duration == pytest.approx(1.0, abs=0.001)
    spectrum = np.abs(np.fft.rfft(clip.samples))
    assert np.fft.rfftfreq(len(clip.samples), 1 / SAMPLE_RATE)[np.argmax(spectrum)] == pytest.approx(440, abs=2)


def test_opposite_channels_cancel_when_mixed(tmp_path: Path) -> None:
    tone = _tone()
    path = tmp_path / "opposite.wav"
    soundfile.write(str(path), np.stack([tone, -tone], axis=1), SAMPLE_RATE)
    assert float(np.max(np.abs(read_audio(path).samples))) < 1e-3


def test_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_audio(tmp_path / "nothing.wav")


def test_garbage_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("this is not audio at all\n")
    with pytest.raises(InputError, match="cannot read audio file"):
        read_audio(path)


def test_truncated_wav_is_an_input_error_or_short_clip(tmp_path: Path) -> None:
    path = tmp_path / "cut.wav"
    write_wav(path, AudioClip(_tone()))
    path.write_bytes(path.read_bytes()[:30])  # header cut in half
    with pytest.raises(InputError):
        read_audio(path)


@settings(max_examples=50, deadline=None)
@given(
    st.binary(max_size=200).map(lambda raw: np.frombuffer(raw[: len(raw) // 4 * 4], dtype=np.float32)),
    st.sampled_from([8000, 16000, 22050, 44100, 48000]),
)
def test_resample_length_scales_with_rate(samples: np.ndarray, from_rate: int) -> None:
    samples = np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0).clip(-1, 1)
    out = resample(samples, from_rate, SAMPLE_RATE)
    assert len(out) == round(len(samples) * SAMPLE_RATE / from_rate)
    assert out.dtype == np.float32
    if len(out):
        assert np.max(np.abs(out)) <= np.max(np.abs(samples)) + 1e-6


def test_resample_refuses_nonsense_rates() -> None:
    with pytest.raises(InputError):
        resample(np.ones(10, dtype=np.float32), 0, SAMPLE_RATE)
