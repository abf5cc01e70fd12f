"""Fuzzing the config loader: any text or file either gives a `Config` or a `ConfigError` that points
at file:line:column of the named file with a message.

Strategies: free text, YAML built from the real setting names with values of wrong types,
hostile YAML (aliases, tags, deep nesting), mutated copies of a full valid config (corpus
fuzzing), and raw bytes written to a file. Normal run: a few hundred each; `-m slow`: 10,000 each.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

import pytest
import yaml
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from voicecoach.commands import CommandId
from voicecoach.config import Config, config_from_yaml, read_config
from voicecoach.errors import ConfigError

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
NORMAL = settings(max_examples=200, deadline=None, suppress_health_check=_HEALTH)
SLOW = settings(max_examples=10_000, deadline=None, suppress_health_check=_HEALTH)

FULL_CONFIG = """\
# every setting, valid
voice: en-gb
rate: 140
volume: 0.7
night_volume: 0.2
sleep_default: 25m
continuous: true
commands:
  next: ["carry forward", "onwards"]
  goto_section: ["chapter {number}"]
  sleep_timer: ["nap in {minutes}"]
recognizer:
  engine: pocketsphinx
  model_path: ~/models/none
  online_opt_in: false
"""


def note_outcome(outcome: str) -> None:
    """Count loaded/refused cases in hypothesis' statistics (--hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(outcome)


def fuzz_pair(strategies: dict[str, st.SearchStrategy], body: Callable[..., None]) -> tuple[Callable, Callable]:
    """The same property as a normal-run test and a 10,000-case slow test."""
    return NORMAL(given(**strategies)(body)), pytest.mark.slow(SLOW(given(**strategies)(body)))


def loads_or_refuses(text: str, source: str = "fuzzed-config.yaml") -> None:
    """The property: a Config, or a ConfigError located in `source` with a message."""
    try:
        config = config_from_yaml(text, source)
    except ConfigError as error:
        assert str(error).strip()
        assert error.location.file == source and str(error).startswith(source)
        assert error.location.line >= 1 and error.location.column >= 1
        note_outcome("refused")
        return
    assert isinstance(config, Config)
    note_outcome("loaded")


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(), st.text(max_size=40),
    st.sampled_from(["20m", "1h30m", "0", "-5m", "13h", "en-us", "pocketsphinx", "vosk", "whisper", "google",
                     "carry on", "chapter {number}", "{minutes}", "{", "}", "{{}}", "yes", "off", ".inf", "~"]),
)
_KEYS = ["voice", "voice_folders", "rate", "volume", "night_volume", "sleep_default", "commands", "recognizer", "continuous",
         "engine", "model_path", "online_opt_in", *(c.value for c in CommandId), "Rate", "bogus", ""]
VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.sampled_from(_KEYS), children, max_size=4)),
    max_leaves=20,
)
STRUCTURED = st.one_of(
    st.dictionaries(st.sampled_from(_KEYS), VALUES, max_size=8),
    VALUES,
).map(lambda data: yaml.safe_dump(data, allow_unicode=True))

HOSTILE = st.lists(
    st.sampled_from([
        "rate: 150", "rate: &r 150", "volume: *r", "voice: !!python/name:os.system", "voice: !!binary aGk=",
        "rate: !!int abc", "rate: !!float x", "continuous: !!bool maybe", "<<: {rate: 100}", "? [a, b]", ": x",
        "commands:", "  next: [a, *b]", "  next: &c [x]", "recognizer: {engine: *c}", "rate: 150\nrate: 160",
        "\tvolume: 1", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "{a: {a: {a: {a:", "---", "--- !!map", "...", "'", '"',
        "rate: 1e400", "rate: 0x10", "rate: 0o17", "rate: 1_5_0", "volume: .nan", "sleep_default: 2001-01-01",
        "\x00", "\ufeff", "\u2029", "%YAML 2.0", "&a [*a]",
    ]),
    max_size=15,
).map("\n".join)


@st.composite
def mutated_config(draw: st.DrawFn) -> str:
    """The full valid config with slices deleted, duplicated, swapped or replaced."""
    text = FULL_CONFIG
    for _ in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 60)))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "swap"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] * draw(st.integers(1, 3)) + text[end:]
        elif action == "replace":
            text = text[:start] + draw(st.text(max_size=10)) + text[end:]
        else:
            text = text[start:end] + text[:start] + text[end:]
    return text


def _text(text: str) -> None:
    loads_or_refuses(text)


def _file(data: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="voicecoach-fuzz-") as folder:
        path = Path(folder) / "config.yaml"
        path.write_bytes(data)
        try:
            loaded = read_config(path)
        except ConfigError as error:
            assert str(error).strip() and error.location.file == str(path) and str(path) in str(error)
            return
        assert loaded.found and isinstance(loaded.config, Config)


test_any_text_gives_a_config_or_a_located_error, test_any_text_gives_a_config_or_a_located_error_slow = fuzz_pair(
    {"text": st.text(max_size=1500)}, _text
)
test_structured_wrong_types_give_a_config_or_error, test_structured_wrong_types_give_a_config_or_error_slow = fuzz_pair(
    {"text": STRUCTURED}, _text
)
test_hostile_yaml_gives_a_config_or_error, test_hostile_yaml_gives_a_config_or_error_slow = fuzz_pair(
    {"text": HOSTILE}, _text
)
test_mutated_config_gives_a_config_or_error, test_mutated_config_gives_a_config_or_error_slow = fuzz_pair(
    {"text": mutated_config()}, _text
)
test_any_file_gives_a_config_or_error, test_any_file_gives_a_config_or_error_slow = fuzz_pair(
    {"data": st.one_of(st.binary(max_size=2000), mutated_config().map(lambda t: t.encode("utf-8", "surrogatepass")))},
    _file,
)


def test_the_corpus_config_is_valid() -> None:
    """The mutations start from a config that loads with every setting changed from its default."""
    config = config_from_yaml(FULL_CONFIG, "full.yaml")
    assert config.rate == 140 and config.continuous and config.sleep_default == 25 * 60
    assert config.commands[CommandId.NEXT] == ("carry forward", "onwards")
