"""Deciding which phrasing was said, from Whisper's scores."""

import pytest

from voicecoach.adapters.recognizers.whisper.choice import ChoiceSettings, Heard, Scored, choose, sureness_of
from voicecoach.commands import Command, CommandId
from voicecoach.listening.rejection import Rejection

SETTINGS = ChoiceSettings()
PAUSE = Command(CommandId.PAUSE)
NEXT = Command(CommandId.NEXT)


def test_a_transcript_that_is_a_phrasing_is_taken_as_it_is() -> None:
    choice = choose(Heard(" Pause.", -0.8, 2, 0.05), PAUSE, [], SETTINGS)
    assert (choice.command, choice.rejected, choice.sureness) == (PAUSE, None, 1.0)


def test_no_speech_is_refused_first() -> None:
    choice = choose(Heard(" Pause.", -0.8, 2, 0.9), PAUSE, [], SETTINGS)
    assert (choice.command, choice.rejected) == (None, Rejection.NO_SPEECH)


def test_the_best_phrasing_close_to_the_transcript_wins() -> None:
    heard = Heard(" Force.", -4.0, 2, 0.1)
    scored = [Scored(PAUSE, " Pause.", -4.5, 2), Scored(NEXT, " Next.", -12.0, 2)]
    choice = choose(heard, None, scored, SETTINGS)
    assert choice.command == PAUSE and choice.margin == pytest.approx(-0.5) and choice.sureness == 1.0


def test_talk_explained_far_better_by_itself_is_not_a_command() -> None:
    heard = Heard(" Next time I will.", -3.0, 5, 0.1)
    choice = choose(heard, None, [Scored(NEXT, " Next tip.", -14.0, 3)], SETTINGS)
    assert (choice.command, choice.rejected) == (None, Rejection.NOT_A_PHRASING)
    assert choice.sureness < 0.5


def test_sureness_falls_from_one_to_a_half_half_way_to_the_limit() -> None:
    assert sureness_of(0.0, SETTINGS) == 1.0
    assert sureness_of(-SETTINGS.sure_margin, SETTINGS) == 1.0
    half_way = -(SETTINGS.sure_margin + (SETTINGS.max_margin - SETTINGS.sure_margin) / 2)
    assert sureness_of(half_way, SETTINGS) == pytest.approx(0.5)
    assert sureness_of(-50.0, SETTINGS) < 0.01
