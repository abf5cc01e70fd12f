"""Where each section and step of a compiled plan starts, so the player can jump. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.scripts.compile import PlanStep


@dataclass(frozen=True)
class PlanIndex:
    """Plan positions of every step, grouped by section."""

    titles: tuple[str, ...]
    step_starts: tuple[tuple[int, ...], ...]  # per section, the plan index where each step begins

    @classmethod
    def of(cls, plan: tuple[PlanStep, ...]) -> "PlanIndex":
        """Index `plan` (which must not be empty)."""
        titles: list[str] = []
        starts: list[list[int]] = []
        previous: tuple[int, int] | None = None
        for index, item in enumerate(plan):
            place = item.place
            if place.section >= len(titles):
                titles.append(place.section_title)
                starts.append([])
            if (place.section, place.step) != previous:
                starts[place.section].append(index)
                previous = (place.section, place.step)
        return cls(tuple(titles), tuple(tuple(section) for section in starts))

    @property
    def section_count(self) -> int:
        """How many sections the plan has."""
        return len(self.titles)

    def step_count(self, section: int) -> int:
        """How many steps `section` has."""
        return len(self.step_starts[section])

    def start_of(self, section: int, step: int = 0) -> int:
        """The plan index where `step` of `section` begins."""
        return self.step_starts[section][step]

    def next_step(self, section: int, step: int) -> tuple[int, int] | None:
        """The (section, step) after this one, crossing into the next section; None at the end."""
        if step + 1 < self.step_count(section):
            return section, step + 1
        if section + 1 < self.section_count:
            return section + 1, 0
        return None

    def previous_step(self, section: int, step: int) -> tuple[int, int] | None:
        """The (section, step) before this one; None at the very start."""
        if step > 0:
            return section, step - 1
        if section > 0:
            return section - 1, self.step_count(section - 1) - 1
        return None
