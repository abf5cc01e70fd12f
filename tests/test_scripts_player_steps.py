"""Finer steps back in the script player: the sentence again, seconds back by the plan's lengths,
where am I with the time left, and a resume after a night's pause."""

from __future__ import annotations

from tests.test_scripts_player import Session
from voicecoach.commands import CommandId
from voicecoach.events import Moved
from voicecoach.ports import Position
from voicecoach.reader_core import NIGHT_PAUSE_SECONDS
from voicecoach.scripts import phrases
from voicecoach.sounds import Speech, SpeechKind

STEPS = """
title: Steps
steps:
  - section:
      title: First
      steps:
        - say: One.
        - pause: 20
        - say: Two.
        - pause: 20
        - say: Three.
  - section:
      title: Second
      steps:
        - say: Four.
        - pause: 60
"""


def content(session: Session, after: float = 0.0) -> list[str]:
    return [text for at, text in session.speaker.content() if at >= after]


def said(session: Session, after: float) -> list[str]:
    return [s.text for at, s in session.speaker.played if at >= after and isinstance(s, Speech)]


def test_say_that_sentence_again_during_a_pause_says_the_one_just_said() -> None:
    session = Session(STEPS).at(5.0, CommandId.REPEAT_SENTENCE).run(until=8.0)
    assert content(session, after=5.0) == ["One."]


def test_back_thirty_seconds_walks_back_by_the_plans_lengths() -> None:
    # At 30 s, 7 s into the pause after "Two." (said at 22): 10 s back is in the pause before it.
    session = Session(STEPS).at(30.0, CommandId.BACK_SECONDS, seconds=10).run(until=33.0)
    assert said(session, after=30.0)[0] == "Back 10 seconds."
    assert [e.position for e in session.of_type(Moved) if e.at >= 30.0][0] == Position(0, 1)
    session = Session(STEPS).at(30.0, CommandId.BACK_SECONDS, seconds=10).run(until=60.0)
    assert content(session, after=30.0)[0] == "Two."
    session = Session(STEPS).at(30.0, CommandId.BACK_SECONDS).run(until=33.0)  # 30 s: the very start
    assert [e.position for e in session.of_type(Moved) if e.at >= 30.0][0] == Position(0, 0)


def test_where_adds_the_time_left_in_the_section_and_the_script() -> None:
    session = Session(STEPS).at(5.0, CommandId.WHERE).run(until=8.0)
    assert said(session, after=5.0)[:2] == [
        "Section 1 of 2, First, step 2 of 5.",
        "About 1 minute left in this section, 2 minutes in all.",  # 17 s of the pause, "Two.", 20 s, "Three."
    ]


def test_after_a_nights_pause_the_step_starts_again() -> None:
    later = 3.0 + NIGHT_PAUSE_SECONDS
    session = Session(STEPS).at(2.5, CommandId.PAUSE).at(later, CommandId.RESUME).run(until=later + 5.0)
    assert said(session, after=later)[:1] == [phrases.FROM_THE_STEP_START]
    heard = [s for at, s in session.speaker.played if at >= later and isinstance(s, Speech) and s.kind is SpeechKind.CONTENT]
    assert not heard or heard[0].text in ("One.", "Two.")


def test_a_short_pause_goes_on_where_it_was() -> None:
    session = Session(STEPS).at(5.0, CommandId.PAUSE).at(100.0, CommandId.RESUME).run(until=104.0)
    assert said(session, after=100.0)[0] == "Going on."
