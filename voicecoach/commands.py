"""Commands a listener can give, whatever they come from: keys, typed lines or speech."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Mapping

from voicecoach.errors import CommandError


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


# Short typed forms accepted on stdin besides the canonical ids.
_ALIASES: Mapping[str, CommandId] = MappingProxyType(
    {
        "n": CommandId.NEXT,
        "next tip": CommandId.NEXT,
        "p": CommandId.PREVIOUS,
        "prev": CommandId.PREVIOUS,
        "back": CommandId.PREVIOUS,
        "again": CommandId.REPEAT,
        "continue": CommandId.RESUME,
        "go on": CommandId.RESUME,
        "where am i": CommandId.WHERE,
        "where": CommandId.WHERE,
        "next section": CommandId.NEXT_SECTION,
        "previous section": CommandId.PREVIOUS_SECTION,
        "section": CommandId.GOTO_SECTION,
        "go to section": CommandId.GOTO_SECTION,
        "goto section": CommandId.GOTO_SECTION,
        "tip": CommandId.GOTO_TIP,
        "go to tip": CommandId.GOTO_TIP,
        "goto tip": CommandId.GOTO_TIP,
        "sleep": CommandId.SLEEP_TIMER,
        "sleep in": CommandId.SLEEP_TIMER,
        "cancel sleep timer": CommandId.CANCEL_SLEEP_TIMER,
        "how long left": CommandId.TIME_LEFT,
        "exit": CommandId.QUIT,
        "q": CommandId.QUIT,
        "bye": CommandId.QUIT,
        "goodbye": CommandId.QUIT,
    }
)
_LINE = re.compile(r"^(?P<words>[a-z_ ]+?)\s*(?P<number>\d+)?\s*(?:minutes?|m)?$")


def parse_command_line(line: str) -> Command:
    """Parse a typed line such as "next", "goto_section 3" or "sleep in 10 minutes"."""
    cleaned = " ".join(line.strip().lower().replace("-", " ").split())
    match = _LINE.match(cleaned)
    if not match:
        raise CommandError(f"I don't know the command {line.strip()!r}; type 'help' for the list.")
    words = match.group("words").strip()
    command_id = _ALIASES.get(words)
    if command_id is None:
        try:
            command_id = CommandId(words.replace(" ", "_"))
        except ValueError:
            raise CommandError(
                f"I don't know the command {line.strip()!r}; type 'help' for the list."
            ) from None
    argument = ARGUMENT_OF.get(command_id)
    number = match.group("number")
    if argument and number is None:
        raise CommandError(f"{command_id} needs a number, for example '{command_id} 2'.")
    if number is not None and not argument:
        raise CommandError(f"{command_id} takes no number; just say '{command_id}'.")
    return Command(command_id, {argument: int(number)} if argument and number else {})
