"""`voicecoach relax` and `render` of scripts, end to end with real espeak-ng speech."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from voicecoach.adapters.wavfile import read_audio
from voicecoach.sounds import Voice

LINE = re.compile(r"^\[\s*(?P<at>\d+\.\d+)\] (?P<text>.*)$")
BREATHING = """\
title: Test breathing
rate: 160
volume: 0.8
steps:
  - say: Get comfortable.
  - pause: 1
  - breathe: {pattern: 4-7-8, cycles: 3, cues: [In, Hold, Out]}
  - say: Done.
"""
THRESHOLD = 0.001


def voicecoach(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voicecoach", *args], input=stdin, capture_output=True, text=True, timeout=300)


def spoken(stdout: str) -> list[tuple[float, str]]:
    return [(float(m["at"]), m["text"]) for m in map(LINE.match, stdout.splitlines()) if m]


def onsets(samples: np.ndarray, rate: int, quiet_before: float = 0.3) -> list[float]:
    """Times where sound starts after at least `quiet_before` seconds of quiet (5 ms frames)."""
    frame = rate // 200
    frames = len(samples) // frame
    loud = np.sqrt((samples[: frames * frame].reshape(frames, frame) ** 2).mean(axis=1)) > THRESHOLD
    found, quiet_run = [], int(quiet_before * 200)
    for index in np.flatnonzero(loud):
        if index >= quiet_run and not loud[index - quiet_run : index].any():
            exact = index * frame + int(np.argmax(np.abs(samples[index * frame : (index + 1) * frame]) > THRESHOLD))
            found.append(exact / rate)
    return found


def first_sound(samples: np.ndarray, rate: int) -> float:
    """Where a lone clip's sound begins (each word has its own soft attack)."""
    return float(np.argmax(np.abs(samples) > THRESHOLD)) / rate


def test_rendered_breath_cues_land_on_the_phase_boundaries(tmp_path: Path, synthesizer) -> None:
    script = tmp_path / "breathing.yaml"
    script.write_text(BREATHING)
    out = tmp_path / "breathing.wav"
    result = voicecoach("render", str(script), "-o", str(out))
    assert result.returncode == 0, result.stderr
    audio = read_audio(out)
    found = onsets(audio.samples, audio.sample_rate)
    # After the title and "Get comfortable." (one run of sound from 0 s), the nine cues, then "Done."
    cue_words = ["In", "Hold", "Out"] * 3 + ["Done."]
    assert len(found) == len(cue_words), found
    attack = {word: first_sound(synthesizer.synthesize(word, Voice(rate=160, volume=0.8)).samples, audio.sample_rate)
              for word in set(cue_words)}
    cue_starts = [onset - attack[word] for onset, word in zip(found, cue_words)]
    scheduled = np.cumsum([0.0] + [4.0, 7.0, 8.0] * 3)  # phase boundaries from the first "In"
    errors = np.array(cue_starts) - cue_starts[0] - scheduled
    assert np.max(np.abs(errors)) <= 0.020, errors
    print("cue onset errors (ms):", np.round(errors * 1000, 2))


def test_relax_session_obeys_typed_commands(tmp_path: Path) -> None:
    result = voicecoach(
        "relax", "box-breathing", "--stdin", "-o", str(tmp_path / "box.wav"), "--state-dir", str(tmp_path / "s"),
        stdin="@4 where\n@3 next section\n@3 quit\n",
    )
    assert result.returncode == 0, result.stderr
    texts = [text for _, text in spoken(result.stdout)]
    assert any(text.startswith("Section 1 of") for text in texts)
    assert any(text.startswith("Section 2:") for text in texts)
    assert texts[-1] == "Goodbye. Sleep well."


def test_an_exhale_change_during_a_session_is_obeyed_and_the_place_kept(tmp_path: Path) -> None:
    # Issue 13: this session ended in a KeyError when the place keeper read the exhale change.
    state = tmp_path / "s"
    result = voicecoach("relax", "box-breathing", "--stdin", "-o", str(tmp_path / "x.wav"), "--no-listen",
                        "--state-dir", str(state), stdin="@1 goto section 2\n@4 longer exhale\n@3 quit\n")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    texts = [text for _, text in spoken(result.stdout)]
    assert "Longer out-breath." in texts and texts[-1] == "Goodbye. Sleep well."
    saved = json.loads((state / "state.json").read_text())
    assert saved["positions"]["builtin-script:box-breathing"]["section"] == 1
    assert saved["settings"] == {"rate": None, "volume": None, "voice": None}


def test_relax_remembers_the_section_for_next_time(tmp_path: Path) -> None:
    state = str(tmp_path / "s")
    first = voicecoach("relax", "box-breathing", "--stdin", "-o", str(tmp_path / "a.wav"), "--state-dir", state,
                       stdin="@2 next section\n@2 quit\n")
    assert first.returncode == 0, first.stderr
    second = voicecoach("relax", "box-breathing", "--stdin", "-o", str(tmp_path / "b.wav"), "--state-dir", state,
                        stdin="@3 where\n@1 quit\n")
    texts = [text for _, text in spoken(second.stdout)]
    assert texts[1].startswith("Welcome back. Continuing from section 2")


@pytest.mark.parametrize("suffix", ["flac", "ogg"])
def test_render_writes_compressed_formats(tmp_path: Path, suffix: str) -> None:
    script = tmp_path / "short.yaml"
    script.write_text("title: Short\nsteps:\n  - say: Rest now.\n  - pause: 1\n  - chime: soft\n")
    out = tmp_path / f"short.{suffix}"
    result = voicecoach("render", str(script), "-o", str(out))
    assert result.returncode == 0, result.stderr
    audio = read_audio(out)
    assert audio.duration > 2.5  # title, sentence, a second of pause, a 1.5 s chime


def test_unknown_script_and_broken_script_give_clear_errors(tmp_path: Path) -> None:
    result = voicecoach("relax", "no-such-thing", "-o", str(tmp_path / "x.wav"))
    assert result.returncode == 2 and "box-breathing" in result.stderr and "Traceback" not in result.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\nsteps:\n  - pause: -3\n")
    result = voicecoach("relax", str(broken), "-o", str(tmp_path / "y.wav"))
    assert result.returncode == 2 and f"{broken}:3:" in result.stderr and "Traceback" not in result.stderr
