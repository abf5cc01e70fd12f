"""The real SpeechRecognition microphone path on the PulseAudio rig: frames, a lost device, a monitor fallback."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

try:
    from audio_rig import AudioRig, audio_rig  # noqa: F401  (fixture)
except ImportError:
    from tests.audio_rig import AudioRig, audio_rig  # noqa: F401  (fixture)
try:
    from voice_clips import spoken, write_wav
except ImportError:
    from tests.voice_clips import spoken, write_wav

from voicecoach.adapters.microphone import FRAME_BYTES, default_source_is_monitor, open_microphone
from voicecoach.errors import MicrophoneError

pytestmark = pytest.mark.audio

pytest.importorskip("pyaudio", reason="PyAudio is not installed (scripts/setup builds it)")


def remap_module() -> str | None:
    """The index of the rig's virtmic module, or None when it is unloaded."""
    modules = subprocess.run(["pactl", "list", "short", "modules"], capture_output=True, text=True, check=True).stdout
    for line in modules.splitlines():
        if "module-remap-source" in line and "source_name=virtmic" in line:
            return line.split()[0]
    return None


def plug_in() -> None:
    """Load virtmic again (if needed) and make it the default source."""
    if remap_module() is None:
        subprocess.run(
            ["pactl", "load-module", "module-remap-source", "source_name=virtmic", "master=micfeed.monitor"],
            check=True, capture_output=True,
        )
    subprocess.run(["pactl", "set-default-source", "virtmic"], check=True, capture_output=True)


def unplug() -> None:
    """Unload virtmic, as if the microphone were pulled out."""
    index = remap_module()
    if index is not None:
        subprocess.run(["pactl", "unload-module", index], check=True, capture_output=True)


@pytest.fixture
def rig(audio_rig: AudioRig) -> Iterator[AudioRig]:  # noqa: F811
    plug_in()
    yield audio_rig
    plug_in()


def test_frames_carry_what_is_played_into_the_microphone(rig: AudioRig, tmp_path: Path) -> None:
    command = write_wav(tmp_path / "stop.wav", *spoken("stop"))
    microphone = open_microphone()
    try:
        quiet = [microphone.read() for _ in range(5)]
        player = subprocess.Popen(["paplay", "--device=micfeed", str(command)])
        heard = [microphone.read() for _ in range(60)]  # 1.8 s: the whole clip
        player.wait(timeout=10)
    finally:
        microphone.close()
    assert all(len(frame) == FRAME_BYTES for frame in quiet + heard)
    peak = max(np.abs(np.frombuffer(frame, dtype="<i2")).max() for frame in heard)
    assert peak > 3000  # the spoken word reached the microphone at a speaking level


def test_a_pulled_microphone_fails_the_read_and_the_speaker_monitor_is_no_microphone(rig: AudioRig) -> None:
    microphone = open_microphone(stall_seconds=1.0)
    try:
        microphone.read()
        unplug()
        with pytest.raises(MicrophoneError):
            for _ in range(1000):  # ~30 s of frames at most; a stall raises long before
                microphone.read()
    finally:
        microphone.close()
    assert default_source_is_monitor()  # PulseAudio fell back to a monitor of a sink
    with pytest.raises(MicrophoneError, match="speaker's own sound"):
        open_microphone()
    plug_in()
    assert not default_source_is_monitor()
    again = open_microphone()
    try:
        assert len(again.read()) == FRAME_BYTES
    finally:
        again.close()


def test_close_twice_is_harmless(rig: AudioRig) -> None:
    microphone = open_microphone()
    microphone.close()
    microphone.close()
    with pytest.raises(MicrophoneError, match="closed"):
        microphone.read()
