"""EchoGuard: our own words are not obeyed, playback needs a surer command, near misses get an answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from voicecoach.commands import Command, CommandId
from voicecoach.listening.echo import EchoGuard, EchoSettings, Heard, Verdict, words_of
from voicecoach.listening.rejection import Rejection

NEXT = Command(CommandId.NEXT)
STOP = Command(CommandId.STOP)
FASTER = Command(CommandId.FASTER)


def heard(command: Command | None, text: str, at: float, sure: float | None = 1.0, **extra: object) -> Heard:
    """An utterance of about half a second ending at `at`; the phrase weighed is the transcript
    unless given."""
    phrase = str(extra.pop("phrase", text))
    return Heard(command, text, at - 0.5, at, float(extra.pop("speech", 0.5)), sure, phrase=phrase, **extra)  # type: ignore[arg-type]


def test_a_command_in_silence_is_obeyed() -> None:
    assert EchoGuard().judge(heard(NEXT, "next tip", 10.0)) is Verdict.OBEY


def test_our_own_confirmation_heard_back_is_an_echo() -> None:
    guard = EchoGuard()
    guard.started("Faster.", at=5.0)
    guard.ended(5.4)
    assert guard.judge(heard(FASTER, "faster", 5.9)) is Verdict.ECHO


def test_words_of_the_sentence_being_read_are_an_echo_even_for_stop() -> None:
    guard = EchoGuard()
    guard.started("Stop and let your breath go.", at=0.0)
    assert guard.judge(heard(STOP, "stop", 1.0)) is Verdict.ECHO


def test_a_phrasing_spelt_apart_is_an_echo_of_the_word_run_together() -> None:
    guard = EchoGuard()
    guard.started("Goodbye. Sleep well.", at=0.0)
    quit_ = Command(CommandId.QUIT)
    assert guard.judge(heard(quit_, "Don't buy.", 1.0, phrase=" Good bye.")) is Verdict.ECHO
    assert guard.judge(heard(quit_, "Bye-bye.", 1.0, phrase="Bye-bye.")) is Verdict.ECHO
    assert guard.judge(heard(NEXT, "next", 1.0, phrase=" Next.")) is Verdict.OBEY


def test_a_transcript_mostly_of_what_we_say_is_an_echo_whatever_phrasing_it_was_taken_for() -> None:
    guard = EchoGuard()
    guard.started("Let your feet grow heavy and warm.", at=0.0)
    assert guard.judge(heard(STOP, "let your feet grow heavy", 1.0, phrase=" Stop.")) is Verdict.ECHO
    assert guard.judge(heard(STOP, "heavy stop", 1.0, phrase=" Stop.")) is Verdict.OBEY


def test_stop_over_a_sentence_without_that_word_is_obeyed_when_sure() -> None:
    guard = EchoGuard()
    guard.started("Let your feet grow heavy and warm.", at=0.0)
    assert guard.judge(heard(STOP, "stop", 1.0, sure=0.9)) is Verdict.OBEY


def test_during_playback_an_unsure_command_is_not_enough() -> None:
    guard = EchoGuard(EchoSettings(playback_min_sureness=0.8))
    guard.started("Let your feet grow heavy and warm.", at=0.0)
    assert guard.judge(heard(NEXT, "next tip", 1.0, sure=0.6)) is Verdict.UNSURE
    assert guard.judge(heard(NEXT, "next tip", 1.0, sure=None)) is Verdict.UNSURE
    assert guard.judge(heard(NEXT, "next tip", 1.0, sure=0.85)) is Verdict.OBEY
    assert guard.judge(heard(NEXT, "next tip", 30.0, sure=0.6)) is Verdict.OBEY  # in silence


def test_words_said_long_enough_ago_no_longer_count() -> None:
    guard = EchoGuard(EchoSettings(tail_seconds=1.0))
    guard.started("Next.", at=0.0)
    guard.ended(0.5)
    assert guard.judge(heard(NEXT, "next", 1.4)) is Verdict.ECHO  # heard from 0.9: within the tail
    assert guard.judge(heard(NEXT, "next", 2.1)) is Verdict.OBEY  # heard from 1.6


def test_a_new_sound_ends_the_one_before() -> None:
    guard = EchoGuard(EchoSettings(tail_seconds=0.5))
    guard.started("Again and again and again and again.", at=0.0)
    guard.started("ack", at=1.0, words=False)
    guard.ended(1.2)
    assert not guard.speaking_during(1.8, 2.0)
    assert guard.speaking_during(1.5, 1.6)


def test_an_earcon_counts_as_playback_but_has_no_words() -> None:
    guard = EchoGuard(EchoSettings(playback_min_sureness=0.8))
    guard.started("ack", at=0.0, words=False)
    assert guard.judge(heard(Command(CommandId.RESUME), "go on", 0.3, sure=0.9)) is Verdict.OBEY
    assert guard.judge(heard(Command(CommandId.RESUME), "go on", 0.3, sure=0.5)) is Verdict.UNSURE


def test_near_misses_in_silence_are_answered_and_noise_is_not() -> None:
    guard = EchoGuard(EchoSettings(near_miss_sureness=0.3, min_speech_seconds=0.3), frozenset({"go", "to", "next", "tip"}))
    poor, partial = Rejection.POOR_FIT, Rejection.NOT_A_PHRASING
    assert guard.judge(heard(None, "next dip", 5.0, sure=0.4, rejection=poor)) is Verdict.NOT_UNDERSTOOD
    assert guard.judge(heard(None, "mix the tea", 5.0, sure=0.1, rejection=partial)) is Verdict.IGNORE
    assert guard.judge(heard(None, "go to", 5.0, sure=None, rejection=partial)) is Verdict.NOT_UNDERSTOOD
    assert guard.judge(heard(None, "go to", 5.0, sure=None, rejection=partial, speech=0.1)) is Verdict.IGNORE
    assert guard.judge(heard(None, "", 5.0, sure=None, rejection=Rejection.NO_SPEECH)) is Verdict.IGNORE
    too_long = Rejection.TOO_LONG
    assert guard.judge(heard(None, "stop", 5.0, sure=None, rejection=too_long, speech=4.0)) is Verdict.IGNORE


def test_nothing_is_answered_with_didnt_catch_that_while_we_speak() -> None:
    guard = EchoGuard()
    guard.started("Turn the lamps low an hour before bed.", at=0.0)
    assert guard.judge(heard(None, "next tip", 1.0, sure=0.4, rejection=Rejection.POOR_FIT)) is Verdict.IGNORE


@given(st.text(max_size=80), st.text(max_size=40))
def test_a_transcript_made_only_of_the_spoken_words_is_never_obeyed_during_playback(said: str, extra: str) -> None:
    guard = EchoGuard()
    guard.started(said, at=0.0)
    spoken = sorted(words_of(said))
    if not spoken:
        return
    transcript = " ".join(spoken[: 1 + len(extra) % len(spoken)])
    assert guard.judge(heard(NEXT, transcript, 0.5, phrase=" Next.")) is Verdict.ECHO


def test_talk_gets_didnt_catch_that_only_when_made_of_command_words() -> None:
    guard = EchoGuard(command_words=frozenset({"go", "to", "the", "next", "tip", "section"}))
    partial = Rejection.NOT_A_PHRASING
    assert guard.judge(heard(None, "go to the", 5.0, sure=None, rejection=partial)) is Verdict.NOT_UNDERSTOOD
    assert guard.judge(heard(None, "what still right really tea", 5.0, sure=None, rejection=partial)) is Verdict.IGNORE
