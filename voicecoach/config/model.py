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
SLEEP_WARNING_RANGE_SECONDS = (0, 10 * 60)
REWIND_RANGE_SECONDS = (60, 2 * 60 * 60)
MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class AutoSleep:
    """A sleep timer that starts by itself when a session starts during the night's hours."""

    start_minute: int
    """When the hours begin, in minutes after midnight (22:00 is 1320)."""
    end_minute: int
    """When they end, in minutes after midnight; before `start_minute`, they run over midnight."""
    length_s: int
    """How long the timer runs, in seconds."""

    def covers(self, minute_of_day: int) -> bool:
        """Whether a session starting at `minute_of_day` (minutes after midnight) is in the hours."""
        if self.start_minute <= self.end_minute:
            return self.start_minute <= minute_of_day < self.end_minute
        return minute_of_day >= self.start_minute or minute_of_day < self.end_minute


class RecognizerEngine(StrEnum):
    """Speech recognisers voicecoach can listen with; all run offline."""

    POCKETSPHINX = "pocketsphinx"
    VOSK = "vosk"
    WHISPER = "whisper"


@dataclass(frozen=True)
class RecognizerConfig:
    """How spoken commands are recognised."""

    engine: RecognizerEngine = RecognizerEngine.WHISPER
    """Which recogniser listens: whisper (Whisper base from the model packages), pocketsphinx
    (the light fallback) or vosk (needs a model of your own)."""

    model_path: str | None = None
    """Folder of the recogniser's model; None uses the engine's packaged model (Whisper base,
    pocketsphinx's en-us). Vosk needs one."""

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

    sleep_warning: int = 60
    """How long before the sleep timer's end its soft warning comes, in seconds (written "1m"),
    0 (no warning) to 10 minutes; from the warning to the end, a command starts the timer again."""

    rewind_after_sleep: int = 15 * 60
    """After a night that ended asleep, how far before the end the next session starts at most,
    in seconds (written "15m"), 1 minute to 2 hours (it starts later if the listener was awake later)."""

    auto_sleep: AutoSleep | None = None
    """A sleep timer that starts by itself in the night's hours; None: never."""

    commands: Mapping[CommandId, tuple[str, ...]] = field(default_factory=dict)
    """Extra spoken phrasings per command id, in the templates of language/commands.yaml."""

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
AUTO_SLEEP_FIELD_NAMES: tuple[str, ...] = ("from", "until", "length")
"""The keys of the `auto_sleep` group, all needed."""
"""The keys of the `sound_bed` group (`after_end` is BedSettings.after_end_s, written as a length)."""
