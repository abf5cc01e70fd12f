"""Tests for voicecoach.config.show: the shown config reads back as the same config."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from voicecoach.bed.settings import BedSettings, BedSound
from voicecoach.commands import CommandId
from voicecoach.config.model import AutoSleep
from voicecoach.config import Config, RecognizerConfig, RecognizerEngine, config_from_dict, config_from_yaml, config_to_dict


def test_defaults_are_shown_in_config_file_form() -> None:
    assert config_to_dict(Config()) == {
        "voice": None,
        "voice_folders": [],
        "rate": 150,
        "volume": 0.8,
        "night_volume": 0.3,
        "sleep_default": "20m",
        "sleep_warning": "1m",
        "rewind_after_sleep": "15m",
        "auto_sleep": None,
        "commands": {},
        "recognizer": {"engine": "whisper", "model_path": None, "online_opt_in": False, "wake_word": None},
        "continuous": False,
        "sound_bed": {"play": False, "sound": "brown", "level": 0.3, "after_end": "30m"},
    }


configs = st.builds(
    Config,
    voice=st.none() | st.sampled_from(["en-gb", "en-us+f3", "mb/mb-en1", "piper:joe"]),
    voice_folders=st.lists(st.sampled_from(["~/piper-voices", "/opt/voices"]), max_size=2).map(tuple),
    rate=st.integers(80, 260),
    volume=st.floats(0.1, 1.0),
    night_volume=st.floats(0.0, 1.0),
    sleep_default=st.integers(60, 12 * 3600),
    sleep_warning=st.integers(0, 600),
    rewind_after_sleep=st.integers(60, 7200),
    auto_sleep=st.none() | st.builds(AutoSleep, st.integers(0, 1439), st.integers(0, 1439), st.integers(60, 12 * 3600)).filter(
        lambda auto: auto.start_minute != auto.end_minute),
    # Extra phrasings no built-in command has, each pool for one command only (a clash is a config mistake).
    commands=st.fixed_dictionaries({}, optional={
        command: st.lists(st.sampled_from(pool), max_size=2, unique=True).map(tuple)
        for command, pool in {
            CommandId.NEXT: ["carry forward", "onwards [please]"],
            CommandId.STOP: ["(shush|hold it) [please]"],
            CommandId.WHERE: ["where now", "whereabouts"],
        }.items()
    }),
    recognizer=st.builds(RecognizerConfig, st.just(RecognizerEngine.POCKETSPHINX), st.none() | st.just("~/m"), st.booleans(), st.none() | st.just("coach"))
    | st.builds(RecognizerConfig, st.sampled_from([RecognizerEngine.VOSK, RecognizerEngine.WHISPER]), st.just("~/m"), st.booleans()),
    continuous=st.booleans(),
    sound_bed=st.builds(
        BedSettings, st.booleans(), st.sampled_from(list(BedSound)), st.floats(0.05, 1.0),
        st.integers(0, 12 * 3600).map(float),
    ),
)


@given(configs)
def test_any_config_survives_show_and_reload(config: Config) -> None:
    assert config_from_dict(config_to_dict(config)) == config
    assert config_from_yaml(yaml.safe_dump(config_to_dict(config))) == config
