"""The spoken command grammar: templates per command, loaded from data, matched against text.

`load_grammar()` reads the built-in `commands.yaml` and adds a user's extra phrasings;
`Grammar.match(text)` matches a whole transcript (or a typed line) and returns the `Command`
or None. Full-transcript matching is also the recogniser's last rejection step: a decoder
hypothesis that is not exactly one of our phrasings is not a command. Pure apart from reading
the packaged YAML through importlib.resources.
"""

from __future__ import annotations

import functools
import importlib.resources
import logging
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterable, Mapping, TextIO

import yaml

from voicecoach.commands import ARGUMENT_OF, Command, CommandId
from voicecoach.errors import CommandError
from voicecoach.recognition.numbers import MAX_SPOKEN, number_words, parse_number
from voicecoach.recognition.templates import (
    Sequence,
    Slot,
    Word,
    expand,
    parse_template,
    slots_in,
    to_regex,
    words_in,
)

logger = logging.getLogger(__name__)

GRAMMAR_RESOURCE = "commands.yaml"
_MAX_EXPANSIONS = 20_000  # beyond this, skip the ambiguity check rather than stall


@dataclass(frozen=True)
class SlotValues:
    """The numbers a slot accepts, e.g. minutes 1..60 and 90."""

    name: str
    values: tuple[int, ...]

    def spoken(self) -> list[str]:
        """Each accepted value in words."""
        return [number_words(value) for value in self.values]


@dataclass(frozen=True)
class Phrasing:
    """One template of one command."""

    command: CommandId
    template: str
    expression: Sequence


@dataclass(frozen=True)
class Grammar:
    """Every phrasing of every command, with the slots they use."""

    phrasings: tuple[Phrasing, ...]
    slots: Mapping[str, SlotValues]
    decoys: tuple[Phrasing, ...] = ()
    """Phrasings a decoder listens for only so that it can refuse them: with a wake word, the
    bare commands. Without them, a constrained decoder fitted "coach" onto the start of a bare
    "go to section three" and obeyed it. `match` never returns a decoy."""
    _compiled: tuple[tuple[Phrasing, re.Pattern[str]], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        patterns = {name: _slot_pattern(slot) for name, slot in self.slots.items()}
        compiled = tuple(
            (phrasing, re.compile(to_regex(phrasing.expression, patterns))) for phrasing in self.phrasings
        )
        object.__setattr__(self, "_compiled", compiled)

    def match(self, text: str) -> Command | None:
        """The command `text` says in full, or None if it is not exactly one of our phrasings."""
        normalised = normalise(text)
        if not normalised:
            return None
        for phrasing, pattern in self._compiled:
            found = pattern.fullmatch(normalised + " ")
            if found is None:
                continue
            args = self._arguments(phrasing, found)
            if args is not None:
                return Command(phrasing.command, args)
        return None

    def _arguments(self, phrasing: Phrasing, found: re.Match[str]) -> dict[str, int] | None:
        args: dict[str, int] = {}
        for name, spoken in found.groupdict().items():
            value = parse_number(spoken)
            if value is None or value not in self.slots[name].values:
                return None
            args[name] = value
        return args

    def words(self) -> set[str]:
        """Every word the grammar can hear, numbers included."""
        words = {word for phrasing in self.heard_phrasings() for word in words_in(phrasing.expression)}
        for slot in self.slots.values():
            words.update(word for spoken in slot.spoken() for word in spoken.split())
        return words

    def phrases(self, command: CommandId, sample_values: Iterable[int] = ()) -> list[str]:
        """Every phrasing of `command` as text; slots are filled with each of `sample_values`."""
        phrases: list[str] = []
        for phrasing in self.phrasings:
            if phrasing.command != command:
                continue
            for tokens in expand(phrasing.expression):
                phrases.extend(_fill(tokens, list(sample_values)))
        return phrases


    def with_wake_word(self, wake_word: str) -> "Grammar":
        """This grammar with every phrasing starting with `wake_word` ("coach next tip"); the
        bare phrasings stay as decoys, heard and refused."""
        prefixed = tuple(
            Phrasing(p.command, f"{wake_word} ({p.template})", parse_template(f"{wake_word} ({p.template})"))
            for p in self.phrasings
        )
        return Grammar(prefixed, self.slots, self.phrasings + self.decoys)

    def heard_phrasings(self) -> tuple[Phrasing, ...]:
        """What a decoder should listen for: the phrasings, then the decoys."""
        return self.phrasings + self.decoys

    def sentences(self) -> list[str]:
        """Every sentence a decoder should listen for (decoys included), each slot filled with
        each of its values: the phrase list engines such as Vosk take instead of JSGF (~950
        for the built-in grammar)."""
        sentences: list[str] = []
        for phrasing in self.heard_phrasings():
            for tokens in expand(phrasing.expression):
                filled = [""]
                for token in tokens:
                    spoken = [token.text] if isinstance(token, Word) else self.slots[token.name].spoken()
                    filled = [f"{head} {word}".strip() for head in filled for word in spoken]
                sentences.extend(filled)
        return list(dict.fromkeys(sentences))


def _fill(tokens: tuple[Word | Slot, ...], values: list[int]) -> list[str]:
    if not any(isinstance(token, Slot) for token in tokens):
        return [" ".join(token.text for token in tokens if isinstance(token, Word))]
    return [
        " ".join(token.text if isinstance(token, Word) else number_words(value) for token in tokens)
        for value in values
    ]


def _slot_pattern(slot: SlotValues) -> str:
    spoken = sorted(slot.spoken(), key=len, reverse=True)  # longest first: "twenty five" before "twenty"
    return "|".join([re.escape(s) for s in spoken] + [r"\d+"])


_PUNCTUATION = re.compile(r"[^a-z0-9' ]+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces; hyphens and punctuation become spaces."""
    lowered = text.lower().replace("\u2019", "'").replace("-", " ")
    return " ".join(_PUNCTUATION.sub(" ", lowered).split())


# --- loading -------------------------------------------------------------------------------


def from_dict(data: Mapping[str, Any], extra: Mapping[str, list[str]] | None = None) -> Grammar:
    """Build a grammar from the parsed YAML structure, adding `extra` phrasings per command id."""
    if not isinstance(data, Mapping):
        raise CommandError("the command grammar must be a mapping with 'slots' and 'commands'")
    slots = _slots_from(data.get("slots", {}))
    templates = _templates_from(data.get("commands"), "the command grammar")
    for command, added in _templates_from(extra or {}, "your extra phrasings").items():
        templates.setdefault(command, []).extend(added)
    phrasings = tuple(
        _phrasing(command, template, slots) for command, group in templates.items() for template in group
    )
    _check_unambiguous(phrasings)
    return Grammar(phrasings, MappingProxyType(slots))


def from_yaml(stream: TextIO | str, extra: Mapping[str, list[str]] | None = None) -> Grammar:
    """Build a grammar from YAML text or a text stream."""
    try:
        data = yaml.safe_load(stream)
    except yaml.YAMLError as error:
        raise CommandError(f"the command grammar is not valid YAML: {error}") from error
    return from_dict(data, extra)


def load_grammar(extra: Mapping[str, list[str]] | None = None) -> Grammar:
    """The built-in grammar plus a user's `extra` phrasings ({"next": ["onward"]})."""
    if not extra:
        return default_grammar()
    return from_yaml(_builtin_yaml(), extra)


@functools.cache
def default_grammar() -> Grammar:
    """The built-in grammar, loaded once."""
    return from_yaml(_builtin_yaml())


def match_text(text: str) -> Command | None:
    """Match typed or transcribed `text` against the built-in grammar."""
    return default_grammar().match(text)


def _builtin_yaml() -> str:
    return importlib.resources.files("voicecoach.recognition").joinpath(GRAMMAR_RESOURCE).read_text("utf-8")


def _slots_from(raw: Any) -> dict[str, SlotValues]:
    if not isinstance(raw, Mapping):
        raise CommandError("'slots' in the command grammar must be a mapping of slot names")
    slots: dict[str, SlotValues] = {}
    for name, spec in raw.items():
        if not isinstance(spec, Mapping) or not isinstance(spec.get("from"), int) or not isinstance(spec.get("to"), int):
            raise CommandError(f"slot {name!r} needs whole numbers 'from' and 'to', e.g. {{from: 1, to: 30}}")
        also = spec.get("also", [])
        if not isinstance(also, list) or not all(isinstance(v, int) for v in also):
            raise CommandError(f"slot {name!r}: 'also' must be a list of whole numbers")
        values = sorted(set(range(spec["from"], spec["to"] + 1)) | set(also))
        if not values or values[0] < 0 or values[-1] > MAX_SPOKEN:
            raise CommandError(f"slot {name!r}: values must lie between 0 and {MAX_SPOKEN}")
        slots[str(name)] = SlotValues(str(name), tuple(values))
    return slots


def _templates_from(raw: Any, where: str) -> dict[CommandId, list[str]]:
    if not isinstance(raw, Mapping):
        raise CommandError(f"{where} must map command names to lists of phrasings")
    templates: dict[CommandId, list[str]] = {}
    for name, group in raw.items():
        try:
            command = CommandId(str(name))
        except ValueError:
            known = ", ".join(c.value for c in CommandId)
            raise CommandError(f"{where}: unknown command {name!r}; use one of: {known}") from None
        if isinstance(group, str):
            group = [group]
        if not isinstance(group, list) or not all(isinstance(t, str) for t in group):
            raise CommandError(f"{where}: the phrasings of {name!r} must be a list of strings")
        templates[command] = list(group)
    return templates


def _phrasing(command: CommandId, template: str, slots: Mapping[str, SlotValues]) -> Phrasing:
    expression = parse_template(template)
    used = slots_in(expression)
    for name in used:
        if name not in slots:
            raise CommandError(f"phrasing {template!r} for {command}: unknown value {{{name}}}; use one of {sorted(slots)}")
    argument = ARGUMENT_OF.get(command)
    wanted = [argument] if argument else []
    for phrasing_slots in {tuple(slots_in_tokens(tokens)) for tokens in expand(expression)}:
        if list(phrasing_slots) != wanted:
            need = f"exactly one {{{argument}}}" if argument else "no {value}"
            raise CommandError(f"phrasing {template!r} for {command}: every phrasing needs {need}")
    return Phrasing(command, template, expression)


def slots_in_tokens(tokens: tuple[Word | Slot, ...]) -> list[str]:
    """Slot names among expanded tokens."""
    return [token.name for token in tokens if isinstance(token, Slot)]


def _check_unambiguous(phrasings: tuple[Phrasing, ...]) -> None:
    owner: dict[tuple[str, ...], Phrasing] = {}
    count = 0
    for phrasing in phrasings:
        for tokens in expand(phrasing.expression):
            count += 1
            if count > _MAX_EXPANSIONS:
                logger.warning("grammar has over %d phrasings; not checking for ambiguity", _MAX_EXPANSIONS)
                return
            key = tuple(t.text if isinstance(t, Word) else "{" + t.name + "}" for t in tokens)
            other = owner.setdefault(key, phrasing)
            if other.command != phrasing.command:
                raise CommandError(
                    f"the phrase {' '.join(key)!r} would mean both {other.command} ({other.template!r}) "
                    f"and {phrasing.command} ({phrasing.template!r}); reword one of them"
                )
