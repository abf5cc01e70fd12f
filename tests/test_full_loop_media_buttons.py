"""The real program on the virtual speaker, steered through a private session bus with playerctl,
as a headset's buttons or the media keys would: every button acts, and the display follows.

No timing is asserted (each wait has a generous bound); what is checked is what the program
said, what it reported on the bus, and that the speaker went quiet when told to.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

try:
    from audio_rig import AudioRig, audio_rig  # noqa: F401  (fixture)
    from full_loop_program import Program
    from session_bus import SessionBus, session_bus  # noqa: F401  (fixture)
except ImportError:
    from tests.audio_rig import AudioRig, audio_rig  # noqa: F401  (fixture)
    from tests.full_loop_program import Program
    from tests.session_bus import SessionBus, session_bus  # noqa: F401  (fixture)

pytestmark = pytest.mark.audio

FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "evening-walk.md"
FIRST_TIP = ("Dim the lights.", "Turn the lamps low an hour before bed.", "Your body takes the hint.")


@pytest.fixture
def program(audio_rig: AudioRig, session_bus: SessionBus, tmp_path: Path,  # noqa: F811
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Program]:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_bus.address)
    running = Program("read", str(FIXTURE), "--stdin", "--restart", "--no-listen", "--rate", "110",
                      "--state-dir", str(tmp_path / "state"))
    try:
        yield running
    finally:
        running.quit()


def wait_until(check, what: str, timeout: float = 15.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"never {what}")


def press(bus: SessionBus, program: Program, button: str, *args: str) -> float:
    """Press a button; returns the moment, for `program.wait_for(..., after=...)`."""
    pressed = time.monotonic()
    bus.playerctl(button, *args)
    return pressed


def tip_text(bus: SessionBus) -> str:
    return bus.playerctl("metadata", "xesam:asText")


def test_every_button_acts_and_the_display_follows_the_tip(program: Program, session_bus: SessionBus,  # noqa: F811
                                                           audio_rig: AudioRig) -> None:  # noqa: F811
    program.wait_for("Dim the lights.", timeout=30)
    session_bus.wait_for_player()
    assert session_bus.playerctl("metadata", "--format", "{{album}}|{{title}}") == "A calm evening|Settling down"
    assert tip_text(session_bus) == " ".join(FIRST_TIP)
    wait_until(lambda: session_bus.playerctl("status") == "Playing", "Playing")

    at = press(session_bus, program, "pause")
    program.wait_for("Paused.", after=at)
    wait_until(lambda: session_bus.playerctl("status") == "Paused", "Paused")
    time.sleep(1.2)  # "Paused." itself is said first
    with audio_rig.recording() as quiet:
        time.sleep(1.5)
    assert np.max(np.abs(quiet.clip().samples), initial=0.0) < 0.01  # paused means silent

    # Seek forward while paused: the sentence after the one that was cut, then on through the tip.
    cut = FIRST_TIP.index([text for text in program.texts() if text in FIRST_TIP][-1])
    forward, back = (FIRST_TIP[cut + 1], FIRST_TIP[cut]) if cut + 1 < len(FIRST_TIP) else ("Put the phone away.", FIRST_TIP[-1])
    at = press(session_bus, program, "position", "5+")
    program.wait_for(forward, after=at)
    wait_until(lambda: session_bus.playerctl("status") == "Playing", "Playing after a seek")
    # Seek back: the sentence before the one under way.
    at = press(session_bus, program, "position", "5-")
    program.wait_for(back, after=at)

    at = press(session_bus, program, "play-pause")
    program.wait_for("Paused.", after=at)
    at = press(session_bus, program, "play-pause")
    program.wait_for("Going on.", after=at)
    at = press(session_bus, program, "pause")
    program.wait_for("Paused.", after=at)
    at = press(session_bus, program, "play")
    program.wait_for("Going on.", after=at)

    at = press(session_bus, program, "next")
    program.wait_for("Next.", after=at)
    program.wait_for("Put the phone away.", after=at)
    wait_until(lambda: tip_text(session_bus).startswith("Put the phone away."), "showing the second tip")

    at = press(session_bus, program, "previous")
    program.wait_for("Back one.", after=at)
    program.wait_for("Dim the lights.", after=at)
    wait_until(lambda: tip_text(session_bus) == " ".join(FIRST_TIP), "showing the first tip again")

    at = press(session_bus, program, "stop")
    program.wait_for("Stopped.", after=at)
    wait_until(lambda: session_bus.playerctl("status") == "Stopped", "Stopped")
    time.sleep(1.2)  # after "Stopped." itself
    with audio_rig.recording() as after_stop:
        time.sleep(1.5)
    assert np.max(np.abs(after_stop.clip().samples), initial=0.0) < 0.01
    assert "voicecoach.adapters.mpris: on the session bus as org.mpris.MediaPlayer2.voicecoach" in program.log_lines()


def test_without_a_session_bus_the_program_reads_as_before_and_says_so_once(
    audio_rig: AudioRig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    running = Program("read", str(FIXTURE), "--stdin", "--restart", "--no-listen", "--state-dir", str(tmp_path / "s"))
    try:
        running.wait_for("Dim the lights.", timeout=30)
        running.type("next")
        running.wait_for("Put the phone away.", timeout=30)
    finally:
        running.quit()
    assert len(running.log_lines("voicecoach.adapters.mpris")) == 1
    assert "no D-Bus session bus" in running.log_lines("voicecoach.adapters.mpris")[0]


def test_a_relaxation_script_shows_its_steps_and_obeys_the_buttons(
    audio_rig: AudioRig, session_bus: SessionBus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_bus.address)
    running = Program("relax", "box-breathing", "--stdin", "--restart", "--no-listen", "--state-dir", str(tmp_path / "s"))
    try:
        running.wait_for("This is a relaxation exercise", timeout=30)
        session_bus.wait_for_player()
        assert session_bus.playerctl("metadata", "--format", "{{album}}|{{title}}") == "Box breathing|Settling"
        assert tip_text(session_bus).startswith("This is a relaxation exercise")
        at = press(session_bus, running, "position", "5+")  # the next thing said, past the pause
        running.wait_for("Picture a square.", after=at)
        wait_until(lambda: tip_text(session_bus).startswith("Picture a square."), "showing the step")
        at = press(session_bus, running, "pause")
        running.wait_for("Paused.", after=at)
        wait_until(lambda: session_bus.playerctl("status") == "Paused", "Paused")
    finally:
        running.quit()
