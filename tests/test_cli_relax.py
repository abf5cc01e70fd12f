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
from voicecoach.earcons import earcon
from voicecoach.sounds import EarconName, Voice

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


def test_piped_lines_are_obeyed_at_the_end_of_each_step_not_of_the_script(tmp_path: Path) -> None:
    # Issue 13: "next" waited for the whole script (four and a half minutes) to be played.
    out = tmp_path / "box.wav"
    result = voicecoach("relax", "box-breathing", "--stdin", "-o", str(out), "--no-listen",
                        "--state-dir", str(tmp_path / "s"), stdin="next\nwhere\nquit\n")
    assert result.returncode == 0, result.stderr
    timeline = spoken(result.stdout)
    texts = [text for _, text in timeline]
    first = texts.index("This is a relaxation exercise, not medical advice. Stop at any time and breathe however is comfortable.")
    # "next" at the end of the first sentence skips nothing said (the two-second pause comes next)...
    assert texts[first + 1] == "Next."
    # ...then "where" at the end of that pause, and "quit" at once after the answer.
    assert texts[first + 2] == "Section 1 of 3, Settling, step 2 of 6."
    assert texts[-1] == "Goodbye. Sleep well." and timeline[-1][0] < 30.0
    assert read_audio(out).duration < 35.0


def test_relax_remembers_the_section_for_next_time(tmp_path: Path) -> None:
    state = str(tmp_path / "s")
    first = voicecoach("relax", "box-breathing", "--stdin", "-o", str(tmp_path / "a.wav"), "--state-dir", state,
                       stdin="@2 next section\n@2 quit\n")
    assert first.returncode == 0, first.stderr
    second = voicecoach("relax", "box-breathing", "--stdin", "-o", str(tmp_path / "b.wav"), "--state-dir", state,
                        stdin="@3 where\n@1 quit\n")
    texts = [text for _, text in spoken(second.stdout)]
    assert texts[1].startswith("Welcome back. Continuing from section 2")


LEVEL = """\
title: Level
steps:
  - say: Breathe slowly, and let your shoulders drop a little more with every breath.
  - chime: soft
    volume: 1.0
  - say: Rest now.
"""


def render_relax(tmp_path: Path, name: str, *options: str, stdin: str = "") -> tuple[np.ndarray, int, list[tuple[float, str]]]:
    """Run `relax` on the LEVEL script into a file; its samples, rate and spoken timeline."""
    script = tmp_path / "level.yaml"
    script.write_text(LEVEL)
    out = tmp_path / f"{name}.wav"
    args = ["relax", str(script), "-o", str(out), "--no-listen", "--state-dir", str(tmp_path / name), *options]
    if stdin:
        args.append("--stdin")
    result = voicecoach(*args, stdin=stdin)
    assert result.returncode == 0, result.stderr
    audio = read_audio(out)
    return audio.samples, audio.sample_rate, spoken(result.stdout)


def chime_peak(samples: np.ndarray, rate: int, timeline: list[tuple[float, str]]) -> float:
    """The loudest sample of the chime, which ends where "Rest now." starts."""
    length = earcon(EarconName.CHIME_SOFT, 1.0).duration
    rest_at = dict((text, at) for at, text in timeline)["Rest now."]
    return float(np.max(np.abs(samples[int((rest_at - length + 0.01) * rate) : int((rest_at - 0.01) * rate)])))


def test_relax_speaks_at_the_rate_asked_for(tmp_path: Path) -> None:
    slow, rate, _ = render_relax(tmp_path, "slow", "--rate", "90")
    fast, _, _ = render_relax(tmp_path, "fast", "--rate", "250")
    assert len(slow) / rate > len(fast) / rate + 2.0  # the same words take much longer at 90 wpm


def test_relax_speaks_and_chimes_at_the_volume_asked_for(tmp_path: Path) -> None:
    loud, rate, loud_timeline = render_relax(tmp_path, "loud", "--volume", "0.8")
    soft, _, soft_timeline = render_relax(tmp_path, "soft", "--volume", "0.4")
    assert chime_peak(soft, rate, soft_timeline) == pytest.approx(chime_peak(loud, rate, loud_timeline) / 2, rel=0.01)
    assert chime_peak(loud, rate, loud_timeline) == pytest.approx(0.8, abs=0.01)  # 1.0 of the script's 0.8
    first_words = slice(0, int(loud_timeline[2][0] * rate) - rate)  # the title and the first sentence
    ratio = np.sqrt(np.mean(soft[first_words] ** 2) / np.mean(loud[first_words] ** 2))
    assert ratio == pytest.approx(0.5, rel=0.05)


def test_relax_takes_rate_and_volume_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("rate: 90\nvolume: 0.4\n")
    configured, rate, timeline = render_relax(tmp_path, "configured", "--config", str(config))
    slow, _, slow_timeline = render_relax(tmp_path, "slow", "--rate", "90", "--volume", "0.4")
    assert len(configured) == pytest.approx(len(slow), rel=0.01)
    assert chime_peak(configured, rate, timeline) == pytest.approx(0.4, abs=0.01)


@pytest.mark.parametrize("night_volume", [0.1, 0.6])
def test_relax_confirmation_tones_follow_night_volume(tmp_path: Path, night_volume: float) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"night_volume: {night_volume}\n")
    samples, rate, _ = render_relax(tmp_path, "tones", "--config", str(config), stdin="@1 pause\n")
    ack = samples[rate : rate + int(earcon(EarconName.ACK, 1.0).duration * rate)]  # "pause" at 1 s: the tone
    assert float(np.max(np.abs(ack))) == pytest.approx(night_volume, abs=0.002)


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


def test_an_article_given_to_relax_gets_a_hint_to_use_read(tmp_path: Path) -> None:
    article = tmp_path / "evening.txt"
    article.write_text("Evening Notes\n\nA warm drink helps: it slows the evening down.\n")
    result = voicecoach("relax", str(article), "-o", str(tmp_path / "x.wav"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not a relaxation script" in result.stderr and f"voicecoach read {article}" in result.stderr
    assert "YAML" not in result.stderr and "mapping" not in result.stderr
