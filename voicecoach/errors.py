"""The exceptions voicecoach raises, all rooted in `VoicecoachError`.

    VoicecoachError                 anything the program can explain to a person
    ├── InputError                  a file the user gave us cannot be used
    │   ├── ArticleError            an article cannot be read or has nothing to read
    │   ├── ScriptError             a relaxation script is invalid (carries file:line:column)
    │   │   └── ScriptProblems      several ScriptErrors found in one file, all reported at once
    │   ├── ConfigError             the config file is invalid (carries file:line:column)
    │   │   └── ConfigProblems      several ConfigErrors found in one file, all reported at once
    │   └── CommandError            a command line or phrase is not understood
    ├── EngineError                 a device or engine failed
    │   ├── SpeechEngineError       text-to-speech cannot synthesise (no espeak-ng, no voice)
    │   ├── AudioOutputError        no audio device to play on
    │   ├── RecognizerError         the speech recogniser failed
    │   └── MicrophoneError         no microphone, or it went away
    └── StorageError                saved positions or settings cannot be read or written

Every message says what went wrong and what to do about it, in plain words, because it
may be spoken aloud to someone lying in the dark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


class VoicecoachError(Exception):
    """Root of every error voicecoach explains to a person."""


class InputError(VoicecoachError):
    """A file the user gave us cannot be used."""


class ArticleError(InputError):
    """An article cannot be read, or has nothing in it to read."""


class CommandError(InputError):
    """A typed or spoken command is not understood."""


@dataclass(frozen=True)
class SourceLocation:
    """Where in a file a problem is: 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class LocatedError(InputError):
    """An input error that points at a file, line and column."""

    def __init__(self, location: SourceLocation, problem: str, fix: str = "") -> None:
        self.location = location
        self.problem = problem
        self.fix = fix
        message = f"{location}: {problem}"
        if fix:
            message += f"; {fix}"
        super().__init__(message)


class ScriptError(LocatedError):
    """A relaxation script is invalid."""


class ScriptProblems(ScriptError):
    """Every problem found in one script; `problems` holds each as a ScriptError, in file order."""

    def __init__(self, problems: Sequence[ScriptError]) -> None:
        first = _first_of(problems, "ScriptProblems")
        super().__init__(first.location, first.problem, first.fix)
        self.problems: tuple[ScriptError, ...] = tuple(problems)
        self.args = (_one_per_line(self.problems),)


class ConfigError(LocatedError):
    """The config file is invalid."""


class ConfigProblems(ConfigError):
    """Every problem found in one config file; `problems` holds each as a ConfigError, in file order."""

    def __init__(self, problems: Sequence[ConfigError]) -> None:
        first = _first_of(problems, "ConfigProblems")
        super().__init__(first.location, first.problem, first.fix)
        self.problems: tuple[ConfigError, ...] = tuple(problems)
        self.args = (_one_per_line(self.problems),)


def _first_of(problems: Sequence[LocatedError], name: str) -> LocatedError:
    if not problems:
        raise ValueError(f"{name} needs at least one problem")
    return problems[0]


def _one_per_line(problems: Sequence[LocatedError]) -> str:
    return "\n".join(str(problem) for problem in problems)


class EngineError(VoicecoachError):
    """A device or engine failed."""


class SpeechEngineError(EngineError):
    """Text-to-speech cannot synthesise."""


class AudioOutputError(EngineError):
    """There is no audio device to play on."""


class RecognizerError(EngineError):
    """The speech recogniser failed."""


class MicrophoneError(EngineError):
    """There is no microphone, or it went away."""


class StorageError(VoicecoachError):
    """Saved positions or settings cannot be read or written."""
