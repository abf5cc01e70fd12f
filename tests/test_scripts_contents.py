"""A script's steps as tracks for the media display. Pure."""

from __future__ import annotations

import pytest

from voicecoach.ports import Position
from voicecoach.scripts import script_from_yaml
from voicecoach.scripts.compile import compile_script
from voicecoach.scripts.contents import ScriptContents, describe_step


def test_a_script_step_is_a_track_with_its_words_or_what_it_does() -> None:
    script = script_from_yaml(
        "title: Evening\nsteps:\n  - section:\n      title: Arrive\n      steps:\n        - say: Settle in.\n"
        "        - pause: 5\n        - chime: soft\n        - breathe: {pattern: box, cycles: 2}\n"
    )
    contents = ScriptContents(script.title, compile_script(script))
    tips = [contents.track_at(Position(0, step)).tip for step in range(4)]
    assert tips == ["Settle in.", "A pause of 5 seconds", "A chime", "Paced breathing, 2 breaths"]
    assert contents.track_at(Position(0, 0)).album == "Evening"
    with pytest.raises(TypeError):
        describe_step("not a step")  # type: ignore[arg-type]
