"""Deciding which known phrasing was said, from Whisper's own scores. Pure.

Whisper is asked three things about one clip: what it hears when free to write anything (the
free transcript), what it hears when it may only use the command language's words (a few
hypotheses), and how likely each of a few candidate phrasings is given the audio (the
phrasings those hearings were, or were nearest to; see `recognizer`).

- If the free transcript is itself a phrasing, it is the answer (sure).
- Otherwise the likeliest candidate is weighed: a logistic model of the evidence gives the
  probability that it is what was said, and it is taken when that is at least
  `min_sureness`. The evidence: how much less likely the candidate is than the free
  transcript (talk such as "next time I will" explains itself far better than any phrasing;
  a misheard "pause" written "Force" is explained about as well by "Pause."), how likely its
  tokens are on average, how far the free transcript's words were from it, by how much it beat
  the next candidate, whether Whisper wrote it when limited to the command words, and
  Whisper's own chance that there was no speech at all. The weights were fitted on the tune
  split of the development corpus (benchmarks/README.md), never on the held-out voices.
- When the audio cannot tell two commands apart (their best phrasings within `tie_nats`), the
  one spelled nearer the free transcript is weighed: "faster" heard as "Aster" scores " Oh stop."
  and " Faster." within 0.05 nats of each other, and which is ahead depends on the CPU's int8
  arithmetic. A tie only changes which command is taken, never whether one is: settled
  before the sureness check, a silent clip's " Bye." became "quit". On the tune split (1984
  clips, clean and pink 10 dB) no outcome changed with 0.25 nats; with 0.5 one was gained and
  one lost, with 1.0 three more were lost.
- Whisper's "no speech" probability turns snores, breaths and fans away first (a transcript
  that is exactly a phrasing is let through up to a higher bound).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from voicecoach.commands import Command
from voicecoach.language.grammar import normalise
from voicecoach.language.nearest import spelling_distance
from voicecoach.listening.rejection import Rejection

# Fitted by logistic regression on the tune split (3 voices x 6 conditions, 1847 clips whose
# free transcript was no phrasing; see benchmarks/README.md, "Whisper's decision"), features
# in the units of `evidence_of`.
FITTED_WEIGHTS: Mapping[str, float] = MappingProxyType({
    "margin": 0.114,
    "mean_log_prob": 1.277,
    "distance": -0.511,
    "distance_per_word": -1.74,
    "lead": 0.054,
    "no_speech": -2.646,
    "heard_in_commands": 0.218,
})
FITTED_BIAS = 5.438


@dataclass(frozen=True)
class ChoiceSettings:
    """Thresholds and weights in Whisper's units (natural-log probabilities)."""

    max_no_speech: float = 0.6
    """Refuse a clip when Whisper rates "no speech here" above this (0 to 1)."""
    max_no_speech_exact: float = 0.9
    """The same bound for a clip whose free transcript is itself a phrasing. Whisper rates some
    clear voices as likely silence ("Resume reading", 0.83, on the tune split) and still writes
    them exactly; no distractor or noise clip of the tune split rated above 0.6 was written as one."""
    min_sureness: float = 0.5
    """Least probability (from the fitted model) that a candidate is what was said."""
    tie_nats: float = 0.25
    """Candidates of other commands this close to the likeliest are a tie, settled by spelling."""
    weights: Mapping[str, float] = field(default_factory=lambda: FITTED_WEIGHTS)
    bias: float = FITTED_BIAS


@dataclass(frozen=True)
class Heard:
    """Whisper's free transcript of a clip."""

    text: str
    log_prob: float
    tokens: int
    no_speech: float


@dataclass(frozen=True)
class Scored:
    """A candidate phrasing with the command it says and Whisper's score for it."""

    command: Command
    text: str
    log_prob: float
    tokens: int
    distance: float = 0.0
    """How far the free transcript's words were from it (`voicecoach.language.nearest`)."""
    heard_in_commands: bool = False
    """True when Whisper, hearing the clip in the command language's words alone, wrote it."""


@dataclass(frozen=True)
class Choice:
    """What was decided about one clip."""

    command: Command | None
    phrase: str
    """The phrasing chosen (or the best one refused), as scored; "" when none was weighed."""
    rejected: Rejection | None
    margin: float | None
    """Nats by which the phrasing was less likely than the free transcript (0: it was it)."""
    sureness: float
    """0 to 1: the fitted probability that the phrasing is what was said."""


def choose(heard: Heard, exact: Command | None, scored: list[Scored], settings: ChoiceSettings) -> Choice:
    """The command `heard` says, given `exact` (the free transcript's own command, if it is a
    phrasing) and the `scored` candidates; or why none was said."""
    if exact is not None and heard.no_speech <= settings.max_no_speech_exact:
        return Choice(exact, heard.text, None, 0.0, 1.0)
    if heard.no_speech > settings.max_no_speech or exact is not None:
        return Choice(None, "", Rejection.NO_SPEECH, None, 0.0)
    if not scored:
        return Choice(None, "", Rejection.NOT_A_PHRASING, None, 0.0)
    ranked = sorted(scored, key=lambda candidate: candidate.log_prob, reverse=True)
    choice = _weigh(heard, ranked[0], ranked, settings)
    if choice.rejected is None:  # a tie may change which command is taken, never whether one is
        settled = _settle_tie(heard, ranked, settings.tie_nats)
        if settled is not ranked[0]:
            choice = _weigh(heard, settled, ranked, settings)
    return choice


def _weigh(heard: Heard, best: Scored, ranked: list[Scored], settings: ChoiceSettings) -> Choice:
    """Take `best` if the fitted model is sure enough that it was said."""
    others = [candidate.log_prob for candidate in ranked if candidate is not best]
    lead = max(0.0, best.log_prob - others[0]) if others else 10.0
    evidence = evidence_of(heard, best, lead)
    sureness = _logistic(settings.bias + sum(settings.weights[name] * value for name, value in evidence.items()))
    margin = evidence["margin"]
    if sureness < settings.min_sureness:
        return Choice(None, best.text, Rejection.NOT_A_PHRASING, margin, sureness)
    return Choice(best.command, best.text, None, margin, sureness)


def _settle_tie(heard: Heard, ranked: list[Scored], tie_nats: float) -> Scored:
    """The likeliest candidate, or, when candidates of other commands are within `tie_nats` of
    it, the one among them spelled nearest the free transcript (the likelier if equally near)."""
    close = [candidate for candidate in ranked if ranked[0].log_prob - candidate.log_prob <= tie_nats]
    if len({candidate.command for candidate in close}) < 2:
        return ranked[0]
    said = normalise(heard.text)
    return min(close, key=lambda candidate: (spelling_distance(said, normalise(candidate.text)), -candidate.log_prob))


def evidence_of(heard: Heard, best: Scored, lead: float) -> dict[str, float]:
    """The fitted model's inputs for the best candidate."""
    words = max(1, len(heard.text.split()))
    return {
        "margin": best.log_prob - heard.log_prob,
        "mean_log_prob": best.log_prob / max(1, best.tokens),
        "distance": best.distance,
        "distance_per_word": best.distance / words,
        "lead": min(lead, 10.0),
        "no_speech": heard.no_speech,
        "heard_in_commands": 1.0 if best.heard_in_commands else 0.0,
    }


def _logistic(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    odds = math.exp(value)
    return odds / (1.0 + odds)
