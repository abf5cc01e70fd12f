"""What voicecoach remembers between nights, and its JSON form (pure: no file access here).

The current file format, version 4::

    {
      "version": 4,
      "positions": {
        "<document key>": {
          "section": 0, "tip": 3, "saved_at": "2026-01-02T03:04:05+00:00",
          "marks": {"content": "<16 hex>", "tip": "<16 hex>", "before": "<16 hex>", "after": ""}
        }
      },
      "settings": {"rate": 140, "volume": 0.6, "voice": "en-gb"},
      "sleep_timer": {"minutes": 20, "set_at": "2026-01-02T03:04:05+00:00"},
      "bookmarks": {
        "<document key>": [
          {"section": 1, "tip": 0, "sentence": 2, "made_at": "2026-01-02T03:04:05+00:00", "marks": {...} | null}
        ]
      },
      "finished": {"<document key>": "2026-01-02T03:04:05+00:00"},
      "nights": {
        "<document key>": {
          "content": "<16 hex>", "saved_at": "2026-01-02T03:04:05+00:00",
          "end": "sleep_timer" | "quiet" | "goodbye" | null,
          "awake": [120.5, 1, 0, 2],
          "stopped": [1800.0, 2, 3, 0] | null,
          "trail": [[0.0, 1, 0, 0], [95.2, 1, 1, 0]]
        }
      }
    }

"marks" (see `storage.fingerprints`) is null for places saved without a fingerprint (scripts,
and everything saved before version 3). A night's moments are [seconds since its session began,
section, tip, sentence]; its "content" is the document's fingerprint then ("" for scripts), so a
night of an edited document is not used; "end" is null while the session runs, and after a kill.
`state_from_dict` accepts only that shape (run `migrations.migrate` first for older files) and
raises `StorageError` on anything else, which the store treats as a corrupt file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from voicecoach.errors import StorageError
from voicecoach.night import Moment, Night, NightEnd
from voicecoach.places import Place
from voicecoach.ports import Position
from voicecoach.storage.fingerprints import PlaceMarks

STATE_VERSION = 4


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
class SavedBookmark:
    """A bookmark with the moment it was made and what the document said there."""

    place: Place
    made_at: str
    marks: PlaceMarks | None = None


@dataclass(frozen=True)
class SavedNight:
    """The last session of a document (`voicecoach.night`), and the fingerprint of its content then."""

    night: Night
    content: str = ""
    saved_at: str = ""


@dataclass(frozen=True)
class State:
    """Everything in the state file."""

    positions: Mapping[str, SavedPosition] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    sleep_timer: SleepTimerState | None = None
    bookmarks: Mapping[str, tuple[SavedBookmark, ...]] = field(default_factory=dict)
    """Per document, in the order they were made."""
    finished: Mapping[str, str] = field(default_factory=dict)
    """Documents heard to their end, with when."""
    nights: Mapping[str, SavedNight] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", MappingProxyType(dict(self.positions)))
        object.__setattr__(self, "bookmarks", MappingProxyType({k: tuple(v) for k, v in self.bookmarks.items()}))
        object.__setattr__(self, "finished", MappingProxyType(dict(self.finished)))
        object.__setattr__(self, "nights", MappingProxyType(dict(self.nights)))


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
        "bookmarks": {
            key: [
                {**_place_dict(saved.place), "made_at": saved.made_at, "marks": _marks_dict(saved.marks)}
                for saved in bookmarks
            ]
            for key, bookmarks in sorted(state.bookmarks.items())
        },
        "finished": dict(sorted(state.finished.items())),
        "nights": {key: _night_dict(saved) for key, saved in sorted(state.nights.items())},
    }


def _place_dict(place: Place) -> dict[str, int]:
    return {"section": place.section, "tip": place.tip, "sentence": place.sentence}


def _moment_list(moment: Moment) -> list[float | int]:
    return [moment.at, moment.place.section, moment.place.tip, moment.place.sentence]


def _night_dict(saved: SavedNight) -> dict[str, Any]:
    night = saved.night
    return {
        "content": saved.content,
        "saved_at": saved.saved_at,
        "end": None if night.end is None else night.end.value,
        "awake": _moment_list(night.awake),
        "stopped": None if night.stopped is None else _moment_list(night.stopped),
        "trail": [_moment_list(moment) for moment in night.trail],
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
        bookmarks={
            _text(key, "a document key", allow_empty=True): tuple(
                _bookmark(entry, key) for entry in _list(value, f"bookmarks of {key!r}")
            )
            for key, value in _mapping(document.get("bookmarks", {}), "bookmarks").items()
        },
        finished={
            _text(key, "a document key", allow_empty=True): _text(value, f"finished of {key!r}", allow_empty=True)
            for key, value in _mapping(document.get("finished", {}), "finished").items()
        },
        nights={
            _text(key, "a document key", allow_empty=True): _night(value, key)
            for key, value in _mapping(document.get("nights", {}), "nights").items()
        },
    )


def _bookmark(data: Any, key: str) -> SavedBookmark:
    entry = _mapping(data, f"a bookmark of {key!r}")
    place = Place(
        _count(entry.get("section"), f"bookmark section of {key!r}"),
        _count(entry.get("tip"), f"bookmark tip of {key!r}"),
        _count(entry.get("sentence", 0), f"bookmark sentence of {key!r}"),
    )
    made_at = _text(entry.get("made_at", ""), f"made_at of a bookmark of {key!r}", allow_empty=True)
    return SavedBookmark(place, made_at, _marks(entry.get("marks"), key))


def _night(data: Any, key: str) -> SavedNight:
    entry = _mapping(data, f"the night of {key!r}")
    end = entry.get("end")
    try:
        night_end = None if end is None else NightEnd(end)
    except ValueError:
        raise StorageError(f"the night of {key!r} ended {end!r}, which is not one of {[e.value for e in NightEnd]}") from None
    stopped = entry.get("stopped")
    night = Night(
        awake=_moment(entry.get("awake"), key),
        trail=tuple(_moment(item, key) for item in _list(entry.get("trail", []), f"the trail of {key!r}")),
        stopped=None if stopped is None else _moment(stopped, key),
        end=night_end,
    )
    return SavedNight(
        night,
        _text(entry.get("content", ""), f"the night content of {key!r}", allow_empty=True),
        _text(entry.get("saved_at", ""), f"the night saved_at of {key!r}", allow_empty=True),
    )


def _moment(data: Any, key: str) -> Moment:
    what = f"a moment of the night of {key!r}"
    items = _list(data, what)
    if len(items) != 4:
        raise StorageError(f"{what} must be [seconds, section, tip, sentence], not {items!r}")
    at = items[0]
    if isinstance(at, bool) or not isinstance(at, (int, float)) or not 0 <= at < 1e9:
        raise StorageError(f"{what} must start with its seconds, not {at!r}")
    return Moment(float(at), Place(*(_count(value, what) for value in items[1:])))


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise StorageError(f"{what} must be a list, not {type(value).__name__}")
    return value


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
