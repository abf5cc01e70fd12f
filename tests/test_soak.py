"""Soak: a whole simulated night in virtual time, with flat memory and nothing leaked.

The night: the built-in guide read continuously (restarted whenever it finishes), alternating
with the built-in relaxation scripts; a command every one to five (virtual) minutes, in seeded
shuffled rounds that each hold every `CommandId` once (plus extra sleep timers); sleep timers set, cancelled, asked about and firing. When
a sleep timer ends a segment (or the listener says quit) the next segment starts at once with a
new player and session, until the night is over.

Measured: traced Python memory (tracemalloc) and RSS between the end of the first measuring mark
and the end of the night, threads, open file descriptors and child processes before and after.
Normal run: a 1-hour night; `-m slow` (scripts/test-slow): 8 hours.
"""

from __future__ import annotations

import gc
import os
import random
import threading
import tracemalloc
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from tests.fakes import fake_duration
from voicecoach.commands import ARGUMENT_OF, Command, CommandId
from voicecoach.content import builtin_guide_path
from voicecoach.events import Finished, PlayerEvent, SleepTimerChanged
from voicecoach.importers import load_article
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import CommandArrived, LoopEvent, SoundFinished
from voicecoach.scripts import builtin_scripts, load_script_file
from voicecoach.scripts.player import ScriptPlayer
from voicecoach.session import Reader, Session
from voicecoach.sounds import Sound, Voice
from voicecoach.virtual_loop import VirtualLoop

HOUR = 3600.0
MB = 1024 * 1024
SOAK_ORIGIN = "soak"
# Each round of commands holds every CommandId once and a few sleep-timer sequences, shuffled.
EXTRA_PER_ROUND = [
    [CommandId.SLEEP_TIMER, CommandId.CANCEL_SLEEP_TIMER],
    [CommandId.SLEEP_TIMER, CommandId.TIME_LEFT],
    [CommandId.SLEEP_TIMER],
]


class LeanVirtualSpeaker:
    """A virtual-time speaker that keeps no history (the recording fake would grow all night).

    Each sound "finishes" after `fake_duration`, as in tests.fakes.VirtualTimeSpeaker.
    """

    def __init__(self, loop: VirtualLoop) -> None:
        self.loop = loop
        self.sounds = 0
        self.stops = 0

    def play(self, sound: Sound) -> None:
        """Finish `sound` after its fake length."""
        self.sounds += 1
        self.loop.post_at(self.loop.now() + fake_duration(sound), SoundFinished(sound.id))

    def stop(self) -> None:
        """Count the stop (a stale SoundFinished is ignored by the player)."""
        self.stops += 1

    def prefetch(self, text: str, voice: Voice) -> None:
        """Nothing to prepare in virtual time."""


class NightLoop(VirtualLoop):
    """A virtual loop that delivers a random command every few minutes and ends at `end`.

    It calls `on_mark(t)` when virtual time first passes each mark, so the test can measure
    memory at the end of an hour in the middle of a segment.
    """

    def __init__(self, start: float, end: float, rng: random.Random, marks: list[float],
                 on_mark: Callable[[float], None], delivered: Counter[CommandId], round: list[CommandId]) -> None:
        super().__init__(start)
        self._round = round  # shared between segments, so every round is played out
        self._end = end
        self._rng = rng
        self._marks = marks
        self._on_mark = on_mark
        self._delivered = delivered
        self._schedule_command()

    def _schedule_command(self) -> None:
        if not self._round:
            moves = [[command] for command in CommandId] + [list(move) for move in EXTRA_PER_ROUND]
            self._rng.shuffle(moves)
            self._round.extend(command for move in reversed(moves) for command in reversed(move))
        command_id = self._round.pop()
        argument = ARGUMENT_OF.get(command_id)
        args = {}
        if argument == "minutes":
            args = {"minutes": self._rng.choice([0, 1, 2, 5, 10, 20, 30])}
        elif argument == "number":
            args = {"number": self._rng.randint(0, 9)}
        when = self.now() + self._rng.uniform(60.0, 300.0)
        self.post_at(when, CommandArrived(Command(command_id, args), origin=SOAK_ORIGIN))

    def next_event(self) -> LoopEvent | None:
        """The next event, or None once the night is over (which ends the session)."""
        event = super().next_event()
        while self._marks and self.now() >= self._marks[0]:
            self._on_mark(self._marks.pop(0))
        if self.now() >= self._end:
            return None
        if isinstance(event, CommandArrived) and event.origin == SOAK_ORIGIN:
            self._delivered[event.command.id] += 1
            self._schedule_command()
        return event


@dataclass
class NightReport:
    """What happened in the night and what it cost."""

    segments: int = 0
    scripts_played: int = 0
    sounds: int = 0
    events: Counter[str] = field(default_factory=Counter)
    commands: Counter[CommandId] = field(default_factory=Counter)
    traced: dict[float, int] = field(default_factory=dict)
    rss: dict[float, int] = field(default_factory=dict)


def rss_bytes() -> int:
    """Resident set size of this process (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def child_processes() -> list[str]:
    """Children of every thread of this process (empty when nothing was spawned and left)."""
    children: list[str] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            children.extend((task / "children").read_text().split())
        except OSError:
            continue
    return children


def run_night(hours: float, marks: list[float], seed: int = 20240611) -> NightReport:
    """Play a night of `hours` virtual hours; measure traced memory and RSS at each mark (seconds)."""
    rng = random.Random(seed)
    report = NightReport()
    document = load_article(builtin_guide_path())
    scripts = [load_script_file(path) for path in builtin_scripts().values()]
    end = hours * HOUR

    def measure(mark: float) -> None:
        gc.collect()
        report.traced[mark] = tracemalloc.get_traced_memory()[0]
        report.rss[mark] = rss_bytes()

    now = 0.0
    pending_marks = sorted(marks)
    command_round: list[CommandId] = []
    while now < end:
        loop = NightLoop(now, end, rng, pending_marks, measure, report.commands, command_round)
        speaker = LeanVirtualSpeaker(loop)
        restart = Command(CommandId.RESTART)

        def on_event(event: PlayerEvent, loop: VirtualLoop = loop) -> None:
            report.events[type(event).__name__] += 1
            if isinstance(event, SleepTimerChanged):
                report.events[f"sleep_timer:{event.action}"] += 1
            if isinstance(event, Finished):
                loop.post(CommandArrived(restart, origin="restart"))  # loop the content all night

        reader: Reader
        if report.segments % 2 == 0:
            reader = Player(document, speaker, on_event, PlayerSettings(continuous=True))
        else:
            reader = ScriptPlayer(scripts[report.scripts_played % len(scripts)], speaker, on_event)
            report.scripts_played += 1
        Session(reader, loop, input_open=True).run()
        report.segments += 1
        report.sounds += speaker.sounds
        now = max(loop.now(), now + 1.0)
    return report


def soak(hours: float, first_mark: float) -> NightReport:
    threads, fds, children = threading.active_count(), open_fds(), child_processes()
    tracemalloc.start()
    try:
        report = run_night(hours, [first_mark, hours * HOUR])
    finally:
        tracemalloc.stop()
    gc.collect()
    assert threading.active_count() == threads, "the night left threads running"
    assert open_fds() == fds, "the night left files or sockets open"
    assert child_processes() == children, "the night left child processes"
    return report


def summary(report: NightReport, hours: float, first_mark: float) -> tuple[int, int]:
    """Print the figures (seen with -s) and return (traced growth, RSS growth) in bytes."""
    growth = report.traced[hours * HOUR] - report.traced[first_mark]
    rss_growth = report.rss[hours * HOUR] - report.rss[first_mark]
    print(
        f"soak {hours:g} h: {report.segments} segments ({report.scripts_played} scripts), {report.sounds} sounds, "
        f"{sum(report.commands.values())} commands, traced growth {growth / 1024:.1f} KiB, "
        f"RSS growth {rss_growth / 1024:.1f} KiB, events {dict(report.events)}"
    )
    return growth, rss_growth


def check_night(report: NightReport, hours: float, first_mark: float) -> None:
    growth, rss_growth = summary(report, hours, first_mark)
    assert growth < 5 * MB, f"traced memory grew {growth / MB:.2f} MB"
    # Tighter: keeping any object per sound played (a Sound is well over 100 bytes) would show here.
    assert growth < 100 * report.sounds, f"traced memory grew {growth} bytes over {report.sounds} sounds"
    assert rss_growth < 5 * MB, f"RSS grew {rss_growth / MB:.2f} MB"
    # The night really happened: every kind of command, looping content, sleep timers firing.
    assert set(report.commands) == set(CommandId), set(CommandId) - set(report.commands)
    assert report.events["Finished"] >= 1
    assert report.events["sleep_timer:ended"] >= 1 and report.events["sleep_timer:cancelled"] >= 1
    assert report.segments >= 3 and report.scripts_played >= 1


def test_a_one_hour_night_keeps_memory_flat_and_leaks_nothing() -> None:
    report = soak(hours=1.0, first_mark=10 * 60.0)
    # An hour has about 20 commands: not every command comes up, so check the rest only.
    growth, rss_growth = summary(report, 1.0, 600.0)
    assert growth < 5 * MB, f"traced memory grew {growth / MB:.2f} MB"
    assert rss_growth < 5 * MB, f"RSS grew {rss_growth / MB:.2f} MB"
    assert report.segments >= 2 and report.scripts_played >= 1
    assert report.events["Finished"] >= 1 and report.events["sleep_timer:set"] >= 1
    assert sum(report.commands.values()) >= 10


@pytest.mark.slow
def test_an_eight_hour_night_keeps_memory_flat_and_leaks_nothing() -> None:
    report = soak(hours=8.0, first_mark=HOUR)
    check_night(report, 8.0, HOUR)
