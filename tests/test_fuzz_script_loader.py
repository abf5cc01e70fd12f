"""Fuzzing the relaxation-script loader: any text either loads as a script that compiles to a
playable plan, or is refused with a `ScriptError` whose message points into the named file.

Strategies: free text, YAML documents built from the real keys with values of wrong types
(dumped by PyYAML, so they are valid YAML and reach the validator), hostile YAML fragments
(anchors, aliases, tags, merge keys), and mutated copies of the built-in scripts and the broken
fixtures (corpus fuzzing). Normal run: a few hundred cases each; `-m slow`: 10,000 each.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

import pytest
import yaml
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from voicecoach.errors import ScriptError
from voicecoach.scripts import builtin_scripts, compile_script, load_script_file, script_from_yaml
from voicecoach.scripts.model import Script
from voicecoach.scripts.player import ScriptPlayer

BROKEN = Path(__file__).parent / "fixtures" / "broken_scripts"
CORPUS = {name: path.read_text(encoding="utf-8") for name, path in builtin_scripts().items()}
CORPUS.update({path.name: path.read_text(encoding="utf-8") for path in sorted(BROKEN.glob("*.yaml"))})

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
NORMAL = settings(max_examples=200, deadline=None, suppress_health_check=_HEALTH)
SLOW = settings(max_examples=10_000, deadline=None, suppress_health_check=_HEALTH)


def note_outcome(outcome: str) -> None:
    """Count loaded/refused cases in hypothesis' statistics (--hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(outcome)


def fuzz_pair(strategies: dict[str, st.SearchStrategy], body: Callable[..., None]) -> tuple[Callable, Callable]:
    """The same property as a normal-run test and a 10,000-case slow test."""
    return NORMAL(given(**strategies)(body)), pytest.mark.slow(SLOW(given(**strategies)(body)))


class _Silent:
    """A speaker that plays nothing (only the player's construction and start are exercised)."""

    def play(self, sound: object) -> None:
        """Accept and forget."""

    def stop(self) -> None:
        """Nothing to stop."""

    def prefetch(self, text: str, voice: object) -> None:
        """Nothing to prepare."""


def loads_or_refuses(text: str, source: str = "fuzzed.yaml") -> Script | None:
    """The property: a script whose plan a ScriptPlayer accepts, or a located ScriptError."""
    try:
        script = script_from_yaml(text, source)
    except ScriptError as error:
        assert str(error).strip(), "a ScriptError must carry a message"
        assert error.location.file == source
        assert error.location.line >= 1 and error.location.column >= 1
        assert str(error).startswith(source), str(error)
        note_outcome("refused")
        return None
    assert isinstance(script, Script)
    try:
        plan = compile_script(script)
    except ScriptError as error:
        assert str(error).strip()
        return script
    assert plan, "a script that loads must compile to something to play"
    note_outcome("loaded")
    ScriptPlayer(script, _Silent(), lambda event: None).start(0.0)
    return script


# --------------------------------------------------------------------------- strategies

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["4s", "1.5s", "2m", "-3", "1h", "0", "4-7-8", "box", "custom", "soft", "bell", "none", "en-gb",
                     "1e9", ".nan", "~", "yes", "2024-01-01", "0x1F", "1_000", "∞", "", " "]),
)
_STEP_KEYS = ["say", "pause", "breathe", "chime", "repeat", "section", "rate", "volume", "voice", "times", "steps",
              "title", "pattern", "inhale", "hold", "exhale", "hold_after", "cycles", "cues", "bogus"]
_TOP_KEYS = ["title", "description", "voice", "rate", "volume", "ramp", "steps", "pause_factor", "bogus"]


def _values(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(_STEP_KEYS), children, max_size=4),
    )


STEP_VALUES = st.recursive(_SCALARS, _values, max_leaves=25)
STEPS = st.lists(
    st.one_of(
        st.dictionaries(st.sampled_from(_STEP_KEYS), STEP_VALUES, min_size=1, max_size=3),
        STEP_VALUES,
    ),
    max_size=8,
)
STRUCTURED = st.fixed_dictionaries(
    {},
    optional={
        "title": _SCALARS, "description": _SCALARS, "rate": _SCALARS, "volume": _SCALARS, "voice": _SCALARS,
        "ramp": st.one_of(_SCALARS, st.dictionaries(st.sampled_from(["rate", "volume", "pause_factor", "x"]), _SCALARS)),
        "steps": st.one_of(STEPS, _SCALARS),
        "bogus": _SCALARS,
    },
).map(lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

_HOSTILE_LINES = st.sampled_from([
    "title: t", "steps:", "  - say: hello", "  - pause: 2", "  - &a {say: x}", "  - *a", "  - *missing",
    "  - !!python/object/apply:os.system [echo]", "  - !custom x", "  - <<: *a", "  - {<<: {say: y}}",
    "  - breathe: {pattern: box, cycles: 100}", "  - repeat: {times: 1000, steps: [{pause: 3600}]}",
    "  - section: {title: s, steps: [*a, *a]}", "a: &r [*r]", "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:",
    "\t- say: tab", "  - say: 'unterminated", "  - say: \"\\x00\"", "? complex key", ": value", "- - - -",
    "[[[[[", "{{{{", "'", "\"", "|", ">-", "  - say: |", "      block text", "\ufeff", "\x85", "\u2028",
])
HOSTILE = st.lists(_HOSTILE_LINES, max_size=20).map("\n".join)


@st.composite
def mutated_corpus(draw: st.DrawFn) -> str:
    """A built-in or broken script with slices deleted, duplicated, swapped or replaced."""
    text = CORPUS[draw(st.sampled_from(sorted(CORPUS)))]
    for _ in range(draw(st.integers(1, 5))):
        if not text:
            break
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 120)))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] * draw(st.integers(1, 4)) + text[end:]
        elif action == "replace":
            text = text[:start] + draw(st.text(max_size=12)) + text[end:]
        elif action == "insert":
            text = text[:start] + draw(st.sampled_from(["\n", "  ", "-", ":", "&x ", "*x", "!!str ", "\t", "{", "["])) + text[start:]
        else:
            text = text[start:end] + text[:start] + text[end:]
    return text


# --------------------------------------------------------------------------- properties


def _text(text: str) -> None:
    loads_or_refuses(text)


def _file(data: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="voicecoach-fuzz-") as folder:
        path = Path(folder) / "script.yaml"
        path.write_bytes(data)
        try:
            load_script_file(path)
        except ScriptError as error:
            assert str(error).strip()
            assert error.location.file == str(path) and str(path) in str(error)


test_any_text_loads_or_refuses, test_any_text_loads_or_refuses_slow = fuzz_pair({"text": st.text(max_size=1500)}, _text)
test_structured_wrong_types_load_or_refuse, test_structured_wrong_types_load_or_refuse_slow = fuzz_pair(
    {"text": STRUCTURED}, _text
)
test_hostile_yaml_loads_or_refuses, test_hostile_yaml_loads_or_refuses_slow = fuzz_pair({"text": HOSTILE}, _text)
test_mutated_scripts_load_or_refuse, test_mutated_scripts_load_or_refuse_slow = fuzz_pair(
    {"text": mutated_corpus()}, _text
)
test_any_file_bytes_load_or_are_refused, test_any_file_bytes_load_or_are_refused_slow = fuzz_pair(
    {"data": st.one_of(st.binary(max_size=2000), mutated_corpus().map(lambda t: t.encode("utf-8", "surrogatepass")))},
    _file,
)


def test_the_builtin_scripts_of_the_corpus_load() -> None:
    """The mutations start from scripts that load (and broken fixtures that are refused)."""
    for name, path in builtin_scripts().items():
        assert loads_or_refuses(path.read_text(encoding="utf-8"), name) is not None, name
    for path in sorted(BROKEN.glob("*.yaml")):
        assert loads_or_refuses(path.read_text(encoding="utf-8"), path.name) is None, path.name

