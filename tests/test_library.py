"""The default session's library: "relax" and "back to the guide" switch readers, places are kept."""

from __future__ import annotations

from tests.fakes import VirtualTimeSpeaker
from tests.test_player import GUIDE
from voicecoach.commands import Command, CommandId
from voicecoach.fade import FadeSchedule
from voicecoach.library import Library
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import Position
from voicecoach.scripts import script_from_yaml
from voicecoach.scripts.player import ScriptPlayer
from voicecoach.session import Session
from voicecoach.virtual_loop import VirtualLoop

SCRIPT = "title: Quiet feet\nsteps:\n  - say: Let your feet rest.\n  - pause: 5\n  - say: Good.\n"


def make_library(lines: list[str]) -> tuple[Library, Player, VirtualTimeSpeaker, list[ScriptPlayer]]:
    loop = VirtualLoop()
    speaker = VirtualTimeSpeaker(loop=loop)
    fade = FadeSchedule()
    guide = Player(GUIDE, speaker, lambda event: None, PlayerSettings(), fade=fade)
    made: list[ScriptPlayer] = []

    def relaxation() -> ScriptPlayer:
        made.append(ScriptPlayer(script_from_yaml(SCRIPT), speaker, lambda event: None, fade=fade))
        return made[-1]

    library = Library(speaker, {CommandId.GUIDE: lambda: guide, CommandId.RELAX: relaxation}, first=CommandId.GUIDE)
    session = Session(library, loop, input_open=False)
    session.add_lines(lines)
    session.run()
    return library, guide, speaker, made


def test_relax_switches_to_the_script_and_guide_returns_to_the_same_tip() -> None:
    library, guide, speaker, made = make_library(["next", "@1 relax", "@3 guide"])
    texts = speaker.texts
    assert texts.index("Quiet feet") > texts.index("Next.")
    assert "Let your feet rest." in texts
    assert texts.index("Back to Night guide.") > texts.index("Let your feet rest.")
    assert texts[-1] == "Rest your hands."  # the tip the guide was on, read again
    assert guide.position == Position(0, 1)
    assert library.current is guide and len(made) == 1


def test_switching_again_resumes_the_same_script_rather_than_a_new_one() -> None:
    _, _, speaker, made = make_library(["@1 relax", "@2 guide", "@2 relax"])
    assert len(made) == 1
    assert "Back to Quiet feet." in speaker.texts


def test_a_sleep_timer_set_in_the_guide_keeps_running_in_the_script() -> None:
    _, guide, _, made = make_library(["@1 sleep 5", "@2 relax"])
    timer = made[0].sleep_timer
    assert timer is not None and guide.sleep_timer is not None
    assert timer.ends_at == guide.sleep_timer.ends_at


def test_relax_during_the_goodbye_does_not_switch_a_goodbye_is_final() -> None:
    # Found by tests/test_sessions_stateful.py: the goodbye was cut off, the relaxation played
    # through, and the session never ended.
    library, guide, speaker, made = make_library(["@1 quit", "@0.3 relax", "@0.1 guide"])
    assert speaker.texts[-1] == "Goodbye. Sleep well." and made == []
    assert library.has_quit and guide.has_quit


def test_other_commands_go_to_the_reader_being_played() -> None:
    library, _, speaker, made = make_library(["@1 relax", "@1 where"])
    assert library.current is made[0]
    assert any(text.startswith("Section 1 of 1") for text in speaker.texts)


def test_relax_outside_the_default_session_is_explained() -> None:
    loop = VirtualLoop()
    speaker = VirtualTimeSpeaker(loop=loop)
    player = Player(GUIDE, speaker, lambda event: None)
    player.start(0.0)
    player.handle(Command(CommandId.RELAX), 1.0)
    assert speaker.texts[-1] == "That works when voicecoach starts without a file."


def test_the_media_button_hook_reaches_the_reader_being_played() -> None:
    library, guide, _, made = make_library(["@1 sleep 2", "@2 relax"])
    assert made and library.current is made[0]
    timer = made[0].sleep_timer
    assert timer is not None and timer.warns_at is not None
    assert library.extend_sleep_timer(timer.warns_at - 1.0) is False  # before the warning: nothing
    assert library.extend_sleep_timer(timer.warns_at + 1.0) is True
    extended = made[0].sleep_timer
    assert extended is not None and extended.ends_at == timer.warns_at + 1.0 + 120.0


def test_relax_in_the_sleep_timers_warning_is_a_sign_of_being_awake_and_the_timer_runs_its_length_again() -> None:
    _, guide, _, made = make_library(["@1 sleep 2", "@70 relax"])  # set at 1 s: warns at 61 s, would end at 121 s
    timer = made[0].sleep_timer
    assert timer is not None and timer.ends_at == 71.0 + 120.0
    assert made[0].sleep_length_seconds == 120.0  # and a sign in its own warning starts it again for as long
