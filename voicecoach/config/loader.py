"""Layered config loading: `config_from_yaml(stream)`, then `load_config(path)` which reads the file.

Where the file is: a path given on the command line, else $VOICECOACH_CONFIG, else
~/.config/voicecoach/config.yaml (platformdirs). A missing file at the default place means all
defaults; a file the user named (with --config or $VOICECOACH_CONFIG) must exist.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, TextIO

import platformdirs

from voicecoach.config.model import Config
from voicecoach.config.validate import config_from_dict
from voicecoach.errors import ConfigError, SourceLocation
from voicecoach.yamlmarks import YamlRules, read_values

logger = logging.getLogger(__name__)

CONFIG_ENV = "VOICECOACH_CONFIG"
CONFIG_FILE_NAME = "config.yaml"
MAX_CONFIG_CHARS = 256 * 1024
# The config needs no anchors, so aliases are refused outright: that also rules out alias bombs.
CONFIG_YAML: YamlRules[ConfigError] = YamlRules("the config", ConfigError, max_depth=20, aliases=False, key_name="a setting name")


@dataclass(frozen=True)
class LoadedConfig:
    """A config with where it came from: the file (if it existed) and the place of each setting in it."""

    config: Config
    path: Path
    found: bool
    origins: Mapping[str, SourceLocation] = field(default_factory=dict)


def config_path(explicit: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The config file to read: `explicit`, else $VOICECOACH_CONFIG, else the user config dir."""
    return _chosen_path(explicit, environ)[0]


def _chosen_path(explicit: Path | str | None, environ: Mapping[str, str] | None) -> tuple[Path, bool]:
    """The config file to read, and whether the user named it (so that it must exist)."""
    if explicit is not None:
        return Path(explicit).expanduser(), True
    environment = os.environ if environ is None else environ
    override = environment.get(CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser(), True
    return Path(platformdirs.user_config_dir("voicecoach")) / CONFIG_FILE_NAME, False


def config_from_yaml(stream: TextIO | str, source_name: str = "<config>") -> Config:
    """Parse and validate config YAML from a text stream or string."""
    return _parse(stream if isinstance(stream, str) else stream.read(MAX_CONFIG_CHARS + 1), source_name)[0]


def load_config(path: Path | str | None = None) -> Config:
    """The effective config: the file at `config_path(path)`, or defaults if there is none."""
    return read_config(path).config


def read_config(path: Path | str | None = None) -> LoadedConfig:
    """Like `load_config`, also telling where the file and each setting came from."""
    resolved, named = _chosen_path(path, None)
    try:
        with resolved.open("rb") as stream:
            raw = stream.read(MAX_CONFIG_CHARS * 4 + 1)
    except FileNotFoundError as error:
        if named:
            raise ConfigError(
                SourceLocation(str(resolved), 1, 1),
                "there is no config file here",
                f"check the path, or leave out --config and {CONFIG_ENV} to use the defaults",
            ) from error
        logger.info("no config at %s; using defaults", resolved)
        return LoadedConfig(Config(), resolved, found=False)
    except OSError as error:
        raise ConfigError(
            SourceLocation(str(resolved), 1, 1),
            f"the config file cannot be read ({error.strerror or error})",
            "check that it is a readable text file",
        ) from error
    if len(raw) > MAX_CONFIG_CHARS * 4:
        # Checked before decoding: the read stops mid-file, maybe mid-character, and that is no encoding error.
        raise ConfigError(
            SourceLocation(str(resolved), 1, 1),
            f"the config is over {MAX_CONFIG_CHARS // 1024} KiB, far more than settings need",
            "check that this is the right file",
        )
    config, origins = _parse(_decode(raw, str(resolved)), str(resolved))
    return LoadedConfig(config, resolved, found=True, origins=origins)


def _decode(raw: bytes, source_name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        where = SourceLocation(source_name, before.count(b"\n") + 1, error.start - before.rfind(b"\n"))
        raise ConfigError(where, "the file is not UTF-8 text", "save it as plain UTF-8 text") from error


def _parse(text: str, source_name: str) -> tuple[Config, dict[str, SourceLocation]]:
    if len(text) > MAX_CONFIG_CHARS:
        raise ConfigError(
            SourceLocation(source_name, 1, 1),
            f"the config is over {MAX_CONFIG_CHARS // 1024} KiB, far more than settings need",
            "check that this is the right file",
        )
    read = read_values(text, source_name, CONFIG_YAML)
    config = config_from_dict(read.data, source_name, read.marks, read.problems)
    origins = {key: read.marks.key((key,)) for key in read.data} if isinstance(read.data, dict) else {}
    return config, origins
