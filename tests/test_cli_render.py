"""`voicecoach render` (and `relax -o`): every pause the script asks for is in the file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voicecoach.adapters.wavfile import read_audio
from voicecoach.cli import main
from voicecoach.scripts import load_script_file, nominal_duration

QUIET_END = "title: Quiet end\nsteps:\n  - say: Rest now.\n  - pause: 6\n"
SILENCE = 1e-4


def script_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "script.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_last_pause_of_a_script_is_in_the_rendered_file(tmp_path: Path) -> None:
    script = script_file(tmp_path, QUIET_END)
    out = tmp_path / "quiet.wav"
    assert main(["render", str(script), "-o", str(out)]) == 0
    audio = read_audio(out)
    tail = audio.samples[-int(5.9 * audio.sample_rate):]
    assert float(np.max(np.abs(tail))) < SILENCE  # six seconds of quiet asked for, six seconds written
    assert float(np.max(np.abs(audio.samples[: -int(6.1 * audio.sample_rate)]))) > 0.05  # and speech before it
    assert audio.duration == pytest.approx(nominal_duration(load_script_file(script)), rel=0.1)


def test_the_last_pause_is_in_a_relax_session_written_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = script_file(tmp_path, QUIET_END)
    out = tmp_path / "relax.wav"
    assert main(["relax", str(script), "-o", str(out), "--state-dir", str(tmp_path / "s")]) == 0
    audio = read_audio(out)
    assert float(np.max(np.abs(audio.samples[-int(5.9 * audio.sample_rate):]))) < SILENCE
    assert audio.duration > 6.5
