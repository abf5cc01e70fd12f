"""`voicecoach render` with a sound bed: each colour's spectrum, its level, and a long stretch
without a click, measured on the file written (real espeak-ng speech at the start)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from voicecoach.adapters.wavfile import read_audio
from voicecoach.bed.measure import StepMeter, spectral_slope, step_at
from voicecoach.bed.noise import LOOP_FRAMES, k_weighted_rms
from voicecoach.bed.render import FULL_SCALE
from voicecoach.bed.schedule import TAIL_FADE_SECONDS

SCRIPT = "title: Rest\nsteps:\n  - say: Rest now.\n"
AFTER = 25.0  # seconds of bed after the script's end


def render(tmp_path: Path, *options: str) -> np.ndarray:
    script = tmp_path / "rest.yaml"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "out.wav"
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "render", str(script), "-o", str(out), *options],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return read_audio(out).samples


def tail_of(samples: np.ndarray, rate: int, after: float) -> np.ndarray:
    """The stretch after the speech and before the fade (the file ends with the fade)."""
    end = len(samples) - int((after + TAIL_FADE_SECONDS) * rate)
    return samples[end + rate : end + int(after * rate) - rate // 2]


@pytest.mark.parametrize(("colour", "slope"), [("white", 0.0), ("pink", -3.01), ("brown", -6.02)])
def test_a_rendered_file_has_each_colours_spectral_slope(tmp_path: Path, colour: str, slope: float) -> None:
    samples = render(tmp_path, "--noise", colour, "--noise-level", "0.5", "--noise-after", f"{AFTER:.0f}s")
    tail = tail_of(samples, 22050, AFTER)
    assert spectral_slope(tail, 22050) == pytest.approx(slope, abs=0.3)
    assert k_weighted_rms(tail) == pytest.approx(FULL_SCALE * 0.5, rel=0.08)


@pytest.mark.parametrize("colour", ["fan", "rain"])
def test_the_fan_and_the_rain_are_in_the_file_at_the_same_loudness(tmp_path: Path, colour: str) -> None:
    tail = tail_of(render(tmp_path, "--noise", colour, "--noise-after", f"{AFTER:.0f}s"), 22050, AFTER)
    assert k_weighted_rms(tail) == pytest.approx(FULL_SCALE * 0.3, rel=0.08)


def test_without_noise_the_file_ends_with_the_speech(tmp_path: Path) -> None:
    samples = render(tmp_path)
    assert len(samples) / 22050 < 5.0


def test_eleven_rendered_minutes_have_no_click_at_block_joins_or_loop_points(tmp_path: Path) -> None:
    # Brown noise moves slowly (its RMS is ~8 typical steps), so a seam would stand out; the
    # timeline renders the bed in 10 s blocks from the file's start, and each loop comes round
    # every LOOP_FRAMES[i] frames of it.
    rate = 22050
    samples = render(tmp_path, "--noise", "brown", "--noise-level", "1", "--noise-after", "10m").astype(np.float64)
    settled = 5 * rate  # the fade-in is over
    fade_starts = len(samples) - int(TAIL_FADE_SECONDS * rate)
    meter = StepMeter()
    for first in range(settled, fade_starts, 10 * rate):
        meter.feed(samples[first : min(first + 10 * rate, fade_starts)])
    steps = meter.result()
    assert steps.count > 9.5 * 60 * rate
    assert steps.ratio < 6.5, steps  # Gaussian steps: the largest of 13 million is ~5.6 typical ones
    joins = range(10 * rate, fade_starts, 10 * rate)
    loop_points = [k * length for length in LOOP_FRAMES for k in range(1, fade_starts // length + 1)]
    assert len(loop_points) > 30
    for index in [*joins, *loop_points]:
        if index > settled:
            assert step_at(samples, index) < 5 * steps.rms, index
