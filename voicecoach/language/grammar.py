"""The command language: every phrasing of every command, loaded from data, matched against text.

`load_grammar()` reads the built-in `commands.yaml` and adds a user's extra phrasings.
`Grammar.parse(text)` matches a whole utterance (a transcript or a typed line) and returns
what it says, or None. Around every phrasing the grammar allows the polite and filler words
people add ("okay, next please", "can you go back"), given once in the YAML's `around`.
Slots hold values: {number} ("three", "3"), {ordinal} ("the third"), {duration} ("an hour
and a half"). Typed lines (`typed.parse_typed_line`) use the same grammar, plus the short forms
and command names of the YAML's `typed` part. Pure apart from reading the packaged YAML
through importlib.resources.
"""

from __future__ import annotations

import functools
import importlib.resources
import logging
import re
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence as Seq, TextIO

import yaml

from voicecoach.commands import ARGUMENT_OF, OPTIONAL_ARGUMENT, Command, CommandId
from voicecoach.errors import CommandError
from voicecoach.language.matcher import first_full_match
from voicecoach.language.numbers import (
    MAX_SPOKEN,
    number_words,
    ordinal_words,
    parse_number,
    parse_ordinal,
)
from voicecoach.language.spoken_durations import FORMS as DURATION_FORMS
from voicecoach.language.spoken_durations import MAX_HOURS, duration_words, parse_spoken_duration
from voicecoach.language.templates import (
    Expression,
    Sequence,
    Slot,
    Word,
    expand,
    parse_template,
    slots_in,
    words_in,
)

logger = logging.getLogger(__name__)

GRAMMAR_RESOURCE = "commands.yaml"
_MAX_EXPANSIONS = 50_000  # beyond this, skip the ambiguity check rather than stall


class PhrasingMismatch(CommandError):
    """A phrasing's values do not fit its command ("next" takes none, "goto_tip" one number)."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem}: {fix}")
        self.problem = problem
        self.fix = fix


class SlotKind(StrEnum):
    """What kind of value a slot holds."""

    CARDINAL = "cardinal"
    ORDINAL = "ordinal"
    DURATION = "duration"


@dataclass(frozen=True)
class SlotType:
    """A place for a value: which words it takes and which command argument it fills."""

    name: str
    kind: SlotKind
    argument: str
    """The command argument the value becomes ("number", "minutes")."""
    low: int
    high: int

    def parse(self, words: Seq[str]) -> int | None:
        """The value of `words`, or None if they are not one of this slot's values."""
        value = _slot_value(self.kind, tuple(words))
        return value if value is not None and self.low <= value <= self.high else None

    def say(self, value: int) -> str:
        """`value` in words, the way this slot hears it."""
        if self.kind is SlotKind.CARDINAL:
            return number_words(value)
        if self.kind is SlotKind.ORDINAL:
            return ordinal_words(value)
        return duration_words(value)

    def sample_values(self) -> tuple[int, ...]:
        """Values a decoder that needs a word list (or a test corpus) is given: every value of
        a number slot, a representative set of lengths for a duration."""
        if self.kind is not SlotKind.DURATION:
            return tuple(range(self.low, self.high + 1))
        minutes = [*range(1, 61), 75, 90, 105, *(60 * hours for hours in range(2, MAX_HOURS + 1))]
        minutes += [60 * hours + 30 for hours in range(2, MAX_HOURS)]
        return tuple(value for value in minutes if self.low <= value <= self.high)

    def spoken(self) -> list[str]:
        """Each sample value in words."""
        return [self.say(value) for value in self.sample_values()]


@functools.lru_cache(maxsize=16384)
def _slot_value(kind: SlotKind, words: tuple[str, ...]) -> int | None:
    if kind is SlotKind.CARDINAL:
        return parse_number(" ".join(words))
    if kind is SlotKind.ORDINAL:
        return parse_ordinal(" ".join(words))
    return parse_spoken_duration(words)


_PARSES_KEPT = 4096
"""How many parses a grammar remembers (a recogniser parses the same hearings several times)."""

_DIGITS = re.compile(r"^\d+(?:st|nd|rd|th)?$")


@functools.cache
def _value_words() -> frozenset[str]:
    """Every word that a slot's value can be made of (besides digits)."""
    words = {word for value in range(MAX_SPOKEN + 1) for text in (number_words(value), ordinal_words(value))
             for word in text.split()}
    return frozenset(words.union(*(words_in(form.expression) for form in DURATION_FORMS)))


def _could_be_in_a_value(word: str) -> bool:
    """True if `word` may be part of a slot's value ("twenty", "third", "half", "25th")."""
    return word in _value_words() or _DIGITS.match(word) is not None


@dataclass(frozen=True)
class Phrasing:
    """One template of one command."""

    command: CommandId
    template: str
    expression: Sequence
    typed_only: bool = False
    """A short form for typed lines only ("n", "goto_section 3"), never listened for."""


@dataclass(frozen=True)
class Parse:
    """What a whole utterance says: the command and the phrasing that matched it."""

    command: Command
    phrasing: Phrasing
    words: tuple[str, ...]
    """The utterance's words, normalised."""


@dataclass(frozen=True)
class CoreSentence:
    """One expansion of a phrasing without the words around it: words and slots in order.
    What an engine compares a rough transcript with to find the phrasings it might have been."""

    command: CommandId
    tokens: tuple[Word | Slot, ...]


@dataclass(frozen=True)
class Around:
    """The words allowed before and after every phrasing ("okay", "can you", "please")."""

    before: Expression | None = None
    after: Expression | None = None

    def words(self) -> frozenset[str]:
        """Every word that may stand around a phrasing."""
        return frozenset().union(*(words_in(part) for part in (self.before, self.after) if part is not None))


@dataclass(frozen=True)
class Grammar:
    """Every phrasing of every command, the slots they use and the words allowed around them."""

    phrasings: tuple[Phrasing, ...]
    slots: Mapping[str, SlotType]
    around: Around = Around()
    wake_word: str | None = None
    """When set, a spoken command must start with it ("coach, next"); see `with_wake_word`."""
    light_phrasings: tuple[Phrasing, ...] = ()
    """A few plain phrasings of each command, for the light fallback recogniser (`light`)."""
    _wrapped: tuple[tuple[Phrasing, Sequence, frozenset[str], bool], ...] = field(init=False, repr=False, compare=False)
    _parsed: dict[tuple[tuple[str, ...], bool], "Parse | None"] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        wrapped = []
        for phrasing in self.phrasings:
            expression = self._wrap(phrasing.expression, phrasing.typed_only)
            wrapped.append((phrasing, expression, frozenset(words_in(expression)), bool(slots_in(expression))))
        object.__setattr__(self, "_wrapped", tuple(wrapped))
        object.__setattr__(self, "_parsed", {})

    def _wrap(self, expression: Sequence, typed_only: bool) -> Sequence:
        if typed_only:
            return expression
        items: list[Expression] = []
        if self.wake_word:
            items.append(Word(self.wake_word))
        if self.around.before is not None:
            items.append(self.around.before)
        items.append(expression)
        if self.around.after is not None:
            items.append(self.around.after)
        return Sequence(tuple(items))

    # ------------------------------------------------------------------- matching

    def parse(self, text: str, *, typed: bool = False) -> Parse | None:
        """What `text` says in full, or None if it is not a phrasing of ours. `typed` also
        accepts the typed-only short forms, and needs no wake word."""
        words = tuple(normalise(text).split())
        if not words:
            return None
        grammar = self._bare if typed and self.wake_word else self
        key = (words, typed)
        if key not in grammar._parsed:
            if len(grammar._parsed) >= _PARSES_KEPT:
                grammar._parsed.clear()
            grammar._parsed[key] = grammar._parse_words(words, typed)
        return grammar._parsed[key]

    def _parse_words(self, words: tuple[str, ...], typed: bool) -> Parse | None:
        heard = frozenset(words)
        loose = frozenset(word for word in heard if not _could_be_in_a_value(word))
        for phrasing, expression, own_words, has_slots in self._wrapped:
            if phrasing.typed_only and not typed:
                continue
            # A word of the template matches only itself, and a slot only number and duration
            # words: a phrasing that cannot hold every word heard is not tried.
            if not (loose if has_slots else heard) <= own_words:
                continue
            bindings = first_full_match(expression, words, self._parse_slot)
            if bindings is not None:
                return Parse(self._command(phrasing, bindings), phrasing, words)
        return None

    def match(self, text: str) -> Command | None:
        """The command `text` says in full, or None."""
        found = self.parse(text)
        return found.command if found is not None else None

    def _parse_slot(self, name: str, words: Seq[str]) -> int | None:
        return self.slots[name].parse(words)

    def _command(self, phrasing: Phrasing, bindings: tuple[tuple[str, int], ...]) -> Command:
        args = {self.slots[name].argument: value for name, value in bindings}
        return Command(phrasing.command, args)

    @functools.cached_property
    def _bare(self) -> "Grammar":
        return self.without_wake_word()

    # ------------------------------------------------------------------- what can be said

    def spoken_phrasings(self) -> tuple[Phrasing, ...]:
        """The phrasings a recogniser listens for (not the typed-only ones)."""
        return tuple(p for p in self.phrasings if not p.typed_only)

    @functools.cached_property
    def core_sentences(self) -> tuple[CoreSentence, ...]:
        """Every expansion of every spoken phrasing, slots unfilled, without the words around."""
        sentences: dict[tuple[CommandId, tuple[Word | Slot, ...]], None] = {}
        for phrasing in self.spoken_phrasings():
            for tokens in expand(phrasing.expression):
                sentences[(phrasing.command, tokens)] = None
        return tuple(CoreSentence(command, tokens) for command, tokens in sentences)

    def words(self) -> set[str]:
        """Every word a listener can say to us, numbers and the words around included."""
        words = {word for phrasing in self.spoken_phrasings() for word in words_in(phrasing.expression)}
        words |= self.around.words()
        if self.wake_word:
            words.add(self.wake_word)
        for slot in self.slots.values():
            words.update(word for spoken in slot.spoken() for word in spoken.split())
            if slot.kind is SlotKind.DURATION:
                words.update(word for form in DURATION_FORMS for word in words_in(form.expression))
        return words

    def phrases(self, command: CommandId, sample_values: Iterable[int] = ()) -> list[str]:
        """Every spoken phrasing of `command` as text (without the words around); a slot is
        filled with each of `sample_values`."""
        values = list(sample_values)
        phrases: list[str] = []
        for sentence in self.core_sentences:
            if sentence.command is command:
                phrases.extend(self.fill(sentence, values))
        return phrases

    def fill(self, sentence: CoreSentence, values: Iterable[int]) -> list[str]:
        """`sentence` as text, its slot (if any) filled with each of `values` in words."""
        if not any(isinstance(token, Slot) for token in sentence.tokens):
            return [" ".join(token.text for token in sentence.tokens if isinstance(token, Word))]
        filled = []
        for value in values:
            words = []
            for token in sentence.tokens:
                if isinstance(token, Word):
                    words.append(token.text)
                else:
                    slot = self.slots[token.name]
                    if not slot.low <= value <= slot.high:
                        break
                    words.append(slot.say(value))
            else:
                filled.append(" ".join(words))
        return filled

    def sentences(self) -> list[str]:
        """Every core sentence with each slot filled with each sample value: the phrase list
        for engines that take one instead of a grammar (the words around are not included)."""
        sentences: list[str] = []
        for sentence in self.core_sentences:
            slots = [token for token in sentence.tokens if isinstance(token, Slot)]
            values = self.slots[slots[0].name].sample_values() if slots else ()
            sentences.extend(self.fill(sentence, values))
        return list(dict.fromkeys(sentences))

    # ------------------------------------------------------------------- variants

    def with_wake_word(self, wake_word: str) -> "Grammar":
        """This grammar with every spoken command starting with `wake_word` ("coach, next")."""
        word = normalise(wake_word)
        if not word or " " in word:
            raise CommandError(f"the wake word must be one word, not {wake_word!r}")
        return Grammar(self.phrasings, self.slots, self.around, word)

    def without_words_around(self) -> "Grammar":
        """This grammar with the phrasings alone, no polite or filler words around them."""
        return Grammar(self.phrasings, self.slots, Around(), self.wake_word, self.light_phrasings)

    def without_wake_word(self) -> "Grammar":
        """This grammar with bare commands: what a wake word grammar refuses, and typed lines."""
        return Grammar(self.phrasings, self.slots, self.around, None, self.light_phrasings)

    def light(self) -> "Grammar":
        """The small grammar the light fallback recogniser listens for: the `light` phrasings
        of the YAML (plus a user's extra phrasings), no words around them."""
        return Grammar(self.light_phrasings, self.slots, Around(), self.wake_word)


_PUNCTUATION = re.compile(r"[^a-z0-9' ]+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces; hyphens and punctuation become spaces."""
    lowered = text.lower().replace("\u2019", "'").replace("-", " ")
    words = _PUNCTUATION.sub(" ", lowered).split()
    return " ".join(word.strip("'") for word in words if word.strip("'"))


# --- loading -------------------------------------------------------------------------------


def from_dict(data: Mapping[str, Any], extra: Mapping[str, list[str]] | None = None) -> Grammar:
    """Build a grammar from the parsed YAML structure, adding `extra` phrasings per command id."""
    if not isinstance(data, Mapping):
        raise CommandError("the command grammar must be a mapping with 'slots' and 'commands'")
    slots = _slots_from(data.get("slots", {}))
    around = _around_from(data.get("around", {}))
    templates = _templates_from(data.get("commands"), "the command grammar")
    for command, added in _templates_from(extra or {}, "your extra phrasings").items():
        templates.setdefault(command, []).extend(added)
    phrasings = [
        _phrasing(command, template, slots) for command, group in templates.items() for template in group
    ]
    _check_unambiguous(tuple(phrasings))
    typed = _templates_from(data.get("typed", {}), "the typed short forms")
    phrasings += [
        _phrasing(command, template, slots, typed_only=True) for command, group in typed.items() for template in group
    ]
    phrasings += _command_names(slots)
    grammar = Grammar(tuple(phrasings), MappingProxyType(slots), around)
    light = _templates_from(data.get("light", {}), "the light phrasings")
    for command, added in _templates_from(extra or {}, "your extra phrasings").items():
        light.setdefault(command, []).extend(added)
    light_phrasings = tuple(
        _phrasing(command, template, slots) for command, group in light.items() for template in group
    )
    return Grammar(grammar.phrasings, grammar.slots, around, None, light_phrasings)


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


def _builtin_yaml() -> str:
    return importlib.resources.files("voicecoach.language").joinpath(GRAMMAR_RESOURCE).read_text("utf-8")


def _slots_from(raw: Any) -> dict[str, SlotType]:
    if not isinstance(raw, Mapping):
        raise CommandError("'slots' in the command grammar must be a mapping of slot names")
    slots: dict[str, SlotType] = {}
    for name, spec in raw.items():
        if not isinstance(spec, Mapping) or not isinstance(spec.get("from"), int) or not isinstance(spec.get("to"), int):
            raise CommandError(f"slot {name!r} needs whole numbers 'from' and 'to', e.g. {{from: 1, to: 30}}")
        try:
            kind = SlotKind(spec.get("kind", "cardinal"))
        except ValueError:
            raise CommandError(f"slot {name!r}: 'kind' must be one of {[k.value for k in SlotKind]}") from None
        low, high = spec["from"], spec["to"]
        limit = MAX_HOURS * 60 if kind is SlotKind.DURATION else MAX_SPOKEN
        if low < 0 or high > limit or low > high:
            raise CommandError(f"slot {name!r}: values must lie between 0 and {limit}")
        argument = spec.get("argument", "minutes" if kind is SlotKind.DURATION else "number")
        slots[str(name)] = SlotType(str(name), kind, str(argument), low, high)
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


def _around_from(raw: Any) -> Around:
    if not isinstance(raw, Mapping):
        raise CommandError("'around' in the command grammar must map 'before' and 'after' to templates")
    parts = {}
    for key in ("before", "after"):
        template = raw.get(key)
        if template is None:
            parts[key] = None
            continue
        expression = parse_template(str(template))
        if slots_in(expression) or not any(len(tokens) == 0 for tokens in expand(expression)):
            raise CommandError(f"'around: {key}' must be optional words only, e.g. \"[please] [just]\"")
        parts[key] = expression
    return Around(parts["before"], parts["after"])


def check_phrasing(command: CommandId, template: str) -> None:
    """Raise CommandError, saying what to change, if `template` cannot be a phrasing of
    `command` in the built-in language (a user's extra phrasing, say): bad syntax, the wrong
    values, or a sentence that the language already gives to another command."""
    phrasing = _phrasing(command, template, default_grammar().slots)
    owners = _builtin_owners()
    for tokens in expand(phrasing.expression):
        other = owners.get(_key(tokens))
        if other is not None and other.command != command:
            raise PhrasingMismatch(
                f"the phrasing {template!r} for {command} already means {other.command} ({other.template!r})",
                "reword it, or leave it out: voicecoach already hears it",
            )


@functools.cache
def _builtin_owners() -> dict[tuple[str, ...], Phrasing]:
    owners: dict[tuple[str, ...], Phrasing] = {}
    for phrasing in default_grammar().spoken_phrasings():
        for tokens in expand(phrasing.expression):
            owners.setdefault(_key(tokens), phrasing)
    return owners


def _key(tokens: tuple[Word | Slot, ...]) -> tuple[str, ...]:
    return tuple(t.text if isinstance(t, Word) else "{" + t.name + "}" for t in tokens)


def _phrasing(
    command: CommandId, template: str, slots: Mapping[str, SlotType], typed_only: bool = False
) -> Phrasing:
    expression = parse_template(template)
    for name in slots_in(expression):
        if name not in slots:
            raise CommandError(f"phrasing {template!r} for {command}: unknown value {{{name}}}; use one of {sorted(slots)}")
    argument = ARGUMENT_OF.get(command)
    for tokens in expand(expression):
        arguments = [slots[token.name].argument for token in tokens if isinstance(token, Slot)]
        if arguments == [argument] or (not arguments and (argument is None or command in OPTIONAL_ARGUMENT)):
            continue
        problem = f"the phrasing {template!r} does not fit {command}"
        if argument is None:
            raise PhrasingMismatch(problem, "it takes no {…} values")
        kinds = sorted(name for name, slot in slots.items() if slot.argument == argument)
        wanted = " or ".join(f"{{{name}}}" for name in kinds)
        raise PhrasingMismatch(problem, f"every way of saying it needs exactly one {wanted}")
    return Phrasing(command, template, expression, typed_only)


def _command_names(slots: Mapping[str, SlotType]) -> list[Phrasing]:
    """Typed-only phrasings for the command names themselves: "goto_section 3", "cancel sleep timer"."""
    digits_of = {slot.argument: name for name, slot in slots.items() if slot.kind is not SlotKind.ORDINAL}
    phrasings = []
    for command in CommandId:
        template = command.value.replace("_", " ")
        argument = ARGUMENT_OF.get(command)
        if argument is not None and argument not in digits_of:
            continue  # a grammar without a slot for it cannot name this command
        if argument is not None:
            slot = f"{{{digits_of[argument]}}}"
            template = f"{template} [{slot}]" if command in OPTIONAL_ARGUMENT else f"{template} {slot}"
        phrasings.append(_phrasing(command, template, slots, typed_only=True))
    return phrasings


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
