"""Wiring the config into the adapters: the recogniser the config asks for, durations, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.voice_clips import spoken
from voicecoach.audio import AudioClip
from voicecoach.cli.wiring import recognizer_factory, sleep_seconds, wake_word_reminder
from voicecoach.commands import Command, CommandId
from voicecoach.config import config_from_yaml
from voicecoach.errors import RecognizerError, VoicecoachError
from voicecoach.adapters.recognizers.engines import FELL_BACK
from voicecoach.ports import Notice


notices: list[object] = []


def test_extra_phrasings_from_the_config_are_heard() -> None:
    config = config_from_yaml("commands:\n  next_section:\n    - onward please\n")
    recognizer = recognizer_factory(config, notices.append)()
    samples, rate = spoken("onward please")
    assert recognizer.recognize(AudioClip(samples, rate)).command == Command(CommandId.NEXT_SECTION)


def test_an_engine_whose_model_is_missing_is_a_clear_recognizer_error(tmp_path: Path) -> None:
    pytest.importorskip("vosk")
    config = config_from_yaml(f"recognizer:\n  engine: vosk\n  model_path: {tmp_path / 'gone'}\n")
    with pytest.raises(RecognizerError, match=f"no Vosk model folder at {tmp_path / 'gone'}"):
        recognizer_factory(config, notices.append)()


def test_with_a_wake_word_the_recogniser_obeys_only_commands_that_start_with_it() -> None:
    # Whether commands are heard well after "coach" is measured in benchmarks/README.md
    # (fifth session); here the rule itself, on phrases the engine hears well either way.
    recognizer = recognizer_factory(config_from_yaml("recognizer:\n  wake_word: coach\n"), notices.append)()
    assert recognizer.recognize(AudioClip(*spoken("coach, stop"))).command == Command(CommandId.STOP)
    assert recognizer.recognize(AudioClip(*spoken("coach, go to section three"))).command == Command(CommandId.GOTO_SECTION, {"number": 3})
    assert recognizer.recognize(AudioClip(*spoken("stop"))).command is None
    assert recognizer.recognize(AudioClip(*spoken("go to section three"))).command is None


def test_when_whisper_cannot_be_had_the_fallback_is_said_once(tmp_path: Path) -> None:
    said: list[object] = []
    config = config_from_yaml(f"recognizer:\n  model_path: {tmp_path / 'gone'}\n")
    recognizer = recognizer_factory(config, said.append)()
    assert recognizer.recognize(AudioClip(*spoken("stop"))).command == Command(CommandId.STOP)
    assert said == [Notice(FELL_BACK)]


def test_the_wake_word_reminder_names_it() -> None:
    assert wake_word_reminder("coach") == "Start each spoken command with coach, for example: coach, next."


@pytest.mark.parametrize(("text", "seconds"), [("20m", 1200.0), ("20", 1200.0), ("90s", 90.0), ("1h", 3600.0)])
def test_sleep_option_durations(text: str, seconds: float) -> None:
    assert sleep_seconds(text) == seconds


@pytest.mark.parametrize("text", ["soon", "0", "-5m"])
def test_bad_sleep_option_is_explained(text: str) -> None:
    with pytest.raises(VoicecoachError, match="--sleep"):
        sleep_seconds(text)
