"""The script loader: every step type, durations, every kind of problem with its exact position."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.errors import ScriptError, ScriptProblems
from voicecoach.scripts.loader import MAX_FILE_BYTES, load_script_file, script_from_yaml
from voicecoach.scripts.model import (
    BreatheStep,
    BreathingPattern,
    ChimeSound,
    ChimeStep,
    PauseStep,
    Ramp,
    RepeatStep,
    SayStep,
    SectionStep,
)
from voicecoach.sounds import Voice

BROKEN = Path(__file__).parent / "fixtures" / "broken_scripts"

FULL = """\
title: Every step
description: Uses each kind of step once.
voice: gmw/en-us
rate: 170
volume: 0.7
ramp: {rate: 130, volume: 0.4, pause_factor: 1.5}
steps:
  - say: Settle into the bed.
    rate: 150
    volume: 0.5
    voice: en-gb-x-rp
  - pause: 1.5s
  - chime: bell
    volume: 0.3
  - breathe:
      pattern: 4-7-8
      cycles: 2
      cues: [In, null, Out]
  - section:
      title: Feet
      steps:
        - repeat:
            times: 3
            steps:
              - say: Curl your toes.
              - pause: 2m
"""


def problems_of(text: str) -> list[str]:
    """Every problem as 'line:column: message' (file name dropped)."""
    with pytest.raises(ScriptError) as caught:
        script_from_yaml(text, "s.yaml")
    error = caught.value
    found = error.problems if isinstance(error, ScriptProblems) else (error,)
    return [f"{p.location.line}:{p.location.column}: {p.problem}" for p in found]


def test_every_step_type_loads_into_values() -> None:
    script = script_from_yaml(io.StringIO(FULL), "full.yaml")
    assert script.title == "Every step"
    assert script.description == "Uses each kind of step once."
    assert script.voice == Voice(rate=170, volume=0.7, name="gmw/en-us")
    assert script.ramp == Ramp(rate=130, volume=0.4, pause_factor=1.5)
    assert script.steps == (
        SayStep("Settle into the bed.", rate=150, volume=0.5, voice="en-gb-x-rp"),
        PauseStep(1.5),
        ChimeStep(ChimeSound.BELL, 0.3),
        BreatheStep(BreathingPattern("4-7-8", 4, 7, 8, 0), 2, ("In", None, "Out", "Hold")),
        SectionStep(
            "Feet",
            (RepeatStep(3, (SayStep("Curl your toes."), PauseStep(120.0))),),
        ),
    )


def test_breathe_shorthand_box_and_custom_patterns() -> None:
    script = script_from_yaml(
        "title: B\nsteps:\n  - breathe: box\n"
        "  - breathe: {pattern: custom, inhale: 3, exhale: 6, cycles: 2}\n"
        "  - breathe: {pattern: 4-7-8, exhale: 9}\n"
    )
    box, custom, longer = script.steps
    assert isinstance(box, BreatheStep) and box.pattern == BreathingPattern("box", 4, 4, 4, 4)
    assert isinstance(custom, BreatheStep) and custom.pattern == BreathingPattern("custom", 3, 0, 6, 0)
    assert custom.cycles == 2
    assert isinstance(longer, BreatheStep) and longer.pattern.exhale == 9


@pytest.mark.parametrize(
    ("written", "seconds"),
    [(4, 4.0), (1.5, 1.5), ('"1.5s"', 1.5), ('"90 s"', 90.0), ("2m", 120.0), ("1m30s", 90.0), ("0", 0.0)],
)
def test_pause_durations(written: object, seconds: float) -> None:
    script = script_from_yaml(f"title: D\nsteps:\n  - pause: {written}\n")
    assert script.steps == (PauseStep(seconds),)


def test_defaults_when_the_script_sets_no_voice() -> None:
    script = script_from_yaml("title: Plain\nsteps:\n  - say: Hi.\n")
    assert script.voice == Voice()
    assert script.ramp is None
    assert script.description == ""


# Each broken fixture and the exact problems `check` must report for it.
EXPECTED = {
    "unknown_step.yaml": ["4:5: unknown step 'sya'"],
    "negative_pause.yaml": ["4:12: pause must not be negative (got -3)"],
    "missing_text.yaml": ["3:9: say needs some text"],
    "wrong_type.yaml": [
        "2:7: rate must be a whole number, not text 'fast'",
        "4:10: say must be text, not a list",
        "7:15: cycles must be a whole number, not text 'many'",
    ],
    "yaml_syntax.yaml": [
        "5:1: YAML syntax error: found unexpected end of stream "
        "(while scanning a quoted scalar that starts at line 3, column 10)"
    ],
    "unknown_pattern.yaml": ["4:16: unknown breathing pattern '5-5-5'"],
    "python_tag.yaml": [
        "3:10: the tag !!python/object/apply:os.system is not allowed: "
        "scripts cannot create Python objects or run code"
    ],
    "many_problems.yaml": [
        "2:9: volume is 1.5, outside 0 to 1",
        "5:5: unknown key 'rat' in a 'say' step",
        "6:12: pause must be a duration, not text 'soon'",
        "7:12: unknown chime 'gong'",
        "8:24: a custom pattern needs 'exhale' seconds",
        "9:5: repeat needs 'times'",
    ],
    "too_many_steps.yaml": ["4:14: this repeat expands to 40,000 steps; at most 20,000 are allowed"],
    "alias_bomb.yaml": ["6:4: the aliases here expand to more than 100,000 YAML values"],
    "tabs.yaml": ["3:1: YAML syntax error: found character '\\t' that cannot start any token"],
}


def test_every_broken_fixture_has_expectations() -> None:
    assert sorted(path.name for path in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture_reports_each_problem_at_its_position(name: str) -> None:
    with pytest.raises(ScriptError) as caught:
        load_script_file(BROKEN / name)
    error = caught.value
    found = error.problems if isinstance(error, ScriptProblems) else (error,)
    assert [f"{p.location.line}:{p.location.column}: {p.problem}" for p in found] == EXPECTED[name]
    assert all(p.location.file == str(BROKEN / name) for p in found)
    assert all(p.fix for p in found), "every problem says how to fix it"


def test_unknown_step_suggests_the_closest_name() -> None:
    with pytest.raises(ScriptError) as caught:
        load_script_file(BROKEN / "unknown_step.yaml")
    assert "did you mean 'say'?" in caught.value.fix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["1:1: the script is empty"]),
        ("- say: hi\n", ["1:1: the script must be a mapping of 'key: value' lines, not a list"]),
        ("steps: [{say: hi}]\n", ["1:1: the script has no title"]),
        ("title: T\n", ["1:1: the script has no steps"]),
        ("title: T\nsteps: []\n", ["2:8: steps is empty"]),
        ("title: T\nsteps: [{say: a, pause: 2}]\n", ["2:18: one step can do one thing, but this one has 'say' and 'pause'"]),
        ("title: T\nsteps: [{pause: 2, rate: 100}]\n", ["2:20: unknown key 'rate' in a 'pause' step"]),
        ("title: T\ntitle: U\nsteps: [{say: a}]\n", ["2:1: 'title' appears twice in the script"]),
        ("title: T\nsteps: [{repeat: {times: 2, steps: [{section: {title: S, steps: [{say: a}]}}]}}]\n",
         ["2:38: a section can only be a top-level step"]),
        ("title: T\nsteps: [{breathe: {cycles: 2}}]\n", ["2:19: breathe needs a pattern"]),
        ("title: T\nsteps: [{breathe: {pattern: box, inhale: 0}}]\n", ["2:42: inhale must be longer than 0 seconds"]),
        ("title: T\nsteps: [{pause: 5000}]\n", ["2:17: pause is 5000 s, longer than the 3600 s allowed"]),
        ("title: T\nsteps: [{say: !!int abc}]\nrate: !!float x\n", ["3:7: rate: 'x' is not a valid float"]),
        ("title: T\nsteps: [{say: a}]\n<<: {x: 1}\n", ["3:1: merge keys ('<<') are not supported in scripts"]),
        ("title: T\nsteps: &s [*s]\n", ["2:8: an alias here refers to a value that contains itself"]),
        ("title: T\n---\ntitle: U\n", ["2:1: YAML syntax error: but found another document "
                                       "(expected a single document in the stream that starts at line 1, column 1)"]),
        ("title: !foo T\nsteps: [{say: a}]\n", ["1:8: the tag !foo is not allowed in scripts"]),
    ],
)
def test_problem_positions(text: str, expected: list[str]) -> None:
    assert problems_of(text) == expected


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    text = "title: T\nsteps: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems_of(text) == ["2:107: YAML syntax error: the document is nested more than 100 levels deep"]


def test_step_nesting_limit() -> None:
    inner = "{say: a}"
    for _ in range(22):
        inner = "{repeat: {times: 1, steps: [" + inner + "]}}"
    found = problems_of(f"title: T\nsteps: [{inner}]\n")
    assert len(found) == 1 and "nested more than 20 levels deep" in found[0]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("title: Big\n#" + "x" * MAX_FILE_BYTES + "\n")
    with pytest.raises(ScriptError, match="at most 1,000,000"):
        load_script_file(path)


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ScriptError, match="cannot read the file"):
        load_script_file(tmp_path / "missing.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: Café\n".encode("latin-1"))
    with pytest.raises(ScriptError, match="not UTF-8"):
        load_script_file(latin)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_loads_or_raises_script_error(text: str) -> None:
    try:
        script_from_yaml(text, "fuzz.yaml")
    except ScriptError:
        pass  # the only acceptable failure


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=20),
    st.sampled_from(["4-7-8", "box", "custom", "soft", "bell", "1.5s", "2m", "-3", "!!python/object:os.system"]),
)
_keys = st.sampled_from(
    ["title", "steps", "say", "pause", "breathe", "chime", "repeat", "section", "pattern", "inhale", "hold",
     "exhale", "hold_after", "cycles", "cues", "times", "rate", "volume", "voice", "ramp", "pause_factor", "x"]
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_keys, _values, max_size=6))
def test_any_yaml_structure_loads_or_raises_script_error(document: dict[str, object]) -> None:
    import yaml

    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        script = script_from_yaml(text, "fuzz.yaml")
    except ScriptError as error:
        assert str(error).startswith("fuzz.yaml:")
    else:
        assert script.title and script.steps
