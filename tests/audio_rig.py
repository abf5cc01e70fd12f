"""Test helper: the headless PulseAudio rig of scripts/audio-rig as a Python context manager.

    with AudioRig() as rig:                 # sets PULSE_SERVER etc. in os.environ meanwhile
        with rig.recording() as rec:        # parec on speaker.monitor, in the background
            ...play something...
        clip = rec.clip()
        rig.play_into_mic(Path("command.wav"))

`AudioRig()` raises `RigUnavailable` when pulseaudio cannot start; the `audio_rig` fixture
turns that into a skip with the reason. Not a test module: it has no tests of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Iterator

import numpy as np
import pytest

from voicecoach.audio import SAMPLE_RATE, AudioClip

RIG_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "audio-rig"
READ_FRAMES = 256  # ~12 ms per chunk read from parec: the resolution of arrival times
_EXPORT = re.compile(r"^export (\w+)='(.*)'$")


class RigUnavailable(RuntimeError):
    """pulseaudio (or the rig script) cannot run on this machine."""


def rms(samples: np.ndarray) -> float:
    """Root mean square of float samples (0 for an empty array)."""
    if len(samples) == 0:
        return 0.0
    return float(np.sqrt(np.mean(np.square(samples.astype(np.float64)))))


def tone(seconds: float, frequency: float = 440.0, amplitude: float = 0.5) -> AudioClip:
    """A sine tone clip at the project sample rate."""
    t = np.arange(int(round(seconds * SAMPLE_RATE))) / SAMPLE_RATE
    return AudioClip((amplitude * np.sin(2 * np.pi * frequency * t)).astype(np.float32))


class SpeakerRecording:
    """parec on speaker.monitor, read in ~12 ms chunks whose arrival times are kept."""

    def __init__(self, sample_rate: int = SAMPLE_RATE) -> None:
        self.sample_rate = sample_rate
        self._chunks: list[tuple[float, np.ndarray]] = []
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            ["parec", "--device=speaker.monitor", f"--rate={sample_rate}", "--channels=1",
             "--format=s16le", "--latency-msec=10"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._reader = threading.Thread(target=self._read, name="speaker-recording", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stdout = self._process.stdout
        if stdout is None:
            return
        pending = b""
        while True:
            data = os.read(stdout.fileno(), READ_FRAMES * 2)
            if not data:
                return
            now = time.monotonic()
            pending += data
            whole = len(pending) - len(pending) % 2
            samples = np.frombuffer(pending[:whole], dtype="<i2").astype(np.float32) / 32768.0
            pending = pending[whole:]
            with self._lock:
                self._chunks.append((now, samples))

    def frames(self) -> int:
        """How many frames have arrived so far."""
        with self._lock:
            return sum(len(samples) for _, samples in self._chunks)

    def chunks(self) -> list[tuple[float, np.ndarray]]:
        """(time.monotonic() of arrival, samples) for each chunk read so far."""
        with self._lock:
            return list(self._chunks)

    def wait_for_sound(self, threshold: float = 0.01, timeout: float = 5.0) -> bool:
        """Wait until a chunk louder than `threshold` RMS has arrived; False on timeout."""
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            chunks = self.chunks()
            if any(rms(samples) > threshold for _, samples in chunks[seen:]):
                return True
            seen = len(chunks)
            time.sleep(0.005)
        return False

    def wait_for_frames(self, frames: int, timeout: float = 10.0) -> None:
        """Wait until at least `frames` frames have arrived (or the timeout passes)."""
        deadline = time.monotonic() + timeout
        while self.frames() < frames and time.monotonic() < deadline:
            time.sleep(0.005)

    def stop(self) -> None:
        """End parec and the reader thread."""
        if self._process.poll() is None:
            self._process.terminate()
        self._process.wait()
        self._reader.join()

    def clip(self) -> AudioClip:
        """Everything recorded so far as one clip."""
        chunks = self.chunks()
        if not chunks:
            return AudioClip(np.zeros(0, dtype=np.float32), self.sample_rate)
        return AudioClip(np.concatenate([samples for _, samples in chunks]), self.sample_rate)


class AudioRig:
    """A private PulseAudio server with a "speaker" sink and a "virtmic" source."""

    def __init__(self) -> None:
        self.env: dict[str, str] = {}
        self._saved: dict[str, str | None] = {}

    def __enter__(self) -> "AudioRig":
        for tool in ("pulseaudio", "pactl", "parec", "paplay"):
            if shutil.which(tool) is None:
                raise RigUnavailable(f"{tool} is not installed (apt-get install pulseaudio pulseaudio-utils)")
        result = subprocess.run([str(RIG_SCRIPT), "start"], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RigUnavailable(f"pulseaudio could not start: {result.stderr.strip()[-500:]}")
        for line in result.stdout.splitlines():
            match = _EXPORT.match(line.strip())
            if match:
                self.env[match.group(1)] = match.group(2)
        for name, value in self.env.items():
            self._saved[name] = os.environ.get(name)
            os.environ[name] = value
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        subprocess.run(
            [str(RIG_SCRIPT), "stop", self.env["VOICECOACH_RIG_DIR"]],
            capture_output=True,
            check=False,
        )

    def recording(self) -> "_RecordingContext":
        """Record the speaker in the background for the duration of a `with` block."""
        return _RecordingContext()

    def record_speaker(self, seconds: float) -> AudioClip:
        """Record `seconds` of whatever the speaker plays (blocks meanwhile)."""
        with self.recording() as rec:
            rec.wait_for_frames(int(seconds * rec.sample_rate), timeout=seconds + 5.0)
        return rec.clip()

    def play_into_mic(self, path: Path) -> None:
        """Play a sound file into the virtual microphone (blocks until played)."""
        subprocess.run(["paplay", "--device=micfeed", str(path)], check=True, capture_output=True)


class _RecordingContext:
    def __enter__(self) -> SpeakerRecording:
        self.recording = SpeakerRecording()
        return self.recording

    def __exit__(self, *exc_info: object) -> None:
        self.recording.stop()


@pytest.fixture(scope="module")
def audio_rig() -> Iterator[AudioRig]:
    """A running rig shared by a test module (pulseaudio takes ~2 s to exit), or a skip saying why."""
    try:
        rig = AudioRig().__enter__()
    except RigUnavailable as err:
        pytest.skip(str(err))
    try:
        yield rig
    finally:
        rig.__exit__(None, None, None)
