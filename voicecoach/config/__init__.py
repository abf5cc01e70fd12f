"""The user's config file: voice, rate, volume, sleep timer length, extra phrasings, recogniser.

Layers, as in hassil: `config_from_dict` (plain values) → `config_from_yaml` (a stream) →
`load_config` (a path, $VOICECOACH_CONFIG or ~/.config/voicecoach/config.yaml). Every problem
is a `ConfigError` pointing at file:line:column with a suggested fix.
"""

from voicecoach.config.loader import CONFIG_ENV, LoadedConfig, config_from_yaml, config_path, load_config, read_config
from voicecoach.config.model import Config, RecognizerConfig, RecognizerEngine
from voicecoach.config.show import config_to_dict
from voicecoach.config.validate import config_from_dict

__all__ = [
    "CONFIG_ENV",
    "Config",
    "LoadedConfig",
    "RecognizerConfig",
    "RecognizerEngine",
    "config_from_dict",
    "config_from_yaml",
    "config_path",
    "config_to_dict",
    "load_config",
    "read_config",
]
