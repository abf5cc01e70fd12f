"""What voicecoach remembers between nights, and its JSON form (pure: no file access here).

The current file format, version 3::

    {
      "version": 3,
      "positions": {
        "<document key>": {
          "section": 0, "tip": 3, "saved_at": "2026-01-02T03:04:05+00:00",
          "marks": {"content": "<16 hex>", "tip": "<16 hex>", "before": "<16 hex>", "after": ""}
        }
      },
      "settings": {"rate": 140, "volume": 0.6, "voice": "en-gb"},
      "sleep_timer": {"minutes": 20, "set_at": "2026-01-02T03:04:05+00:00"}
    }

"marks" (see `storage.fingerprints`) is null for places saved without a fingerprint (scripts,
and everything saved before version 3). `state_from_dict` accepts only that shape (run
`migrations.migrate` first for older files) and raises `StorageError` on anything else, which
the store treats as a corrupt file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from voicecoach.errors import StorageError
from voicecoach.ports import Position
from voicecoach.storage.fingerprints import PlaceMarks

STATE_VERSION = 3


@dataclass(frozen=True)
class SavedPosition:
    """A position with the moment it was saved (ISO 8601 text, UTC) and what the document said there."""

    position: Position
    saved_at: str
    marks: PlaceMarks | None = None
    """Fingerprints of the content around the place, to find it again in a moved or edited file."""


@dataclass(frozen=True)
class Settings:
    """Voice settings the listener last chose aloud; None means "use the config or default"."""

    rate: int | None = None
    """Words per minute."""
    volume: float | None = None
    """Speech volume from 0 to 1."""
    voice: str | None = None
    """espeak-ng voice name, e.g. "en-gb"."""


@dataclass(frozen=True)
class SleepTimerState:
    """The last sleep timer the listener set: its length and when it was set (ISO 8601, UTC)."""

    minutes: float
    set_at: str


@dataclass(frozen=True)
class State:
    """Everything in the state file."""

    positions: Mapping[str, SavedPosition] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    sleep_timer: SleepTimerState | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", MappingProxyType(dict(self.positions)))


def state_to_dict(state: State) -> dict[str, Any]:
    """The JSON-ready form of `state`, at the current version."""
    return {
        "version": STATE_VERSION,
        "positions": {
            key: {
                "section": saved.position.section,
                "tip": saved.position.tip,
                "saved_at": saved.saved_at,
                "marks": _marks_dict(saved.marks),
            }
            for key, saved in sorted(state.positions.items())
        },
        "settings": {
            "rate": state.settings.rate,
            "volume": state.settings.volume,
            "voice": state.settings.voice,
        },
        "sleep_timer": (
            None
            if state.sleep_timer is None
            else {"minutes": state.sleep_timer.minutes, "set_at": state.sleep_timer.set_at}
        ),
    }


def state_from_dict(data: Any) -> State:
    """Read a current-version state; StorageError says what is wrong with it."""
    document = _mapping(data, "the state")
    version = document.get("version")
    if version != STATE_VERSION:
        raise StorageError(f"the state has version {version!r}, expected {STATE_VERSION}")
    positions = {
        _text(key, "a document key", allow_empty=True): _saved_position(value, key)
        for key, value in _mapping(document.get("positions", {}), "positions").items()
    }
    return State(
        positions=positions,
        settings=_settings(document.get("settings") or {}),
        sleep_timer=_sleep_timer(document.get("sleep_timer")),
    )


def _marks_dict(marks: PlaceMarks | None) -> dict[str, str] | None:
    if marks is None:
        return None
    return {"content": marks.content, "tip": marks.tip, "before": marks.before, "after": marks.after}


def _saved_position(data: Any, key: str) -> SavedPosition:
    entry = _mapping(data, f"position {key!r}")
    position = Position(
        section=_count(entry.get("section"), f"section of {key!r}"),
        tip=_count(entry.get("tip"), f"tip of {key!r}"),
    )
    saved_at = _text(entry.get("saved_at", ""), f"saved_at of {key!r}", allow_empty=True)
    return SavedPosition(position, saved_at, _marks(entry.get("marks"), key))


def _marks(data: Any, key: str) -> PlaceMarks | None:
    if data is None:
        return None
    entry = _mapping(data, f"marks of {key!r}")
    fields = {name: _text(entry.get(name, ""), f"marks.{name} of {key!r}", allow_empty=True)
              for name in ("content", "tip", "before", "after")}  # fmt: skip
    return PlaceMarks(**fields)


def _settings(data: Any) -> Settings:
    entry = _mapping(data, "settings")
    rate = entry.get("rate")
    volume = entry.get("volume")
    voice = entry.get("voice")
    if rate is not None:
        rate = _count(rate, "settings.rate")
    if volume is not None:
        volume = _fraction(volume, "settings.volume")
    if voice is not None:
        voice = _text(voice, "settings.voice")
    return Settings(rate=rate, volume=volume, voice=voice)


def _sleep_timer(data: Any) -> SleepTimerState | None:
    if data is None:
        return None
    entry = _mapping(data, "sleep_timer")
    minutes = entry.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not 0 < minutes < 24 * 60:
        raise StorageError(f"sleep_timer.minutes must be a number of minutes, not {minutes!r}")
    return SleepTimerState(minutes=minutes, set_at=_text(entry.get("set_at", ""), "sleep_timer.set_at", allow_empty=True))


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise StorageError(f"{what} must be an object, not {type(value).__name__}")
    return value


def _count(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StorageError(f"{what} must be a whole number from 0 up, not {value!r}")
    return value


def _fraction(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise StorageError(f"{what} must be a number from 0 to 1, not {value!r}")
    return float(value)


def _text(value: Any, what: str, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not value and not allow_empty):
        raise StorageError(f"{what} must be text, not {value!r}")
    return value
