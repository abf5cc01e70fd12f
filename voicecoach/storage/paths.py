"""Where the state file lives: a constructor argument, else $VOICECOACH_STATE_DIR, else the XDG state dir."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

import platformdirs

STATE_DIR_ENV = "VOICECOACH_STATE_DIR"
STATE_FILE_NAME = "state.json"


def state_dir(explicit: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The directory for state.json, e.g. ~/.local/state/voicecoach on Linux."""
    if explicit is not None:
        return Path(explicit).expanduser()
    environment = os.environ if environ is None else environ
    override = environment.get(STATE_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_state_dir("voicecoach"))
