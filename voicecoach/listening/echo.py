"""Not obeying ourselves, and deciding how to answer what the microphone heard. Pure.

A microphone near the speaker hears the program's own voice. The guard is told what is being
said (`started(text, at)` from the player's Speaking events, `ended(at)` when a sound finishes)
and judges each recognised utterance against the time it was heard:

- **echo**: what was heard is what was being said during the utterance or in the
  `tail_seconds` before it (room echo, device latency): every word of the chosen phrasing, or
  its letters run together or each of its words within the words said ("good bye" and "bye-bye"
  in "Goodbye. Sleep well."), or most words of the
  engine's transcript (`echo_share`), occur in it. "Faster." is said right
  after the command "faster"; heard back, it must not speed up again. A command whose words
  happen to be in the sentence being read (saying "stop" while it reads "stop and breathe") is
  refused too: a missed command can be repeated, a phantom one cannot be undone in the dark.
- **unsure**: while the program speaks, a command must be rated surer than usual by its engine
  (`playback_min_sureness`, on the engine's own 0-to-1 scale) — "stop", "pause" and "next"
  still get through, because that is what people say over the reading.
- **not understood**: only when we were quiet, and the clip was short speech that came close to
  a phrasing (the engine rated its best phrasing at least `near_miss_sureness`, or the
  transcript is at least half made of command words). Snores, coughs and a partner talking
  (too long) stay unanswered: a "didn't catch that" at 3 a.m. for a cough wakes the sleeper,
  while a missed command can be repeated. During playback nothing gets "didn't catch that":
  it would answer our own echo.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from enum import StrEnum

from voicecoach.commands import Command
from voicecoach.listening.rejection import Rejection

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z']+")
_SECONDS_PER_WORD = 60.0 / 120.0  # a slow reading pace, so the estimate rather runs long
_MIN_SPOKEN_SECONDS = 0.6


class Verdict(StrEnum):
    """What to do with one recognised utterance."""

    OBEY = "obey"
    ECHO = "echo"
    UNSURE = "unsure"
    NOT_UNDERSTOOD = "not understood"
    IGNORE = "ignore"


@dataclass(frozen=True)
class EchoSettings:
    """Thresholds of the guard; surenesses are the engines' own ratings, 0 to 1."""

    tail_seconds: float = 1.0
    """How long after a sound ends its words can still come back through the microphone."""
    echo_share: float = 0.75
    """A transcript this much made of words being said (or more) is our own voice."""
    playback_min_sureness: float = 0.75
    """Least sureness a command must have while the program speaks."""
    near_miss_sureness: float = 0.2
    """Least sureness of the best phrasing refused for a "didn't catch that" (when quiet)."""
    min_speech_seconds: float = 0.3
    """Least speech in a clip for "didn't catch that"."""


@dataclass(frozen=True)
class Heard:
    """One recognised utterance and when it was heard, on the session clock."""

    command: Command | None
    transcript: str
    started: float
    ended: float
    speech_seconds: float
    sureness: float | None = None
    """The engine's rating (0 to 1) of the command, or of the best phrasing it refused."""
    rejection: Rejection | None = None
    """The recogniser's reason for rejecting it, if it did."""
    phrase: str = ""
    """The phrasing the engine weighed, which may differ from its transcript."""


@dataclass
class _Said:
    words: frozenset[str]
    started: float
    ended: float
    letters: str = ""
    """The text's letters with spaces and punctuation gone, for phrasings spelt apart."""


def words_of(text: str) -> frozenset[str]:
    """The lower-case words of `text`."""
    return frozenset(_WORD.findall(text.lower()))


def _word_list(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _letters(text: str) -> str:
    return "".join(_word_list(text)).replace("'", "")


class EchoGuard:
    """Remembers what the program said lately and judges heard utterances against it."""

    def __init__(self, settings: EchoSettings = EchoSettings(), command_words: frozenset[str] = frozenset()) -> None:
        self.settings = settings
        self.command_words = command_words
        """Words of the command phrasings; a partial phrase must be half made of them to get "didn't catch that"."""
        self._said: list[_Said] = []

    def started(self, text: str, at: float, words: bool = True) -> None:
        """A sound began at `at`; `words=False` for earcons (they count as playback, not as words)."""
        said_words = words_of(text) if words else frozenset()
        estimate = max(_MIN_SPOKEN_SECONDS, len(said_words) * _SECONDS_PER_WORD)
        self.ended(at)
        self._said.append(_Said(said_words, at, at + estimate, _letters(text) if words else ""))
        self._forget_before(at - 30.0)

    def ended(self, at: float) -> None:
        """Whatever was sounding has stopped or finished at `at`."""
        for said in self._said:
            if said.ended > at >= said.started:
                said.ended = at

    def speaking_during(self, start: float, end: float) -> bool:
        """True if the program made a sound between `start` and `end` (plus the tail)."""
        return any(self._overlaps(said, start, end) for said in self._said)

    def judge(self, heard: Heard) -> Verdict:
        """What to do with `heard`; see the module docstring for the rules."""
        during = [said for said in self._said if self._overlaps(said, heard.started, heard.ended)]
        if heard.command is not None:
            return self._judge_command(heard, during)
        if during:
            return Verdict.IGNORE
        return Verdict.NOT_UNDERSTOOD if self._near_miss(heard) else Verdict.IGNORE

    def _judge_command(self, heard: Heard, during: list[_Said]) -> Verdict:
        if not during:
            return Verdict.OBEY
        spoken = frozenset().union(*(said.words for said in during))
        if self._is_echo(heard, spoken) or self._spelt_apart_echo(heard, during):
            logger.info("ignored %r: it is what I was saying", heard.transcript)
            return Verdict.ECHO
        if heard.sureness is None or heard.sureness < self.settings.playback_min_sureness:
            logger.info("ignored %r while speaking: sureness %s is too low", heard.transcript, heard.sureness)
            return Verdict.UNSURE
        return Verdict.OBEY

    def _is_echo(self, heard: Heard, spoken: frozenset[str]) -> bool:
        phrase_words = words_of(heard.phrase)
        if phrase_words and phrase_words <= spoken:
            return True
        heard_words = _word_list(heard.transcript)
        if not heard_words:
            return False
        said = sum(1 for word in heard_words if word in spoken)
        return said >= self.settings.echo_share * len(heard_words)

    @staticmethod
    def _spelt_apart_echo(heard: Heard, during: list[_Said]) -> bool:
        """The phrasing's letters run together, or each of its words, occur within what was said
        ("good bye" and "bye-bye" in "Goodbye."): engines split and join words differently."""
        phrase = _letters(heard.phrase)
        words = [word.replace("'", "") for word in _word_list(heard.phrase)]
        return bool(phrase) and any(
            phrase in said.letters or all(word in said.letters for word in words) for said in during
        )

    def _near_miss(self, heard: Heard) -> bool:
        if heard.speech_seconds < self.settings.min_speech_seconds or not heard.transcript.strip():
            return False
        if heard.rejection not in (Rejection.NOT_A_PHRASING, Rejection.POOR_FIT):
            return False
        if heard.sureness is not None and heard.sureness >= self.settings.near_miss_sureness:
            return True
        # The decoder turns any talk into some words; only talk that used a command word was for us.
        heard_words = words_of(heard.transcript)
        return not self.command_words or 2 * len(heard_words & self.command_words) >= len(heard_words)

    def _overlaps(self, said: _Said, start: float, end: float) -> bool:
        return said.started <= end and start <= said.ended + self.settings.tail_seconds

    def _forget_before(self, when: float) -> None:
        self._said = [said for said in self._said if said.ended + self.settings.tail_seconds >= when]
