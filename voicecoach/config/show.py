"""A Config back to plain values in config.yaml form, for `voicecoach config --show` (pure)."""

from __future__ import annotations

from typing import Any

from voicecoach.durations import format_duration
from voicecoach.config.model import Config


def config_to_dict(config: Config) -> dict[str, Any]:
    """Plain values that `config_from_dict` reads back to an equal Config."""
    return {
        "voice": config.voice,
        "voice_folders": list(config.voice_folders),
        "rate": config.rate,
        "volume": config.volume,
        "night_volume": config.night_volume,
        "sleep_default": format_duration(config.sleep_default),
        "commands": {command.value: list(phrasings) for command, phrasings in config.commands.items()},
        "recognizer": {
            "engine": config.recognizer.engine.value,
            "model_path": config.recognizer.model_path,
            "online_opt_in": config.recognizer.online_opt_in,
            "wake_word": config.recognizer.wake_word,
        },
        "continuous": config.continuous,
        "sound_bed": {
            "play": config.sound_bed.play,
            "sound": config.sound_bed.sound.value,
            "level": config.sound_bed.level,
            "after_end": format_duration(round(config.sound_bed.after_end_s)),
        },
    }
