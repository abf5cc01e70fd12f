"""Sessions in virtual time: typed lines are paced, timers fire, the session ends by itself."""

from __future__ import annotations

import pytest

from tests.fakes import VirtualTimeSpeaker, fake_duration
from tests.test_player import GUIDE
from voicecoach.commands import Command, CommandId
from voicecoach.errors import CommandError
from voicecoach.events import CommandRefused, PlayerEvent, Quit, QuitReason
from voicecoach.player import Player, PlayerSettings, PlayerState
from voicecoach.ports import CommandArrived, LineArrived, Notice, Position
from voicecoach.session import BINARY_INPUT, FeedLine, Session, is_binary_line, parse_feed_line
from voicecoach.document import Document, Section, Tip
from voicecoach.scripts.loader import script_from_yaml
from voicecoach.scripts.player import ScriptPlayer
from voicecoach.sounds import Speech, SpeechKind, Voice
from voicecoach.virtual_loop import VirtualLoop


def make_session(lines: list[str], settings: PlayerSettings = PlayerSettings()) -> tuple[Session, Player, VirtualTimeSpeaker, list[PlayerEvent], list[str]]:
    loop = VirtualLoop()
    speaker = VirtualTimeSpeaker(loop=loop)
    events: list[PlayerEvent] = []
    problems: list[str] = []
    player = Player(GUIDE, speaker, events.append, settings)
    session = Session(player, loop, input_open=False, on_problem=problems.append)
    session.add_lines(lines)
    return session, player, speaker, events, problems


def test_untimed_lines_wait_until_the_tip_is_read() -> None:
    session, player, speaker, _, _ = make_session(["next", "next", "where"])
    session.run()
    texts = speaker.texts
    assert texts.index("Breathe out slowly.") < texts.index("Rest your hands.") < texts.index("Point your toes.")
    assert texts[-1] == "Section 2 of 3, Legs, tip 1 of 3."
    assert player.position == Position(1, 0)


def test_timed_line_interrupts_mid_sentence_at_its_time() -> None:
    session, player, speaker, _, _ = make_session(["@1.0 stop"])
    session.run()
    stop_index = speaker.texts.index("Stopped.")
    acknowledged_at, acknowledgement = speaker.starts[stop_index - 1]
    assert speaker.texts[stop_index - 1] == "<ack>" and acknowledged_at == pytest.approx(1.0)
    interrupted_at, interrupted = speaker.starts[stop_index - 2]
    assert isinstance(interrupted, Speech) and interrupted_at < 1.0
    assert player.state is PlayerState.STOPPED


def test_unknown_line_is_reported_and_answered_not_silenced() -> None:
    session, _, speaker, events, problems = make_session(["banana"])
    session.run()
    assert problems and "banana" in problems[0]
    assert speaker.texts.index("<not_understood>") > speaker.texts.index("Count to six.")
    assert any("didn't catch" in text for text in speaker.texts)
    assert any(isinstance(e, CommandRefused) for e in events)


def test_session_ends_when_input_is_over_and_the_reader_is_idle() -> None:
    session, player, _, _, _ = make_session([], PlayerSettings(continuous=True))
    session.run()
    assert player.state is PlayerState.FINISHED


def test_quit_line_ends_the_session_after_goodbye() -> None:
    session, player, speaker, _, _ = make_session(["quit", "next"])
    session.run()
    assert player.has_quit
    assert speaker.texts[-1] == "Goodbye. Sleep well."


def test_sleep_timer_ends_a_long_reading_quietly() -> None:
    long_tips = tuple(Tip("", "A slow sentence about resting your legs. " * 3) for _ in range(40))
    loop = VirtualLoop()
    speaker = VirtualTimeSpeaker(loop=loop)
    events: list[PlayerEvent] = []
    player = Player(Document("Long", (Section("All", long_tips),)), speaker, events.append, PlayerSettings(continuous=True))
    session = Session(player, loop, input_open=False)
    session.add_lines(["@0.5 sleep 1"])
    session.run()
    quit_events = [e for e in events if isinstance(e, Quit)]
    assert player.has_quit and quit_events[0].reason is QuitReason.SLEEP_TIMER
    assert quit_events[0].at >= 60.5
    assert "Goodbye. Sleep well." not in speaker.texts
    assert player.position != Position(0, 0)


STEPS = """\
title: Steps
steps:
  - say: Settle in.
  - pause: 60
  - say: Feel your feet.
  - pause: 60
  - say: Rest now.
"""


def script_session(lines: list[str], text: str = STEPS) -> tuple[ScriptPlayer, VirtualTimeSpeaker]:
    loop = VirtualLoop()
    speaker = VirtualTimeSpeaker(loop=loop)
    player = ScriptPlayer(script_from_yaml(text), speaker, lambda event: None)
    session = Session(player, loop, input_open=False)
    session.add_lines(lines)
    session.run()
    return player, speaker


def started(speaker: VirtualTimeSpeaker, text: str) -> float:
    return next(at for at, sound in speaker.starts if isinstance(sound, Speech) and sound.text == text)


def test_a_plain_line_in_a_script_is_obeyed_at_the_end_of_the_step_under_way() -> None:
    # Issue 13: the lines waited until the whole script had been played.
    player, speaker = script_session(["where"])
    settled_end = started(speaker, "Settle in.") + fake_duration(Speech(0, "Settle in.", SpeechKind.CONTENT, Voice()))
    where = "Section 1 of 1, Steps, step 1 of 5."
    assert started(speaker, where) == pytest.approx(settled_end)
    # ...and then the script goes on: the pause begins after the answer, the rest follows.
    where_end = settled_end + fake_duration(Speech(0, where, SpeechKind.INFO, Voice()))
    assert started(speaker, "Feel your feet.") == pytest.approx(where_end + 60.0)
    assert player.state is PlayerState.FINISHED


def test_a_plain_line_during_a_pause_waits_for_the_pause_to_end() -> None:
    _, speaker = script_session(["where", "next", "next"])
    texts = speaker.texts
    # "where" and the first "next" at the end of "Settle in.": "next" goes to the pause (step 2);
    # the second "next" waits for the pause to end, then goes on from it to step 3.
    nexts = [at for at, sound in speaker.starts if isinstance(sound, Speech) and sound.text == "Next."]
    assert len(nexts) == 2 and nexts[1] - nexts[0] >= 60.0
    assert texts[texts.index("Next.", texts.index("Next.") + 1) + 1] == "Feel your feet."
    assert texts[-1] == "Rest now."


def test_a_plain_line_in_breathing_is_obeyed_at_the_end_of_the_breath_phase() -> None:
    text = "title: B\nsteps:\n  - breathe: {pattern: 4-7-8, cycles: 3}\n"
    _, speaker = script_session(["longer exhale"], text)
    said = [(at, sound.text) for at, sound in speaker.starts if isinstance(sound, Speech)]
    title_end = fake_duration(Speech(0, "B", SpeechKind.HEADING, Voice()))
    assert said[1] == (pytest.approx(title_end), "Breathe in")
    assert said[2] == (pytest.approx(title_end + 4.0), "Longer out-breath.")  # at the end of the in-breath
    exhales = [at for at, text in said if text == "Breathe out"]
    holds = [at for at, text in said if text == "Hold"]
    assert exhales[1] - holds[1] == pytest.approx(7.0) and holds[2] - exhales[1] == pytest.approx(13.0)  # 9 s out


def test_a_plain_line_while_reading_on_is_obeyed_at_the_end_of_the_tip() -> None:
    session, player, speaker, _, _ = make_session(["where"], PlayerSettings(continuous=True))
    session.run()
    texts = speaker.texts
    assert texts.index("Count to six.") + 1 == texts.index("Section 1 of 3, Breathing, tip 1 of 2.")
    assert texts[-1] == "Sleep well." and player.state is PlayerState.FINISHED  # and reading went on


def test_notices_and_commands_posted_by_adapters_reach_the_player() -> None:
    loop = VirtualLoop()
    speaker = VirtualTimeSpeaker(loop=loop)
    player = Player(GUIDE, speaker, lambda event: None)
    session = Session(player, loop, input_open=False)
    loop.post_at(0.3, Notice("The microphone is gone."))
    loop.post_at(0.6, CommandArrived(Command(CommandId.NEXT)))
    session.run()
    assert "The microphone is gone." in speaker.texts
    assert player.position == Position(0, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next", FeedLine(Command(CommandId.NEXT), None, "next")),
        ("@2.5 stop", FeedLine(Command(CommandId.STOP), 2.5, "@2.5 stop")),
        ("@1s goto section 3", FeedLine(Command(CommandId.GOTO_SECTION, {"number": 3}), 1.0, "@1s goto section 3")),
        ("   ", None),
        ("# a comment", None),
    ],
)
def test_parse_feed_line(text: str, expected: FeedLine | None) -> None:
    assert parse_feed_line(text, interactive=False) == expected


def test_interactive_lines_are_due_at_once() -> None:
    line = parse_feed_line("pause", interactive=True)
    assert line is not None and line.delay == 0.0


def test_bad_feed_line_raises_command_error() -> None:
    with pytest.raises(CommandError):
        parse_feed_line("@1 fly away", interactive=False)


BINARY_LINES = [bytes(range(256)).decode("utf-8", errors="surrogateescape")[:40] + "\n"] * 300


def test_binary_piped_input_is_said_once_and_the_rest_of_it_is_ignored() -> None:
    session, player, speaker, _, problems = make_session(["next", *BINARY_LINES, "next", "next"])
    session.run()
    assert problems == [BINARY_INPUT]
    assert speaker.texts.count(BINARY_INPUT) == 1
    assert player.position == Position(0, 1)  # the first "next" was obeyed; nothing after the binary part


@pytest.mark.parametrize("line", ["\x00\x00", "caf\udce9", "x\ufffdy", "\x7fELF\x02\x01"])
def test_lines_with_bytes_no_typed_command_has_are_binary(line: str) -> None:
    assert is_binary_line(line)


@pytest.mark.parametrize("line", ["next\n", "@1.5 stop\r\n", "go to tip\t2", "café", "\x1b[C"])
def test_typed_text_is_not_binary(line: str) -> None:
    assert not is_binary_line(line)


def test_a_key_the_terminal_sends_as_control_bytes_is_not_taken_for_binary_input() -> None:
    loop = VirtualLoop()
    speaker = VirtualTimeSpeaker(loop=loop)
    problems: list[str] = []
    player = Player(GUIDE, speaker, lambda event: None)
    session = Session(player, loop, input_open=False, on_problem=problems.append)
    loop.post(LineArrived("\x01", interactive=True))  # Ctrl-A pressed in the terminal
    session.run()
    assert BINARY_INPUT not in problems
