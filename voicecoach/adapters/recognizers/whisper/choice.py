"""Deciding which known phrasing was said, from Whisper's own scores. Pure.

Whisper is asked two things about one clip: what it hears when free to write anything (the
free transcript, with its log-probability), and how likely each of a few candidate phrasings
is (the nearest sentences of the command language to that transcript). A phrasing is taken
when it explains the audio nearly as well as the free transcript does: at most `max_margin`
nats less likely. Talk ("next time I will") is explained far better by itself than by any
phrasing; a misheard short command ("Force" for "pause") is explained about as well by the
right phrasing. If the free transcript is itself a phrasing, it is the answer. Whisper's own
chance that there was no speech at all turns snores, breaths and fans away first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from voicecoach.commands import Command
from voicecoach.listening.rejection import Rejection


@dataclass(frozen=True)
class ChoiceSettings:
    """Thresholds in Whisper's units (natural-log probabilities); measured on the tune split."""

    max_no_speech: float = 0.6
    """Refuse a clip when Whisper rates "no speech here" above this (0 to 1)."""
    max_margin: float = 3.0
    """How many nats less likely than the free transcript the chosen phrasing may be."""
    min_mean_log_prob: float = -3.0
    """Least mean log-probability per token of the chosen phrasing."""
    sure_margin: float = 1.0
    """A phrasing this close to the free transcript (or closer) is rated fully sure (1.0);
    sureness falls off below it, reaching 0.5 half-way to `max_margin`."""


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
    """0 to 1: how sure Whisper's scores make the choice (see ChoiceSettings.sure_margin)."""


def choose(heard: Heard, exact: Command | None, scored: list[Scored], settings: ChoiceSettings) -> Choice:
    """The command `heard` says, given `exact` (the free transcript's own command, if it is a
    phrasing) and the `scored` candidates; or why none was said."""
    if heard.no_speech > settings.max_no_speech:
        return Choice(None, "", Rejection.NO_SPEECH, None, 0.0)
    if exact is not None:
        mean = heard.log_prob / max(1, heard.tokens + 1)
        if mean < settings.min_mean_log_prob:
            return Choice(None, heard.text, Rejection.POOR_FIT, 0.0, 0.0)
        return Choice(exact, heard.text, None, 0.0, 1.0)
    if not scored:
        return Choice(None, "", Rejection.NOT_A_PHRASING, None, 0.0)
    best = max(scored, key=lambda candidate: candidate.log_prob)
    margin = min(0.0, best.log_prob - heard.log_prob)
    sureness = sureness_of(margin, settings)
    if -margin > settings.max_margin:
        return Choice(None, best.text, Rejection.NOT_A_PHRASING, margin, sureness)
    if best.log_prob / max(1, best.tokens + 1) < settings.min_mean_log_prob:
        return Choice(None, best.text, Rejection.POOR_FIT, margin, sureness)
    return Choice(best.command, best.text, None, margin, sureness)


def sureness_of(margin: float, settings: ChoiceSettings) -> float:
    """1.0 within `sure_margin` of the free transcript, 0.5 half-way to `max_margin`, towards 0 beyond."""
    shortfall = max(0.0, -margin - settings.sure_margin)
    half = max(1e-6, (settings.max_margin - settings.sure_margin) / 2)
    return math.exp(-math.log(2) * shortfall / half)
