"""Upgrades of older state files to the current version, one step per version (pure).

Version history:

- 1: ``{"version": 1, "positions": {key: [section, tip]}, "rate": int?, "volume": float?}``
  (no timestamps, settings loose at the top level, no sleep timer).
- 2: ``{"version": 2, "positions": {key: {"section", "tip", "saved_at"}}, "settings": {...},
  "sleep_timer": {...} | null}``.
- 3: each position also carries ``"marks"``, fingerprints of the content around it (null when
  unknown); see `voicecoach.storage.state`.

A file without a "version" key is treated as version 1, because that is what early builds wrote.
A file with a version newer than `STATE_VERSION` cannot be read safely; `is_future_version`
tells the store so it can say so. Anything malformed raises `StorageError`.
"""

from __future__ import annotations

from typing import Any, Callable

from voicecoach.errors import StorageError
from voicecoach.storage.state import STATE_VERSION


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Positions become objects with a (blank) timestamp; rate/volume move under "settings"."""
    positions = data.get("positions", {})
    if not isinstance(positions, dict):
        raise StorageError("version 1 positions must be an object")
    upgraded: dict[str, Any] = {}
    for key, pair in positions.items():
        if not (isinstance(pair, list) and len(pair) == 2):
            raise StorageError(f"version 1 position {key!r} must be a [section, tip] pair, not {pair!r}")
        upgraded[key] = {"section": pair[0], "tip": pair[1], "saved_at": ""}
    return {
        "version": 2,
        "positions": upgraded,
        "settings": {"rate": data.get("rate"), "volume": data.get("volume"), "voice": data.get("voice")},
        "sleep_timer": None,
    }


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Every position gains empty marks: it was saved by path alone, and is found by path alone."""
    positions = data.get("positions", {})
    if not isinstance(positions, dict):
        raise StorageError("version 2 positions must be an object")
    upgraded = {key: {**entry, "marks": None} if isinstance(entry, dict) else entry for key, entry in positions.items()}
    return {**data, "version": 3, "positions": upgraded}


# MIGRATIONS[n] upgrades a version-n dict to version n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}


def file_version(data: Any) -> int:
    """The format version of a decoded state file (1 when it has none)."""
    if not isinstance(data, dict):
        raise StorageError(f"the state must be an object, not {type(data).__name__}")
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise StorageError(f"the state version must be a whole number from 1 up, not {version!r}")
    return version


def is_future_version(data: Any) -> bool:
    """True when the file was written by a newer voicecoach than this one."""
    return isinstance(data, dict) and file_version(data) > STATE_VERSION


def migrate(data: Any) -> dict[str, Any]:
    """Bring a decoded state file up to `STATE_VERSION`, returning a new dict."""
    version = file_version(data)
    if version > STATE_VERSION:
        raise StorageError(f"the state has version {version}, newer than {STATE_VERSION} which I understand")
    while version < STATE_VERSION:
        data = MIGRATIONS[version](data)
        version = data["version"]
    return data
