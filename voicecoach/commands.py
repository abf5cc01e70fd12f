"""Commands a listener can give, whatever they come from: keys, typed lines or speech.

What words say which command is the command language's business (`voicecoach.language`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Mapping



class CommandId(StrEnum):
    """Canonical command names, shared by keys, stdin lines and the spoken grammar."""

    NEXT = "next"
    PREVIOUS = "previous"
    NEXT_SENTENCE = "next_sentence"  # a step within the reading: the headset's seek, ">" on the keys
    PREVIOUS_SENTENCE = "previous_sentence"
    REPEAT = "repeat"
    PAUSE = "pause"
    RESUME = "resume"
    TOGGLE_PAUSE = "toggle_pause"
    STOP = "stop"
    SLOWER = "slower"
    FASTER = "faster"
    LOUDER = "louder"
    QUIETER = "quieter"
    NEXT_SECTION = "next_section"
    PREVIOUS_SECTION = "previous_section"
    GOTO_SECTION = "goto_section"
    GOTO_TIP = "goto_tip"
    RESTART = "restart"
    WHERE = "where"
    HELP = "help"
    CONTENTS = "contents"
    SKIP = "skip"
    SLEEP_TIMER = "sleep_timer"
    CANCEL_SLEEP_TIMER = "cancel_sleep_timer"
    TIME_LEFT = "time_left"
    LONGER_EXHALE = "longer_exhale"
    SHORTER_EXHALE = "shorter_exhale"
    RELAX = "relax"  # switch to a guided relaxation (in the default session)
    GUIDE = "guide"  # switch back to the guide (in the default session)
    NOISE_LOUDER = "noise_louder"  # the sound bed (voicecoach.bed)
    NOISE_QUIETER = "noise_quieter"
    NOISE_ON = "noise_on"
    NOISE_OFF = "noise_off"
    NEXT_SOUND = "next_sound"
    BROWN_NOISE = "brown_noise"
    PINK_NOISE = "pink_noise"
    WHITE_NOISE = "white_noise"
    FAN_SOUND = "fan_sound"
    RAIN_SOUND = "rain_sound"
    QUIT = "quit"


# Which argument each command needs, if any.
ARGUMENT_OF: Mapping[CommandId, str] = MappingProxyType(
    {
        CommandId.GOTO_SECTION: "number",
        CommandId.GOTO_TIP: "number",
        CommandId.SLEEP_TIMER: "minutes",
    }
)

OPTIONAL_ARGUMENT: frozenset[CommandId] = frozenset({CommandId.SLEEP_TIMER})
"""Commands whose argument may be left out: a bare "sleep" takes the configured length."""


@dataclass(frozen=True)
class Command:
    """One command with its arguments, e.g. goto_section with {"number": 3}."""

    id: CommandId
    args: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "args", MappingProxyType(dict(self.args)))

    def __str__(self) -> str:
        if not self.args:
            return str(self.id)
        return f"{self.id} " + " ".join(str(value) for value in self.args.values())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Command):
            return NotImplemented
        return self.id == other.id and dict(self.args) == dict(other.args)

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted(self.args.items()))))
