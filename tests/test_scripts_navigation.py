"""Finding steps and sections in a compiled plan."""

from __future__ import annotations

from voicecoach.scripts.compile import compile_script
from voicecoach.scripts.loader import script_from_yaml
from voicecoach.scripts.navigation import PlanIndex


def test_steps_and_sections_are_found_and_neighbours_cross_sections() -> None:
    plan = compile_script(script_from_yaml(
        "title: T\nsteps:\n  - say: Intro.\n"
        "  - section: {title: Feet, steps: [{say: F1.}, {breathe: box}]}\n  - say: Outro.\n"
    ))
    index = PlanIndex.of(plan)
    assert index.titles == ("T", "Feet", "T")
    assert index.step_starts == ((0,), (1, 2), (18,))
    assert index.step_count(1) == 2 and index.start_of(2) == 18
    assert index.next_step(1, 1) == (2, 0) and index.previous_step(1, 0) == (0, 0)
    assert index.next_step(2, 0) is None and index.previous_step(0, 0) is None
