"""Typed events a player emits, so the CLI, storage and tests can follow a session."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Callable, Mapping


class PlayerEventType(StrEnum):
    """What happened."""

    STARTED = "started"
    SPEAKING = "speaking"  # a sound started; data: sound_id, kind, text
    MOVED = "moved"  # the position changed; data: section, tip (0-based)
    STATE_CHANGED = "state_changed"  # data: state
    COMMAND_DONE = "command_done"  # data: command
    COMMAND_REFUSED = "command_refused"  # data: command, reason
    SETTING_CHANGED = "setting_changed"  # data: rate, volume
    SLEEP_TIMER = "sleep_timer"  # data: action (set/cancelled/fading/ended), minutes
    NOTICE = "notice"  # data: message (a device went away, came back, an error)
    FINISHED = "finished"  # reached the end of the content
    QUIT = "quit"


@dataclass(frozen=True)
class PlayerEvent:
    """One event with the clock time it happened at and its details."""

    type: PlayerEventType
    at: float
    data: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", MappingProxyType(dict(self.data)))


EventCallback = Callable[[PlayerEvent], None]
