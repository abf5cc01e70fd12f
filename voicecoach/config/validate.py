"""All config validation in one place: plain values in, a `Config` or every problem at once out (pure).

Each setting has one reader in `_READERS`; a reader gets the raw value and its path and
returns the typed value, or raises ConfigError pointing at the value's line and column.
`config_from_dict` runs every reader it can, collects what they raise, and raises all of it
together as `ConfigProblems`, so a file with five mistakes takes one round to fix, not five.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from voicecoach.bed.settings import AFTER_END_RANGE_SECONDS, LEVEL_RANGE, BedSettings, BedSound
from voicecoach.commands import ARGUMENT_OF, CommandId
from voicecoach.config.model import (
    FIELD_NAMES,
    NIGHT_VOLUME_RANGE,
    RATE_RANGE,
    RECOGNIZER_FIELD_NAMES,
    SLEEP_RANGE_SECONDS,
    SOUND_BED_FIELD_NAMES,
    VOLUME_RANGE,
    Config,
    RecognizerConfig,
    RecognizerEngine,
)
from voicecoach.durations import parse_timer_length
from voicecoach.errors import CommandError, ConfigError, ConfigProblems
from voicecoach.recognition.templates import parse_template, slots_in
from voicecoach.yamlmarks import KeyPath, Marks

MAX_TEXT = 500
_BAD = object()  # a value whose problem has been recorded


@dataclass
class _Context:
    """Where the values came from, so every error can point at its line and column; and the problems so far."""

    marks: Marks
    problems: list[ConfigError] = field(default_factory=list)

    def fail(self, path: KeyPath, problem: str, fix: str, at_key: bool = False) -> ConfigError:
        where = self.marks.key(path) if at_key else self.marks.value(path)
        return ConfigError(where, problem, fix)

    def read(self, reader: Callable[[Any, KeyPath, _Context], Any], raw: Any, path: KeyPath) -> Any:
        """`reader`'s value for `raw`, or `_BAD` with its problem recorded."""
        try:
            return reader(raw, path, self)
        except ConfigError as error:
            self.problems.append(error)
            return _BAD

    def known(self, key: Any, names: tuple[str, ...], path: KeyPath, what: str = "setting") -> bool:
        """Whether `key` is one of `names`; if not, the problem is recorded with the closest name."""
        if key in names:
            return True
        close = difflib.get_close_matches(str(key), names, n=1)
        fix = f"did you mean '{close[0]}'?" if close else f"known {what}s are: " + ", ".join(names)
        self.problems.append(self.fail(path, f"unknown {what} {key!r}", fix, at_key=True))
        return False


def config_from_dict(
    data: Mapping[str, Any] | None,
    source_name: str = "<settings>",
    marks: Marks | None = None,
    earlier: Sequence[ConfigError] = (),
) -> Config:
    """Validate plain settings (as from YAML or JSON) into a Config; missing keys keep their defaults.

    Raises `ConfigProblems` with every problem found, together with the `earlier` ones (the
    YAML's own, from reading the file), in file order.
    """
    context = _Context(marks or Marks(source_name), list(earlier))
    values: dict[str, Any] = {}
    if data is not None and not isinstance(data, Mapping):
        context.problems.append(
            context.fail((), "the config must be settings written as 'name: value' lines", "start with a line such as 'rate: 150'")
        )
    elif data is not None:
        for key, raw in data.items():
            if context.known(key, FIELD_NAMES, (key,)):
                values[key] = context.read(_READERS[key], raw, (key,))
    if context.problems:
        raise ConfigProblems(sorted(context.problems, key=lambda problem: (problem.location.line, problem.location.column)))
    return Config(**values)


def _voice(raw: Any, path: KeyPath, context: _Context) -> str | None:
    if raw is None:
        return None
    text = _text(raw, path, context, "an espeak-ng voice name such as 'en-gb', or a Piper voice such as 'piper:joe'")
    if any(not character.isprintable() for character in text):
        raise context.fail(path, "the voice name contains invisible characters", "write it like 'en-gb' or 'piper:joe' (see 'voicecoach voices')")
    return text


def _voice_folders(raw: Any, path: KeyPath, context: _Context) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        raise context.fail(path, "voice_folders must be a list of folders", "write them as '- ~/piper-voices' lines")
    example = "a folder holding Piper voices, e.g. '~/piper-voices'"
    return tuple(_text(item, path + (index,), context, example) for index, item in enumerate(items))


def _rate(raw: Any, path: KeyPath, context: _Context) -> int:
    low, high = RATE_RANGE
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise context.fail(path, f"rate must be a whole number of words per minute, not {raw!r}", f"use a number from {low} to {high}, like 150")
    if not low <= raw <= high:
        raise context.fail(path, f"rate {raw} is out of range", f"use {low} to {high} words per minute")
    return raw


def _fraction_reader(name: str, bounds: tuple[float, float]) -> Callable[[Any, KeyPath, _Context], float]:
    low, high = bounds

    def read(raw: Any, path: KeyPath, context: _Context) -> float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or math.isnan(raw):
            raise context.fail(path, f"{name} must be a number, not {raw!r}", f"use {low} to {high}, like 0.5")
        if not low <= raw <= high:
            raise context.fail(path, f"{name} {raw} is out of range", f"use a number from {low} to {high}")
        return float(raw)

    return read


def _sleep_default(raw: Any, path: KeyPath, context: _Context) -> int:
    low, high = SLEEP_RANGE_SECONDS
    fix = "write a length like '20m', '1h30m' or '45 minutes'"
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise context.fail(path, f"sleep_default must be a length of time, not {raw!r}", fix)
    try:
        seconds = parse_timer_length(str(raw))
    except ValueError as error:
        raise context.fail(path, f"sleep_default {raw!r} is not a length of time", fix) from error
    if not low <= seconds <= high:
        raise context.fail(path, f"sleep_default {raw!r} is out of range", "use 1m to 12h")
    return seconds


def _bool_reader(name: str) -> Callable[[Any, KeyPath, _Context], bool]:
    def read(raw: Any, path: KeyPath, context: _Context) -> bool:
        if not isinstance(raw, bool):
            raise context.fail(path, f"{name} must be true or false, not {raw!r}", "write true or false")
        return raw

    return read


def _commands(raw: Any, path: KeyPath, context: _Context) -> dict[CommandId, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise context.fail(path, "commands must map command names to lists of phrasings", "write e.g. 'next: [\"carry on\"]'")
    known = tuple(command.value for command in CommandId)
    result: dict[CommandId, tuple[str, ...]] = {}
    for name, phrasings in raw.items():
        if not context.known(name, known, path + (name,), what="command"):
            continue
        command = CommandId(name)
        items = [phrasings] if isinstance(phrasings, str) else phrasings
        if not isinstance(items, list):
            context.problems.append(
                context.fail(path + (name,), f"the phrasings for {name!r} must be a list", "write them as '- \"phrase\"' lines")
            )
            continue
        read = [
            context.read(lambda item, where, ctx: _phrasing(item, command, where, ctx), item, path + (name, index))
            for index, item in enumerate(items)
        ]
        result[command] = tuple(text for text in read if text is not _BAD)
    return result


def _phrasing(raw: Any, command: CommandId, path: KeyPath, context: _Context) -> str:
    text = _text(raw, path, context, "a phrasing such as 'carry on'")
    try:
        slots = slots_in(parse_template(text))
    except CommandError as error:
        raise context.fail(path, str(error), "") from error
    wanted = ARGUMENT_OF.get(command)
    expected = [wanted] if wanted else []
    if slots != expected:
        needed = f"it needs exactly one {{{wanted}}}" if wanted else "it takes no {…} values"
        raise context.fail(path, f"the phrasing {text!r} does not fit {command.value}", needed)
    return text


def _recognizer(raw: Any, path: KeyPath, context: _Context) -> RecognizerConfig:
    if raw is None:
        return RecognizerConfig()
    if not isinstance(raw, Mapping):
        raise context.fail(path, "recognizer must be a group of settings", "write e.g. 'recognizer: {engine: pocketsphinx}'")
    values: dict[str, Any] = {}
    before = len(context.problems)
    for key, value in raw.items():
        if context.known(key, RECOGNIZER_FIELD_NAMES, path + (key,)):
            values[key] = context.read(_RECOGNIZER_READERS[key], value, path + (key,))
    if len(context.problems) > before:
        return RecognizerConfig()  # the problems are recorded; the config will not be used
    chosen = RecognizerConfig(**values)
    if chosen.engine is not RecognizerEngine.POCKETSPHINX and chosen.model_path is None:
        raise context.fail(
            path + ("engine",),
            f"the {chosen.engine} recognizer needs a model of your own",
            f"add 'model_path: <folder of your {chosen.engine} model>' under 'recognizer'",
        )
    return chosen


def _engine(raw: Any, path: KeyPath, context: _Context) -> RecognizerEngine:
    names = [engine.value for engine in RecognizerEngine]
    if isinstance(raw, str) and raw.strip().lower() in names:
        return RecognizerEngine(raw.strip().lower())
    close = difflib.get_close_matches(str(raw), names, n=1)
    fix = f"did you mean '{close[0]}'?" if close else "use one of " + ", ".join(names)
    raise context.fail(path, f"unknown recognizer engine {raw!r}", fix)


def _model_path(raw: Any, path: KeyPath, context: _Context) -> str | None:
    return None if raw is None else _text(raw, path, context, "the folder of the model, e.g. '~/models/vosk-small-en'")


def _wake_word(raw: Any, path: KeyPath, context: _Context) -> str | None:
    if raw is None:
        return None
    text = _text(raw, path, context, "a word such as 'coach'")
    words = text.lower().split()
    if not all(word.isalpha() and word.isascii() for word in words) or len(words) > 2:
        raise context.fail(path, f"the wake word {raw!r} must be one or two plain words", "write e.g. 'wake_word: coach'")
    return " ".join(words)


def _sound_bed(raw: Any, path: KeyPath, context: _Context) -> BedSettings:
    if raw is None:
        return BedSettings()
    if not isinstance(raw, Mapping):
        raise context.fail(path, "sound_bed must be a group of settings", "write e.g. 'sound_bed: {play: true, sound: rain}'")
    values: dict[str, Any] = {}
    before = len(context.problems)
    for key, value in raw.items():
        if context.known(key, SOUND_BED_FIELD_NAMES, path + (key,)):
            name = "after_end_s" if key == "after_end" else key
            values[name] = context.read(_SOUND_BED_READERS[key], value, path + (key,))
    if len(context.problems) > before:
        return BedSettings()  # the problems are recorded; the config will not be used
    return BedSettings(**values)


def _bed_sound(raw: Any, path: KeyPath, context: _Context) -> BedSound:
    names = [sound.value for sound in BedSound]
    if isinstance(raw, bool):  # YAML reads a bare off/no/false as false
        raise context.fail(path, f"sound_bed.sound must name a sound, not {raw!r}", "write one of " + ", ".join(names) + "; to keep the bed off at the start, write 'play: false'")
    if isinstance(raw, str) and raw.strip().lower() in names:
        return BedSound(raw.strip().lower())
    close = difflib.get_close_matches(str(raw).strip().lower(), names, n=1)
    fix = f"did you mean '{close[0]}'?" if close else "use one of " + ", ".join(names)
    raise context.fail(path, f"unknown sound {raw!r}", fix)


def _after_end(raw: Any, path: KeyPath, context: _Context) -> float:
    low, high = AFTER_END_RANGE_SECONDS
    fix = "write a length like '30m', '1h' or '0m' (stop with the reading)"
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise context.fail(path, f"after_end must be a length of time, not {raw!r}", fix)
    try:
        seconds = parse_timer_length(str(raw))
    except ValueError as error:
        raise context.fail(path, f"after_end {raw!r} is not a length of time", fix) from error
    if not low <= seconds <= high:
        raise context.fail(path, f"after_end {raw!r} is out of range", "use 0m to 12h")
    return float(seconds)


def _text(raw: Any, path: KeyPath, context: _Context, example: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise context.fail(path, f"expected text, not {raw!r}", f"write {example}")
    if len(raw) > MAX_TEXT:
        raise context.fail(path, f"this text is over {MAX_TEXT} characters", f"write {example}")
    return raw.strip()


_READERS: Mapping[str, Callable[[Any, KeyPath, _Context], Any]] = {
    "voice": _voice,
    "voice_folders": _voice_folders,
    "rate": _rate,
    "volume": _fraction_reader("volume", VOLUME_RANGE),
    "night_volume": _fraction_reader("night_volume", NIGHT_VOLUME_RANGE),
    "sleep_default": _sleep_default,
    "commands": _commands,
    "recognizer": _recognizer,
    "continuous": _bool_reader("continuous"),
    "sound_bed": _sound_bed,
}

_SOUND_BED_READERS: Mapping[str, Callable[[Any, KeyPath, _Context], Any]] = {
    "play": _bool_reader("play"),
    "sound": _bed_sound,
    "level": _fraction_reader("level", LEVEL_RANGE),
    "after_end": _after_end,
}

_RECOGNIZER_READERS: Mapping[str, Callable[[Any, KeyPath, _Context], Any]] = {
    "engine": _engine,
    "model_path": _model_path,
    "online_opt_in": _bool_reader("online_opt_in"),
    "wake_word": _wake_word,
}
