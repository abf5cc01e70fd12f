"""Where a night's resume starts: the awake moment or the rewind before the end, the nearer one."""

from __future__ import annotations

from voicecoach.commands import Command, CommandId
from voicecoach.events import CommandDone, Moved, Quit, QuitReason, SentenceBegun, Started
from voicecoach.night import MAX_TRAIL, Moment, Night, NightEnd, NightLog, ResumeReason, resume_offer
from voicecoach.places import Place
from voicecoach.ports import Position

MINUTE = 60.0


def night_of(awake_at: float, end_at: float, end: NightEnd | None = NightEnd.SLEEP_TIMER) -> Night:
    """A night with a new tip every minute from the start, the listener last awake at `awake_at`."""
    trail = tuple(Moment(minute * MINUTE, Place(0, minute)) for minute in range(int(end_at // MINUTE) + 1))
    awake_tip = int(awake_at // MINUTE)
    stopped = None if end is None else Moment(end_at, Place(0, int(end_at // MINUTE), 2))
    return Night(Moment(awake_at, Place(0, awake_tip, 1)), trail, stopped, end)


def test_awake_within_the_rewind_starts_at_the_start_of_that_tip() -> None:
    offer = resume_offer(night_of(awake_at=52 * MINUTE + 20, end_at=60 * MINUTE), rewind_seconds=15 * MINUTE)
    assert offer is not None and offer.reason is ResumeReason.AWAKE
    assert offer.start == Place(0, 52) and offer.stopped == Place(0, 60, 2) and offer.rewind_minutes == 15


def test_awake_long_before_the_end_starts_the_rewind_before_the_end() -> None:
    offer = resume_offer(night_of(awake_at=0.0, end_at=60 * MINUTE), rewind_seconds=15 * MINUTE)
    assert offer is not None and offer.reason is ResumeReason.BEFORE_END and offer.start == Place(0, 45)


def test_a_goodbye_needs_no_offer_and_a_killed_session_gets_one_from_its_last_place() -> None:
    assert resume_offer(night_of(0.0, 600.0, NightEnd.GOODBYE)) is None
    assert resume_offer(None) is None
    killed = resume_offer(night_of(awake_at=0.0, end_at=30 * MINUTE, end=None), rewind_seconds=10 * MINUTE)
    assert killed is not None and killed.start == Place(0, 20) and killed.stopped == Place(0, 30)


def test_a_session_shorter_than_the_rewind_starts_where_it_began() -> None:
    offer = resume_offer(night_of(awake_at=0.0, end_at=5 * MINUTE, end=NightEnd.QUIET), rewind_seconds=15 * MINUTE)
    assert offer is not None and offer.reason is ResumeReason.AWAKE and offer.start == Place(0, 0)


def test_the_log_follows_the_events_in_seconds_since_the_start() -> None:
    log = NightLog(keep_seconds=15 * MINUTE)
    assert not log.on_event(CommandDone(1.0, Command(CommandId.NEXT)))  # before the start: nothing
    assert log.on_event(Started(1000.0, Position(2, 1), "Guide"))
    assert not log.on_event(SentenceBegun(1003.0, Position(2, 1), 3))
    assert log.on_event(CommandDone(1004.0, Command(CommandId.SLOWER)))
    assert log.on_event(Moved(1050.0, Position(2, 2)))
    assert log.on_event(Quit(1100.0, Position(2, 2), QuitReason.SLEEP_TIMER))
    assert log.night == Night(
        Moment(4.0, Place(2, 1, 3)),
        (Moment(0.0, Place(2, 1)), Moment(50.0, Place(2, 2))),
        Moment(100.0, Place(2, 2)),
        NightEnd.SLEEP_TIMER,
    )
    assert not log.session_ended(1200.0)  # it has ended already


def test_the_trail_keeps_only_the_rewind_before_its_end_and_is_bounded() -> None:
    log = NightLog(keep_seconds=10 * MINUTE)
    log.on_event(Started(0.0, Position(0, 0), "Guide"))
    for minute in range(1, 61):
        log.on_event(Moved(minute * MINUTE, Position(0, minute)))
    assert log.night is not None
    assert log.night.trail[0] == Moment(50 * MINUTE, Place(0, 50)) and len(log.night.trail) == 11
    many = NightLog(keep_seconds=10**9)
    many.on_event(Started(0.0, Position(0, 0), "Guide"))
    for step in range(MAX_TRAIL + 50):
        many.on_event(Moved(float(step + 1), Position(0, step)))
    assert many.night is not None and len(many.night.trail) == MAX_TRAIL
