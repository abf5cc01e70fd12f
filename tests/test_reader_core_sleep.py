"""The sleep timer in both players, in virtual time: each form, the warning, the window, the
extension (by command, key, "keep going" and the media-button hook), and the end."""

from __future__ import annotations

import io
import math

import pytest

from tests.fakes import VirtualTimeSpeaker
from voicecoach.adapters.typed_input import event_for_key
from voicecoach import phrases
from voicecoach.commands import Command, CommandId
from voicecoach.document import Document, Section, Tip
from voicecoach.events import (
    CommandDone,
    PlayerEvent,
    Quit,
    QuitReason,
    SentenceBegun,
    SleepTimerAction,
    SleepTimerChanged,
    Speaking,
)
from voicecoach.fade import FadeSchedule
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import CommandArrived, FeedDue, InputClosed, Position
from voicecoach.reader_core import ReaderCore
from voicecoach.scripts.loader import script_from_yaml
from voicecoach.scripts.player import ScriptPlayer
from voicecoach.session import Session
from voicecoach.sleep_timer import SleepUnit
from voicecoach.sounds import Earcon, EarconName, Speech, SpeechKind
from voicecoach.virtual_loop import VirtualLoop

SENTENCE = "Let the weight of the day slip off you slowly now."  # 3.0 s with the fake speaker


def tip(section: int, number: int, sentences: int = 8) -> Tip:
    return Tip("", " ".join(f"Part {section} {number}. {SENTENCE}" for _ in range(sentences)))


# Four sections of four tips; each tip is about 28 s of fake speech, the whole about 7.5 minutes.
GUIDE = Document("Night", tuple(Section(f"S{s}", tuple(tip(s, n) for n in range(4))) for s in range(1, 5)))
SCRIPT = """
title: Long rest
steps:
  - section:
      title: First
      steps:
        - say: Let your shoulders drop, and let the floor hold you.
        - pause: 80
        - say: Let your hands rest, and let your breath slow down.
        - pause: 80
  - section:
      title: Second
      steps:
        - say: Feel your feet, warm and heavy, sinking down.
        - pause: 80
        - say: Rest now, there is nothing more to do tonight.
        - pause: 80
"""


class Night:
    """A player on a virtual loop with a fade schedule, and commands at chosen times."""

    def __init__(
        self, kind: str = "article", warning: float = 60.0, document: Document = GUIDE, loop: VirtualLoop | None = None
    ) -> None:
        self.loop = loop if loop is not None else VirtualLoop()
        self.speaker = VirtualTimeSpeaker(loop=self.loop)
        self.events: list[PlayerEvent] = []
        self.fade = FadeSchedule()
        self.last = 0.0
        self.player: ReaderCore
        if kind == "article":
            settings = PlayerSettings(continuous=True, sleep_warning_seconds=warning, sleep_default_seconds=120)
            self.player = Player(document, self.speaker, self.events.append, settings, fade=self.fade)
        else:
            self.player = ScriptPlayer(script_from_yaml(io.StringIO(SCRIPT)), self.speaker, self.events.append,
                                       fade=self.fade, sleep_warning_seconds=warning, sleep_default_seconds=120)

    def at(self, when: float, command_id: CommandId, **args: int) -> "Night":
        self.loop.post_at(when, CommandArrived(Command(command_id, args)))
        self.last = max(self.last, when)
        return self

    def run(self) -> "Night":
        self.loop.post_at(self.last, InputClosed("keys"))
        Session(self.player, self.loop, input_open=True).run()  # type: ignore[arg-type]
        return self

    def timer_events(self, action: SleepTimerAction) -> list[SleepTimerChanged]:
        return [e for e in self.events if isinstance(e, SleepTimerChanged) and e.action is action]

    def said(self, after: float = 0.0) -> list[str]:
        return [s.text for t, s in self.speaker.starts if t >= after and isinstance(s, Speech)]

    def warnings_heard(self) -> list[float]:
        return [t for t, s in self.speaker.starts if isinstance(s, Earcon) and s.name is EarconName.SLEEP_WARNING]

    @property
    def quit(self) -> Quit:
        quits = [e for e in self.events if isinstance(e, Quit)]
        assert len(quits) == 1, quits
        return quits[0]

    def content_after(self, when: float) -> list[str]:
        return [s.text for t, s in self.speaker.starts if t >= when and isinstance(s, Speech) and s.kind is SpeechKind.CONTENT]


KINDS = ["article", "script"]


# ---------------------------------------------------------------- by length, the warning and the end


@pytest.mark.parametrize("kind", KINDS)
def test_a_timer_by_length_warns_a_minute_before_its_end_then_fades_and_stops(kind: str) -> None:
    night = Night(kind).at(5.0, CommandId.SLEEP_TIMER, minutes=2).run()
    warned = night.timer_events(SleepTimerAction.WARNED)
    assert [e.at for e in warned] == [pytest.approx(65.0)]
    heard = night.warnings_heard()
    assert len(heard) == 1 and 65.0 <= heard[0] < 65.0 + 4.0  # at the next gap between sentences
    word = next(s for t, s in night.speaker.starts if t >= heard[0] and isinstance(s, Speech))
    assert word.text == phrases.SLEEP_WARNING and word.voice.volume < night.player.voice.volume  # quiet
    assert night.quit.reason is QuitReason.SLEEP_TIMER and 125.0 <= night.quit.at < 125.0 + 4.0
    assert night.fade.gain_at(94.0) == 1.0 and 0.0 < night.fade.gain_at(110.0) < 0.1 and night.fade.gain_at(125.0) == 0.0


@pytest.mark.parametrize("kind", KINDS)
def test_a_bare_sleep_takes_the_configured_length(kind: str) -> None:
    night = Night(kind).at(5.0, CommandId.SLEEP_TIMER).run()
    assert night.timer_events(SleepTimerAction.SET)[0].minutes == 2
    assert 125.0 <= night.quit.at < 129.0


def test_no_warning_when_it_is_turned_off_or_the_timer_is_shorter_than_it() -> None:
    assert Night(warning=0.0).at(5.0, CommandId.SLEEP_TIMER, minutes=2).run().warnings_heard() == []
    assert Night().at(5.0, CommandId.SLEEP_TIMER, minutes=1).run().warnings_heard() == []


# ---------------------------------------------------------------- the window: any sign of the listener


@pytest.mark.parametrize("kind", KINDS)
def test_a_command_in_the_window_starts_the_timer_again_and_is_obeyed(kind: str) -> None:
    night = Night(kind).at(5.0, CommandId.SLEEP_TIMER, minutes=2).at(80.0, CommandId.SLOWER).run()
    extended = night.timer_events(SleepTimerAction.EXTENDED)
    assert [e.at for e in extended] == [80.0] and extended[0].minutes == 2
    said = night.said(after=80.0)
    assert said[:2] == [phrases.SLOWER, phrases.sleep_more(2)]
    assert 200.0 <= night.quit.at < 204.0  # two minutes from the command
    assert len(night.timer_events(SleepTimerAction.WARNED)) == 2  # and it warns again before the new end


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command_id", [CommandId.RESUME, CommandId.TOGGLE_PAUSE])
def test_keep_going_or_play_pause_in_the_window_only_extends_and_the_reading_goes_on(
    kind: str, command_id: CommandId
) -> None:
    night = Night(kind).at(5.0, CommandId.SLEEP_TIMER, minutes=2).at(100.0, command_id).run()
    assert night.said(after=100.0)[0] == phrases.sleep_more(2)
    assert phrases.PAUSED not in night.said(after=100.0) and phrases.ALREADY_READING not in night.said(after=100.0)
    assert 220.0 <= night.quit.at < 224.0
    assert night.fade.gain_at(100.0) < 0.5 < night.fade.gain_at(103.0) == 1.0  # back from the fade, smoothly
    assert night.fade.gain_at(101.0) < night.fade.gain_at(101.9)


@pytest.mark.parametrize("kind", KINDS)
def test_keep_going_when_paused_in_the_window_resumes_too(kind: str) -> None:
    night = Night(kind).at(5.0, CommandId.SLEEP_TIMER, minutes=2).at(60.0, CommandId.PAUSE).at(80.0, CommandId.RESUME).run()
    assert night.warnings_heard() and 65.0 <= night.warnings_heard()[0] < 66.0  # said at once: nothing sounds
    assert night.said(after=80.0)[:2] == [phrases.RESUMING, phrases.sleep_more(2)]
    assert night.content_after(81.0)  # reading again
    assert 200.0 <= night.quit.at < 204.0


def test_a_command_before_the_window_changes_nothing() -> None:
    night = Night().at(5.0, CommandId.SLEEP_TIMER, minutes=2).at(40.0, CommandId.SLOWER).run()
    assert night.timer_events(SleepTimerAction.EXTENDED) == []
    assert 125.0 <= night.quit.at < 129.0


@pytest.mark.parametrize(("key", "first_words"), [(" ", phrases.sleep_more(2)), ("m", phrases.sleep_more(2)), ("n", phrases.NEXT)])
def test_a_key_in_the_window_starts_the_timer_again(key: str, first_words: str) -> None:
    night = Night().at(5.0, CommandId.SLEEP_TIMER, minutes=2)
    night.loop.post_at(90.0, event_for_key(key))  # as the key reader posts it
    night.last = 90.0
    night.run()
    assert [e.at for e in night.timer_events(SleepTimerAction.EXTENDED)] == [90.0]
    said = night.said(after=90.0)
    assert said[0] == first_words and phrases.sleep_more(2) in said[:3]  # space and m only extend; n also moves
    assert phrases.PAUSED not in said
    assert 210.0 <= night.quit.at < 214.0


class PressingLoop(VirtualLoop):
    """A virtual loop that, when its clock first passes each of `presses`, calls the player's
    media-button hook, as the media helper does on the session's thread between events."""

    def __init__(self, presses: list[float]) -> None:
        super().__init__()
        self.presses = sorted(presses)
        self.player: ReaderCore | None = None
        self.answers: list[tuple[float, bool]] = []
        for when in presses:
            self.post_at(when, FeedDue())  # an event at the press's time, which the session passes over

    def next_event(self):  # type: ignore[no-untyped-def]
        event = super().next_event()
        while self.presses and self.now() >= self.presses[0] and self.player is not None:
            self.answers.append((self.now(), self.player.extend_sleep_timer(self.now())))
            self.presses.pop(0)
        return event


@pytest.mark.parametrize("kind", KINDS)
def test_the_media_button_hook_extends_in_the_window_only(kind: str) -> None:
    loop = PressingLoop([30.0, 90.0])
    night = Night(kind, loop=loop)
    loop.player = night.player
    night.at(5.0, CommandId.SLEEP_TIMER, minutes=2).run()
    (early, outside), (late, inside) = loop.answers
    assert (early, outside) == (30.0, False)  # before the warning: the button does its own thing
    assert (late, inside) == (90.0, True)
    assert [e.at for e in night.timer_events(SleepTimerAction.EXTENDED)] == [late]
    assert night.said(after=late)[0] == phrases.sleep_more(2)
    assert late + 120.0 <= night.quit.at < late + 124.0


# ---------------------------------------------------------------- more minutes, cancel, how long left


@pytest.mark.parametrize("kind", KINDS)
def test_n_more_minutes_adds_to_the_time_left(kind: str) -> None:
    night = Night(kind).at(5.0, CommandId.SLEEP_TIMER, minutes=2).at(25.0, CommandId.EXTEND_SLEEP_TIMER, minutes=3).run()
    assert night.said(after=25.0)[0] == phrases.sleep_more(5)  # 100 s left + 3 minutes
    assert 305.0 <= night.quit.at < 309.0


def test_n_more_minutes_with_no_timer_sets_one_and_a_bare_more_time_needs_one() -> None:
    night = Night().at(5.0, CommandId.EXTEND_SLEEP_TIMER).at(10.0, CommandId.EXTEND_SLEEP_TIMER, minutes=2).run()
    assert night.said(after=5.0)[0] == phrases.NO_SLEEP_TIMER
    assert night.said(after=10.0)[0] == phrases.sleep_more(2)
    assert 130.0 <= night.quit.at < 134.0


def test_a_bare_more_time_starts_the_timer_again_at_its_last_length() -> None:
    night = Night().at(5.0, CommandId.SLEEP_TIMER, minutes=2).at(50.0, CommandId.EXTEND_SLEEP_TIMER).run()
    assert night.said(after=50.0)[0] == phrases.sleep_more(2)
    assert 170.0 <= night.quit.at < 174.0


@pytest.mark.parametrize("kind", KINDS)
def test_cancel_in_the_fade_brings_the_voice_back_smoothly_and_the_session_goes_on(kind: str) -> None:
    night = Night(kind).at(5.0, CommandId.SLEEP_TIMER, minutes=2).at(110.0, CommandId.CANCEL_SLEEP_TIMER).at(150.0, CommandId.QUIT).run()
    assert night.said(after=110.0)[0] == phrases.SLEEP_CANCELLED
    assert night.timer_events(SleepTimerAction.EXTENDED) == []  # cancel decides for itself
    faded = night.fade.gain_at(109.9)
    assert faded < night.fade.gain_at(111.0) < night.fade.gain_at(111.9) < 1.0 == night.fade.gain_at(112.0)
    assert night.quit.reason is QuitReason.GOODBYE


def test_how_long_left_for_each_kind_of_timer() -> None:
    night = Night().at(5.0, CommandId.SLEEP_TIMER, minutes=2).at(10.0, CommandId.TIME_LEFT).run()
    assert "About 2 minutes left." in night.said(after=10.0)
    night = Night().at(5.0, CommandId.SLEEP_END_OF_SECTION).at(10.0, CommandId.TIME_LEFT).at(12.0, CommandId.QUIT).run()
    left = night.said(after=10.0)[0]
    assert left.startswith("The reading stops at the end of this section, in ") and "minute" in left


# ---------------------------------------------------------------- at the end of a tip or section


def ended_on(night: Night) -> str:
    content = [e for e in night.events if isinstance(e, SentenceBegun)]
    return GUIDE.sections[content[-1].position.section].tips[content[-1].position.tip].sentences[content[-1].sentence]


def test_at_the_end_of_this_tip_the_session_ends_quietly_after_its_last_sentence() -> None:
    night = Night().at(2.0, CommandId.SLEEP_END_OF_TIP).run()
    assert night.said(after=2.0)[0] == "Sleep timer: at the end of this tip."
    assert night.quit.reason is QuitReason.SLEEP_TIMER and night.quit.position == Position(0, 0)
    last = [s for s in night.speaker.played if isinstance(s, Speech)][-1]
    assert last.text == GUIDE.sections[0].tips[0].sentences[-1]  # no "that is the end", no goodbye
    assert night.fade.silent_from() == pytest.approx(night.quit.at + 30.0)  # the sound bed fades out


def test_at_the_end_of_this_section_and_after_two_sections() -> None:
    night = Night().at(2.0, CommandId.SLEEP_END_OF_SECTION).run()
    assert night.quit.position == Position(0, 3) and ended_on(night) == GUIDE.sections[0].tips[3].sentences[-1]
    night = Night().at(2.0, CommandId.SLEEP_AFTER_SECTIONS, number=2).run()
    assert night.said(after=2.0)[0] == "Sleep timer: after 2 sections, this one included."
    assert night.quit.position == Position(1, 3)


def test_the_end_of_section_key_pressed_twice_is_two_sections() -> None:
    night = Night().at(2.0, CommandId.SLEEP_END_OF_SECTION).at(4.0, CommandId.SLEEP_END_OF_SECTION).run()
    assert night.said(after=4.0)[0] == "Sleep timer: after 2 sections, this one included."
    assert night.quit.position == Position(1, 3)
    set_events = night.timer_events(SleepTimerAction.SET)
    assert [(e.unit, e.count) for e in set_events] == [(SleepUnit.SECTION, 1), (SleepUnit.SECTION, 2)]


def test_an_at_end_timer_warns_about_a_minute_before_its_end_and_a_command_counts_again() -> None:
    night = Night().at(2.0, CommandId.SLEEP_END_OF_SECTION).run()
    warned = night.timer_events(SleepTimerAction.WARNED)[0].at
    # The last minute of the section by the speech-time estimate, which is slower than the fake
    # speaker's 0.06 s a letter: 60 estimated seconds are about 40 of these.
    assert night.quit.at - 70.0 <= warned <= night.quit.at - 30.0
    night = Night().at(2.0, CommandId.SLEEP_END_OF_SECTION).at(warned + 1.0, CommandId.RESUME).run()
    assert night.said(after=warned + 1.0)[0] == "Until the end of the next section."
    assert night.quit.position == Position(1, 3)  # its length again, after the section under way


def test_zero_sections_is_refused() -> None:
    night = Night().at(2.0, CommandId.SLEEP_AFTER_SECTIONS, number=0).at(4.0, CommandId.QUIT).run()
    assert phrases.SLEEP_NEEDS_SECTIONS in night.said(after=2.0)
    assert night.quit.reason is QuitReason.GOODBYE


def test_a_script_stops_at_the_end_of_this_step_or_section() -> None:
    night = Night("script").at(2.0, CommandId.SLEEP_END_OF_TIP).run()
    assert night.said(after=2.0)[0] == "Sleep timer: at the end of this step."
    assert night.quit.reason is QuitReason.SLEEP_TIMER and night.quit.position == Position(0, 0)
    assert not night.content_after(night.quit.at)
    night = Night("script").at(2.0, CommandId.SLEEP_END_OF_SECTION).run()
    assert night.quit.position == Position(0, 3)
    assert "Feel your feet, warm and heavy, sinking down." not in night.said()
    assert night.timer_events(SleepTimerAction.WARNED)  # the last pause is long enough to warn in


def test_a_timer_set_again_replaces_the_other_kind() -> None:
    night = Night().at(2.0, CommandId.SLEEP_END_OF_TIP).at(4.0, CommandId.SLEEP_TIMER, minutes=2).run()
    assert night.player.sleep_at_end is None
    assert 124.0 <= night.quit.at < 128.0
    assert not math.isinf(night.quit.at)


def test_commands_are_reported_done_in_the_window_too() -> None:
    night = Night().at(5.0, CommandId.SLEEP_TIMER, minutes=2).at(80.0, CommandId.SLOWER).run()
    assert any(isinstance(e, CommandDone) and e.at == 80.0 for e in night.events)
    assert any(isinstance(e, Speaking) and e.text == phrases.sleep_more(2) for e in night.events)
