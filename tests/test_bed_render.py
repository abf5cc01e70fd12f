"""Rendering the sound bed: its level, silence, block joins, and a stream still being made."""

from __future__ import annotations

import numpy as np
import pytest

from voicecoach.audio import SAMPLE_RATE
from voicecoach.bed.measure import StepMeter, step_at
from voicecoach.bed.noise import LOOP_FRAMES, NoiseStream, k_weighted_rms
from voicecoach.bed.render import FULL_SCALE, BedRenderer
from voicecoach.bed.schedule import SoundBed
from voicecoach.bed.settings import BedSettings, BedSound


def bed_playing(sound: BedSound = BedSound.BROWN, level: float = 0.3) -> SoundBed:
    return SoundBed(BedSettings(play=True, sound=sound, level=level))


def test_a_silent_bed_renders_nothing_and_costs_no_stream() -> None:
    made: list[BedSound] = []

    def streams(sound: BedSound) -> NoiseStream:
        made.append(sound)
        return NoiseStream(sound)

    renderer = BedRenderer(SoundBed(), streams=streams)
    assert renderer.render(0.0, SAMPLE_RATE) is None
    assert made == []


@pytest.mark.parametrize("level", [0.1, 0.3, 1.0])
def test_the_bed_sounds_at_its_level(level: float) -> None:
    renderer = BedRenderer(bed_playing(BedSound.PINK, level))
    renderer.render(0.0, 4 * SAMPLE_RATE)  # the fade-in
    block = renderer.render(4.0, 20 * SAMPLE_RATE)
    assert block is not None
    assert k_weighted_rms(block) == pytest.approx(FULL_SCALE * level, rel=0.05)


def test_noise_louder_is_three_decibels_louder() -> None:
    bed = bed_playing(BedSound.WHITE)
    renderer = BedRenderer(bed)
    before = renderer.render(0.0, 10 * SAMPLE_RATE)
    bed.louder(10.0)
    renderer.render(10.0, SAMPLE_RATE)
    after = renderer.render(11.0, 10 * SAMPLE_RATE)
    assert before is not None and after is not None
    gain_db = 20 * np.log10(np.std(after) / np.std(before[5 * SAMPLE_RATE :]))
    assert gain_db == pytest.approx(3.0, abs=0.3)


def test_blocks_of_any_size_give_the_same_bed_with_changes_under_way() -> None:
    def busy_bed() -> SoundBed:
        bed = bed_playing(BedSound.BROWN)
        bed.louder(5.0)
        bed.choose(BedSound.FAN, 9.0)
        bed.turn_off(14.0)
        bed.turn_on(17.0)
        return bed

    seconds = 22
    whole = BedRenderer(busy_bed()).render(0.0, seconds * SAMPLE_RATE)
    assert whole is not None
    renderer = BedRenderer(busy_bed())
    parts, first = [], 0
    for size in [1, 4093, 22050, 100_000, 7, 65_536] * 10:
        if first >= len(whole):
            break
        part = renderer.render(first / SAMPLE_RATE, size)
        parts.append(np.zeros(size, np.float32) if part is None else part)
        first += size
    joined = np.concatenate(parts)[: len(whole)]
    assert np.allclose(joined, whole, atol=1e-6)


def test_add_into_mixes_the_bed_under_what_is_there() -> None:
    samples = np.full(3 * SAMPLE_RATE, 0.25, dtype=np.float32)
    expected = BedRenderer(bed_playing()).render(5.0, len(samples))
    assert expected is not None
    BedRenderer(bed_playing()).add_into(samples, 5.0, block_seconds=1.0)
    assert np.allclose(samples, 0.25 + expected, atol=1e-6)


def test_a_stream_still_being_made_is_silent_until_ready() -> None:
    ready: dict[BedSound, NoiseStream] = {}
    renderer = BedRenderer(bed_playing(), streams=lambda sound: ready.get(sound))
    assert renderer.render(5.0, 1000) is None
    ready[BedSound.BROWN] = NoiseStream(BedSound.BROWN)
    block = renderer.render(5.0, 1000)
    assert block is not None and np.any(block != 0)


def test_ten_minutes_of_brown_noise_have_no_step_beyond_the_noise_itself() -> None:
    # Brown noise moves slowly, so a seam (at a block join or where a loop comes round) would
    # stand out by many typical steps. Ten-second blocks, as the timeline mixes them.
    renderer = BedRenderer(bed_playing(BedSound.BROWN, level=1.0))
    meter = StepMeter()
    block = 10 * SAMPLE_RATE
    kept = []
    for first in range(0, 600 * SAMPLE_RATE, block):
        part = renderer.render(first / SAMPLE_RATE, block)
        assert part is not None
        meter.feed(part)
        kept.append(part)
    steps = meter.result()
    assert steps.ratio < 6.5, steps  # Gaussian steps: the largest of 13 million is about 5.6 typical ones
    samples = np.concatenate(kept)
    settled = 5 * SAMPLE_RATE  # after the fade-in
    joins = range(block, len(samples), block)
    loop_points = [k * length for length in LOOP_FRAMES for k in range(1, len(samples) // length + 1)]
    for index in [*joins, *loop_points]:
        if index > settled:
            assert step_at(samples, index) < 5 * steps.rms, index
