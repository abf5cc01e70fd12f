"""Cutting quiet off both ends of a clip before decoding."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.listening.trim import TrimSettings, speech_span, trim_quiet

RATE = 16000


def noisy_burst(before: float, burst: float, after: float, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    total = int((before + burst + after) * RATE)
    samples = rng.normal(0, 0.001, total).astype(np.float32)
    start = int(before * RATE)
    samples[start : start + int(burst * RATE)] += 0.2 * np.sin(np.arange(int(burst * RATE)) * 0.1).astype(np.float32)
    return samples


def test_quiet_beyond_the_margin_is_cut_on_both_sides() -> None:
    samples = noisy_burst(1.0, 0.5, 1.5)
    start, end = speech_span(samples, RATE, TrimSettings(margin_seconds=0.25))
    assert abs(start - int(0.75 * RATE)) <= RATE // 100
    assert abs(end - int(1.75 * RATE)) <= RATE // 100
    assert len(trim_quiet(samples, RATE)) == end - start


def test_the_margin_keeps_some_of_the_noise_floor() -> None:
    samples = noisy_burst(0.1, 0.5, 0.1)
    assert speech_span(samples, RATE) == (0, len(samples))


def test_noise_alone_is_left_whole() -> None:
    samples = np.random.default_rng(3).normal(0, 0.01, RATE).astype(np.float32)
    start, end = speech_span(samples, RATE)
    assert end - start >= RATE // 2  # no burst: nothing much to cut


def test_too_short_or_silent_clips_are_left_alone() -> None:
    assert speech_span(np.zeros(10, np.float32), RATE) == (0, 10)
    assert speech_span(np.zeros(RATE, np.float32), RATE) == (0, RATE)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1.0, 1.0, allow_nan=False, width=32), max_size=2000),
    st.floats(0.0, 1.0),
)
def test_any_clip_gives_a_span_inside_it(values: list[float], margin: float) -> None:
    samples = np.array(values, dtype=np.float32)
    start, end = speech_span(samples, RATE, TrimSettings(margin_seconds=margin))
    assert 0 <= start <= end <= len(samples)
