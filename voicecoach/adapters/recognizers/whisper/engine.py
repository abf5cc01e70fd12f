"""Whisper through CTranslate2: encode audio once, transcribe it freely, and score phrasings.

An adapter around `ctranslate2.models.Whisper` (int8 on the CPU) and the model's tokenizer.
Nothing is fetched: the model is a folder on this computer (see `model_store`).
- `encode` runs the encoder on a window of log-mel frames; its output is reused below.
- `transcribe` decodes greedily what was said, with its summed log-probability and the
  model's own chance that there was no speech at all.
- `score` gives the summed log-probability of each of several texts, their final punctuation
  included: that is what tells "stop" from "stop in ten minutes" (a prefix alone would score
  higher without it). All texts are scored in one batch and one pass (`align`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from voicecoach.errors import RecognizerError

logger = logging.getLogger(__name__)

_SCORE_BATCH = 2
"""Phrasings scored per pass. `align` holds every text's attention at once: 33 phrasings in one
pass took the process from 176 to 450 MB at its peak, two at a time to 239 MB, for about 3 %
more time (measured on 40 held-out clips)."""

_PROMPT_TOKENS = ("<|startoftranscript|>", "<|en|>", "<|transcribe|>", "<|notimestamps|>")


@dataclass(frozen=True)
class FreeTranscript:
    """What the model heard when free to write anything."""

    text: str
    log_prob: float
    """Summed log-probability of its tokens and of the end of text (when it ended)."""
    tokens: int
    ended: bool
    """False when decoding stopped at the length cap rather than at the end of text."""
    no_speech: float
    """The model's probability that the window holds no speech, 0 to 1."""
    first_words: tuple[str, ...] = ()
    """The likeliest first words, best first, as Whisper would write them (" Back", " Pause")."""


class WhisperEngine:
    """A loaded Whisper model; one call at a time (the recogniser holds a lock)."""

    def __init__(self, folder: Path, threads: int = 2) -> None:
        try:
            import ctranslate2
            import tokenizers
        except ImportError as error:
            raise RecognizerError(
                "the Whisper recogniser needs ctranslate2 and tokenizers; run scripts/setup"
            ) from error
        self._ct2 = ctranslate2
        try:
            self._model = ctranslate2.models.Whisper(
                str(folder), device="cpu", compute_type="int8", intra_threads=threads
            )
            self._tokenizer = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
        except Exception as error:  # ctranslate2 raises RuntimeError, ValueError, OSError...
            raise RecognizerError(
                f"cannot load the Whisper model in {folder} ({error}); delete that folder and "
                "start voicecoach again to rebuild it, or set recognizer.model_path to another model"
            ) from error
        self._prompt = [self._token(token) for token in _PROMPT_TOKENS]
        self._suppressed: list[int] = []
        self._suppressed_key: tuple[int, ...] | None = None

    def _token(self, text: str) -> int:
        token = self._tokenizer.token_to_id(text)
        if token is None:
            raise RecognizerError(f"the Whisper model's tokenizer lacks {text}; is it a Whisper model?")
        return int(token)

    def encode(self, features: np.ndarray) -> Any:
        """The encoder's output for one window of log-mel frames, shape (80, frames)."""
        view = self._ct2.StorageView.from_array(np.ascontiguousarray(features[None], dtype=np.float32))
        return self._model.encode(view, to_cpu=True)

    def transcribe(
        self, encoded: Any, max_tokens: int, context: str = "", alternatives: int = 0, only: Sequence[int] | None = None
    ) -> FreeTranscript:
        """Greedy decoding of what was said, at most `max_tokens` text tokens; `context` is
        given to Whisper as the text that came before (it leans towards its words). With
        `alternatives`, the likeliest first words are kept too (from the first step's logits).
        With `only`, every token but those is suppressed (its scores are then not comparable)."""
        prompt = self._prompt
        if context:
            prompt = [self._token("<|startofprev|>"), *self.tokens_of(" " + context.strip()), *self._prompt]
        result = self._model.generate(
            encoded,
            [prompt],
            beam_size=1,
            max_length=max_tokens + len(prompt),
            return_scores=True,
            return_no_speech_prob=True,
            repetition_penalty=1.1,
            no_repeat_ngram_size=3,
            return_logits_vocab=alternatives > 0,
            suppress_tokens=self._suppressed_except(only) if only is not None else [-1],
        )[0]
        tokens = result.sequences_ids[0]
        ended = len(tokens) < max_tokens
        # CTranslate2's score is the mean log-probability over the tokens and the end of text.
        log_prob = float(result.scores[0]) * (len(tokens) + (1 if ended else 0))
        text = self._tokenizer.decode(tokens)
        first: tuple[str, ...] = ()
        if alternatives and result.logits and result.logits[0]:
            logits = np.asarray(result.logits[0][0]).reshape(-1)
            best = np.argpartition(-logits, alternatives)[:alternatives]
            ranked = best[np.argsort(-logits[best])]
            first = tuple(self._tokenizer.decode([int(token)]) for token in ranked)
        return FreeTranscript(text, log_prob, len(tokens), ended, float(result.no_speech_prob), first)

    def hypotheses(self, encoded: Any, max_tokens: int, only: Sequence[int], count: int) -> list[str]:
        """The `count` likeliest transcripts by beam search, written with the tokens `only`."""
        result = self._model.generate(
            encoded,
            [self._prompt],
            beam_size=count,
            num_hypotheses=count,
            max_length=max_tokens + len(self._prompt),
            repetition_penalty=1.1,
            no_repeat_ngram_size=3,
            suppress_tokens=self._suppressed_except(only),
        )[0]
        return [self._tokenizer.decode(tokens) for tokens in result.sequences_ids]

    def _suppressed_except(self, allowed: Sequence[int]) -> list[int]:
        key = tuple(sorted(allowed))
        if self._suppressed_key != key:
            keep = set(key)
            self._suppressed = [token for token in range(self._tokenizer.get_vocab_size()) if token not in keep]
            self._suppressed_key = key
        return self._suppressed

    def vocabulary_tokens(self, words: Iterable[str]) -> list[int]:
        """Every token Whisper may use to write `words` (in any case, after a space or not), the
        digits, punctuation and the end of text: what a transcript in those words is made of."""
        tokens = {self._token("<|endoftext|>")}
        for word in {*words, *(str(digit) for digit in range(10))}:
            for spelling in {word, word.capitalize(), word.upper()}:
                for text in (spelling, " " + spelling):
                    tokens.update(self.tokens_of(text))
        for mark in (".", ",", "?", "!", "'", "-", " -"):
            tokens.update(self.tokens_of(mark))
        return sorted(tokens)

    def tokens_of(self, text: str) -> list[int]:
        """The model's tokens for `text` (which should start with a space, as Whisper writes)."""
        return list(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def score(self, encoded: Any, texts: Sequence[str], frames: int) -> list[float]:
        """The summed log-probability of each text's tokens given the audio (`frames`: the
        encoder window's length in feature frames). Texts end in their punctuation: the full
        stop's probability is what tells "stop" from "stop in ten minutes" (CTranslate2's
        `align`, which scores all tokens in one pass, gives the end of text no probability).
        """
        scores: list[float] = []
        for start in range(0, len(texts), _SCORE_BATCH):
            chunk = texts[start:start + _SCORE_BATCH]
            tokens = [self.tokens_of(text) for text in chunk]
            batch = self._ct2.StorageView.from_array(np.repeat(np.asarray(encoded), len(chunk), axis=0))
            results = self._model.align(batch, self._prompt, tokens, [frames // 2] * len(chunk))
            scores += [float(np.sum(np.log(np.maximum(result.text_token_probs, 1e-12)))) for result in results]
        return scores
