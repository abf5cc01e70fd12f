"""Test helper: spoken commands rendered by espeak-ng with a noise floor, as a "listener" would say them.

A different voice from the reader's (en-us, male 3) and a pink-noise floor 30 dB under the speech:
perfectly silent padding confuses the recogniser (NOTES-audio.md). Not a test module.
"""

from __future__ import annotations

import io
import subprocess
import wave
from pathlib import Path

import numpy as np

from benchmarks.noise import mix, pad, pink_noise, speech_rms
from voicecoach.listening.resample import to_recogniser_rate

LISTENER_VOICE = "en-us+m3"


def spoken(text: str, before: float = 0.3, after: float = 0.6, snr_db: float = 30.0, seed: int = 1) -> tuple[np.ndarray, int]:
    """`text` said by the listener's voice with a noise floor: (float samples, rate)."""
    raw = subprocess.run(
        ["espeak-ng", "-v", LISTENER_VOICE, "-s", "150", "--stdout", text], capture_output=True, check=True
    ).stdout
    with wave.open(io.BytesIO(raw)) as reader:
        rate = reader.getframerate()
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    padded = pad(samples, rate, before, after)
    rng = np.random.default_rng(seed)
    return mix(padded, pink_noise(len(padded), rng), snr_db, speech_rms(samples, rate)), rate


def speech_end(text: str, before: float = 0.3) -> float:
    """Seconds from the start of `spoken(text)` to the end of the words (espeak's own trailing silence cut)."""
    samples, rate = spoken(text, before=before, after=0.0, snr_db=200.0)
    loud = np.nonzero(np.abs(samples) > 0.01)[0]
    return float(loud[-1] + 1) / rate if len(loud) else before


def frames_16k(samples: np.ndarray, rate: int, frame: int = 480) -> list[bytes]:
    """16 kHz 16-bit PCM frames of `samples` (the last partial frame dropped)."""
    pcm = (np.clip(to_recogniser_rate(samples, rate), -1, 1) * 32767).astype("<i2")
    return [pcm[i : i + frame].tobytes() for i in range(0, len(pcm) - frame + 1, frame)]


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    """Write float samples as a 16-bit mono WAV; returns `path`."""
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path
