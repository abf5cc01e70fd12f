"""The recogniser port: anything that turns a short clip into a command or None.

The engines are adapters (`voicecoach.adapters.recognizers`): Whisper base by default,
pocketsphinx as the light fallback, Vosk for a user with a model of their own. Another engine
needs only a `recognize` method like the one below. Each engine rates its own choice as a
`sureness` from 0 to 1 in its own way; nothing here knows an engine's units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from voicecoach.audio import AudioClip
from voicecoach.commands import Command
from voicecoach.listening.rejection import Rejection


@dataclass(frozen=True)
class Recognition:
    """What a recogniser made of one clip."""

    command: Command | None
    """The command heard, or None when the clip was rejected."""
    text: str
    """The decoder's transcript (may be a phrasing even when rejected)."""
    rejected: Rejection | None = None
    """Why the clip is not a command; None when `command` is set."""
    speech_seconds: float = 0.0
    """Length of the speech found in the clip, in seconds."""
    sureness: float | None = None
    """The engine's own rating, 0 to 1, of the command (or of the best phrasing refused); 0.5
    is where the engine would begin to doubt it. None when the engine did not rate it."""
    phrase: str = ""
    """The phrasing weighed, as the engine scored it (may differ from `text`, the transcript)."""
    score: float | None = None
    """The engine's raw score behind `sureness`, in its own units (shown by `hear --json`)."""


class Recognizer(Protocol):
    """Turns a short clip (one utterance) into a `Recognition`."""

    def recognize(self, clip: AudioClip, *, need_sureness: bool = False) -> Recognition:
        """Recognise `clip`; `need_sureness` asks an engine that rates only at extra cost
        (pocketsphinx) to rate this clip too: the echo guard needs it while the program speaks."""
        ...
