"""Wiring the config into the adapters: the recogniser the config asks for, durations, settings."""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.fakes import VirtualTimeSpeaker
from tests.session_bus import session_bus  # noqa: F401  (fixture)
from tests.voice_clips import spoken
from voicecoach import phrases
from voicecoach.audio import AudioClip
from voicecoach.cli.wiring import (
    OutputSettings,
    auto_sleep_seconds,
    follow_sleep_window,
    recognizer_factory,
    sleep_seconds,
    start_sleep_timer,
    wake_word_reminder,
)
from voicecoach.commands import Command, CommandId
from voicecoach.config import config_from_yaml
from voicecoach.document import Document, Section, Tip
from voicecoach.errors import RecognizerError, VoicecoachError
from voicecoach.adapters.recognizers.engines import FELL_BACK
from voicecoach.events import Finished, Moved, PlayerEvent, Quit, QuitReason, SleepTimerAction, SleepTimerChanged
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import CommandArrived, FeedDue, InputClosed, LoopEvent, Notice, Position
from voicecoach.session import Session
from voicecoach.sleep_control import PRESS_IN_WINDOW, window_change
from voicecoach.sounds import Speech, Voice
from voicecoach.virtual_loop import VirtualLoop

if TYPE_CHECKING:
    from tests.session_bus import SessionBus
    from voicecoach.adapters.mpris import MediaButtons


notices: list[object] = []


def test_extra_phrasings_from_the_config_are_heard() -> None:
    config = config_from_yaml("commands:\n  next_section:\n    - onward please\n")
    recognizer = recognizer_factory(config, notices.append)()
    samples, rate = spoken("onward please")
    assert recognizer.recognize(AudioClip(samples, rate)).command == Command(CommandId.NEXT_SECTION)


def test_an_engine_whose_model_is_missing_is_a_clear_recognizer_error(tmp_path: Path) -> None:
    pytest.importorskip("vosk")
    config = config_from_yaml(f"recognizer:\n  engine: vosk\n  model_path: {tmp_path / 'gone'}\n")
    with pytest.raises(RecognizerError, match=f"no Vosk model folder at {tmp_path / 'gone'}"):
        recognizer_factory(config, notices.append)()


def test_with_a_wake_word_the_recogniser_obeys_only_commands_that_start_with_it() -> None:
    # Whether commands are heard well after "coach" is measured in benchmarks/README.md
    # (fifth session); here the rule itself, on phrases the engine hears well either way.
    recognizer = recognizer_factory(config_from_yaml("recognizer:\n  wake_word: coach\n"), notices.append)()
    assert recognizer.recognize(AudioClip(*spoken("coach, stop"))).command == Command(CommandId.STOP)
    assert recognizer.recognize(AudioClip(*spoken("coach, go to section three"))).command == Command(CommandId.GOTO_SECTION, {"number": 3})
    assert recognizer.recognize(AudioClip(*spoken("stop"))).command is None
    assert recognizer.recognize(AudioClip(*spoken("go to section three"))).command is None


def test_when_whisper_cannot_be_had_the_fallback_is_said_once(tmp_path: Path) -> None:
    said: list[object] = []
    config = config_from_yaml(f"recognizer:\n  model_path: {tmp_path / 'gone'}\n")
    recognizer = recognizer_factory(config, said.append)()
    assert recognizer.recognize(AudioClip(*spoken("stop"))).command == Command(CommandId.STOP)
    assert said == [Notice(FELL_BACK)]


def test_the_wake_word_reminder_names_it() -> None:
    assert wake_word_reminder("coach") == "Start each spoken command with coach, for example: coach, next."


@pytest.mark.parametrize(("text", "seconds"), [("20m", 1200.0), ("20", 1200.0), ("90s", 90.0), ("1h", 3600.0)])
def test_sleep_option_durations(text: str, seconds: float) -> None:
    assert sleep_seconds(text) == seconds


@pytest.mark.parametrize("text", ["soon", "0", "-5m"])
def test_bad_sleep_option_is_explained(text: str) -> None:
    with pytest.raises(VoicecoachError, match="--sleep"):
        sleep_seconds(text)


# ---------------------------------------------------------------- the media buttons in the sleep timer's window (issue 14)


class PressingNight(VirtualLoop):
    """A night in virtual time whose media buttons are pressed through a private session bus:
    when its clock first passes each press's time, the button is pressed with playerctl, and
    what the bus side posts (from its own thread, as live) is posted into this loop."""

    def __init__(self, bus: "SessionBus", presses: list[tuple[float, str]]) -> None:
        super().__init__()
        self.bus = bus
        self.presses = sorted(presses)
        self.arrived: "queue.Queue[LoopEvent]" = queue.Queue()
        self.posted: list[tuple[float, LoopEvent]] = []
        for when, _ in presses:
            self.post_at(when, FeedDue())  # wakes the loop at the press's time

    def next_event(self) -> LoopEvent | None:
        while self.presses and self.now() >= self.presses[0][0]:
            _, button = self.presses.pop(0)
            self.bus.playerctl(button)
            event = self.arrived.get(timeout=10.0)
            self.posted.append((self.now(), event))
            self.post(event)
        return super().next_event()


@pytest.fixture
def night_buttons(session_bus: "SessionBus") -> Iterator[tuple["MediaButtons", PressingNight]]:  # noqa: F811
    from voicecoach.adapters.mpris import MediaButtons

    loop = PressingNight(session_bus, [])
    media = MediaButtons(loop.arrived.put, loop.now, bus_address=session_bus.address)
    media.start()
    assert media.wait_until_ready(), "MediaButtons did not get onto the private bus"
    yield media, loop
    media.close()


GUIDE = Document("Night", tuple(
    Section(f"S{s}", tuple(Tip("", " ".join(f"Part {s} {n}. Let the day slip off you slowly now." for _ in range(8)))
                           for n in range(4)))
    for s in range(1, 4)
))


def test_a_button_in_the_sleep_timers_warning_only_says_awake_and_is_itself_again_after(night_buttons) -> None:  # noqa: ANN001
    media, loop = night_buttons
    loop.presses = [(30.0, "next"), (90.0, "next"), (100.0, "next")]
    for when, _ in loop.presses:
        loop.post_at(when, FeedDue())
    events: list[PlayerEvent] = []
    speaker = VirtualTimeSpeaker(loop=loop)

    def emit(event: PlayerEvent) -> None:
        events.append(event)
        follow_sleep_window(media, event)  # as Outlet.on_player_event does

    player = Player(GUIDE, speaker, emit, PlayerSettings(continuous=True, sleep_warning_seconds=60.0))
    player.set_sleep_timer(120.0, 0.0)  # warns at 60 s, ends at 120 s
    loop.post_at(100.0, InputClosed("keys"))
    Session(player, loop, input_open=True).run()

    before, in_warning, after = [event.command for _, event in loop.posted]  # type: ignore[attr-defined]
    assert before == Command(CommandId.NEXT)  # at 30 s, before the warning: the button's own command
    assert in_warning == PRESS_IN_WINDOW  # at 90 s, in the warning: only "awake"
    assert after == Command(CommandId.NEXT)  # at 100 s the timer had started again: itself once more
    extended = [e.at for e in events if isinstance(e, SleepTimerChanged) and e.action is SleepTimerAction.EXTENDED]
    assert extended == [90.0]
    moves = [e.at for e in events if isinstance(e, Moved)]
    assert 30.0 in moves and 100.0 in moves and 90.0 not in moves  # the press in the warning skipped nothing
    said = [s.text for t, s in speaker.starts if 90.0 <= t < 100.0 and isinstance(s, Speech)]
    assert said[0] == phrases.sleep_more(2) and phrases.PAUSED not in said
    quit_event = next(e for e in events if isinstance(e, Quit))
    assert quit_event.reason is QuitReason.SLEEP_TIMER and 210.0 <= quit_event.at < 215.0  # 2 minutes from 90 s
    # The new timer warned at 150 s and the night ended at its end: the buttons are theirs again.
    loop.bus.playerctl("next")
    assert loop.arrived.get(timeout=10.0) == CommandArrived(Command(CommandId.NEXT), origin="mpris")


def test_the_window_opens_with_the_warning_and_closes_with_any_change_or_the_end() -> None:
    assert window_change(SleepTimerChanged(1.0, SleepTimerAction.WARNED)) is True
    for action in (SleepTimerAction.SET, SleepTimerAction.EXTENDED, SleepTimerAction.CANCELLED, SleepTimerAction.ENDED):
        assert window_change(SleepTimerChanged(1.0, action)) is False
    assert window_change(Quit(1.0, Position(0, 0), QuitReason.SLEEP_TIMER)) is False
    assert window_change(Moved(1.0, Position(0, 1))) is None


def test_quit_from_the_desktop_is_never_diverted(night_buttons) -> None:  # noqa: ANN001
    media, loop = night_buttons
    media.divert_presses(PRESS_IN_WINDOW)
    loop.bus.playerctl("next")
    assert loop.arrived.get(timeout=10.0) == CommandArrived(PRESS_IN_WINDOW, origin="mpris")
    media.press_button("Quit")
    assert loop.arrived.get(timeout=10.0) == CommandArrived(Command(CommandId.QUIT), origin="mpris")


# ---------------------------------------------------------------- the automatic sleep timer, at set times of day (issue 14)

NIGHT_HOURS = config_from_yaml("auto_sleep: {from: '22:30', until: '05:00', length: 30m}\n")


def at_clock(hour: int, minute: int) -> Callable[[], datetime]:
    return lambda: datetime(2026, 12, 14, hour, minute)


@pytest.mark.parametrize(
    ("hour", "minute", "seconds"),
    [(22, 29, None), (22, 30, 1800), (23, 59, 1800), (0, 0, 1800), (4, 59, 1800), (5, 0, None), (13, 0, None)],
)
def test_the_automatic_timer_covers_the_nights_hours_over_midnight(hour: int, minute: int, seconds: int | None) -> None:
    assert auto_sleep_seconds(NIGHT_HOURS, at_clock(hour, minute)) == seconds
    assert auto_sleep_seconds(config_from_yaml(""), at_clock(hour, minute)) is None  # none unless asked for


def night_started_at(hour: int, minute: int, sleep_after: float | None = None) -> tuple[list[PlayerEvent], VirtualTimeSpeaker]:
    """A session of GUIDE started at that time of day with NIGHT_HOURS, in virtual time, as `read` starts it."""
    loop = VirtualLoop()
    speaker = VirtualTimeSpeaker(loop=loop)
    events: list[PlayerEvent] = []
    long_guide = Document("Night", GUIDE.sections * 10)  # about an hour of fake speech
    player = Player(long_guide, speaker, events.append, PlayerSettings(continuous=True))
    settings = OutputSettings(output=None, voice=Voice(), sleep_after=sleep_after, use_stdin=False, config=NIGHT_HOURS)
    start_sleep_timer(player, settings, loop.now(), clock=at_clock(hour, minute))
    loop.post_at(0.0, InputClosed("keys"))
    Session(player, loop, input_open=True).run()
    return events, speaker


def test_a_session_started_in_the_nights_hours_gets_the_timer_and_hears_so_after_the_opening() -> None:
    events, speaker = night_started_at(23, 15)
    said = [s.text for _, s in speaker.starts if isinstance(s, Speech)]
    assert said[:2] == ["Night", phrases.sleep_set(30)]  # the title, then the timer nobody asked for
    warned = [e.at for e in events if isinstance(e, SleepTimerChanged) and e.action is SleepTimerAction.WARNED]
    assert warned == [pytest.approx(29 * 60.0)]
    quit_event = next(e for e in events if isinstance(e, Quit))
    assert quit_event.reason is QuitReason.SLEEP_TIMER and 30 * 60.0 <= quit_event.at < 30 * 60.0 + 5.0


def test_outside_the_hours_no_timer_starts_and_the_sleep_option_takes_its_place_unannounced() -> None:
    events, speaker = night_started_at(21, 0)
    assert not any(isinstance(e, SleepTimerChanged) for e in events)
    assert any(isinstance(e, Finished) for e in events) and not any(isinstance(e, Quit) for e in events)  # read to its end
    events, speaker = night_started_at(23, 15, sleep_after=600.0)
    assert phrases.sleep_set(30) not in [s.text for _, s in speaker.starts if isinstance(s, Speech)]
    quit_event = next(e for e in events if isinstance(e, Quit))
    assert quit_event.reason is QuitReason.SLEEP_TIMER and 600.0 <= quit_event.at < 605.0
