"""Test helper: speak a phrase with the espeak-ng CLI into a clip with a realistic noise floor."""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib

import numpy as np
import pytest
import soundfile

from voicecoach.audio import AudioClip
from benchmarks.noise import mix, pad, pink_noise, speech_rms

NOISE_FLOOR_DB = 35.0  # perfectly silent padding confuses the decoder; real rooms hiss


def espeak_available() -> bool:
    """Whether the espeak-ng command is on PATH."""
    return shutil.which("espeak-ng") is not None


def speak(text: str, voice: str = "en-us", snr_db: float = NOISE_FLOOR_DB) -> AudioClip:
    """`text` rendered by espeak-ng, padded with 0.4 s either side, with pink noise at `snr_db`."""
    if not espeak_available():
        pytest.skip("espeak-ng is not installed")
    wav = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], capture_output=True, check=True).stdout
    samples, rate = soundfile.read(io.BytesIO(wav), dtype="float32")
    rng = np.random.default_rng(zlib.crc32(f"{voice}:{text}".encode()))
    padded = pad(samples, rate, 0.4, 0.4)
    return AudioClip(mix(padded, pink_noise(len(padded), rng), snr_db, speech_rms(samples, rate)), rate)


def noise_only(seconds: float, seed: int = 0) -> AudioClip:
    """Quiet pink noise with no speech at all."""
    rng = np.random.default_rng(seed)
    frames = int(seconds * 22050)
    return AudioClip((pink_noise(frames, rng) * 0.003).astype(np.float32), 22050)
