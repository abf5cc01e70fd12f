"""The phrasings nearest to a rough transcript: what a recogniser should weigh against the audio. Pure.

A recogniser's free transcript of a short command is often nearly right ("next deep" for "next
tip", "sleeping 10 minutes" for "sleep in ten minutes", "okay, with you please stop talking").
`nearest` aligns its words with every core sentence of the grammar: a word costs what its
spelling differs, a missing or extra word costs one, a slot takes any words that parse as its
value (or one word spelled like a number). Words before and after the command are passed over
at a small cost when they are the language's polite words ("okay", "please") and at the full
cost otherwise; they are kept in the candidate, so that it is weighed against the audio with
everything that was said around it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Mapping, Sequence as Seq

import numpy as np

from voicecoach.commands import Command, CommandId
from voicecoach.language.grammar import CoreSentence, Grammar, SlotKind, SlotType
from voicecoach.language.numbers import MAX_SPOKEN, number_words, ordinal_words
from voicecoach.language.templates import Slot, Word, words_in

MISSING_WORD = 1.0
"""Cost of a word in the transcript that the sentence lacks, or the other way round."""
POLITE_WORD = 0.1
"""Cost of passing over one of the language's polite words before or after a command."""
CLOSE_ENOUGH = 0.5
"""Largest spelling distance (0 same, 1 nothing alike) at which a transcript word may stand for
a grammar word."""
SENTENCES_ALIGNED = 40
"""How many of the likeliest-looking sentences are aligned word by word (the rest are far)."""
_MAX_SLOT_SPAN = 6
_CLOSENESS_KEPT = 8192


@dataclass(frozen=True)
class Candidate:
    """A sentence of the grammar that the transcript may have meant."""

    command: Command
    words: tuple[str, ...]
    """The transcript with its command part replaced by the sentence's words."""
    distance: float
    """How far the transcript is from it: 0 when it is exactly this sentence."""
    core_words: int
    """How many of `words` are the sentence's own."""


def spelling_distance(a: str, b: str) -> float:
    """0 for the same word, 1 for nothing alike: an edit distance over the longer length, in
    which letters that sound alike cost less to swap (one vowel for another, b for p, t for d,
    ...) and a vowel costs less to add or drop, as mishearings go ("tube" for "tip")."""
    return _spelling_distance(a, b) if a <= b else _spelling_distance(b, a)


_VOWELS = frozenset("aeiouy")
_SOUND_ALIKE = ("bp", "dt", "gkcq", "fv", "sz", "mn", "lr", "wv", "jg", "xs")


def _sound_class(letter: str) -> str:
    if letter in _VOWELS:
        return "vowel"
    return next((group for group in _SOUND_ALIKE if letter in group), letter)


def _swap_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return 0.5 if _sound_class(a) == _sound_class(b) else 1.0


def _add_cost(letter: str) -> float:
    return 0.6 if letter in _VOWELS or letter in "h'" else 1.0


@functools.lru_cache(maxsize=65536)
def _spelling_distance(a: str, b: str) -> float:
    if a == b:
        return 0.0
    adds = _add_costs(b)
    previous = [0.0]
    for cost in adds:
        previous.append(previous[-1] + cost)
    for letter in a:
        add = _add_cost(letter)
        swaps = _swap_costs(letter, b)
        current = [previous[0] + add]
        for j in range(len(b)):
            drop, insert, swap = previous[j + 1] + add, current[j] + adds[j], previous[j] + swaps[j]
            current.append(drop if drop <= insert and drop <= swap else insert if insert <= swap else swap)
        previous = current
    return min(1.0, previous[-1] / max(len(a), len(b), 1))


@functools.lru_cache(maxsize=4096)
def _add_costs(word: str) -> tuple[float, ...]:
    return tuple(_add_cost(letter) for letter in word)


@functools.lru_cache(maxsize=65536)
def _swap_costs(letter: str, word: str) -> tuple[float, ...]:
    return tuple(_swap_cost(letter, other) for other in word)


def nearest(grammar: Grammar, words: Seq[str], limit: int = 6, per_command: int = 1) -> list[Candidate]:
    """Up to `limit` sentences of `grammar` closest to `words` (normalised), best first, at most
    `per_command` phrasings of each command and value."""
    words = tuple(words)
    if not words:
        return []
    index = _Index.of(grammar)
    aligned = [_align(words, index.sentences[number], grammar.slots, index) for number in index.numbers_near(words)]
    kept: list[Candidate] = []
    counts: dict[Command, int] = {}
    seen: set[tuple[str, ...]] = set()
    for candidate in sorted((c for c in aligned if c is not None), key=lambda c: (c.distance, len(c.words))):
        if candidate.words in seen or counts.get(candidate.command, 0) >= per_command:
            continue
        seen.add(candidate.words)
        counts[candidate.command] = counts.get(candidate.command, 0) + 1
        kept.append(candidate)
    return kept[:limit]


def nearest_of(grammar: Grammar, words: Seq[str], command: Command, limit: int = 2) -> list[Candidate]:
    """Up to `limit` phrasings of `command` (its values included) closest to `words`, best
    first: the other ways of saying a command that the audio already favours."""
    words = tuple(words)
    if not words:
        return []
    index = _Index.of(grammar)
    aligned = (_align(words, index.sentences[number], grammar.slots, index) for number in index.of_command(command.id))
    kept: list[Candidate] = []
    for candidate in sorted((c for c in aligned if c is not None and c.command == command), key=lambda c: (c.distance, len(c.words))):
        if all(candidate.words != other.words for other in kept):
            kept.append(candidate)
    return kept[:limit]


class _Index:
    """What `nearest` precomputes for one grammar: its vocabulary and each sentence's words."""

    _cache: dict[int, "_Index"] = {}

    def __init__(self, grammar: Grammar) -> None:
        self.sentences = grammar.core_sentences
        self.vocabulary: set[str] = set()
        self.sentence_words: list[tuple[str, ...]] = []
        self.slot_sentences: set[int] = set()
        for number, sentence in enumerate(self.sentences):
            words = tuple(token.text for token in sentence.tokens if isinstance(token, Word))
            self.sentence_words.append(words)
            self.vocabulary.update(words)
            if len(words) < len(sentence.tokens):
                self.slot_sentences.add(number)
        self.before = frozenset() if grammar.around.before is None else words_in(grammar.around.before)
        self.after = frozenset() if grammar.around.after is None else words_in(grammar.around.after)
        if grammar.wake_word:
            self.before = self.before | {grammar.wake_word}
        self.number_words = frozenset(
            word for slot in grammar.slots.values() for value in slot.sample_values() for word in slot.say(value).split()
        )
        # For ranking every sentence at once: how often each known word is in each sentence.
        self.known = sorted(self.vocabulary)
        column = {word: number for number, word in enumerate(self.known)}
        self.counts = np.zeros((len(self.sentences), len(self.known)))
        for number, words in enumerate(self.sentence_words):
            for word in words:
                self.counts[number, column[word]] += 1
        self.lengths = np.array([len(words) for words in self.sentence_words], dtype=float)
        self.with_slot = np.array([number in self.slot_sentences for number in range(len(self.sentences))])
        self._closeness: dict[str, np.ndarray] = {}
        self._by_command: dict[CommandId, list[int]] = {}
        for number, sentence in enumerate(self.sentences):
            self._by_command.setdefault(sentence.command, []).append(number)

    def of_command(self, command: CommandId) -> list[int]:
        """The numbers of the sentences of `command`."""
        return self._by_command.get(command, [])

    @classmethod
    def of(cls, grammar: Grammar) -> "_Index":
        key = id(grammar)
        index = cls._cache.get(key)
        if index is None or index.sentences is not grammar.core_sentences:
            index = cls._cache[key] = cls(grammar)
        return index

    def skip_cost(self, word: str, polite: frozenset[str]) -> float:
        return POLITE_WORD if word in polite else MISSING_WORD

    def numbers_near(self, words: tuple[str, ...]) -> list[int]:
        """The sentences (by number) worth aligning with `words`: those most of whose words are
        spelled like words heard, longer sentences weighed down by the words they would add."""
        likeness = np.zeros(len(self.known))
        for word in words:
            np.maximum(likeness, self._closeness_to_known(word), out=likeness)
        has_number = any(any(c.isdigit() for c in word) or self._like_a_number(word) for word in words)
        content = sum(1 for word in words if word not in self.before and word not in self.after)
        shared = self.counts @ likeness
        worth = (shared != 0.0) | self.with_slot
        if not has_number:
            worth &= ~self.with_slot
        # A slot takes a few words of its own ("ten minutes", "an hour and a half").
        unmatched = np.maximum(0.0, content - self.lengths - np.where(self.with_slot, _MAX_SLOT_SPAN, 0))
        score = np.round(shared - 0.5 * (np.maximum(0.0, self.lengths - content) + unmatched), 9)  # sums alike tie
        numbers = np.flatnonzero(worth)
        order = np.lexsort((-numbers, -score[numbers]))[:SENTENCES_ALIGNED]  # best first; of equals, the later
        return [int(number) for number in numbers[order]]

    def _closeness_to_known(self, word: str) -> np.ndarray:
        """1 − spelling distance from `word` to each known word, 0 where it is not close enough."""
        found = self._closeness.get(word)
        if found is None:
            if len(self._closeness) >= _CLOSENESS_KEPT:
                self._closeness.clear()
            found = np.array([1.0 - spelling_distance(word, known) for known in self.known])
            found[found < 1.0 - CLOSE_ENOUGH] = 0.0
            self._closeness[word] = found
        return found

    def _like_a_number(self, word: str) -> bool:
        return word in self.number_words or any(
            spelling_distance(word, known) <= CLOSE_ENOUGH / 2 for known in self.number_words
        )


def _say(slot: SlotType, value: int) -> str:
    return number_words(value) if slot.kind is SlotKind.CARDINAL else ordinal_words(value)


_Step = tuple[int, int, tuple[str, ...], "int | None"]


def _align(words: tuple[str, ...], sentence: CoreSentence, slots: Mapping[str, SlotType], index: _Index) -> Candidate | None:
    """The cheapest alignment of `words` with `sentence`, words before and after passed over."""
    tokens = sentence.tokens
    rows, columns = len(words) + 1, len(tokens) + 1
    inf = float("inf")
    cost = [[inf] * columns for _ in range(rows)]
    back: list[list[_Step | None]] = [[None] * columns for _ in range(rows)]
    cost[0][0] = 0.0
    for i in range(1, rows):  # words before the command
        cost[i][0] = cost[i - 1][0] + index.skip_cost(words[i - 1], index.before)
    for i in range(rows):
        for j in range(columns):
            here = cost[i][j]
            if here == inf or j == len(tokens):
                continue
            if j > 0 and i < len(words) and here + MISSING_WORD < cost[i + 1][j]:  # an extra word heard
                cost[i + 1][j] = here + MISSING_WORD
                back[i + 1][j] = (i, j, (), None)
            token = tokens[j]
            if isinstance(token, Word):
                if here + MISSING_WORD < cost[i][j + 1]:  # a word not heard
                    cost[i][j + 1] = here + MISSING_WORD
                    back[i][j + 1] = (i, j, (token.text,), None)
                if i < len(words):
                    step = here + spelling_distance(words[i], token.text)
                    if step < cost[i + 1][j + 1]:
                        cost[i + 1][j + 1] = step
                        back[i + 1][j + 1] = (i, j, (token.text,), None)
                continue
            slot = slots[token.name]
            for span, value, price in _slot_readings(words, i, slot):
                if here + price < cost[i + span][j + 1]:
                    cost[i + span][j + 1] = here + price
                    back[i + span][j + 1] = (i, j, _slot_words(words, i, span, price, slot, value), value)
    end, total = _best_end(words, cost, index)
    if total == inf:
        return None
    said, args = _walk_back(back, tokens, slots, end, columns - 1)
    if said is None:
        return None
    start = _back_start(back, end, columns - 1)
    return Candidate(Command(sentence.command, args), words[:start] + said + words[end:], total, len(said))


def _back_start(back: list[list[_Step | None]], i: int, j: int) -> int:
    """Where, in the transcript, the alignment ending at (i, j) began."""
    while j > 0:
        step = back[i][j]
        if step is None:
            return i
        i, j = step[0], step[1]
    return i


def _best_end(words: tuple[str, ...], cost: list[list[float]], index: _Index) -> tuple[int, float]:
    """The end of the command in the transcript, words after it passed over."""
    best, total, after = len(words), float("inf"), 0.0
    for i in range(len(words), -1, -1):
        if i < len(words):
            after += index.skip_cost(words[i], index.after)
        if cost[i][-1] + after < total:
            best, total = i, cost[i][-1] + after
    return best, total


def _walk_back(
    back: list[list[_Step | None]], tokens: tuple[Word | Slot, ...], slots: Mapping[str, SlotType], i: int, j: int
) -> tuple[tuple[str, ...] | None, dict[str, int]]:
    parts: list[tuple[str, ...]] = []
    args: dict[str, int] = {}
    while j > 0:
        step = back[i][j]
        if step is None:  # cannot happen: every reached cell was reached from somewhere
            return None, args
        previous_i, previous_j, said, value = step
        token = tokens[previous_j] if previous_j < j else None
        if isinstance(token, Slot) and value is not None:
            args[slots[token.name].argument] = value
        parts.append(said)
        i, j = previous_i, previous_j
    return tuple(word for part in reversed(parts) for word in part), args


def _slot_readings(words: tuple[str, ...], start: int, slot: SlotType) -> list[tuple[int, int, float]]:
    """(words taken, value, cost) for each way the slot can read the transcript at `start`."""
    readings = []
    for span in range(1, min(_MAX_SLOT_SPAN, len(words) - start) + 1):
        value = slot.parse(words[start : start + span])
        if value is not None:
            readings.append((span, value, 0.0))
    if not readings and start < len(words) and slot.kind is not SlotKind.DURATION:
        guess = _number_like(words[start], slot.kind, slot.low, min(slot.high, MAX_SPOKEN))
        if guess is not None:
            readings.append((1, guess[0], guess[1]))
    return readings


@functools.lru_cache(maxsize=4096)
def _number_like(word: str, kind: SlotKind, low: int, high: int) -> tuple[int, float] | None:
    """The one-word number `word` is spelled most like ("tree" -> 3), with the distance."""
    say = number_words if kind is SlotKind.CARDINAL else ordinal_words
    values = [value for value in range(max(low, 1), high + 1) if " " not in say(value)]
    if not values:
        return None
    best = min(values, key=lambda value: spelling_distance(word, say(value)))
    distance = spelling_distance(word, say(best))
    return (best, distance) if distance <= CLOSE_ENOUGH else None


def _slot_words(words: tuple[str, ...], start: int, span: int, price: float, slot: SlotType, value: int) -> tuple[str, ...]:
    if price == 0.0:
        return words[start : start + span]
    return tuple(_say(slot, value).split())
