"""What a night's session leaves behind, and where the next one starts from. Pure.

A listener who falls asleep never hears where the reading stopped. So the session notes the
last moment with evidence that they were awake (a command said, typed or pressed; the start
of the session) and where the reading was over time (each new tip or step). When the session
ends by the sleep timer or a quiet stop (no goodbye: the reading ran to its end by itself, or
the process was killed), the next session starts from the nearer of two places to where it
stopped: that awake moment, or `rewind` before the end (the place read then), at the start of
its tip. "Continue from where it stopped" takes the exact place instead. After a goodbye the
listener was awake, and the next session simply goes on where it stopped.

`NightLog` follows a player's events into a `Night`; `resume_offer` reads a `Night`.
Times are seconds since the session began (its `Started` event).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from voicecoach.events import CommandDone, Moved, PlayerEvent, Quit, QuitReason, SentenceBegun, Started
from voicecoach.places import Place

DEFAULT_REWIND_SECONDS = 15 * 60
"""How far before the end a night's resume goes back at most (the config's rewind_after_sleep):
about how long people take to fall asleep."""
MAX_TRAIL = 400
"""Places kept in a night's trail at most (the oldest go first)."""


class NightEnd(StrEnum):
    """How a session ended."""

    GOODBYE = "goodbye"
    """The listener said goodbye: they were awake."""
    SLEEP_TIMER = "sleep_timer"
    QUIET = "quiet"
    """The session ended by itself, with no goodbye (the reading ran to its end)."""


@dataclass(frozen=True)
class Moment:
    """A place at a time (seconds since the session began)."""

    at: float
    place: Place


@dataclass(frozen=True)
class Night:
    """One session of a document, as far as it got: None for `end` while it runs, and after a kill."""

    awake: Moment
    """The last moment with evidence that the listener was awake."""
    trail: tuple[Moment, ...]
    """Where the reading was: a moment for the start and for each new tip or step, oldest first."""
    stopped: Moment | None = None
    """Where the session ended, to the sentence (None until it has)."""
    end: NightEnd | None = None

    @property
    def last(self) -> Moment:
        """The latest moment known: where it stopped, else the last place in the trail."""
        if self.stopped is not None:
            return self.stopped
        return max((self.awake, *self.trail), key=lambda moment: moment.at)


class ResumeReason(StrEnum):
    """Which of the two places a resume after sleep starts from."""

    AWAKE = "awake"
    BEFORE_END = "before_end"


@dataclass(frozen=True)
class ResumeOffer:
    """Where the next session starts after a night that ended asleep, and the exact place it stopped."""

    start: Place
    """The start of the tip to begin with (sentence 0)."""
    stopped: Place
    """Where the reading stopped, to the sentence ("continue from where it stopped")."""
    reason: ResumeReason
    rewind_minutes: int
    """The rewind, for saying "fifteen minutes before the reading stopped"."""


def resume_offer(night: Night | None, rewind_seconds: float = DEFAULT_REWIND_SECONDS) -> ResumeOffer | None:
    """Where to start after `night`, or None when it ended with a goodbye (or there is none)."""
    if night is None or night.end is NightEnd.GOODBYE:
        return None
    last = night.last
    rewound = last.at - rewind_seconds
    if night.awake.at >= rewound:
        chosen, reason = night.awake.place, ResumeReason.AWAKE
    else:
        chosen, reason = _place_at(night.trail, rewound, night.awake.place), ResumeReason.BEFORE_END
    return ResumeOffer(Place(chosen.section, chosen.tip), last.place, reason, max(1, round(rewind_seconds / 60)))


def _place_at(trail: tuple[Moment, ...], at: float, otherwise: Place) -> Place:
    """The place being read at time `at`: the last one the trail reached by then."""
    earlier = [moment for moment in trail if moment.at <= at]
    return earlier[-1].place if earlier else (trail[0].place if trail else otherwise)


class NightLog:
    """Follows one session's events; `night` is its `Night` so far (None before it starts).

    `on_event` says whether the night changed in a way worth saving at once (a start, a new
    tip, a command, the end); a sentence begun is only remembered, to be saved with the next.
    """

    def __init__(self, keep_seconds: float = DEFAULT_REWIND_SECONDS) -> None:
        self._keep = keep_seconds
        self._origin: float | None = None
        self._place = Place(0, 0)
        self.night: Night | None = None

    def on_event(self, event: PlayerEvent) -> bool:
        """Take in one event; True when the night should be saved now."""
        night = self.night
        match event:
            case Started(at=at, position=position):
                self._origin = at
                self._place = Place.of(position)
                start = Moment(0.0, self._place)
                self.night = Night(start, (start,))
                return True
            case _ if night is None or self._origin is None:
                return False
            case SentenceBegun(position=position, sentence=sentence):
                self._place = Place.of(position, sentence)
                return False
            case Moved(at=at, position=position):
                self._place = Place.of(position)
                self.night = replace(night, trail=self._trimmed(night.trail + (self._moment(at),)))
                return True
            case CommandDone(at=at):
                self.night = replace(night, awake=self._moment(at))
                return True
            case Quit(at=at, reason=reason):
                end = NightEnd.GOODBYE if reason is QuitReason.GOODBYE else NightEnd.SLEEP_TIMER
                self.night = replace(night, stopped=self._moment(at), end=end)
                return True
        return False

    def session_ended(self, at: float) -> bool:
        """The session is over; with no goodbye and no sleep timer, it stopped quietly."""
        night = self.night
        if night is None or self._origin is None or night.end is not None:
            return False
        self.night = replace(night, stopped=self._moment(at), end=NightEnd.QUIET)
        return True

    def _moment(self, at: float) -> Moment:
        return Moment(max(0.0, at - (self._origin or 0.0)), self._place)

    def _trimmed(self, trail: tuple[Moment, ...]) -> tuple[Moment, ...]:
        """The trail without what lies more than `keep` before its end (but the place read at
        that boundary), and at most MAX_TRAIL long."""
        boundary = trail[-1].at - self._keep
        first = 0
        while first + 1 < len(trail) and trail[first + 1].at <= boundary:
            first += 1
        return trail[first:][-MAX_TRAIL:]
