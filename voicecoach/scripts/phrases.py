"""What the script player says in its own voice, short and calm. Pure."""

from __future__ import annotations

from voicecoach.scripts.model import Phase

NEXT_STEP = "Next."
PREVIOUS_STEP = "Back one."
AGAIN = "Again."
LAST_STEP = "That is the last step."
FIRST_STEP = "This is the first step."
LONGER_EXHALE = "Longer out-breath."
SHORTER_EXHALE = "Shorter out-breath."
LONGEST_EXHALE = "That is the longest out-breath I can set."
SHORTEST_EXHALE = "That is the shortest out-breath I can set."
AT_END = "That was the end. Say restart to begin again."
FROM_THE_STEP_START = "Going on from the start of this step."

HELP = [
    "You can say: pause, go on, skip, back, repeat, or stop.",
    "Say that sentence again, back a sentence, next sentence, or back thirty seconds.",
    "Slower, faster, louder, quieter, longer exhale, or shorter exhale.",
    "Next section, previous section, go to section and a number.",
    "Where am I, contents, restart, how long left, and goodbye.",
]
"""The help that is always true; the player adds what can be said at that moment."""

_PHASE_WORDS = {Phase.INHALE: "in", Phase.HOLD: "hold", Phase.EXHALE: "out", Phase.HOLD_AFTER: "hold"}


def where_step(section: int, sections: int, title: str, step: int, steps: int) -> str:
    """E.g. "Section 2 of 4, Feet, step 3 of 9." (arguments 0-based where they are positions)."""
    return f"Section {section + 1} of {sections}, {title}, step {step + 1} of {steps}."


def where_breathing(cycle: int, cycles: int, phase: Phase) -> str:
    """E.g. "Breathing, cycle 2 of 4, hold." (cycle is 1-based)."""
    return f"Breathing, cycle {cycle} of {cycles}, {_PHASE_WORDS[phase]}."


def section_heading(section: int, title: str) -> str:
    """Said when a jump lands in a section, e.g. "Section 2: Feet."."""
    return f"Section {section + 1}: {title}."


def contents(titles: tuple[str, ...]) -> list[str]:
    """The section titles, one sentence each."""
    count = len(titles)
    lines = [f"There {'is' if count == 1 else 'are'} {count} section{'s' if count != 1 else ''}."]
    return lines + [f"{number}: {title}." for number, title in enumerate(titles, start=1)]


def script_left(seconds: float) -> str:
    """About how long the script still runs."""
    minutes = int(round(seconds / 60))
    if minutes < 1:
        return "Less than a minute of this session left."
    return f"About {minutes} minute{'s' if minutes != 1 else ''} of this session left."


def welcome_back(section: int, title: str) -> str:
    """Said when a script starts where the listener stopped last time (section is 0-based)."""
    return f"Welcome back. Continuing from section {section + 1}: {title}. Say restart to begin again."
