"""The noise floor keeps steady noise from counting as speech, while speech over it still does."""

from __future__ import annotations

import numpy as np

from benchmarks.noise import pink_noise
from voicecoach.listening.noise_floor import NoiseFloor, NoiseFloorSettings

FRAME = 480


def frames(samples: np.ndarray) -> list[bytes]:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    return [pcm[i : i + FRAME].tobytes() for i in range(0, len(pcm) - FRAME + 1, FRAME)]


def tone(seconds: float, amplitude: float) -> np.ndarray:
    t = np.arange(int(seconds * 16000)) / 16000
    return (amplitude * np.sin(2 * np.pi * 300 * t)).astype(np.float32)


def test_steady_noise_is_not_loud_but_speech_over_it_is() -> None:
    rng = np.random.default_rng(1)
    noise = 0.01 * pink_noise(16000 * 3, rng) / np.sqrt(np.mean(pink_noise(16000, rng) ** 2))
    floor = NoiseFloor()
    noisy = [floor.is_loud(frame) for frame in frames(noise)]
    assert sum(noisy[10:]) <= 2  # after settling, steady noise stays under the margin
    voice = tone(0.5, 0.2) + noise[:8000]
    assert all(floor.is_loud(frame) for frame in frames(voice))


def test_the_floor_rises_slowly_when_the_room_gets_louder() -> None:
    floor = NoiseFloor(NoiseFloorSettings(rise_db_per_second=3.0))
    for frame in frames(tone(1.0, 0.001)):
        floor.is_loud(frame)
    quiet = floor.level
    assert quiet is not None
    for frame in frames(tone(1.0, 0.1)):  # 40 dB louder for one second
        floor.is_loud(frame)
    assert floor.level is not None and 20 * np.log10(floor.level / quiet) <= 3.1


def test_digital_silence_is_never_loud() -> None:
    floor = NoiseFloor()
    assert not any(floor.is_loud(bytes(2 * FRAME)) for _ in range(20))
