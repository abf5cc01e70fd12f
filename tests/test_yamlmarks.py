"""Tests for voicecoach.yamlmarks, the one YAML reader: here through the config's rules (scripts: test_scripts_loader)."""

from __future__ import annotations

import io

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.config import Config, config_from_yaml
from voicecoach.config.loader import CONFIG_YAML, MAX_CONFIG_CHARS
from voicecoach.errors import ConfigError, ConfigProblems, ScriptError, SourceLocation
from voicecoach.yamlmarks import YamlRules, read_values

MAX_DEPTH = CONFIG_YAML.max_depth

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
"""


def error_for(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        config_from_yaml(io.StringIO(text), "config.yaml")
    return caught.value


def test_marks_record_keys_and_values() -> None:
    read = read_values("rate: 150\nrecognizer:\n  engine: vosk\n", "c.yaml", CONFIG_YAML)
    assert read.data == {"rate": 150, "recognizer": {"engine": "vosk"}} and read.problems == ()
    marks = read.marks
    assert marks.key(("recognizer", "engine")) == SourceLocation("c.yaml", 3, 3)
    assert marks.value(("recognizer", "engine")) == SourceLocation("c.yaml", 3, 11)
    assert marks.value(("recognizer", "engine", 0)) == SourceLocation("c.yaml", 3, 11)


@pytest.mark.parametrize(
    ("text", "line", "column", "problem"),
    [
        ("rate: [150\n", 2, 1, "YAML syntax error"),
        ("rate: 150\n  volume: 0.5\n", 2, 9, "YAML syntax error"),
        ("\trate: 150\n", 1, 1, "YAML syntax error"),
        ("rate: 'open\n", 2, 1, "YAML syntax error"),
        ("rate: 1\n---\nrate: 2\n", 2, 1, "YAML syntax error"),
        ("rate: 140\nrate: 150\n", 2, 1, "'rate' is set twice (first at line 1)"),
        ("? [a]\n: 1\n", 1, 3, "a setting name must be a plain word"),
        ("12: 1\n", 1, 1, "a setting name must be a plain word"),
        ("voice: !!python/object/apply:os.system [echo hi]\n", 1, 8, "!!python/object/apply:os.system is not allowed"),
        ("voice: !!python/name:os.system ''\n", 1, 8, "cannot create Python objects"),
        ("voice: !!binary aGk=\n", 1, 8, "the tag !!binary is not allowed"),
        ("voice: !custom x\n", 1, 8, "the tag !custom is not allowed"),
        ("rate: !!int abc\n", 1, 7, "'abc' is not a valid int"),
        ("voice: &v en\nrecognizer: {model_path: *v}\n", 2, 26, "aliases ('*name') are not supported"),
        (BILLION_LAUGHS, 2, 8, "aliases ('*name') are not supported"),
        ("rate: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n", 1, 6 + MAX_DEPTH, "nested more than"),
        ("voice: \"a\x01b\"\n", 1, 10, "a character YAML does not allow"),
        ("- rate: 1\n", 1, 1, "must be settings written as 'name: value' lines"),
        ("just words\n", 1, 1, "must be settings written as 'name: value' lines"),
    ],
)
def test_yaml_problems_point_at_their_line_and_column(text: str, line: int, column: int, problem: str) -> None:
    error = error_for(text)
    assert (error.location.line, error.location.column) == (line, column), str(error)
    assert problem in error.problem
    assert error.fix


def test_oversized_text_is_refused_before_parsing() -> None:
    error = error_for("# " + "x" * MAX_CONFIG_CHARS + "\n")
    assert "KiB" in error.problem


def test_deep_nesting_never_reaches_python_recursion_limits() -> None:
    assert "nested" in error_for("[" * 50_000).problem


yaml_words = st.sampled_from(
    ["rate", "volume", "voice", "night_volume", "sleep_default", "commands", "recognizer", "engine", "next",
     "continuous", "150", "0.5", "20m", "true", "null", "vosk", "en-gb", "[", "]", "{", "}", ":", "-", "&a", "*a",
     "!!python/object", "'", '"', "#", "\n", "  ", "\t", "?", ",", "|", ">", "---", "%YAML 1.1", "\x00", "é"]
)
yaml_like = st.lists(yaml_words, max_size=40).map(" ".join) | st.text(max_size=200)


@settings(max_examples=400)
@given(yaml_like)
def test_any_text_gives_a_config_or_a_config_error(text: str) -> None:
    try:
        config = config_from_yaml(text, "fuzz.yaml")
    except ConfigError as error:
        assert error.location.file == "fuzz.yaml" and error.location.line >= 1 and error.location.column >= 1
    else:
        assert isinstance(config, Config)


@given(st.dictionaries(st.sampled_from(["rate", "volume", "continuous", "voice"]), st.integers(0, 300) | st.booleans() | st.text(max_size=5)))
def test_dumped_yaml_of_any_settings_gives_a_config_or_a_config_error(data: dict[str, object]) -> None:
    try:
        assert isinstance(config_from_yaml(yaml.safe_dump(data)), Config)
    except ConfigError as error:
        assert error.location.line >= 1


SCRIPT_RULES: YamlRules[ScriptError] = YamlRules("scripts", ScriptError, max_depth=100, aliases=True)


def test_problems_that_do_not_stop_reading_are_all_returned_in_file_order() -> None:
    text = "a: !!binary aGk=\nb: 1\nb: 2\n12: x\nc: !!int abc\nd: [1, !custom x, 3]\n"
    read = read_values(text, "c.yaml", CONFIG_YAML)
    assert [(p.location.line, p.location.column, p.problem) for p in read.problems] == [
        (1, 4, "the tag !!binary is not allowed in the config"),
        (3, 1, "'b' is set twice (first at line 2)"),
        (4, 1, "a setting name must be a plain word"),
        (5, 4, "'abc' is not a valid int"),
        (6, 8, "the tag !custom is not allowed in the config"),
    ]
    assert all(isinstance(p, ConfigError) and p.fix for p in read.problems)
    assert read.data == {"b": 1, "d": [1, None, 3]}  # unusable values are left out, the first 'b' kept


def test_the_rules_say_whether_aliases_may_be_used() -> None:
    text = "a: &v [1, 2]\nb: *v\n"
    assert read_values(text, "s.yaml", SCRIPT_RULES).data == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(ConfigError, match=r"aliases \('\*name'\) are not supported in the config"):
        read_values(text, "c.yaml", CONFIG_YAML)


def test_the_config_and_scripts_get_the_same_words_for_the_same_mistake() -> None:
    text = "title: 'open\n"
    with pytest.raises(ConfigError) as config_error:
        read_values(text, "f.yaml", CONFIG_YAML)
    with pytest.raises(ScriptError) as script_error:
        read_values(text, "f.yaml", SCRIPT_RULES)
    assert str(config_error.value) == str(script_error.value)
    assert "YAML syntax error" in str(config_error.value) and "close the quote" in str(config_error.value)


def test_every_yaml_problem_of_a_config_comes_with_its_setting_problems() -> None:
    with pytest.raises(ConfigProblems) as caught:
        config_from_yaml("voice: !!binary aGk=\nrate: 900\nrate: 100\nvolume: loud\n", "c.yaml")
    assert [str(p.location) for p in caught.value.problems] == ["c.yaml:1:8", "c.yaml:2:7", "c.yaml:3:1", "c.yaml:4:9"]
