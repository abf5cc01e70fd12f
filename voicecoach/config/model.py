"""The user's settings as frozen values, with their units, ranges and defaults (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Mapping

from voicecoach.bed.settings import BedSettings
from voicecoach.commands import CommandId
from voicecoach.tuning import MAX_RATE, MAX_VOLUME, MIN_RATE, MIN_VOLUME

RATE_RANGE = (MIN_RATE, MAX_RATE)
VOLUME_RANGE = (MIN_VOLUME, MAX_VOLUME)
NIGHT_VOLUME_RANGE = (0.0, 1.0)
SLEEP_RANGE_SECONDS = (60, 12 * 60 * 60)


class RecognizerEngine(StrEnum):
    """Speech recognisers voicecoach can listen with; all run offline."""

    POCKETSPHINX = "pocketsphinx"
    VOSK = "vosk"
    WHISPER = "whisper"


@dataclass(frozen=True)
class RecognizerConfig:
    """How spoken commands are recognised."""

    engine: RecognizerEngine = RecognizerEngine.POCKETSPHINX
    """Which recogniser listens: pocketsphinx (built in), vosk or whisper (need a model)."""

    model_path: str | None = None
    """Folder or file of the recogniser's model; None uses the engine's bundled default."""

    online_opt_in: bool = False
    """Allow a recogniser that sends audio over the network. Off: voicecoach stays offline."""

    wake_word: str | None = None
    """A word every spoken command must start with ("coach next"); None: commands alone.
    Talk is then far less often taken for a command, at the cost of saying one more word."""


@dataclass(frozen=True)
class Config:
    """Everything a person can set in config.yaml; every field has a sensible default."""

    voice: str | None = None
    """espeak-ng voice name such as "en-gb" or "en-us+f3", or a Piper voice such as "piper:joe";
    None uses espeak-ng's default."""

    voice_folders: tuple[str, ...] = ()
    """More folders to look for Piper voices in (each a .onnx file with its .onnx.json), besides
    the bundled voice and ~/.local/share/voicecoach/voices; `~` is allowed."""

    rate: int = 150
    """Speaking rate in words per minute, 80 to 260."""

    volume: float = 0.8
    """Speech volume, 0.1 (faint) to 1.0 (full)."""

    night_volume: float = 0.3
    """Volume of the short confirmation tones (earcons), 0 (silent) to 1 (full)."""

    sleep_default: int = 20 * 60
    """Length of a sleep timer when none is said, in seconds (written "20m"), 1 minute to 12 hours."""

    commands: Mapping[CommandId, tuple[str, ...]] = field(default_factory=dict)
    """Extra spoken phrasings per command id, in the templates of recognition/commands.yaml."""

    recognizer: RecognizerConfig = field(default_factory=RecognizerConfig)
    """Which speech recogniser to use and where its model is."""

    continuous: bool = False
    """Read on from tip to tip without waiting for "next"."""

    sound_bed: BedSettings = field(default_factory=BedSettings)
    """The sound bed under the voice: whether it starts on, which sound, its level, how long it
    keeps going after the reading ends."""

    def __post_init__(self) -> None:
        frozen = {command: tuple(phrasings) for command, phrasings in self.commands.items()}
        object.__setattr__(self, "commands", MappingProxyType(frozen))
        object.__setattr__(self, "voice_folders", tuple(self.voice_folders))


FIELD_NAMES: tuple[str, ...] = tuple(Config.__dataclass_fields__)
RECOGNIZER_FIELD_NAMES: tuple[str, ...] = tuple(RecognizerConfig.__dataclass_fields__)
SOUND_BED_FIELD_NAMES: tuple[str, ...] = ("play", "sound", "level", "after_end")
"""The keys of the `sound_bed` group (`after_end` is BedSettings.after_end_s, written as a length)."""
