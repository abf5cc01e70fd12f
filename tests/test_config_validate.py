"""Tests for voicecoach.config.validate: every setting's checks, with exact line:column."""

from __future__ import annotations

import io

import pytest

from voicecoach.commands import CommandId
from voicecoach.config import Config, RecognizerConfig, RecognizerEngine, config_from_dict, config_from_yaml
from voicecoach.errors import ConfigError, ConfigProblems, SourceLocation

FULL = """\
voice: en-gb
voice_folders:
  - ~/piper-voices
rate: 140
volume: 0.6
night_volume: 0.2
sleep_default: 30m
commands:
  next:
    - carry forward
    - "(onward|press on)"
  goto_section:
    - "chapter {number}"
recognizer:
  engine: vosk
  model_path: ~/models/vosk-small-en
  online_opt_in: false
  wake_word: Coach
continuous: true
"""


def test_every_setting_is_read() -> None:
    config = config_from_yaml(io.StringIO(FULL), "config.yaml")
    assert config == Config(
        voice="en-gb",
        voice_folders=("~/piper-voices",),
        rate=140,
        volume=0.6,
        night_volume=0.2,
        sleep_default=1800,
        commands={CommandId.NEXT: ("carry forward", "(onward|press on)"), CommandId.GOTO_SECTION: ("chapter {number}",)},
        recognizer=RecognizerConfig(RecognizerEngine.VOSK, "~/models/vosk-small-en", False, "coach"),
        continuous=True,
    )


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "null\n"])
def test_empty_documents_give_defaults(text: str) -> None:
    assert config_from_yaml(text) == Config()


def test_plain_dict_layer_needs_no_yaml() -> None:
    config = config_from_dict({"rate": 100, "sleep_default": 45, "commands": {"stop": "hush"}})
    assert (config.rate, config.sleep_default, config.commands[CommandId.STOP]) == (100, 2700, ("hush",))


def test_plain_dict_errors_point_at_the_source_name() -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_dict({"rate": 10}, source_name="--rate")
    assert caught.value.location == SourceLocation("--rate", 1, 1)


def error_for(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        config_from_yaml(io.StringIO(text), "config.yaml")
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "column", "problem", "fix"),
    [
        ("rate: 140\nvolum: 0.5\n", 2, 1, "unknown setting 'volum'", "did you mean 'volume'?"),
        ("zzz: 1\n", 1, 1, "unknown setting 'zzz'", "known settings are:"),
        ("rate: fast\n", 1, 7, "rate must be a whole number", "80 to 260"),
        ("rate: 150.5\n", 1, 7, "rate must be a whole number", "80 to 260"),
        ("rate: true\n", 1, 7, "rate must be a whole number", "80 to 260"),
        ("rate: 300\n", 1, 7, "rate 300 is out of range", "80 to 260"),
        ("volume: 0\n", 1, 9, "volume 0 is out of range", "0.1 to 1.0"),
        ("volume: .nan\n", 1, 9, "volume must be a number", ""),
        ("night_volume: loud\n", 1, 15, "night_volume must be a number", ""),
        ("night_volume: 1.5\n", 1, 15, "night_volume 1.5 is out of range", "0.0 to 1.0"),
        ("voice: 42\n", 1, 8, "expected text", "espeak-ng voice"),
        ("voice: \"en\\x07\"\n", 1, 8, "invisible characters", ""),
        ("voice_folders: {a: b}\n", 1, 16, "voice_folders must be a list of folders", ""),
        ("voice_folders:\n  - ~/v\n  - 3\n", 3, 5, "expected text", "Piper voices"),
        ("sleep_default: soon\n", 1, 16, "is not a length of time", "'20m'"),
        ("sleep_default: 30s\n", 1, 16, "out of range", "1m to 12h"),
        ("sleep_default: [20]\n", 1, 16, "must be a length of time", ""),
        ("continuous: yes please\n", 1, 13, "continuous must be true or false", ""),
        ("recognizer: vosk\n", 1, 13, "recognizer must be a group of settings", ""),
        ("recognizer:\n  engine: whsiper\n", 2, 11, "unknown recognizer engine 'whsiper'", "did you mean 'whisper'?"),
        ("recognizer:\n  modle_path: x\n", 2, 3, "unknown setting 'modle_path'", "did you mean 'model_path'?"),
        ("recognizer:\n  online_opt_in: 1\n", 2, 18, "online_opt_in must be true or false", ""),
        ("recognizer:\n  engine: vosk\n", 2, 11, "the vosk recognizer needs a model of your own", "model_path"),
        ("recognizer:\n  wake_word: hey coach now\n", 2, 14, "must be one or two plain words", "wake_word: coach"),
        ("recognizer:\n  wake_word: coach!\n", 2, 14, "must be one or two plain words", ""),
        ("recognizer:\n  wake_word: 7\n", 2, 14, "expected text", "coach"),
        ("commands: [next]\n", 1, 11, "commands must map command names", ""),
        ("commands:\n  nxet: [go]\n", 2, 3, "unknown command 'nxet'", "did you mean 'next'?"),
        ("commands:\n  next: {a: b}\n", 2, 9, "must be a list", ""),
        ("commands:\n  next:\n    - fine\n    - 7\n", 4, 7, "expected text", ""),
        ("commands:\n  next:\n    - \"bad!\"\n", 3, 7, "unexpected '!'", ""),
        ("commands:\n  next: \"go to {number}\"\n", 2, 9, "does not fit next", "no {…} values"),
        ("commands:\n  goto_tip: [\"tip please\"]\n", 2, 14, "does not fit goto_tip", "exactly one {number}"),
    ],
)
def test_each_error_points_at_its_line_and_column(text: str, line: int, column: int, problem: str, fix: str) -> None:
    error = error_for(text)
    assert error.location == SourceLocation("config.yaml", line, column)
    assert problem in error.problem
    assert fix in error.fix
    assert str(error).startswith(f"config.yaml:{line}:{column}: ")


def test_a_piper_voice_and_a_single_voice_folder_are_read() -> None:
    config = config_from_yaml("voice: piper:joe\nvoice_folders: ~/piper-voices\n")
    assert (config.voice, config.voice_folders) == ("piper:joe", ("~/piper-voices",))


def test_single_phrasing_may_be_given_without_a_list() -> None:
    assert config_from_yaml("commands:\n  quit: good night\n").commands == {CommandId.QUIT: ("good night",)}


def test_command_ids_are_exactly_the_commands_module_values() -> None:
    text = "commands:\n" + "".join(f"  {command.value}: []\n" for command in CommandId)
    assert set(config_from_yaml(text).commands) == set(CommandId)


def test_an_extra_phrasing_that_already_means_another_command_is_a_mistake_at_its_line() -> None:
    error = error_for("commands:\n  next:\n    - onward\n    - carry on\n")
    assert error.location == SourceLocation("config.yaml", 4, 7)
    assert "already means resume" in error.problem and "reword it" in error.fix


# ---------------------------------------------------------------- the night's settings (issue 14)


def test_the_sleep_warning_and_the_rewind_after_sleep_are_lengths_of_time() -> None:
    config = config_from_yaml("sleep_warning: 90s\nrewind_after_sleep: 10m\n")
    assert (config.sleep_warning, config.rewind_after_sleep) == (90, 600)
    assert config_from_yaml("sleep_warning: 0s\n").sleep_warning == 0
    assert (Config().sleep_warning, Config().rewind_after_sleep, Config().auto_sleep) == (60, 900, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sleep_warning: 20m\n", "sleep_warning '20m' is out of range; use 0s (no warning) to 10m"),
        ("rewind_after_sleep: 30s\n", "rewind_after_sleep '30s' is out of range; use 1m to 2h"),
        ("rewind_after_sleep: soon\n", "rewind_after_sleep 'soon' is not a length of time"),
        ("auto_sleep: {from: '22:00', length: 30m}\n", "auto_sleep needs until as well"),
        ("auto_sleep: {from: '25:00', until: '06:00', length: 30m}\n", "'25:00' is not a time of day"),
        ("auto_sleep: {from: 22, until: '06:00', length: 30m}\n", "22 is not a time of day; write a time in quotes"),
        ("auto_sleep: {from: '22:00', until: '22:00', length: 30m}\n", "begin and end at the same time"),
        ("auto_sleep: {from: '22:00', until: '06:00', length: 13h}\n", "auto_sleep length '13h' is out of range"),
        ("auto_sleep: {from: '22:00', till: '06:00', length: 30m}\n", "unknown setting 'till'; did you mean 'until'?"),
        ("auto_sleep: nightly\n", "auto_sleep must be a group of settings"),
    ],
)
def test_bad_night_settings_are_reported_with_a_fix(text: str, message: str) -> None:
    with pytest.raises(ConfigProblems) as raised:
        config_from_yaml(text)
    assert message in str(raised.value)


def test_the_auto_timers_hours_may_run_over_midnight_and_unquoted_times_are_read_too() -> None:
    auto = config_from_yaml("auto_sleep:\n  from: 22:30\n  until: '06:00'\n  length: 45m\n").auto_sleep
    assert auto is not None and (auto.start_minute, auto.end_minute, auto.length_s) == (22 * 60 + 30, 360, 2700)
    assert auto.covers(23 * 60) and auto.covers(5 * 60 + 59) and not auto.covers(6 * 60) and not auto.covers(12 * 60)
    day = config_from_yaml("auto_sleep: {from: '13:00', until: '15:00', length: 20m}\n").auto_sleep
    assert day is not None and day.covers(14 * 60) and not day.covers(16 * 60)
    assert config_from_yaml("auto_sleep: off\n").auto_sleep is None
