"""Whisper's log-mel features, computed with numpy alone."""

import numpy as np

from voicecoach.adapters.recognizers.whisper.features import FRAMES_PER_SECOND, N_MELS, SAMPLE_RATE, log_mel, mel_filters


def test_shape_and_padding() -> None:
    half_second = np.zeros(SAMPLE_RATE // 2, np.float32)
    assert log_mel(half_second, 300).shape == (N_MELS, 300)
    three_seconds = np.zeros(3 * SAMPLE_RATE, np.float32)
    assert log_mel(three_seconds, 100).shape == (N_MELS, 100)  # cut to the window


def test_a_tone_lights_the_mel_band_of_its_frequency() -> None:
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    low = log_mel((0.3 * np.sin(2 * np.pi * 300 * t)).astype(np.float32), FRAMES_PER_SECOND)
    high = log_mel((0.3 * np.sin(2 * np.pi * 3000 * t)).astype(np.float32), FRAMES_PER_SECOND)
    assert int(np.argmax(low[:, 50])) < int(np.argmax(high[:, 50]))
    filters = mel_filters()
    assert int(np.argmax(filters[:, int(300 / (SAMPLE_RATE / 400))])) == int(np.argmax(low[:, 50]))


def test_values_sit_in_whispers_range_and_silence_is_the_floor() -> None:
    noise = np.random.default_rng(1).standard_normal(SAMPLE_RATE).astype(np.float32) * 0.1
    features = log_mel(np.concatenate([noise, np.zeros(SAMPLE_RATE, np.float32)]), 2 * FRAMES_PER_SECOND)
    assert -1.6 <= features.min() and features.max() <= 2.0
    assert np.allclose(features[:, -10:], features.min())  # silence is floored 8 decades down
    assert features.max() - features.min() <= 2.0 + 1e-6
