"""The default recogniser: Whisper base deciding which phrasing of the command language was said.

For each clip: trim the quiet ends, compute log-mel features over a short window, encode once,
decode freely (a few tokens, capped by the clip's length), and if that transcript is not a
phrasing, score the nearest phrasings (`voicecoach.language.nearest`) against the same
encoding, then the other phrasings of the commands Whisper rated likeliest, and decide
(`choice`). Thread-safe: one clip at a time.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from voicecoach.adapters.recognizers.whisper.choice import Choice, ChoiceSettings, Heard, Scored, choose
from voicecoach.adapters.recognizers.whisper.engine import WhisperEngine
from voicecoach.adapters.recognizers.whisper.features import FRAMES_PER_SECOND, SAMPLE_RATE, log_mel
from voicecoach.adapters.recognizers.whisper.model_store import ModelLocation
from voicecoach.audio import AudioClip
from voicecoach.commands import Command
from voicecoach.language.grammar import Grammar, default_grammar, normalise
from voicecoach.language.templates import Word
from voicecoach.language.nearest import Candidate, nearest, nearest_of, spelling_distance
from voicecoach.listening.ports import Recognition
from voicecoach.listening.rejection import Evidence, Rejection, RejectionPolicy, judge
from voicecoach.listening.resample import to_recogniser_rate
from voicecoach.listening.trim import MIN_DECODABLE_SECONDS, TrimSettings, speech_span

logger = logging.getLogger(__name__)

_QUESTION_WORDS = frozenset({"where", "what", "what's", "which", "how", "when"})


@dataclass(frozen=True)
class WhisperSettings:
    """How clips are decoded; measured on the tune split (benchmarks/README.md)."""

    window_seconds: float = 5.0
    """Length of the encoder's window; a clip is padded with silence to it (longer clips get a
    longer window). Whisper was trained on 30 s windows, which cost 0.5 s of encoder time here."""
    threads: int = 2
    """CPU threads CTranslate2 may use for one clip."""
    shortlist: int = 8
    """How many of the nearest phrasings are scored when the transcript is not one."""
    tokens_per_second: float = 6.0
    """Cap on the free transcript's length, per second of speech (plus `tokens_extra`): short
    windows otherwise make Whisper repeat itself."""
    tokens_extra: int = 4
    short_seconds: float = 1.2
    """A clip with this much speech or less also weighs short phrasings (`short_words`, `short_limit`)."""
    short_words: int = 2
    short_limit: int = 4
    """Of those short phrasings, only this many, the nearest in spelling (0: all of them).
    Scoring costs ~17 ms a phrasing (on 2 cores), and all 27 made "next tip" on the rig cost
    ~750 ms of scoring (35 phrasings). On every 7th tune clip (567) the outcomes were the same
    with all 27, with 16, 8 or 4, and with none; 4 are kept for the one-word mishearings the
    shortlist by spelling does not reach."""
    hypotheses: int = 4
    """How many transcripts in the command language's words (beam search) are looked at."""
    first_words: int = 10
    """How many of Whisper's likeliest first words are tried in place of the transcript's own
    when looking for candidate phrasings ("Mac to the article" -> "back to the article")."""
    other_commands: int = 3
    """After scoring, how many of the commands rated likeliest (per token) also have their other
    phrasings nearest the transcript scored, `other_phrasings` each: a shortlist by spelling
    misses the wording when Whisper misheard a word of it ("draping noise" for "play pink
    noise"). On the tune split (435 commands, clean and pink 10 dB): accuracy 0.703 -> 0.724 with
    3 x 1 (2 x 2: 0.720, 4 x 1: 0.722, 3 x 3: 0.715), false accepts unchanged, ~35 ms more."""
    other_phrasings: int = 1
    context: str = ""
    """Text given to Whisper as what came before the clip, to lean its spelling our way."""
    trim: TrimSettings = TrimSettings()
    choice: ChoiceSettings = field(default_factory=ChoiceSettings)


class WhisperRecognizer:
    """Recognises one command per clip with Whisper base; see the module docstring."""

    def __init__(
        self,
        location: ModelLocation,
        grammar: Grammar | None = None,
        policy: RejectionPolicy = RejectionPolicy(),
        settings: WhisperSettings = WhisperSettings(),
    ) -> None:
        self.grammar = grammar if grammar is not None else default_grammar()
        self.location = location
        self.policy = policy
        self.settings = settings
        self._engine = WhisperEngine(location.folder, threads=settings.threads)
        self._vocabulary = self._engine.vocabulary_tokens(self.grammar.words())
        self._short = short_sentences(self.grammar, settings.short_words)
        self._lock = threading.Lock()
        self._encoded: object | None = None
        self._frames = 0

    def recognize(self, clip: AudioClip, *, need_sureness: bool = False) -> Recognition:
        """Decide what `clip` (mono, any rate) says. Sureness is always rated."""
        samples = to_recogniser_rate(clip.samples, clip.sample_rate)
        start, end = speech_span(samples, SAMPLE_RATE, self.settings.trim)
        samples = samples[start:end]
        if len(samples) < SAMPLE_RATE * MIN_DECODABLE_SECONDS:
            return Recognition(None, "", judge(self.policy, Evidence("", None, 0.0)))
        speech_seconds = max(0.0, len(samples) / SAMPLE_RATE - 2 * self.settings.trim.margin_seconds)
        if speech_seconds > self.policy.max_speech_seconds:
            return Recognition(None, "", judge(self.policy, Evidence("", None, speech_seconds)), speech_seconds)
        with self._lock:
            choice, transcript = self._decide(samples, speech_seconds)
            rejected = choice.rejected or judge(self.policy, Evidence(transcript, choice.command, speech_seconds))
            if rejected is None and self.grammar.wake_word and not self._wake_word_said(transcript, choice.phrase):
                rejected = Rejection.NO_WAKE_WORD  # heard, and refused: only "coach, next" is obeyed
        return Recognition(
            None if rejected else choice.command,
            transcript,
            rejected,
            speech_seconds,
            choice.sureness,
            choice.phrase,
            choice.margin,
        )

    def _wake_word_said(self, transcript: str, phrase: str) -> bool:
        """True when the transcript starts with the wake word (or a word spelled like it), or
        Whisper finds the phrasing likelier with the wake word before it than without."""
        wake = self.grammar.wake_word or ""
        if said_first(wake, transcript):
            return True
        words = normalise(phrase).split()
        if not words or words[0] != wake or self._encoded is None:
            return False
        bare = " ".join(phrase.split()[1:]).lstrip(",")
        with_wake, without = self._engine.score(self._encoded, [" " + phrase.strip(), " " + bare[:1].upper() + bare[1:]], self._frames)
        return with_wake >= without

    def _decide(self, samples: np.ndarray, speech_seconds: float) -> tuple[Choice, str]:
        seconds = max(self.settings.window_seconds, len(samples) / SAMPLE_RATE + 0.5)
        frames = min(3000, int(math.ceil(seconds * FRAMES_PER_SECOND)))
        times = [time.perf_counter()]
        encoded = self._engine.encode(log_mel(samples, frames))
        self._encoded, self._frames = encoded, frames  # kept for the wake word's check
        cap = int(self.settings.tokens_extra + self.settings.tokens_per_second * max(speech_seconds, 0.5))
        times.append(time.perf_counter())
        free = self._engine.transcribe(encoded, cap, self.settings.context, self.settings.first_words)
        times.append(time.perf_counter())
        transcript = first_saying(free.text)
        heard = Heard(transcript, free.log_prob, free.tokens, free.no_speech)
        parsed = self.grammar.parse(transcript)
        if parsed is not None or free.no_speech > self.settings.choice.max_no_speech:
            choice = choose(heard, parsed.command if parsed else None, [], self.settings.choice)
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("heard %r (no speech %.2f; %s): %s", transcript, free.no_speech, _phases(times, "encode", "transcript"), choice)
            return choice, transcript
        # Not a phrasing: hear it again in the command language's own words, and weigh the
        # phrasings nearest to either hearing against the audio.
        bound = [first_saying(text) for text in self._engine.hypotheses(encoded, cap, self._vocabulary, self.settings.hypotheses)]
        times.append(time.perf_counter())
        bound_commands = {found.command for found in map(self.grammar.parse, bound) if found is not None}
        candidates = self._candidates(transcript, bound, free.first_words)
        if speech_seconds <= self.settings.short_seconds:
            known = {candidate.command for candidate in candidates}
            candidates += [c for c in self._short_candidates(transcript) if c.command not in known]
        texts = [whisper_text(candidate, transcript) for candidate in candidates]
        # The free transcript is scored the same way, so that the two compare like with like.
        times.append(time.perf_counter())
        scores = self._engine.score(encoded, [" " + transcript, *texts], frames)
        times.append(time.perf_counter())
        heard = Heard(transcript, scores[0], len(self._engine.tokens_of(" " + transcript)), free.no_speech)
        scored = [
            Scored(c.command, text, score, len(self._engine.tokens_of(text)), c.distance, c.command in bound_commands)
            for c, text, score in zip(candidates, texts, scores[1:])
        ]
        # The commands the audio favours may have been said in another of their phrasings.
        others = self._other_phrasings(transcript, scored)
        if others:
            texts = [whisper_text(candidate, transcript) for candidate in others]
            scored += [
                Scored(c.command, text, score, len(self._engine.tokens_of(text)), c.distance, c.command in bound_commands)
                for c, text, score in zip(others, texts, self._engine.score(encoded, texts, frames))
            ]
        times.append(time.perf_counter())
        choice = choose(heard, None, scored, self.settings.choice)
        if logger.isEnabledFor(logging.DEBUG):  # the timings are only formatted for `voicecoach -v`
            phases = _phases(times, "encode", "transcript", "hearings", "shortlist", f"scoring {len(candidates) + 1}", f"{len(others)} other wordings")
            logger.debug("heard %r / %r (no speech %.2f; %s): %s", transcript, bound, free.no_speech, phases, choice)
        return choice, transcript

    def _other_phrasings(self, transcript: str, scored: list[Scored]) -> list[Candidate]:
        """The nearest phrasings, not yet scored, of the `other_commands` commands whose
        phrasings Whisper rated likeliest per token ("Pink noise." for "play pink noise")."""
        if not self.settings.other_commands or not self.settings.other_phrasings:
            return []
        words = self._heard_words(transcript)
        said = {normalise(candidate.text) for candidate in scored}
        wake = self.grammar.wake_word
        ranked = sorted(scored, key=lambda candidate: candidate.log_prob / max(1, candidate.tokens), reverse=True)
        others: list[Candidate] = []
        for command in list(dict.fromkeys(candidate.command for candidate in ranked))[: self.settings.other_commands]:
            near = nearest_of(self.grammar, words, command, self.settings.other_phrasings + len(said))
            # With a wake word, a wording that does not start with it would only be refused.
            fresh = [c for c in near if " ".join(c.words) not in said and (not wake or c.words[:1] == (wake,))]
            others += fresh[: self.settings.other_phrasings]
        return others

    def _heard_words(self, transcript: str) -> tuple[str, ...]:
        """The transcript's words, the wake word put right when a word spelled like it came first."""
        words = tuple(normalise(transcript).split())
        wake = self.grammar.wake_word
        if wake and words and words[0] != wake and said_first(wake, transcript):
            words = (wake, *words[1:])  # weigh "coach, stop", not "couch, stop"
        return words

    def _short_candidates(self, transcript: str) -> list[Candidate]:
        """The short phrasings spelled nearest the transcript (`short_limit` of them), for a
        short clip: a word or two is what Whisper mishears most ("Sorry" for "slower"), and
        what its spelling says least about."""
        heard = " ".join(normalise(transcript).split())
        found = [
            Candidate(command, words, spelling_distance(heard, " ".join(words)) * len(words), len(words))
            for command, words in self._short
        ]
        if self.settings.short_limit > 0:
            found = sorted(found, key=lambda candidate: candidate.distance)[: self.settings.short_limit]
        return found

    def _candidates(self, transcript: str, bound: list[str], first_words: tuple[str, ...]) -> list[Candidate]:
        """The hearings in the command language's words that are phrasings, and the phrasings
        nearest to the transcript, to it with another likely first word, and to the best
        hearing in the command language's words."""
        words = self._heard_words(transcript)
        found: dict[Command, Candidate] = {}
        for text in bound:
            parsed = self.grammar.parse(text)
            if parsed is not None and parsed.command not in found:
                found[parsed.command] = Candidate(parsed.command, parsed.words, 0.0, len(parsed.words))
        variants = [words, tuple(normalise(bound[0]).split()) if bound else ()] + [
            tuple(normalise(first).split()) + words[1:] for first in first_words if normalise(first)
        ]
        nearby: dict[tuple[str, ...], Candidate] = {}
        for variant in dict.fromkeys(v for v in variants if v):
            for candidate in nearest(self.grammar, variant, self.settings.shortlist, per_command=2):
                known = nearby.get(candidate.words)
                if candidate.command not in found and (known is None or candidate.distance < known.distance):
                    nearby[candidate.words] = candidate
        ranked = list(found.values()) + sorted(nearby.values(), key=lambda c: (c.distance, len(c.words)))
        return ranked[: self.settings.shortlist]


def _phases(times: list[float], *names: str) -> str:
    """ "encode 52 ms, transcript 71 ms, ...": how long each step between `times` took."""
    return ", ".join(f"{name} {1000 * (end - start):.0f} ms" for name, start, end in zip(names, times, times[1:]))


def short_sentences(grammar: Grammar, most_words: int) -> list[tuple[Command, tuple[str, ...]]]:
    """The light phrasings of at most `most_words` words and no value, one per command."""
    found: dict[Command, tuple[str, ...]] = {}
    for sentence in grammar.light().core_sentences:
        if len(sentence.tokens) <= most_words and all(isinstance(t, Word) for t in sentence.tokens):
            command = Command(sentence.command)
            words = tuple(t.text for t in sentence.tokens if isinstance(t, Word))
            if grammar.wake_word:
                words = (grammar.wake_word, *words)
            found.setdefault(command, words)
    return list(found.items())


def said_first(wake_word: str, transcript: str) -> bool:
    """True when `transcript` starts with `wake_word`, or a word spelled nearly like it."""
    words = normalise(transcript).split()
    return bool(words) and spelling_distance(words[0], wake_word) <= WAKE_WORD_LIKENESS


WAKE_WORD_LIKENESS = 0.4
"""How far (spelling distance, 0 to 1) the first word heard may be from the wake word."""

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def first_saying(text: str) -> str:
    """`text` without the repeats Whisper adds on a short window ("Pause for a second. Pause
    for A-S" -> "Pause for a second.", "Speed up speed up" -> "Speed up"): a later sentence
    that starts like the first is cut, and so are words that repeat those before them."""
    words = text.split()
    for size in range(1, len(words) // 2 + 1):
        if normalise(" ".join(words[size : 2 * size])) == normalise(" ".join(words[:size])) != "":
            return " ".join(words[:size])
    sentences = [part for part in _SENTENCE_END.split(text.strip()) if part]
    if len(sentences) < 2:
        return text.strip()
    first_words = normalise(sentences[0]).split()[:2]
    for index, sentence in enumerate(sentences[1:], start=1):
        if first_words and normalise(sentence).split()[: len(first_words)] == first_words:
            return " ".join(sentences[:index])
    return text.strip()


def whisper_text(candidate: Candidate, transcript: str) -> str:
    """A candidate sentence written as Whisper writes: " Go to section 3." (digits stay as the
    transcript had them, first letter capital, a full stop or a question mark)."""
    words = [("I" + word[1:]) if word in ("i", "i'm") else word for word in candidate.words]
    if not words:
        return ""
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    mark = "?" if (words[0] in _QUESTION_WORDS or transcript.rstrip().endswith("?")) else "."
    return " " + text + mark
