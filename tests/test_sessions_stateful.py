"""Whole `read` and `relax` sessions under any sequence of inputs, in virtual time (issue 13).

A hypothesis state machine drives the real wiring: `args.handler(args)` of `voicecoach read` and
`voicecoach relax`, parsed by the real argument parser, with the players, the plain session's
library (the guide and "relax"), the place keeper, the JSON state store in a temporary folder,
the session and its handling of typed lines. Only the devices are stand-ins (`Devices`, in place
of `cli.wiring.Outlet`): the real `TimelineSpeaker` on a fake synthesiser, a speaker that fails
sounds on demand (as `LiveSpeaker` reports failures), and a virtual loop whose clock the test
moves between steps (`SteppedLoop`).

The steps: every `CommandId` (iterated, so commands added later are sent too) with numbers and
minutes in and out of range; typed lines (valid, invalid, timed `@1.5 ...`, comments, garbage,
binary), piped or from a terminal; keys (the key reader's table, and keys it does not know);
speech that was not understood; device notices; waits, so sleep timers (said, or `--sleep`) run
out; sounds that fail, or an engine that fails every sound for a while; a kill between any two
steps (the session is dropped where it is, without its clean shutdown, and a new one is started
on the same state folder); and a new night with another program.

What it shows, after every step:
- Nothing raises: not the session, the players, the keeper or the store.
- The saved state is valid: the state file loads (as the current version, and through the store
  with nothing to report), names only documents that were played, holds every place inside its
  document and the voice settings in range. A new night of the same program starts where the
  file says (after a night that ended asleep, by the timer or without a goodbye, where its last
  night's resume offer goes: issue 14); after a kill the file holds the last place the player moved to (the start, for a
  script heard to its end) and the voice last chosen aloud: a kill loses nothing.
- Every command is answered. A command is *delivered* when the session hands it to the reader
  (`Reader.handle`, or `Reader.not_understood` for a typed line, key or speech that was not
  understood); it is *answered* when, during that delivery, the player starts a sound: a
  `Speaking` or an `EarconPlayed` event. With a failing speaker the attempt counts (the speaker
  then reports the failure, and the notice is said). A delivery while the player is paused,
  stopped, waiting, finished or fading out for the sleep timer is answered like any other (in
  the fade, as quietly as the fade is by then: how loud an answer is, is not checked here). A
  delivery while it says goodbye gets no answer, and must get none: the goodbye is the last
  thing said, and nothing talks over it. After a session has ended (goodbye, sleep timer, input
  closed) nothing is delivered: the next step starts a new session, as the listener would.
  Blank lines, comments and the piped lines after a binary one are not delivered (the binary
  input is said once, as a notice).

It runs briefly in `scripts/test` and long in `scripts/test-slow`.
"""

from __future__ import annotations

import json
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from voicecoach.adapters.timeline_speaker import TimelineSpeaker
from voicecoach.adapters.typed_input import KEY_COMMANDS, event_for_key
from voicecoach.audio import AudioClip
from voicecoach.bed.render import BedRenderer
from voicecoach.bed.schedule import SoundBed
from voicecoach.cli import build_parser
from voicecoach.cli.read import load_document
from voicecoach.cli.relax import DEFAULT_SCRIPT, find_script
from voicecoach.cli.wiring import OutputSettings
from voicecoach.config import Config
from voicecoach.commands import ARGUMENT_OF, Command, CommandId
from voicecoach.content import BUILTIN_GUIDE_KEY
from voicecoach.errors import SpeechEngineError
from voicecoach.events import (
    EarconPlayed,
    Finished,
    Moved,
    PlayerEvent,
    Quit,
    Speaking,
    Started,
    StateChanged,
    VoiceChanged,
)
from voicecoach.fade import FadeSchedule
from voicecoach.night import resume_offer
from voicecoach.ports import CommandArrived, InputClosed, LineArrived, LoopEvent, Notice, NotUnderstood, Position, SoundFinished
from voicecoach.reader_core import PlayerState
from voicecoach.scripts import builtin_scripts, compile_script
from voicecoach.scripts.navigation import PlanIndex
from voicecoach.session import Reader, Session
from voicecoach.sounds import Sound, Speech, SpeechKind, Voice
from voicecoach.storage.paths import STATE_FILE_NAME
from voicecoach.storage.state import State, state_from_dict
from voicecoach.storage.store import JsonStateStore
from voicecoach.tuning import MAX_RATE, MAX_VOLUME, MIN_RATE, MIN_VOLUME
from voicecoach.virtual_loop import VirtualLoop

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = FIXTURES / "articles" / "evening-walk.md"
GROUPED_ARTICLE = FIXTURES / "articles" / "settling-restless-nights.txt"
SCRIPT_FILE = FIXTURES / "docs" / "SCRIPT.yaml"

GUARD_SECONDS = 120.0
"""Real seconds a step may take before the session counts as hung: a guard, not a timing check."""
MAX_EVENTS_PER_STEP = 200_000
"""Loop events in one step beyond which the session counts as stuck (spinning in virtual time)."""
MAX_NIGHT_SECONDS = 48 * 3600.0
"""Virtual time a session with its input closed may take to end by itself."""
SAMPLE_RATE = 1000
"""The timeline's rate: coarse, since nothing is listened to, and cheap to hold all night."""
FAST_FOLDER = "/dev/shm" if Path("/dev/shm").is_dir() else None
"""Where the state folders go: in memory where there is such a place, as every save is synced to disk."""
SECONDS_PER_CHARACTER = 0.06
"""The fake synthesiser's speech length per character at 150 words per minute."""


# --------------------------------------------------------------------------- the devices


class SessionKilled(BaseException):
    """Raised in the session thread to drop a session where it is, as a kill would (not an Exception,
    so that nothing on the way can take it for a problem to report and carry on)."""


class SteppedLoop(VirtualLoop):
    """A virtual loop shared by the session thread and the test, which take turns.

    The session runs until nothing more is due by the horizon, then waits; the test posts its
    inputs at the horizon and moves the horizon on. Only one side runs at a time.
    """

    def __init__(self) -> None:
        super().__init__()
        self._turn = threading.Condition()
        self._session_turn = True  # the session starts: it runs up to its first wait
        self._killed = False
        self._ended = False
        self._horizon = 0.0
        self._handed_out = 0

    @property
    def horizon(self) -> float:
        """The virtual time the session has been run up to."""
        return self._horizon

    # -- the session thread

    def next_event(self) -> LoopEvent | None:
        """The next event due by the horizon; waits for the test when there is none."""
        with self._turn:
            while True:
                if self._killed:
                    raise SessionKilled
                due = self.next_due()
                if due is not None and due <= self._horizon:
                    self._handed_out += 1
                    if self._handed_out > MAX_EVENTS_PER_STEP:
                        raise AssertionError(f"the session is stuck near {self.now():.3f} s: "
                                             f"{self._handed_out} events in one step")
                    return super().next_event()
                self._give_turn_back()
                self._turn.wait_for(lambda: self._session_turn)

    def end(self) -> None:
        """The session thread is over (returned, raised or killed)."""
        with self._turn:
            self._ended = True
            self._give_turn_back()

    def _give_turn_back(self) -> None:
        self._session_turn = False
        self._turn.notify_all()

    # -- the test thread

    @property
    def ended(self) -> bool:
        """True once the session thread is over."""
        return self._ended

    def wait_for_the_start(self) -> None:
        """Wait until a new session has done all it can at the start."""
        with self._turn:
            self._wait_for_the_session()

    def _wait_for_the_session(self) -> None:
        """Wait (holding `_turn`) until the session has done all it can up to the horizon."""
        if not self._turn.wait_for(lambda: not self._session_turn, timeout=GUARD_SECONDS):
            raise AssertionError(f"the session hung at {self.now():.3f} s")

    def run_until(self, horizon: float) -> None:
        """Let the session run up to virtual time `horizon`."""
        with self._turn:
            if self._ended:
                return
            self._horizon = max(self._horizon, horizon)
            self._handed_out = 0
            self._session_turn = True
            self._turn.notify_all()
            self._wait_for_the_session()

    def deliver(self, event: LoopEvent) -> None:
        """Post `event` at the horizon and let the session handle it (and what follows at once)."""
        with self._turn:
            if self._ended:
                return
            self.post_at(self._horizon, event)
        self.run_until(self._horizon)

    def kill(self) -> None:
        """Drop the session wherever it is waiting."""
        with self._turn:
            if self._ended:
                return
            self._killed = True
            self._session_turn = True
            self._turn.notify_all()
            self._wait_for_the_session()


class ToneSynthesizer:
    """A fake synthesiser: silence as long as the text would take to say at the voice's rate."""

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        seconds = SECONDS_PER_CHARACTER * len(text) * 150 / max(voice.rate, 1)
        return AudioClip(np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32), SAMPLE_RATE)


@dataclass
class Failures:
    """Which sounds the speaker fails to make audible: the next `pending` ones, or all while `down`."""

    pending: int = 0
    down: bool = False
    failed: int = 0
    """How many sounds have failed so far."""

    def fails_now(self) -> bool:
        if not (self.down or self.pending):
            return False
        self.pending = max(0, self.pending - 1)
        self.failed += 1
        return True


ENGINE_FAILURE = "the speech engine stopped answering; restart voicecoach"


class FlakySpeaker:
    """The timeline speaker, failing the sounds `failures` picks as `LiveSpeaker` reports them: a
    `Notice` naming the failed sound, or, for a sentence that says an error, a plain finish."""

    def __init__(self, timeline: TimelineSpeaker, loop: VirtualLoop, failures: Failures) -> None:
        self._timeline = timeline
        self._loop = loop
        self._failures = failures

    def play(self, sound: Sound) -> None:
        if not self._failures.fails_now():
            self._timeline.play(sound)
            return
        self._timeline.stop()
        if isinstance(sound, Speech) and sound.kind is SpeechKind.ERROR:
            self._loop.post(SoundFinished(sound.id))
        else:
            self._loop.post(Notice(ENGINE_FAILURE, SpeechEngineError(ENGINE_FAILURE), failed_sound_id=sound.id))

    def stop(self) -> None:
        self._timeline.stop()

    def prefetch(self, text: str, voice: Voice) -> None:
        self._timeline.prefetch(text, voice)


class Devices:
    """Stands in for `cli.wiring.Outlet`: the speaker, loop and inputs of one session in virtual
    time; the session's events and deliveries go to `night`."""

    listening = False

    def __init__(self, settings: OutputSettings, night: "Night") -> None:
        self.settings = settings
        self.fade = FadeSchedule()
        self.loop = night.loop
        self.bed = SoundBed(settings.bed if settings.bed is not None else settings.config.sound_bed, start=night.loop.now())
        renderer = BedRenderer(self.bed, sample_rate=SAMPLE_RATE)
        self.timeline = TimelineSpeaker(
            ToneSynthesizer(), night.loop, gain_at=self.fade.gain_at, sample_rate=SAMPLE_RATE, bed=renderer
        )
        self.speaker = FlakySpeaker(self.timeline, night.loop, night.failures)
        self._night = night

    def follow_chapters(self, title: str, where: object) -> None:
        """Chapters are tagged in files only; these sessions write none."""

    def on_player_event(self, event: PlayerEvent, contents: object = None) -> None:
        """Every event of every player (`contents`, for the media buttons' display, is not shown here)."""
        self._night.on_player_event(event)

    def run_session(self, reader: Reader) -> Position:
        """As `Outlet.run_session` with typed input that stays open until the test closes it."""
        Session(Watched(reader, self._night), self.loop, input_open=True, on_problem=self._night.problems.append).run()
        return reader.position


@dataclass(frozen=True)
class Delivery:
    """A command or a line that was not understood, handed to the reader, and what came of it."""

    what: str
    at: float
    during_goodbye: bool
    answered: bool
    events: tuple[PlayerEvent, ...]
    """What the player did just before and during the delivery (for the failure message)."""


class Watched:
    """The reader the session drives, passed through, noting each delivery and whether it was answered."""

    def __init__(self, reader: Reader, night: "Night") -> None:
        self._reader = reader
        self._night = night

    def handle(self, command: Command, now: float) -> None:
        self._deliver(str(command), now, lambda: self._reader.handle(command, now))

    def not_understood(self, heard: str, now: float) -> None:
        self._deliver(f"(not understood) {heard!r}", now, lambda: self._reader.not_understood(heard, now))

    def _deliver(self, what: str, now: float, deliver: Callable[[], None]) -> None:
        night = self._night
        during_goodbye = night.saying_goodbye
        before = len(night.events)
        deliver()
        answered = any(isinstance(e, (Speaking, EarconPlayed)) for e in night.events[before:])
        night.deliveries.append(Delivery(what, now, during_goodbye, answered, tuple(night.events[max(0, before - 8):])))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)  # the rest of `Reader`, as it is


# --------------------------------------------------------------------------- what is played


@dataclass(frozen=True)
class Places:
    """How many tips (or script steps) each section of a document has."""

    sizes: tuple[int, ...]

    def hold(self, position: Position) -> bool:
        return 0 <= position.section < len(self.sizes) and 0 <= position.tip < self.sizes[position.section]


@dataclass(frozen=True)
class Program:
    """A command line the listener runs each night, and what its place is saved under."""

    argv: tuple[str, ...]
    key: str
    """The place key of the reader it starts with."""
    one_reader: bool
    """False for the plain session, whose library switches between the guide and a relaxation."""
    script: bool


def _article_places(path: Path | None) -> tuple[str, Places]:
    document, key = load_document(path)
    return key, Places(tuple(len(section.tips) for section in document.sections))


def _script_places(name_or_path: str) -> tuple[str, Places]:
    script, key = find_script(name_or_path)
    index = PlanIndex.of(compile_script(script))
    return key, Places(tuple(index.step_count(section) for section in range(index.section_count)))


def _programs() -> tuple[list[Program], dict[str, Places]]:
    places: dict[str, Places] = {}
    programs: list[Program] = []
    guide_key, places[guide_key] = _article_places(None)
    default_key, places[default_key] = _script_places(DEFAULT_SCRIPT)
    assert guide_key == BUILTIN_GUIDE_KEY
    programs.append(Program(("read",), guide_key, one_reader=False, script=False))
    for path in (ARTICLE, GROUPED_ARTICLE):
        key, places[key] = _article_places(path)
        programs.append(Program(("read", str(path)), key, one_reader=True, script=False))
    programs.append(Program(("relax",), default_key, one_reader=True, script=True))
    for name in builtin_scripts():
        key, places[key] = _script_places(name)
        programs.append(Program(("relax", name), key, one_reader=True, script=True))
    key, places[key] = _script_places(str(SCRIPT_FILE))
    programs.append(Program(("read", str(SCRIPT_FILE)), key, one_reader=True, script=True))  # read plays scripts as relax
    return programs, places


PROGRAMS, PLACES = _programs()
PROGRAM_CHOICE = st.one_of(st.just(PROGRAMS[0]), st.sampled_from(PROGRAMS))
"""The plain session half the time: it has the most to go wrong (two readers, switched)."""
START = Position(0, 0)


# --------------------------------------------------------------------------- one session


class Night:
    """One session of a program, run by the real `read`/`relax` handler in a thread of its own."""

    def __init__(self, argv: list[str], failures: Failures, *, script: bool) -> None:
        self.loop = SteppedLoop()
        self.failures = failures
        self.events: list[PlayerEvent] = []
        self.deliveries: list[Delivery] = []
        self.problems: list[str] = []
        self.error: BaseException | None = None
        self.exit_code: int | None = None
        self.killed = False
        self.saying_goodbye = False
        self.last_place: Position | None = None  # the last place the player reported moving to
        self.last_voice: VoiceChanged | None = None
        self.script = script
        self._args = build_parser().parse_args(argv)
        self._thread = threading.Thread(target=self._run, name="session", daemon=True)
        self._thread.start()
        self.loop.wait_for_the_start()

    def _run(self) -> None:
        try:
            self.exit_code = self._args.handler(self._args, lambda settings, stack: Devices(settings, self))
        except SessionKilled:
            self.killed = True
        except BaseException as error:  # the test thread raises it again: nothing may raise
            self.error = error
        finally:
            self.loop.end()

    def on_player_event(self, event: PlayerEvent) -> None:
        self.events.append(event)
        match event:
            case StateChanged(state=state):
                self.saying_goodbye = state == PlayerState.QUITTING
            case Moved(position=position):
                self.last_place = position
            case VoiceChanged():
                self.last_voice = event
            case Finished() if self.script:
                self.last_place = START  # a script heard to its end starts from the top next time

    @property
    def started_at(self) -> Position | None:
        """Where the first reader started."""
        return next((e.position for e in self.events if isinstance(e, Started)), None)

    @property
    def over(self) -> bool:
        return self.loop.ended

    def deliver(self, event: LoopEvent, then_wait: float) -> None:
        self.loop.deliver(event)
        self.wait(then_wait)

    def wait(self, seconds: float) -> None:
        self.loop.run_until(self.loop.horizon + seconds)

    def kill(self) -> None:
        self.loop.kill()
        self._thread.join(GUARD_SECONDS)

    def close_input(self) -> None:
        """End the session as piped input does: close it, and let the session end by itself."""
        self.loop.deliver(InputClosed("stdin"))
        closed_at = self.loop.horizon
        while not self.over and self.loop.horizon - closed_at < MAX_NIGHT_SECONDS:
            self.wait(600.0)
        assert self.over, "a session whose input had closed never ended"
        self._thread.join(GUARD_SECONDS)


# --------------------------------------------------------------------------- the inputs


def _argument(kind: str) -> st.SearchStrategy[int]:
    """Values for a command's argument, in range and out of it."""
    if kind == "minutes":
        return st.one_of(st.integers(1, 3), st.integers(4, 90), st.integers(-1, 0), st.integers(10**4, 10**9))
    return st.one_of(st.integers(1, 6), st.integers(-1, 0), st.integers(7, 10**6))


def _command_of(command_id: CommandId) -> st.SearchStrategy[Command]:
    kind = ARGUMENT_OF.get(command_id)
    if kind is None:
        return st.just(Command(command_id))
    return _argument(kind).map(lambda value: Command(command_id, {kind: value}))


COMMANDS = st.sampled_from(list(CommandId)).flatmap(_command_of)

# A typed command as a person would write it: the id's words, with a number where one is taken.
_WORDS = st.sampled_from(list(CommandId)).flatmap(
    lambda command_id: _command_of(command_id).map(lambda command: str(command).replace("_", " "))
)
_PHRASES = st.sampled_from([
    "next tip", "where am i", "go to section 2", "goto tip 3", "sleep in 10 minutes", "sleep 1", "q",
    "bye", "again", "back", "how long left", "cancel sleep timer", "longer exhale", "relax", "guide",
])
_MISTAKES = st.sampled_from([
    "fly away", "goto section", "next 5", "sleep", "sleep in minutes", "section -2", "@", "@1.5", "@-1 next",
    "@1e3 stop", "NEXT!!", "p p p", "tip 99999999999999999999",
])
_GARBAGE = st.text(max_size=40)
_BINARY = st.binary(max_size=40).map(lambda raw: raw.decode("utf-8", errors="surrogateescape"))
_BLANK = st.sampled_from(["", "   ", "\t", "# a comment", "  # next"])
_PLAIN = st.one_of(_WORDS, _PHRASES, _MISTAKES, _GARBAGE, _BINARY, _BLANK)
_TIMED = st.tuples(st.floats(0, 30, allow_nan=False).map(lambda d: f"{d:.2f}".rstrip("0").rstrip(".")), _PLAIN).map(
    lambda timed: f"@{timed[0]} {timed[1]}"
)
TYPED_LINES = st.tuples(st.one_of(_PLAIN, _TIMED), st.sampled_from(["\n", "", "\r\n"])).map("".join)

KEYS = st.one_of(st.sampled_from(sorted(KEY_COMMANDS)), st.sampled_from(["j", "\x1b[A", "\x01", "é", "\n"]),
                 st.text(min_size=1, max_size=3))
HEARD = st.one_of(st.sampled_from(["", "um", "next to nothing", "what was that"]), st.text(max_size=20))
NOTICES = st.sampled_from([
    "The microphone is gone; keys still work.", "The microphone is back.", "The sound card went away.",
])
AFTER = st.one_of(st.just(0.0), st.floats(0, 5, allow_nan=False))
WAITS = st.one_of(st.floats(0, 3, allow_nan=False), st.floats(3, 90, allow_nan=False), st.floats(90, 1500, allow_nan=False))
FLAGS = st.lists(
    st.sampled_from([("--continuous",), ("--restart",), ("--sleep", "1m"), ("--sleep", "5m"), ("--rate", "100"),
                     ("--rate", "240"), ("--volume", "0.3"), ("--noise", "rain"), ("--noise", "off")]),
    max_size=3, unique=True,
)


# --------------------------------------------------------------------------- the machine


def check_state_file(state_dir: Path) -> State | None:
    """The state file as the next session will load it, checked to be whole and in range."""
    path = state_dir / STATE_FILE_NAME
    assert not list(state_dir.glob(f"{STATE_FILE_NAME}.corrupt-*")), "the state file was moved aside as corrupt"
    if not path.exists():
        return None
    state = state_from_dict(json.loads(path.read_text("utf-8")))  # the current version, every field right
    store = JsonStateStore(state_dir)
    assert store.notices == [], store.notices
    for key, saved in state.positions.items():
        assert key in PLACES, f"a place saved under a key no program uses: {key!r}"
        assert PLACES[key].hold(saved.position), f"the place {saved.position} is outside the document {key!r}"
    rate, volume = state.settings.rate, state.settings.volume
    assert rate is None or MIN_RATE <= rate <= MAX_RATE, rate
    assert volume is None or MIN_VOLUME <= volume <= MAX_VOLUME, volume
    return state


def expected_start(state: State, key: str) -> Position:
    """Where the next night of `key` starts, as the file says (issue 14): after a night that did
    not end with a goodbye, where the resume offer goes (the tip where the listener was last
    awake, or the config's rewind before the end); else, or for a document heard to its end,
    the saved place."""
    saved_night = state.nights.get(key)
    if saved_night is not None and key not in state.finished:
        offer = resume_offer(saved_night.night, Config().rewind_after_sleep)
        if offer is not None:
            return offer.start.position
    saved = state.positions.get(key)
    return START if saved is None else saved.position


class SessionNights(RuleBasedStateMachine):
    """Night after night of `read` and `relax` sessions on one state folder; see the module docstring."""

    def __init__(self) -> None:
        super().__init__()
        self._folder = tempfile.TemporaryDirectory(prefix="voicecoach-nights-", dir=FAST_FOLDER)
        root = Path(self._folder.name)
        self.state_dir = root / "state"
        self.config = root / "config.yaml"
        self.config.write_text("night_volume: 0.2\n")
        self.failures = Failures()
        self.program = PROGRAMS[0]
        self.flags: tuple[str, ...] = ()
        self.night: Night | None = None
        self.happened: set[str] = set()
        self.checked = 0  # deliveries of the current night already checked

    # -- sessions

    def _open(self) -> Night:
        argv = [*self.program.argv, "--stdin", "--state-dir", str(self.state_dir), "--config", str(self.config), *self.flags]
        saved = check_state_file(self.state_dir)
        if self.night is not None:
            self.happened |= what_happened(self.night)
        night = Night(argv, self.failures, script=self.program.script)
        self.night, self.checked = night, 0
        self._raise_from(night)
        expected = START if "--restart" in self.flags or saved is None else expected_start(saved, self.program.key)
        assert night.started_at == expected, f"{self.program.argv} started at {night.started_at}, the file says {expected}"
        return night

    def _live(self) -> Night:
        """The session under way; when the last one has ended, the listener starts it again."""
        if self.night is None or self.night.over:
            if self.night is not None:
                self._check_deliveries()
                self._raise_from(self.night)
            return self._open()
        return self.night

    def _raise_from(self, night: Night) -> None:
        if night.error is not None:
            raise night.error

    @initialize(program=PROGRAM_CHOICE, flags=FLAGS)
    def first_night(self, program: Program, flags: list[tuple[str, ...]]) -> None:
        self.program, self.flags = program, _flat(program, flags)
        self._open()

    @rule(program=PROGRAM_CHOICE, flags=FLAGS)
    def another_night(self, program: Program, flags: list[tuple[str, ...]]) -> None:
        """The input closes (the end of a piped file), the session ends by itself, another begins."""
        night = self._live()
        night.close_input()
        self._raise_from(night)
        self._check_deliveries()
        assert night.exit_code == 0, night.exit_code
        self.program, self.flags = program, _flat(program, flags)
        self._open()

    @rule()
    def kill(self) -> None:
        """Drop the session between two steps; the file must hold what the player last reported."""
        night = self._live()
        night.kill()
        self._raise_from(night)
        self._check_deliveries()
        state = check_state_file(self.state_dir)
        if self.program.one_reader and night.last_place is not None:
            saved = None if state is None else state.positions.get(self.program.key)
            assert saved is not None and saved.position == night.last_place, f"killed at {night.last_place}, the file says {saved}"
        if night.last_voice is not None:
            assert state is not None
            assert (state.settings.rate, state.settings.volume) == (night.last_voice.rate, night.last_voice.volume)
        self._open()

    # -- inputs

    @rule(command=COMMANDS, after=AFTER)
    def say_a_command(self, command: Command, after: float) -> None:
        self._live().deliver(CommandArrived(command, origin="voice"), after)

    @rule(line=TYPED_LINES, interactive=st.booleans(), after=AFTER)
    def type_a_line(self, line: str, interactive: bool, after: float) -> None:
        self._live().deliver(LineArrived(line, interactive=interactive), after)

    @rule(key=KEYS, after=AFTER)
    def press_a_key(self, key: str, after: float) -> None:
        self._live().deliver(event_for_key(key), after)

    @rule(heard=HEARD, after=AFTER)
    def mumble(self, heard: str, after: float) -> None:
        self._live().deliver(NotUnderstood(heard), after)

    @rule(message=NOTICES, after=AFTER)
    def a_device_speaks_up(self, message: str, after: float) -> None:
        self._live().deliver(Notice(message), after)

    @rule(seconds=WAITS)
    def wait(self, seconds: float) -> None:
        self._live().wait(seconds)

    @rule(count=st.integers(1, 4))
    def some_sounds_fail(self, count: int) -> None:
        self.failures.pending += count

    @rule(down=st.booleans())
    def the_engine_goes(self, down: bool) -> None:
        self.failures.down = down

    # -- the properties

    @invariant()
    def nothing_raised(self) -> None:
        if self.night is not None:
            self._raise_from(self.night)

    @invariant()
    def the_saved_state_is_valid(self) -> None:
        check_state_file(self.state_dir)

    @invariant()
    def every_command_is_answered(self) -> None:
        self._check_deliveries()

    def _check_deliveries(self) -> None:
        night = self.night
        if night is None:
            return
        for delivery in night.deliveries[self.checked:]:
            recent = "\n  ".join(map(repr, delivery.events))
            if delivery.during_goodbye:
                assert not delivery.answered, f"{delivery.what} at {delivery.at:.3f} s talked over the goodbye:\n  {recent}"
            else:
                assert delivery.answered, f"{delivery.what} at {delivery.at:.3f} s got no answer:\n  {recent}"
        self.checked = len(night.deliveries)

    def teardown(self) -> None:
        if self.failures.failed:
            event("sounds failed")
        try:
            if self.night is not None:
                self.happened |= what_happened(self.night)
            for what in sorted(self.happened):
                event(what)
            if self.night is not None and not self.night.over:
                self.night.kill()
        finally:
            self._folder.cleanup()


def what_happened(night: Night) -> set[str]:
    """What a night reached, for the statistics (`--hypothesis-show-statistics`)."""
    happened = {f"a night had {type(e).__name__}" for e in night.events}
    happened |= {f"a night had {e.reason} quit" for e in night.events if isinstance(e, Quit)}
    happened |= {f"a night was {e.state}" for e in night.events if isinstance(e, StateChanged)}
    if len({e.title for e in night.events if isinstance(e, Started)}) > 1:
        happened.add("a night switched readers")
    if any(d.during_goodbye for d in night.deliveries):
        happened.add("a delivery came during the goodbye")
    if night.killed:
        happened.add("a night was killed")
    return happened


def _flat(program: Program, flags: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The chosen options that `program` takes (`--continuous` is for articles)."""
    chosen = [flag for flag in flags if not (program.script and flag == ("--continuous",))]
    return tuple(part for flag in chosen for part in flag)


_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
BRIEF = settings(max_examples=15, stateful_step_count=30, deadline=None, suppress_health_check=_HEALTH)
LONG = settings(max_examples=1_000, stateful_step_count=120, deadline=None, suppress_health_check=_HEALTH)


def test_any_steps_of_read_and_relax_sessions_keep_their_promises() -> None:
    run_state_machine_as_test(SessionNights, settings=BRIEF)


@pytest.mark.slow
def test_any_steps_of_read_and_relax_sessions_keep_their_promises_all_night() -> None:
    run_state_machine_as_test(SessionNights, settings=LONG)
