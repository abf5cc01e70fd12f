"""Turn a `Script` into a flat plan of timed steps the player can walk through. Pure.

Repeats are unrolled, each breath becomes one `Cue` per phase, sections number the plan, and the
ramp is applied: by nominal time through the script, the voice slows and quietens linearly from
the script's own rate/volume to the ramp's, and pauses grow up to `pause_factor` times.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from voicecoach.scripts.model import (
    PHASES,
    BreatheStep,
    ChimeSound,
    ChimeStep,
    PauseStep,
    Phase,
    RepeatStep,
    SayStep,
    Script,
    SectionStep,
    Step,
)
from voicecoach.sounds import EARCON_SECONDS, EarconName, Voice

# How long espeak-ng takes to say a sentence, measured on the built-in scripts' 150 sentences
# (a least-squares fit of clip length against words ÷ rate): 0.75 of the nominal words per
# minute, plus 0.7 s for the lead-in and the tail of each clip. For durations only.
SPEECH_PACE = 0.75
UTTERANCE_SECONDS = 0.7
_EARCONS = {ChimeSound.SOFT: EarconName.CHIME_SOFT, ChimeSound.BELL: EarconName.CHIME_BELL}


@dataclass(frozen=True)
class Place:
    """Where a plan step belongs: its section (0-based) and step within the section (0-based)."""

    section: int
    section_title: str
    step: int


@dataclass(frozen=True)
class Say:
    """Say `text` with `voice`, then go on when it has been said."""

    text: str
    voice: Voice
    place: Place


@dataclass(frozen=True)
class Wait:
    """Silence for `seconds`."""

    seconds: float
    place: Place


@dataclass(frozen=True)
class Cue:
    """One breath phase: say `text` (if any) at its start; the phase lasts `seconds` from that start."""

    text: str | None
    seconds: float
    phase: Phase
    cycle: int  # 1-based
    cycles: int
    voice: Voice
    place: Place


@dataclass(frozen=True)
class Chime:
    """Play the earcon `name` at `volume` (0..1 of full scale)."""

    name: EarconName
    volume: float
    place: Place


PlanStep = Say | Wait | Cue | Chime


def compile_script(script: Script) -> tuple[PlanStep, ...]:
    """The flat plan of `script`, ramp applied."""
    expanded = tuple(_unramped(script))
    raw = tuple(step for step, _ in expanded)
    if script.ramp is None:
        return raw
    starts = _nominal_starts(raw)
    total = starts[-1] + nominal_seconds(raw[-1]) if raw else 0.0
    return tuple(
        _ramped(step, start / total if total > 0 else 0.0, script, own)
        for (step, own), start in zip(expanded, starts)
    )


def nominal_duration(script: Script) -> float:
    """About how many seconds the script takes as played: its title, then every step, pauses included."""
    return speech_seconds(script.title, script.voice.rate) + sum(nominal_seconds(step) for step in compile_script(script))


def nominal_seconds(step: PlanStep) -> float:
    """About how long one plan step takes."""
    if isinstance(step, Say):
        return speech_seconds(step.text, step.voice.rate)
    if isinstance(step, Chime):
        return EARCON_SECONDS[step.name]
    return step.seconds


def speech_seconds(text: str, rate: int) -> float:
    """About how long `text` takes to say at `rate` words per minute."""
    return len(text.split()) * 60.0 / rate * SPEECH_PACE + UTTERANCE_SECONDS


def section_titles(plan: tuple[PlanStep, ...]) -> tuple[str, ...]:
    """The title of each section in the plan, in order."""
    titles: dict[int, str] = {}
    for step in plan:
        titles.setdefault(step.place.section, step.place.section_title)
    return tuple(titles[index] for index in sorted(titles))


def _nominal_starts(plan: tuple[PlanStep, ...]) -> list[float]:
    starts, clock = [], 0.0
    for step in plan:
        starts.append(clock)
        clock += nominal_seconds(step)
    return starts


def _ramped(step: PlanStep, progress: float, script: Script, own: SayStep | None) -> PlanStep:
    """`step` at `progress` (0..1) through the script; `own` is the say step that set its own voice."""
    ramp = script.ramp
    if ramp is None:
        return step
    base = script.voice
    if isinstance(step, Wait):
        return replace(step, seconds=step.seconds * (1.0 + (ramp.pause_factor - 1.0) * progress))
    if isinstance(step, Chime):
        if ramp.volume is None or base.volume == 0:
            return step
        ramped_volume = base.volume + (ramp.volume - base.volume) * progress
        return replace(step, volume=round(step.volume * ramped_volume / base.volume, 3))
    # Steps that set their own rate or volume keep it; the rest follow the ramp.
    voice = step.voice
    if ramp.rate is not None and (own is None or own.rate is None):
        voice = replace(voice, rate=round(base.rate + (ramp.rate - base.rate) * progress))
    if ramp.volume is not None and (own is None or own.volume is None):
        voice = replace(voice, volume=round(base.volume + (ramp.volume - base.volume) * progress, 3))
    return replace(step, voice=voice)


def _unramped(script: Script) -> Iterator[tuple[PlanStep, SayStep | None]]:
    """Each plan step with the say step it came from (None for other kinds)."""
    for section_index, (title, steps) in enumerate(_sections(script)):
        for step_index, step in enumerate(_flatten(steps)):
            source = step if isinstance(step, SayStep) else None
            for planned in _expand(step, Place(section_index, title, step_index), script.voice):
                yield planned, source


def _sections(script: Script) -> list[tuple[str, tuple[Step, ...]]]:
    """Top-level sections; loose steps between them form sections named after the script."""
    sections: list[tuple[str, tuple[Step, ...]]] = []
    loose: list[Step] = []
    for step in script.steps:
        if isinstance(step, SectionStep):
            if loose:
                sections.append((script.title, tuple(loose)))
                loose = []
            sections.append((step.title, step.steps))
        else:
            loose.append(step)
    if loose:
        sections.append((script.title, tuple(loose)))
    return sections


def _flatten(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Unroll repeats (and any section nested by mistake) into a flat run of simple steps."""
    for step in steps:
        if isinstance(step, RepeatStep):
            for _ in range(step.times):
                yield from _flatten(step.steps)
        elif isinstance(step, SectionStep):
            yield from _flatten(step.steps)
        elif isinstance(step, ChimeStep) and step.sound is ChimeSound.NONE:
            continue
        else:
            yield step


def _expand(step: Step, place: Place, voice: Voice) -> Iterator[PlanStep]:
    if isinstance(step, SayStep):
        yield Say(step.text, _voice_for(step, voice), place)
    elif isinstance(step, PauseStep):
        yield Wait(step.seconds, place)
    elif isinstance(step, ChimeStep):
        yield Chime(_EARCONS[step.sound], round(step.volume * voice.volume, 3), place)
    elif isinstance(step, BreatheStep):
        for cycle in range(1, step.cycles + 1):
            for phase in PHASES:
                seconds = step.pattern.seconds(phase)
                if seconds > 0:
                    yield Cue(step.cue(phase), seconds, phase, cycle, step.cycles, voice, place)


def _voice_for(step: SayStep, voice: Voice) -> Voice:
    return Voice(
        rate=step.rate if step.rate is not None else voice.rate,
        volume=step.volume if step.volume is not None else voice.volume,
        name=step.voice if step.voice is not None else voice.name,
    )
