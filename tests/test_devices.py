"""Devices that are missing or fail: each is said in plain words, the session goes on where it can,
and the exit code means something (0 done, 2 bad input or a broken engine, 3 no audio device).

Microphone and recogniser failures (a microphone that disappears or returns garbage, a
recogniser that throws) belong to the microphone work and are not covered here yet.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from voicecoach.adapters.live_loop import LiveLoop
from voicecoach.adapters.live_speaker import LiveSpeaker
from voicecoach.adapters.tts import INSTALL_HINT, Pyttsx3Synthesizer
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.document import Document, Section, Tip
from voicecoach.errors import SpeechEngineError
from voicecoach.events import NoticeGiven, PlayerEvent, Speaking
from voicecoach import phrases
from voicecoach.player import MAX_FAILURES_IN_A_ROW, Player, PlayerSettings, PlayerState
from voicecoach.session import Session
from voicecoach.sounds import SpeechKind, Voice

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "evening-walk.md"
REPO = Path(__file__).resolve().parents[1]

BROKEN_PYTTSX3 = '''
"""A stand-in for pyttsx3 on a machine without espeak-ng: init fails as the real one does."""


def init(*args, **kwargs):
    raise OSError("libespeak-ng.so.1: cannot open shared object file: No such file or directory")
'''


def run_cli(args: list[str], env: dict[str, str], stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "voicecoach", *args], input=stdin, capture_output=True, text=True,
        env=env, cwd=cwd, timeout=120,
    )


def base_env(tmp_path: Path) -> dict[str, str]:
    # No config file at the default place (a file named in VOICECOACH_CONFIG would have to exist).
    env = {**os.environ, "CI": "true", "XDG_CONFIG_HOME": str(tmp_path / "config-home"),
           "VOICECOACH_STATE_DIR": str(tmp_path / "state")}
    env.pop("VOICECOACH_CONFIG", None)
    return env


# --------------------------------------------------------------------------- no speech engine


def test_a_driver_that_cannot_start_is_a_speech_engine_error_in_plain_words() -> None:
    pyttsx3 = pytest.importorskip("pyttsx3")
    synth = Pyttsx3Synthesizer(engine_factory=lambda: pyttsx3.init(driverName="nonexistent"))
    try:
        with pytest.raises(SpeechEngineError) as caught:
            synth.synthesize("Hello.", Voice())
    finally:
        synth.close()
    assert "cannot start text-to-speech" in str(caught.value) and INSTALL_HINT in str(caught.value)
    # It stays broken with the same explanation, rather than trying again for every sentence.
    with pytest.raises(SpeechEngineError, match="espeak-ng"):
        synth.voices()


@pytest.fixture
def without_espeak(tmp_path: Path) -> dict[str, str]:
    """An environment in which `import pyttsx3` finds a stand-in whose init fails like a missing espeak-ng."""
    shadow = tmp_path / "shadow"
    (shadow / "pyttsx3").mkdir(parents=True)
    (shadow / "pyttsx3" / "__init__.py").write_text(BROKEN_PYTTSX3)
    env = base_env(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join([str(shadow), str(REPO)])
    return env


@pytest.mark.parametrize(
    "args",
    [
        ["read", str(ARTICLE), "--stdin", "--output", "{tmp}/out.wav"],
        ["render", str(ARTICLE), "--output", "{tmp}/out.wav"],
        ["relax", "box-breathing", "--stdin", "--output", "{tmp}/out.wav"],
    ],
    ids=["read", "render", "relax"],
)
def test_without_espeak_ng_the_cli_says_to_install_it_and_fails_cleanly(
    args: list[str], without_espeak: dict[str, str], tmp_path: Path
) -> None:
    result = run_cli([arg.format(tmp=tmp_path) for arg in args], without_espeak, stdin="next\n")
    assert result.returncode not in (0, 1), result.stderr  # 1 would be an unexplained crash
    assert "Traceback" not in result.stderr
    assert "install espeak-ng" in result.stderr
    assert result.stderr.startswith("voicecoach: ")
    assert not (tmp_path / "out.wav").exists()


# --------------------------------------------------------------------------- no audio output


def test_with_no_audio_device_read_exits_3_with_one_line_suggesting_output(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    env.update({
        "PULSE_SERVER": "unix:/nonexistent/pulse", "PULSE_RUNTIME_PATH": str(tmp_path / "no-pulse"),
        "XDG_RUNTIME_DIR": str(tmp_path / "no-run"), "HOME": str(tmp_path),
    })
    result = run_cli(["read", str(ARTICLE), "--stdin"], env, stdin="next\n", cwd=tmp_path)
    assert result.returncode == 3, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("voicecoach: ") and "--output" in lines[0]
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- a synthesiser that fails mid-session


class InstantClipPlayer:
    """A ClipPlayer that has 'played' each clip as soon as it starts (no sound card needed)."""

    def __init__(self) -> None:
        self.played = 0

    def play(self, clip: AudioClip, on_done: Callable[[], None], on_error: object = None) -> None:
        self.played += 1
        on_done()

    def stop(self) -> None:
        """Nothing sounds, so nothing to stop."""

    def close(self) -> None:
        """Nothing to release."""


class FlakySynthesizer:
    """Speaks every text as a short tone, but raises for the texts `fails(text)` picks."""

    def __init__(self, fails: Callable[[str], bool]) -> None:
        self.fails = fails
        self.said: list[str] = []
        self.refused: list[str] = []
        self.lock = threading.Lock()

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        with self.lock:
            if self.fails(text):
                self.refused.append(text)
                raise SpeechEngineError("the speech engine stopped answering; restart voicecoach")
            self.said.append(text)
        return AudioClip(np.zeros(SAMPLE_RATE // 100, dtype=np.float32), SAMPLE_RATE)


GUIDE = Document(
    "Night guide",
    (
        Section("Settle", (Tip("", "Lie on your back. Let the legs go heavy."), Tip("", "Breathe out slowly."))),
        Section("Legs", (Tip("", "Point the toes, then let them go."),)),
    ),
)


def run_live_session(synth: FlakySynthesizer) -> tuple[list[PlayerEvent], list[str], Player]:
    loop = LiveLoop()
    speaker = LiveSpeaker(synth, InstantClipPlayer(), loop.post, earcon_source=lambda name, volume: AudioClip(
        np.zeros(10, dtype=np.float32), SAMPLE_RATE))
    events: list[PlayerEvent] = []
    problems: list[str] = []
    player = Player(GUIDE, speaker, events.append, PlayerSettings(continuous=True))
    session = Session(player, loop, input_open=False, on_problem=problems.append)
    runner = threading.Thread(target=session.run, daemon=True)
    try:
        runner.start()
        runner.join(timeout=60)  # a guard against a hang, not a timing check
        assert not runner.is_alive(), "the session hung after a synthesis failure"
    finally:
        speaker.close()
    return events, problems, player


def test_a_synthesis_failure_mid_session_is_spoken_and_reading_goes_on() -> None:
    synth = FlakySynthesizer(lambda text: text == "Let the legs go heavy.")
    events, problems, player = run_live_session(synth)
    message = "the speech engine stopped answering; restart voicecoach"
    assert problems == [message]  # printed once for a partner reading along
    assert [e.message for e in events if isinstance(e, NoticeGiven)] == [message]
    spoken_errors = [e.text for e in events
                     if isinstance(e, Speaking) and e.kind is SpeechKind.ERROR]
    assert spoken_errors == [message] and message in synth.said  # really said aloud
    # The sentence that could not be said is skipped; the rest is read to the end. (The order of
    # what sounded, from the player's events: the synthesiser also prepares the next sentence ahead.)
    spoken = [e.text for e in events if isinstance(e, Speaking)]
    assert spoken.index("Lie on your back.") < spoken.index(message) < spoken.index("Breathe out slowly.")
    assert "Let the legs go heavy." in synth.refused
    assert spoken[-1] == "Point the toes, then let them go." and synth.said[-1] == spoken[-1]
    assert player.state is PlayerState.FINISHED


def test_an_engine_that_dies_for_good_pauses_the_reader_instead_of_looping() -> None:
    dead = threading.Event()

    def fails(text: str) -> bool:
        if text == "Breathe out slowly.":
            dead.set()
        return dead.is_set()

    synth = FlakySynthesizer(fails)
    events, problems, player = run_live_session(synth)
    assert player.state is PlayerState.PAUSED
    assert problems and all("speech engine" in problem for problem in problems)
    # Bounded, not a loop: each sentence is tried at most twice (prepared ahead, then played).
    assert len(synth.refused) <= 2 * (MAX_FAILURES_IN_A_ROW + len(problems))
    assert events[-1] == NoticeGiven(events[-1].at, phrases.PAUSED_AFTER_FAILURES)
