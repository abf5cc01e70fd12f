"""Tests for voicecoach.config.loader: where the file is, reading it, and what a missing file means."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.config import CONFIG_ENV, Config, config_from_yaml, config_path, load_config, read_config
from voicecoach.errors import ConfigError, ConfigProblems, SourceLocation


def test_explicit_path_wins_over_the_environment(tmp_path: Path) -> None:
    assert config_path(tmp_path / "a.yaml", environ={CONFIG_ENV: str(tmp_path / "b.yaml")}) == tmp_path / "a.yaml"


def test_environment_wins_over_the_user_config_dir(tmp_path: Path) -> None:
    assert config_path(None, environ={CONFIG_ENV: str(tmp_path / "b.yaml")}) == tmp_path / "b.yaml"


def test_default_is_config_yaml_in_the_user_config_dir() -> None:
    path = config_path(None, environ={})
    assert path.name == "config.yaml" and path.parent.name == "voicecoach"


def test_no_file_at_the_default_place_gives_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    loaded = read_config()
    assert loaded.path == tmp_path / "voicecoach" / "config.yaml"
    assert loaded.config == Config() and not loaded.found and loaded.origins == {}


def test_a_config_path_the_user_names_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        read_config(tmp_path / "absent.yaml")
    assert caught.value.location == SourceLocation(str(tmp_path / "absent.yaml"), 1, 1)
    assert "no config file" in caught.value.problem and "--config" in caught.value.fix


def test_a_config_path_named_in_the_environment_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "absent.yaml"))
    with pytest.raises(ConfigError, match="no config file"):
        load_config()


def test_every_mistake_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "rate: 900\nvolum: 0.5\nvolume: loud\nsleep_default: soon\ncommands:\n  nxt: [go]\n  goto_tip: [tip]\n"
        "recognizer:\n  engine: sphinx\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigProblems) as caught:
        load_config(path)
    assert [(p.location.line, p.location.column, p.problem) for p in caught.value.problems] == [
        (1, 7, "rate 900 is out of range"),
        (2, 1, "unknown setting 'volum'"),
        (3, 9, "volume must be a number, not 'loud'"),
        (4, 16, "sleep_default 'soon' is not a length of time"),
        (6, 3, "unknown command 'nxt'"),
        (7, 14, "the phrasing 'tip' does not fit goto_tip"),
        (9, 11, "unknown recognizer engine 'sphinx'"),
    ]
    assert all(p.fix for p in caught.value.problems)
    assert str(caught.value).splitlines()[1] == f"{path}:2:1: unknown setting 'volum'; did you mean 'volume'?"


def test_file_is_read_with_the_place_of_each_setting(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("# my settings\nrate: 120\ncontinuous: true\n", encoding="utf-8")
    loaded = read_config(path)
    assert loaded.found
    assert loaded.config == Config(rate=120, continuous=True)
    assert loaded.origins == {
        "rate": SourceLocation(str(path), 2, 1),
        "continuous": SourceLocation(str(path), 3, 1),
    }
    assert load_config(path) == loaded.config


def test_environment_variable_is_used_by_load_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.yaml"
    path.write_text("volume: 0.4\n", encoding="utf-8")
    monkeypatch.setenv(CONFIG_ENV, str(path))
    assert load_config().volume == 0.4


def test_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("rate: 100\nvoise: en\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"^{path}:2:1: unknown setting 'voise'; did you mean 'voice'"):
        load_config(path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes("\ufeffrate: 100\n".encode("utf-8"))
    assert load_config(path).rate == 100


def test_non_utf8_file_points_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"rate: 100\nvoice: caf\xe9\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.location == SourceLocation(str(path), 2, 11)
    assert "UTF-8" in caught.value.problem


def test_a_directory_instead_of_a_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config(tmp_path)


def test_the_example_in_docs_config_md_is_a_valid_config() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "config.md"
    text = docs.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    config = config_from_yaml(example, "docs/config.md")
    assert config.rate == 140 and config.sleep_default == 30 * 60 and config.continuous
