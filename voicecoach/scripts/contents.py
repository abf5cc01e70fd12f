"""A relaxation script's steps as tracks for a media display (MPRIS), beside `now_playing`. Pure.

Kept apart from `now_playing.py` so that reading an article does not import the scripts' modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from voicecoach.now_playing import Track
from voicecoach.ports import Position
from voicecoach.scripts.compile import Chime, Cue, PlanStep, Say, Wait
from voicecoach.scripts.navigation import PlanIndex


@dataclass(frozen=True)
class ScriptContents:
    """A relaxation script's steps as tracks: a spoken step's words, or what the step does."""

    title: str
    plan: tuple[PlanStep, ...]
    index: PlanIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", PlanIndex.of(self.plan))

    def track_at(self, position: Position) -> Track:
        """The step at `position` (clamped into the plan)."""
        index = self.index
        section = min(max(position.section, 0), index.section_count - 1)
        step = min(max(position.tip, 0), index.step_count(section) - 1)
        item = self.plan[index.start_of(section, step)]
        return Track(self.title, section + 1, index.titles[section], step + 1, describe_step(item))


def describe_step(item: PlanStep) -> str:
    """What a script step says or does, in a few words."""
    if isinstance(item, Say):
        return item.text
    if isinstance(item, Cue):
        return f"Paced breathing, {item.cycles} breath{'s' if item.cycles != 1 else ''}"
    if isinstance(item, Wait):
        return f"A pause of {item.seconds:g} seconds"
    if isinstance(item, Chime):
        return "A chime"
    raise TypeError(f"not a plan step: {item!r}")
