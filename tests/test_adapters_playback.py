"""ClipPlayer on the headless PulseAudio rig, and a clean error where there is no device."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator

import pytest

try:  # tests/ on sys.path (pytest's default for a directory without __init__.py)
    from audio_rig import AudioRig, audio_rig, rms, tone  # noqa: F401  (fixture)
except ModuleNotFoundError:  # tests/ made a package: run from the repository root
    from tests.audio_rig import AudioRig, audio_rig, rms, tone  # noqa: F401  (fixture)
from voicecoach.adapters.playback import ClipPlayer, open_default_output
from voicecoach.errors import AudioOutputError

SOUND_RMS = 0.05  # a 0.5-amplitude sine has RMS ~0.35; anything clearly heard is far above this
SILENCE_RMS = 0.001  # the null sink's monitor gives exact zeros when nothing plays

PLAYER_KINDS = ["pyaudio", "aplay"]


@pytest.fixture(params=PLAYER_KINDS)
def player(request: pytest.FixtureRequest, audio_rig: AudioRig) -> Iterator[ClipPlayer]:  # noqa: F811
    """Each kind of player, opened on the rig."""
    if request.param == "pyaudio":
        pytest.importorskip("pyaudio")
    opened = open_default_output(prefer=request.param)
    yield opened
    opened.close()


@pytest.mark.audio
def test_a_played_clip_reaches_the_speaker_and_reports_done(player: ClipPlayer, audio_rig: AudioRig) -> None:  # noqa: F811
    done = threading.Event()
    with audio_rig.recording() as rec:
        player.play(tone(0.6), on_done=done.set)
        assert done.wait(timeout=10), "on_done was never called"
        rec.wait_for_frames(rec.frames() + 2205)  # a little more, so the tail is in
    heard = rec.clip()
    assert rms(heard.samples) > SOUND_RMS / 4
    loudest_window = max(rms(heard.samples[i : i + 2205]) for i in range(0, len(heard.samples), 2205))
    assert loudest_window > SOUND_RMS


@pytest.mark.audio
def test_stop_silences_the_speaker_and_suppresses_done(player: ClipPlayer, audio_rig: AudioRig) -> None:  # noqa: F811
    done = threading.Event()
    with audio_rig.recording() as rec:
        player.play(tone(5.0), on_done=done.set)
        assert rec.wait_for_sound(threshold=SOUND_RMS), "the tone never reached the speaker"
        player.stop()
        stopped_at = rec.frames()
        rec.wait_for_frames(stopped_at + int(0.8 * rec.sample_rate))
    heard = rec.clip().samples
    # The tone had 4+ seconds to go: a window well after the stop would be loud without it.
    after = heard[stopped_at + int(0.3 * rec.sample_rate) : stopped_at + int(0.8 * rec.sample_rate)]
    assert len(after) > 0
    assert rms(after) < SILENCE_RMS
    assert not done.is_set()


@pytest.mark.audio
def test_a_new_clip_replaces_the_playing_one(player: ClipPlayer, audio_rig: AudioRig) -> None:  # noqa: F811
    first_done = threading.Event()
    second_done = threading.Event()
    player.play(tone(5.0), on_done=first_done.set)
    player.play(tone(0.2, frequency=660.0), on_done=second_done.set)
    assert second_done.wait(timeout=10)
    assert not first_done.is_set()


@pytest.mark.audio
def test_on_done_may_start_the_next_clip(player: ClipPlayer, audio_rig: AudioRig) -> None:  # noqa: F811
    finished: list[str] = []
    all_done = threading.Event()

    def second_done() -> None:
        finished.append("second")
        all_done.set()

    def first_done() -> None:
        finished.append("first")
        player.play(tone(0.1), on_done=second_done)

    player.play(tone(0.1), on_done=first_done)
    assert all_done.wait(timeout=10)
    assert finished == ["first", "second"]


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No PulseAudio server to reach, and a private home so nothing is autospawned or left behind."""
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-socket")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.setenv("PULSE_RUNTIME_PATH", str(tmp_path / "pulse"))
    monkeypatch.setenv("JACK_NO_START_SERVER", "1")
    if list(Path("/proc/asound").glob("card*")):
        pytest.skip("this machine has a real sound card, so there is an output device")


@pytest.mark.parametrize("prefer", PLAYER_KINDS)
def test_no_device_is_a_clean_audio_output_error(
    nowhere: None, prefer: str, capfd: pytest.CaptureFixture[str]
) -> None:
    if prefer == "pyaudio":
        pytest.importorskip("pyaudio")
    with pytest.raises(AudioOutputError, match="No audio output device found") as caught:
        open_default_output(prefer=prefer)
    assert "--output FILE.wav" in str(caught.value)
    assert "ALSA lib" not in capfd.readouterr().err


def test_unknown_output_kind_is_refused() -> None:
    with pytest.raises(AudioOutputError, match="Unknown audio output"):
        open_default_output(prefer="speakers")
