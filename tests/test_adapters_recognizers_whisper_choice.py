"""Deciding which phrasing was said, from Whisper's scores."""

import math

import pytest

from voicecoach.adapters.recognizers.whisper.choice import ChoiceSettings, Heard, Scored, choose, evidence_of
from voicecoach.commands import Command, CommandId
from voicecoach.listening.rejection import Rejection

SETTINGS = ChoiceSettings()
PAUSE = Command(CommandId.PAUSE)
NEXT = Command(CommandId.NEXT)


def test_a_transcript_that_is_a_phrasing_is_taken_as_it_is() -> None:
    choice = choose(Heard(" Pause.", -0.8, 2, 0.05), PAUSE, [], SETTINGS)
    assert (choice.command, choice.rejected, choice.sureness) == (PAUSE, None, 1.0)


def test_no_speech_is_refused_first() -> None:
    scored = [Scored(PAUSE, " Pause.", -1.0, 2, 0.1)]
    choice = choose(Heard(" Paws.", -0.8, 2, SETTINGS.max_no_speech + 0.05), None, scored, SETTINGS)
    assert (choice.command, choice.rejected) == (None, Rejection.NO_SPEECH)


def test_an_exact_phrasing_is_refused_as_no_speech_only_above_a_higher_bound() -> None:
    doubtful = SETTINGS.max_no_speech + 0.2
    taken = choose(Heard(" Resume reading.", -0.8, 3, doubtful), PAUSE, [], SETTINGS)
    assert (taken.command, taken.rejected) == (PAUSE, None)
    refused = choose(Heard(" Pause.", -0.8, 2, SETTINGS.max_no_speech_exact + 0.05), PAUSE, [], SETTINGS)
    assert (refused.command, refused.rejected) == (None, Rejection.NO_SPEECH)


def test_a_misheard_command_explained_as_well_by_a_near_phrasing_is_taken() -> None:
    heard = Heard("Force.", -4.0, 2, 0.05)
    scored = [Scored(PAUSE, " Pause.", -4.5, 2, 0.7), Scored(NEXT, " Next.", -12.0, 2, 1.0)]
    choice = choose(heard, None, scored, SETTINGS)
    assert choice.command == PAUSE and choice.margin == pytest.approx(-0.5)
    assert choice.sureness >= SETTINGS.min_sureness


def test_talk_explained_far_better_by_itself_is_not_a_command() -> None:
    heard = Heard("Next time I will go to the shop.", -3.0, 9, 0.05)
    choice = choose(heard, None, [Scored(NEXT, " Next tip.", -16.0, 3, 4.5)], SETTINGS)
    assert (choice.command, choice.rejected) == (None, Rejection.NOT_A_PHRASING)
    assert choice.sureness < SETTINGS.min_sureness


def test_each_piece_of_evidence_counts_the_way_it_should() -> None:
    heard = Heard("Next deep.", -4.0, 3, 0.05)
    base = Scored(NEXT, " Next tip.", -5.0, 3, 0.4)

    def sureness(candidate: Scored, lead: float = 3.0, no_speech: float = 0.05) -> float:
        return choose(Heard(heard.text, heard.log_prob, heard.tokens, no_speech), None,
                      [candidate, Scored(PAUSE, " Pause.", candidate.log_prob - lead, 2, 2.0)], SETTINGS).sureness

    assert sureness(base) > sureness(Scored(NEXT, " Next tip.", -12.0, 3, 0.4))  # less likely
    assert sureness(base) > sureness(Scored(NEXT, " Next tip.", -5.0, 3, 2.0))  # further in spelling
    assert sureness(base) > sureness(base, no_speech=0.5)
    assert sureness(Scored(NEXT, " Next tip.", -5.0, 3, 0.4, heard_in_commands=True)) > sureness(base)


def test_the_evidence_is_measured_from_the_best_candidate() -> None:
    evidence = evidence_of(Heard("Next deep.", -4.0, 3, 0.1), Scored(NEXT, " Next tip.", -5.0, 4, 0.5), lead=2.0)
    assert evidence == {
        "margin": -1.0, "mean_log_prob": -1.25, "distance": 0.5, "distance_per_word": 0.25,
        "lead": 2.0, "no_speech": 0.1, "heard_in_commands": 0.0,
    }


def test_two_commands_the_audio_cannot_tell_apart_are_settled_by_the_transcripts_spelling() -> None:
    # "faster", written "Aster": Whisper's scores for the two are a coin toss.
    faster, stop = Command(CommandId.FASTER), Command(CommandId.STOP)
    heard = Heard("Aster", -3.6, 2, 0.09)
    scored = [Scored(stop, " Oh stop.", -6.21, 3, 0.0, True), Scored(faster, " Faster.", -6.26, 2, 0.17)]
    choice = choose(heard, None, scored, SETTINGS)
    assert (choice.command, choice.phrase) == (faster, " Faster.")
    # weighed as leading by nothing (it is 0.05 nats behind), not by a negative lead
    evidence = evidence_of(heard, scored[1], 0.0)
    expected = 1 / (1 + math.exp(-(SETTINGS.bias + sum(SETTINGS.weights[name] * value for name, value in evidence.items()))))
    assert choice.sureness == pytest.approx(expected)


def test_outside_a_tie_the_likeliest_stands_however_it_is_spelled() -> None:
    faster, stop = Command(CommandId.FASTER), Command(CommandId.STOP)
    heard = Heard("Aster", -3.6, 2, 0.09)
    scored = [Scored(stop, " Oh stop.", -6.21, 3, 0.0, True), Scored(faster, " Faster.", -6.21 - SETTINGS.tie_nats - 0.1, 2, 0.17)]
    assert choose(heard, None, scored, SETTINGS).command == stop


def test_phrasings_of_one_command_are_no_tie() -> None:
    heard = Heard("Paws please", -3.0, 3, 0.05)
    scored = [Scored(PAUSE, " Pause.", -4.0, 2, 0.5), Scored(PAUSE, " Pause please.", -4.1, 3, 0.3)]
    assert choose(heard, None, scored, SETTINGS).phrase == " Pause."


def test_a_tie_never_turns_a_refusal_into_a_command() -> None:
    # A pink-noise silence written "Bye.": the likeliest candidate is refused on its own
    # evidence; " Bye.", tied with it and spelled like the transcript, would have been taken.
    quit_, next_ = Command(CommandId.QUIT), Command(CommandId.NEXT)
    heard = Heard("Bye.", -2.0, 2, 0.3)
    scored = [Scored(next_, " Next.", -4.5, 2, 1.5), Scored(quit_, " Bye.", -4.6, 2, 0.0)]
    assert choose(heard, None, [scored[1]], SETTINGS).command == quit_  # alone, it is taken
    choice = choose(heard, None, scored, SETTINGS)
    assert (choice.command, choice.rejected, choice.phrase) == (None, Rejection.NOT_A_PHRASING, " Next.")
