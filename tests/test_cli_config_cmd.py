"""Tests for `voicecoach config`, run through the real argument parser and cli.main."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from voicecoach.cli import main
from voicecoach.config import CONFIG_ENV, Config, config_from_yaml


def test_path_prints_the_chosen_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--path", "--config", str(tmp_path / "c.yaml")]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'c.yaml'}\n"


def test_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "env.yaml"))
    assert main(["config", "--path"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "env.yaml")


def test_show_marks_where_each_setting_came_from(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("rate: 120\nrecognizer:\n  engine: vosk\n  model_path: ~/models/vosk\n", encoding="utf-8")
    assert main(["config", "--show", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# voicecoach config from {path}\n")
    assert f"# rate: set at {path}:1:1\nrate: 120\n" in out
    assert "# volume: default\nvolume: 0.8\n" in out
    assert f"# recognizer: set at {path}:2:1\nrecognizer:\n  engine: vosk\n  model_path: ~/models/vosk\n" in out
    assert config_from_yaml(out).rate == 120  # the output is itself a valid config


def test_show_is_the_default_and_no_file_at_the_default_place_shows_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# no config file at {tmp_path / 'voicecoach' / 'config.yaml'}; these are the defaults\n")
    assert config_from_yaml(out) == Config()
    assert yaml.safe_load(out)["sleep_default"] == "20m"


def test_bad_config_prints_file_line_column_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("rate: 120\nvolume: 5\n", encoding="utf-8")
    assert main(["config", "--show", "--config", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"voicecoach: {path}:2:9: volume 5 is out of range; use a number from 0.1 to 1.0\n"


def test_show_and_path_cannot_be_combined(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["config", "--show", "--path"])
    assert caught.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_a_config_file_the_user_names_that_does_not_exist_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nonexistent.yaml"
    assert main(["config", "--config", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"voicecoach: {missing}:1:1: there is no config file here; check the path")


def test_every_mistake_is_printed_at_once_one_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("rate: 9000\nvolume: 5\nvoise: en\ncontinuous: maybe\nsleep_default: 0\n", encoding="utf-8")
    assert main(["config", "--show", "--config", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 2)[1] for line in lines] == [f"{path}:{n}:{column}" for n, column in
                                                          [(1, 7), (2, 9), (3, 1), (4, 13), (5, 16)]]
    assert all(line.startswith("voicecoach: ") and "; " in line for line in lines)
