"""The default recogniser: Whisper base deciding which phrasing of the command language was said.

For each clip: trim the quiet ends, compute log-mel features over a short window, encode once,
decode freely (a few tokens, capped by the clip's length), and if that transcript is not a
phrasing, score the nearest phrasings (`voicecoach.language.nearest`) against the same
encoding and decide (`choice`). Thread-safe: one clip at a time.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass, field

import numpy as np

from voicecoach.adapters.recognizers.whisper.choice import ChoiceSettings, Heard, Scored, choose
from voicecoach.adapters.recognizers.whisper.engine import WhisperEngine
from voicecoach.adapters.recognizers.whisper.features import FRAMES_PER_SECOND, SAMPLE_RATE, log_mel
from voicecoach.adapters.recognizers.whisper.model_store import ModelLocation
from voicecoach.audio import AudioClip
from voicecoach.language.grammar import Grammar, default_grammar, normalise
from voicecoach.language.nearest import Candidate, nearest
from voicecoach.listening.ports import Recognition
from voicecoach.listening.rejection import Evidence, RejectionPolicy, judge
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
    shortlist: int = 6
    """How many of the nearest phrasings are scored when the transcript is not one."""
    tokens_per_second: float = 6.0
    """Cap on the free transcript's length, per second of speech (plus `tokens_extra`): short
    windows otherwise make Whisper repeat itself."""
    tokens_extra: int = 4
    first_words: int = 10
    """How many of Whisper's likeliest first words are tried in place of the transcript's own
    when looking for candidate phrasings ("Mac to the article" -> "back to the article")."""
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
        self._lock = threading.Lock()

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
        return Recognition(
            None if rejected else choice.command,
            transcript,
            rejected,
            speech_seconds,
            choice.sureness,
            choice.phrase,
            choice.margin,
        )

    def _decide(self, samples: np.ndarray, speech_seconds: float):  # -> tuple[Choice, str]
        seconds = max(self.settings.window_seconds, len(samples) / SAMPLE_RATE + 0.5)
        frames = min(3000, int(math.ceil(seconds * FRAMES_PER_SECOND)))
        encoded = self._engine.encode(log_mel(samples, frames))
        cap = int(self.settings.tokens_extra + self.settings.tokens_per_second * max(speech_seconds, 0.5))
        free = self._engine.transcribe(encoded, cap, self.settings.context, self.settings.first_words)
        transcript = free.text.strip()
        heard = Heard(transcript, free.log_prob, free.tokens, free.no_speech)
        parsed = self.grammar.parse(transcript)
        scored: list[Scored] = []
        if parsed is None and free.no_speech <= self.settings.choice.max_no_speech:
            candidates = self._candidates(transcript, free.first_words)
            texts = [whisper_text(candidate, transcript) for candidate in candidates]
            # The free transcript is scored the same way, so that the two compare like with like.
            scores = self._engine.score(encoded, [" " + transcript, *texts], frames)
            heard = Heard(transcript, scores[0], len(self._engine.tokens_of(" " + transcript)), free.no_speech)
            scored = [
                Scored(c.command, text, score, len(self._engine.tokens_of(text)), c.distance)
                for c, text, score in zip(candidates, texts, scores[1:])
            ]
        choice = choose(heard, parsed.command if parsed else None, scored, self.settings.choice)
        logger.debug("heard %r (no speech %.2f, %.2f): %s", transcript, free.no_speech, free.log_prob, choice)
        return choice, transcript


    def _candidates(self, transcript: str, first_words: tuple[str, ...]) -> list[Candidate]:
        """The nearest phrasings to the transcript, and to it with another likely first word."""
        words = tuple(normalise(transcript).split())
        found: dict[object, Candidate] = {}
        variants = [words] + [
            tuple(normalise(first).split()) + words[1:] for first in first_words if normalise(first)
        ]
        for variant in dict.fromkeys(variants):
            for candidate in nearest(self.grammar, variant, self.settings.shortlist):
                known = found.get(candidate.command)
                if known is None or candidate.distance < known.distance:
                    found[candidate.command] = candidate
        ranked = sorted(found.values(), key=lambda c: (c.distance, len(c.words)))
        return ranked[: self.settings.shortlist]


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
