"""The whole loop on the headless rig: the real program speaks into a virtual speaker and obeys
commands played into a virtual microphone through the real SpeechRecognition/PyAudio path.

Commands are said by another espeak-ng voice with a noise floor (tests/voice_clips.py). No
timing is asserted here (see benchmarks/bench_full_loop.py); each wait has a generous bound.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

try:
    from audio_rig import AudioRig, audio_rig  # noqa: F401  (fixture)
    from full_loop_program import Program, dominant_frequency, loud_onsets
    from voice_clips import spoken, write_wav
except ImportError:
    from tests.audio_rig import AudioRig, audio_rig  # noqa: F401  (fixture)
    from tests.full_loop_program import Program, dominant_frequency, loud_onsets
    from tests.voice_clips import spoken, write_wav

pytestmark = pytest.mark.audio
pytest.importorskip("pyaudio", reason="PyAudio is not installed (scripts/setup builds it)")
pytest.importorskip("webrtcvad", reason="webrtcvad is not installed (scripts/setup installs it)")

FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "evening-walk.md"
ACK_FIRST_NOTE_HZ = 440.0  # the ACK earcon rises A4 -> C#5


@pytest.fixture
def rig(audio_rig: AudioRig) -> Iterator[AudioRig]:  # noqa: F811
    _plug_in()
    yield audio_rig
    _plug_in()


@pytest.fixture(scope="module")
def commands(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("commands")
    return {text: write_wav(folder / f"{text.replace(' ', '_')}.wav", *spoken(text)) for text in ("next tip", "stop")}


def _remap_module() -> str | None:
    modules = subprocess.run(["pactl", "list", "short", "modules"], capture_output=True, text=True, check=True).stdout
    return next((line.split()[0] for line in modules.splitlines() if "source_name=virtmic" in line), None)


def _plug_in() -> None:
    if _remap_module() is None:
        subprocess.run(["pactl", "load-module", "module-remap-source", "source_name=virtmic", "master=micfeed.monitor"],
                       check=True, capture_output=True)
    subprocess.run(["pactl", "set-default-source", "virtmic"], check=True, capture_output=True)


def _read(tmp_path: Path, *extra: str) -> Program:
    return Program("read", str(FIXTURE), "--stdin", "--restart", "--listen", "--state-dir", str(tmp_path / "state"), *extra)


def _obeyed(program: Program) -> list[str]:
    """The commands the listener heard and passed on, from its log ("next", "stop")."""
    return [
        line.split("(command ", 1)[1].split(",", 1)[0]
        for line in program.log_lines("voicecoach.adapters.listener: heard ")
        if line.endswith(": obey") and "(command " in line
    ]


def _story(program: Program) -> str:
    """What the program said and logged, for a failure message (a CI run leaves nothing else)."""
    return f"said {program.texts()}; log tail {program.log_lines()[-40:]}"


def test_next_tip_said_aloud_gives_the_earcon_then_the_next_tip(rig: AudioRig, commands: dict[str, Path], tmp_path: Path) -> None:
    program = _read(tmp_path)
    try:
        with rig.recording() as recording:
            program.wait_for("Your body takes the hint.", timeout=30)
            recording.wait_for_sound(timeout=5)
            time.sleep(2.5)  # let the last sentence of the first tip end: the reader waits for "next"
            rig.play_into_mic(commands["next tip"])
            said = time.monotonic()
            program.wait_for("Put the phone away", timeout=15, after=said - 2)
            time.sleep(0.5)
            chunks = recording.chunks()
    finally:
        program.quit()
    assert _obeyed(program)[:1] == ["next"], _story(program)
    texts = program.texts()
    assert texts.index("Next.") < texts.index("Put the phone away.")
    # The first sound after the command is the ACK earcon's first note, then speech.
    onset = loud_onsets(chunks, after=said - 1.5)[0]
    response = np.concatenate([s for t, s in chunks if onset <= t < onset + 0.07])
    assert abs(dominant_frequency(response, recording.sample_rate) - ACK_FIRST_NOTE_HZ) < 30


def test_stop_said_over_a_long_sentence_cuts_it_and_goes_quiet(rig: AudioRig, commands: dict[str, Path], tmp_path: Path) -> None:
    program = _read(tmp_path, "--rate", "100")
    try:
        program.wait_for("Turn the lamps low an hour before bed.", timeout=30)
        rig.play_into_mic(commands["stop"])
        program.wait_for("Stopped.", timeout=15)
        time.sleep(3.0)
    finally:
        program.quit()
    assert _obeyed(program)[:1] == ["stop"], _story(program)
    texts = program.texts()
    assert "Your body takes the hint." not in texts  # the tip was not read on after the stop
    assert texts[-2:] == ["Stopped.", "Goodbye. Sleep well."]


def _piper_voice() -> tuple[str, ...]:
    pytest.importorskip("piper", reason="piper-tts is not installed (scripts/setup --piper)")
    return ("--voice", "piper:joe")


@pytest.mark.parametrize("voice", ["espeak-ng", "piper"])
def test_our_own_voice_fed_back_into_the_microphone_obeys_nothing(rig: AudioRig, tmp_path: Path, voice: str) -> None:
    # The guard follows the player's Speaking events, so it must hold whatever voice speaks them.
    extra = _piper_voice() if voice == "piper" else ()
    loopback = subprocess.run(
        ["pactl", "load-module", "module-loopback", "source=speaker.monitor", "sink=micfeed", "latency_msec=30"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    program = _read(tmp_path, *extra)
    try:
        program.wait_for("Your body takes the hint.", timeout=30)
        for tip in ("Put the phone away", "Heavy feet"):
            program.type("next")  # typed commands make the reader say "Next.", which the microphone hears
            program.wait_for(tip, timeout=30)
        program.wait_for("Feel the blanket on them.", timeout=30)
        time.sleep(3.0)
    finally:
        program.quit()
        subprocess.run(["pactl", "unload-module", loopback], capture_output=True, check=False)
    assert _obeyed(program) == [], _story(program)
    assert program.texts().count("Next.") == 2


def test_a_pulled_microphone_is_said_reading_goes_on_and_plugging_it_back_restores_voice(
    rig: AudioRig, commands: dict[str, Path], tmp_path: Path
) -> None:
    program = _read(tmp_path, "--rate", "110")
    try:
        program.wait_for("Dim the lights.", timeout=30)
        subprocess.run(["pactl", "unload-module", str(_remap_module())], check=True, capture_output=True)
        program.wait_for("I lost the microphone", timeout=15)
        program.wait_for("Your body takes the hint.", timeout=30)  # the tip is read to its end
        _plug_in()
        program.wait_for("Microphone found", timeout=15)
        time.sleep(2.5)
        rig.play_into_mic(commands["next tip"])
        program.wait_for("Put the phone away", timeout=15)
    finally:
        program.quit()
    assert program.texts().count("I lost the microphone. Keys still work; I'll keep listening for one.") == 1
    assert "next" in _obeyed(program), _story(program)


def test_sleep_in_one_minute_fades_out_keeps_the_place_and_is_offered_next_night(rig: AudioRig, tmp_path: Path) -> None:
    article = tmp_path / "long.md"
    tips = "\n".join(f"- **Rest {n}:** Let your shoulders drop a little more with every slow breath out." for n in range(40))
    article.write_text(f"# A long rest\n\n## Resting\n\n{tips}\n")
    sleep_clip = write_wav(tmp_path / "sleep.wav", *spoken("sleep in one minute"))
    state = str(tmp_path / "state")
    program = Program("read", str(article), "--stdin", "--continuous", "--listen", "--state-dir", state)
    try:
        with rig.recording() as recording:
            program.wait_for("Rest 1.", timeout=30)
            rig.play_into_mic(sleep_clip)
            set_at = program.wait_for("Sleep timer set for 1 minute.", timeout=20)[0]
            program.process.wait(timeout=90)  # the timer ends the session by itself, at a sentence end
            ended_at = time.monotonic()
            time.sleep(0.5)
            audio = recording.clip()
            chunks = recording.chunks()
    finally:
        program.quit()
    assert program.process.returncode == 0, program.log_lines()[-10:]
    start = chunks[0][0] - len(chunks[0][1]) / audio.sample_rate if chunks else set_at

    def loudness(first: float, last: float) -> float:
        piece = audio.samples[int((first - start) * audio.sample_rate) : int((last - start) * audio.sample_rate)]
        return float(np.sqrt(np.mean(piece.astype(np.float64) ** 2))) if len(piece) else 0.0

    before_fade = loudness(set_at + 5, set_at + 25)
    end_of_fade = loudness(set_at + 52, set_at + 58)
    assert before_fade > 0.01
    assert end_of_fade < 0.05 * before_fade  # more than 26 dB quieter near the end
    assert loudness(min(set_at + 61, ended_at - 0.2), ended_at) < 0.002  # then quiet
    next_night = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(article), "--stdin", "-o", str(tmp_path / "n2.wav"), "--state-dir", state],
        input="", capture_output=True, text=True, timeout=120,
    )
    # The timer ended the night: the next one starts where the listener was last awake (when
    # they said "sleep in one minute"), at the start of that tip, and says so (issue 14).
    first_line = next_night.stdout.splitlines()[0]
    assert "Welcome back. I'm starting at tip " in first_line and "where you were last awake" in first_line, first_line
