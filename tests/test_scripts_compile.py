"""Compiling scripts into a flat plan: repeats, breaths, sections, voices and the ramp."""

from __future__ import annotations

import pytest

from voicecoach.scripts.compile import (
    SPEECH_PACE,
    UTTERANCE_SECONDS,
    Chime,
    Cue,
    Place,
    Say,
    Wait,
    compile_script,
    nominal_duration,
    section_titles,
)
from voicecoach.scripts.loader import script_from_yaml
from voicecoach.scripts.model import Phase
from voicecoach.sounds import EARCON_SECONDS, EarconName, Voice


def plan_of(text: str) -> tuple:
    return compile_script(script_from_yaml(text))


def test_repeat_and_breathe_expand_and_zero_phases_are_left_out() -> None:
    plan = plan_of(
        "title: T\nsteps:\n"
        "  - repeat: {times: 2, steps: [{say: Hi.}, {pause: 3}]}\n"
        "  - breathe: {pattern: 4-7-8, cycles: 2, cues: [In, null]}\n"
        "  - chime: none\n"
    )
    voice = Voice()
    assert plan[:4] == (
        Say("Hi.", voice, Place(0, "T", 0)),
        Wait(3.0, Place(0, "T", 1)),
        Say("Hi.", voice, Place(0, "T", 2)),
        Wait(3.0, Place(0, "T", 3)),
    )
    cues = plan[4:]
    assert [(c.text, c.seconds, c.phase, c.cycle) for c in cues] == [
        ("In", 4.0, Phase.INHALE, 1), (None, 7.0, Phase.HOLD, 1), ("Breathe out", 8.0, Phase.EXHALE, 1),
        ("In", 4.0, Phase.INHALE, 2), (None, 7.0, Phase.HOLD, 2), ("Breathe out", 8.0, Phase.EXHALE, 2),
    ]
    assert {c.place for c in cues} == {Place(0, "T", 4)}, "one breathing exercise is one step"


def test_loose_steps_form_sections_named_after_the_script() -> None:
    plan = plan_of(
        "title: T\nsteps:\n  - say: Intro.\n"
        "  - section: {title: Feet, steps: [{say: F1.}, {say: F2.}]}\n  - say: Outro.\n"
    )
    assert section_titles(plan) == ("T", "Feet", "T")
    assert [step.place for step in plan] == [Place(0, "T", 0), Place(1, "Feet", 0), Place(1, "Feet", 1), Place(2, "T", 0)]


def test_step_voice_overrides_and_chime_volume_is_relative_to_speech() -> None:
    plan = plan_of(
        "title: T\nvoice: gmw/en\nrate: 160\nvolume: 0.5\nsteps:\n"
        "  - say: A.\n    rate: 120\n    voice: en-gb-x-rp\n  - chime: bell\n    volume: 0.5\n"
    )
    assert plan[0].voice == Voice(rate=120, volume=0.5, name="en-gb-x-rp")
    assert plan[1] == Chime(EarconName.CHIME_BELL, 0.25, Place(0, "T", 1))


def test_ramp_slows_quietens_and_lengthens_pauses_by_nominal_time() -> None:
    plan = plan_of(
        "title: T\nrate: 170\nvolume: 0.8\nramp: {rate: 130, volume: 0.4, pause_factor: 2}\nsteps:\n"
        "  - say: First.\n  - pause: 100\n  - say: Middle.\n  - pause: 100\n  - say: Last.\n"
    )
    first, pause1, middle, pause2, last = plan
    assert first.voice.rate == 170 and first.voice.volume == pytest.approx(0.8)
    assert 130 < middle.voice.rate < 170 and 0.4 < middle.voice.volume < 0.8
    assert last.voice.rate < middle.voice.rate
    assert last.voice.rate >= 130
    assert 100.0 < pause1.seconds < pause2.seconds <= 200.0
    rates = [step.voice.rate for step in plan if isinstance(step, Say)]
    assert rates == sorted(rates, reverse=True)


def test_ramp_leaves_breath_phases_as_written() -> None:
    plan = plan_of("title: T\nramp: {rate: 100, pause_factor: 3}\nsteps:\n  - pause: 60\n  - breathe: box\n")
    cues = [step for step in plan if isinstance(step, Cue)]
    assert [c.seconds for c in cues] == [4.0] * 16
    assert [c.voice.rate for c in cues] == sorted((c.voice.rate for c in cues), reverse=True)


def test_nominal_duration_counts_the_title_words_pauses_chimes_and_breaths() -> None:
    script = script_from_yaml(
        "title: T\nrate: 120\nsteps:\n  - say: one two three four\n  - pause: 10\n  - breathe: box\n"
        "  - chime: bell\n  - pause: 30\n"
    )
    # The title (1 word), then 4 words at 120 wpm said at espeak-ng's pace; the pauses, the
    # bell's own length and 4 box breaths of 16 s. The last pause counts: it is played too.
    title = 0.5 * SPEECH_PACE + UTTERANCE_SECONDS
    words = 2.0 * SPEECH_PACE + UTTERANCE_SECONDS
    assert nominal_duration(script) == pytest.approx(title + words + 10.0 + 64.0 + EARCON_SECONDS[EarconName.CHIME_BELL] + 30.0)


def test_a_say_with_its_own_rate_keeps_it_under_the_ramp() -> None:
    plan = plan_of(
        "title: T\nrate: 150\nramp: {rate: 100}\nsteps:\n  - pause: 60\n"
        "  - say: Own.\n    rate: 150\n  - say: Ramped.\n  - pause: 60\n"
    )
    voices = {step.text: step.voice.rate for step in plan if isinstance(step, Say)}
    assert voices["Own."] == 150 and voices["Ramped."] < 150


def test_the_example_in_the_docs_is_a_valid_script() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "scripts.md").read_text()
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    plan = compile_script(script_from_yaml(example, "docs/scripts.md"))
    assert section_titles(plan) == ("Winding down", "Breathing", "Resting")
