"""What both players share, here the sound bed: its commands, their spoken answers, "help", and
the bed following the reading to its end, in virtual time."""

from __future__ import annotations

import io
import pytest

from tests.fakes import VirtualTimeSpeaker
from voicecoach import phrases
from voicecoach.bed.schedule import QUIT_FADE_SECONDS, TAIL_FADE_SECONDS, SoundBed
from voicecoach.bed.settings import BedSettings, BedSound
from voicecoach.commands import Command, CommandId
from voicecoach.document import Document, Section, Tip
from voicecoach.events import Finished, PlayerEvent, SoundBedChanged
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import CommandArrived, InputClosed
from voicecoach.reader_core import SOUND_OF, ReaderCore
from voicecoach.scripts.loader import script_from_yaml
from voicecoach.scripts.player import ScriptPlayer
from voicecoach.session import Session
from voicecoach.sounds import Speech
from voicecoach.virtual_loop import VirtualLoop

GUIDE = Document(
    "Night guide",
    (Section("Breathing", (Tip("", "Breathe out slowly."), Tip("", "Rest your hands."))),),
)
SCRIPT = """
title: Short rest
steps:
  - say: Let your shoulders drop.
  - pause: 20
  - say: Rest now.
"""
NOISE_COMMANDS = [
    CommandId.NOISE_LOUDER, CommandId.NOISE_QUIETER, CommandId.NOISE_ON, CommandId.NOISE_OFF,
    CommandId.NEXT_SOUND, *SOUND_OF,
]


class Night:
    """A player of either kind on a virtual loop, its bed, and the commands to give it."""

    def __init__(self, kind: str, bed: SoundBed | None, continuous: bool = True) -> None:
        self.loop = VirtualLoop()
        self.speaker = VirtualTimeSpeaker(loop=self.loop)
        self.events: list[PlayerEvent] = []
        self.bed = bed
        self.last_command = 0.0
        self.player: ReaderCore
        if kind == "article":
            self.player = Player(GUIDE, self.speaker, self.events.append, PlayerSettings(continuous=continuous), bed=bed)
        else:
            self.player = ScriptPlayer(script_from_yaml(io.StringIO(SCRIPT)), self.speaker, self.events.append, bed=bed)

    def at(self, when: float, command_id: CommandId) -> "Night":
        self.loop.post_at(when, CommandArrived(Command(command_id)))
        self.last_command = max(self.last_command, when)
        return self

    def run(self) -> "Night":
        """Until the last command has been obeyed and the player is idle (or has quit)."""
        self.loop.post_at(self.last_command, InputClosed("keys"))
        Session(self.player, self.loop, input_open=True).run()  # type: ignore[arg-type]
        return self

    def said_after(self, when: float) -> list[str]:
        return [s.text for t, s in self.speaker.starts if t >= when and isinstance(s, Speech)]


def with_bed(**settings: object) -> SoundBed:
    return SoundBed(BedSettings(**settings))  # type: ignore[arg-type]


KINDS = ["article", "script"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command_id", NOISE_COMMANDS)
def test_every_noise_command_is_answered_aloud_and_reported(kind: str, command_id: CommandId) -> None:
    night = Night(kind, with_bed(play=True)).at(1.0, command_id).run()
    assert night.said_after(1.0)[0] != "", command_id
    changes = [e for e in night.events if isinstance(e, SoundBedChanged)]
    assert len(changes) == 1 and changes[0].at == 1.0


@pytest.mark.parametrize("kind", KINDS)
def test_the_answers_say_what_changed(kind: str) -> None:
    night = Night(kind, with_bed(play=True, sound=BedSound.BROWN))
    for moment, command in enumerate([CommandId.NOISE_LOUDER, CommandId.PINK_NOISE, CommandId.NOISE_OFF,
                                      CommandId.NOISE_QUIETER, CommandId.NOISE_ON, CommandId.NEXT_SOUND,
                                      CommandId.RAIN_SOUND], start=1):
        night.at(moment * 3.0, command)
    night.run()
    answers = [night.said_after(moment * 3.0)[0] for moment in range(1, 8)]
    assert answers == [
        phrases.NOISE_LOUDER, "Pink noise.", phrases.NOISE_OFF, phrases.NOISE_IS_OFF,
        "Noise on: pink noise.", "White noise.", "Rain.",
    ]
    assert night.bed is not None and night.bed.sound is BedSound.RAIN and night.bed.playing


def test_at_the_limits_the_answer_says_so() -> None:
    night = Night("article", with_bed(play=True, level=1.0)).at(1.0, CommandId.NOISE_LOUDER).run()
    assert night.said_after(1.0)[0] == phrases.NOISE_LOUDEST
    night = Night("article", with_bed(play=True, level=0.05)).at(1.0, CommandId.NOISE_QUIETER).run()
    assert night.said_after(1.0)[0] == phrases.NOISE_QUIETEST


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_bed_the_commands_say_so_and_help_leaves_them_out(kind: str) -> None:
    night = Night(kind, None).at(1.0, CommandId.NOISE_ON).at(4.0, CommandId.HELP).run()
    assert night.said_after(1.0)[0] == phrases.NO_SOUND_BED
    assert not any("oise" in line for line in night.said_after(4.0))


@pytest.mark.parametrize("kind", KINDS)
def test_help_names_the_noise_commands_that_work_now(kind: str) -> None:
    night = Night(kind, with_bed(play=False)).at(1.0, CommandId.HELP).at(40.0, CommandId.NOISE_ON).at(43.0, CommandId.HELP)
    night.run()
    assert phrases.noise_help(playing=False) in night.said_after(1.0)
    assert phrases.noise_help(playing=True) in night.said_after(43.0)
    assert "noise off" in phrases.noise_help(playing=True) and "noise off" not in phrases.noise_help(playing=False)


@pytest.mark.parametrize("kind", KINDS)
def test_the_bed_keeps_going_after_the_reading_ends_then_fades(kind: str) -> None:
    bed = with_bed(play=True, after_end_s=300.0)
    night = Night(kind, bed).run()
    finished = [e for e in night.events if isinstance(e, Finished)]
    assert len(finished) == 1
    end = finished[0].at
    assert bed.tail_starts_at == pytest.approx(end + 300.0)
    assert bed.gain_at(bed.sound, end + 299.0) == pytest.approx(0.3)
    assert bed.silent_from() == pytest.approx(end + 300.0 + TAIL_FADE_SECONDS, abs=0.01)


def test_goodbye_fades_the_bed_quickly() -> None:
    bed = with_bed(play=True)
    night = Night("article", bed, continuous=False).at(2.0, CommandId.QUIT).run()
    goodbye = [t for t, s in night.speaker.starts if isinstance(s, Speech) and s.text == phrases.GOODBYE][0]
    assert goodbye < bed.silent_from() <= goodbye + 5.0 + QUIT_FADE_SECONDS  # once goodbye is said


def test_restarting_after_the_end_cancels_the_tail() -> None:
    bed = with_bed(play=True, after_end_s=60.0)
    night = Night("article", bed, continuous=False)
    night.at(3.0, CommandId.NEXT).at(12.0, CommandId.RESTART).run()
    ends = [e.at for e in night.events if isinstance(e, Finished)]
    assert len(ends) == 1 and ends[0] < 12.0  # the end came first
    assert bed.tail_starts_at is None  # reading again: the bed goes on, waiting at the first tip
    assert bed.gain_at(bed.sound, 12.0 + 60.0 + TAIL_FADE_SECONDS) == pytest.approx(0.3)

