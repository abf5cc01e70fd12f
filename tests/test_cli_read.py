"""`voicecoach read` end to end with the real pyttsx3/espeak-ng engine, written to a WAV file."""

from __future__ import annotations

import re
import json
from datetime import datetime
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from voicecoach.adapters.wavfile import read_audio
from voicecoach.sounds import Voice

FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "evening-walk.md"
LINE = re.compile(r"^\[\s*(?P<at>\d+\.\d+)\] (?P<text>.*)$")
FRAME = 441  # 20 ms at 22050 Hz


def envelope(samples: np.ndarray) -> np.ndarray:
    """Loudness per 20 ms frame: espeak's waveforms vary in fine detail between runs, their shape does not."""
    frames = len(samples) // FRAME
    return np.sqrt((samples[: frames * FRAME].reshape(frames, FRAME) ** 2).mean(axis=1))


def similarity(heard: np.ndarray, expected: np.ndarray) -> float:
    """Correlation of the loudness envelopes of two equally long pieces of audio."""
    return float(np.corrcoef(envelope(heard), envelope(expected))[0, 1])


def run_read(tmp_path: Path, stdin: str, *extra: str) -> tuple[subprocess.CompletedProcess[str], list[tuple[float, str]]]:
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(FIXTURE), "--stdin", "--state-dir", str(tmp_path / "state"), *extra],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )
    spoken = [(float(m["at"]), m["text"]) for m in map(LINE.match, result.stdout.splitlines()) if m]
    return result, spoken


def test_next_in_a_stdin_session_is_the_next_tip_in_the_audio(tmp_path: Path, synthesizer) -> None:
    out = tmp_path / "session.wav"
    result, spoken = run_read(tmp_path, "next\nnext\nwhere\n", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    texts = [text for _, text in spoken]
    # Order: first tip read, "next" confirmed, second tip, "next", the next section's heading and tip.
    assert texts.index("Dim the lights.") < texts.index("Next.") < texts.index("Put the phone away.")
    assert texts[-2] == "Section 2 of 2, In bed, tip 1 of 2."
    assert texts[-1].endswith("left in this section, less than a minute in all.")
    assert "Section 2: In bed." in texts

    audio = read_audio(out)
    # The audio where the log says "Put the phone away." starts is exactly that sentence as synthesised alone.
    at = dict((text, time) for time, text in spoken)["Put the phone away."]
    expected = synthesizer.synthesize("Put the phone away.", Voice())
    start = int(round(at * audio.sample_rate))
    heard = audio.samples[start : start + len(expected.samples)]
    assert len(heard) == len(expected.samples)
    assert similarity(heard, expected.samples) > 0.95
    # ...and clearly not the tip before it.
    before = dict((text, time) for time, text in spoken)["Your body takes the hint."]
    other = audio.samples[int(round(before * audio.sample_rate)) :][: len(expected.samples)]
    assert similarity(other, expected.samples) < 0.8
    # The file is as long as the session: the last sentence ends the file.
    last_at, last_text = spoken[-1]
    assert audio.duration == pytest.approx(last_at + synthesizer.synthesize(last_text, Voice()).duration, abs=0.02)


def test_stop_mid_sentence_cuts_the_sentence_off(tmp_path: Path, synthesizer) -> None:
    out = tmp_path / "stopped.wav"
    result, spoken = run_read(tmp_path, "@2.0 stop\n", "--output", str(out))
    assert result.returncode == 0, result.stderr
    texts = [text for _, text in spoken]
    assert texts[-1] == "Stopped."
    audio = read_audio(out)
    interrupted_at, interrupted = spoken[-2]
    full = synthesizer.synthesize(interrupted, Voice())
    assert interrupted_at < 2.0 < interrupted_at + full.duration
    # The confirmation earcon starts at the stop: what was heard of the sentence is only its head.
    stop_frame = int(round(2.0 * audio.sample_rate))
    head = full.samples[: stop_frame - int(round(interrupted_at * audio.sample_rate))]
    start = int(round(interrupted_at * audio.sample_rate))
    assert similarity(audio.samples[start : start + len(head)], head) > 0.95
    # After the cut comes the quiet confirmation tone, not the rest of the sentence.
    rest = full.samples[len(head) : len(head) + FRAME * 10]
    after = audio.samples[stop_frame : stop_frame + len(rest)]
    assert np.sqrt(np.mean(after**2)) < 0.6 * np.sqrt(np.mean(rest**2)) or similarity(after, rest) < 0.8


def test_the_place_is_offered_again_next_time(tmp_path: Path) -> None:
    first, _ = run_read(tmp_path, "next\nnext\n", "--output", str(tmp_path / "a.wav"))
    assert first.returncode == 0, first.stderr
    second, spoken = run_read(tmp_path, "where\n", "--output", str(tmp_path / "b.wav"))
    assert second.returncode == 0, second.stderr
    # The first session ended by itself when its input ran out (no goodbye): a quiet stop, so the
    # second starts where the listener last gave a command, and says so.
    assert spoken[0][1].startswith("Welcome back. I'm starting at tip 1 of section 2, where you were last awake;")
    third, spoken = run_read(tmp_path, "", "--output", str(tmp_path / "c.wav"), "--restart")
    assert spoken[0][1] == "A calm evening"


def test_bad_article_gives_a_clear_error_and_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(empty), "--stdin", "-o", str(tmp_path / "x.wav")],
        input="", capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "empty.txt" in result.stderr and "Traceback" not in result.stderr


def test_unknown_typed_command_is_answered_and_the_session_goes_on(tmp_path: Path) -> None:
    result, spoken = run_read(tmp_path, "fly away\nnext\n", "--output", str(tmp_path / "u.wav"))
    assert result.returncode == 0, result.stderr
    texts = [text for _, text in spoken]
    assert any("didn't catch" in text for text in texts)
    assert "Put the phone away." in texts
    assert "fly away" in result.stderr


def test_sleep_option_fades_out_ends_the_session_and_keeps_the_place(tmp_path: Path) -> None:
    article = tmp_path / "long.md"
    tips = "\n".join(f"- **Rest {n}:** Let your shoulders drop a little more with every breath." for n in range(30))
    article.write_text(f"# Long rest\n\n## Resting\n\n{tips}\n")
    out = tmp_path / "sleep.wav"
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(article), "--continuous", "--sleep", "30s",
         "--stdin", "-o", str(out), "--state-dir", str(tmp_path / "state")],
        input="", capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    audio = read_audio(out)
    assert 30.0 <= audio.duration < 40.0  # stops at the end of the sentence under way at 30 s
    def loudness(start: float, end: float) -> float:
        piece = audio.samples[int(start * audio.sample_rate) : int(end * audio.sample_rate)]
        return float(np.sqrt(np.mean(piece**2)))
    assert loudness(25.0, 29.0) < 0.05 * loudness(2.0, 9.0)
    assert loudness(30.0, audio.duration) < 1e-3
    next_night = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(article), "--stdin", "-o", str(tmp_path / "night2.wav"),
         "--state-dir", str(tmp_path / "state")],
        input="@1 continue from where it stopped\n@3 quit\n", capture_output=True, text=True, timeout=180,
    )
    assert next_night.returncode == 0, next_night.stderr
    said = [m["text"] for m in map(LINE.match, next_night.stdout.splitlines()) if m]
    # The timer ended the night: it starts where the listener was last awake (the start, here),
    # and "continue from where it stopped" takes the tip the timer stopped in.
    assert said[0].startswith("Welcome back. I'm starting at tip 1 of section 1, where you were last awake;")
    after = said[said.index("From where it stopped.") + 1:]
    assert after[0] == "Let your shoulders drop a little more with every breath."  # the sentence it stopped in
    saved = json.loads((tmp_path / "state" / "state.json").read_text())["positions"]
    assert [place["tip"] for place in saved.values()][0] >= 2  # a later tip than the first ones


def test_slower_and_quieter_are_kept_for_the_next_night(tmp_path: Path) -> None:
    import json

    result, _ = run_read(tmp_path, "slower\nquieter\n", "--output", str(tmp_path / "s.wav"))
    assert result.returncode == 0, result.stderr
    settings = json.loads((tmp_path / "state" / "state.json").read_text())["settings"]
    assert settings["rate"] == 135 and settings["volume"] == pytest.approx(0.7)


def test_config_file_sets_the_voice_and_bad_config_is_located(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("rate: 120\ncontinuous: true\n")
    result, spoken = run_read(tmp_path, "", "--output", str(tmp_path / "c.wav"), "--config", str(good))
    assert result.returncode == 0, result.stderr
    assert spoken[-1][1] == "Breathe out a little longer than you breathe in."  # continuous: read to the end
    bad = tmp_path / "bad.yaml"
    bad.write_text("rate: 120\nspeed: fast\n")
    result, _ = run_read(tmp_path, "", "--output", str(tmp_path / "d.wav"), "--config", str(bad))
    assert result.returncode == 2
    assert f"{bad}:2:1" in result.stderr and "Traceback" not in result.stderr


def test_plain_voicecoach_reads_the_guide_and_offers_relaxation(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "--stdin", "-o", str(tmp_path / "default.wav"), "--state-dir", str(tmp_path / "s")],
        input="@4 relax\n@4 guide\n@2 quit\n", capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    texts = [m["text"] for m in map(LINE.match, result.stdout.splitlines()) if m]
    assert texts[0] == "Restless legs during withdrawal"
    assert texts[1] == "Say relax at any time for a guided relaxation."
    assert "Relaxing the legs and feet" in texts
    assert "Back to Restless legs during withdrawal." in texts
    assert texts[-1] == "Goodbye. Sleep well."


def test_an_unreadable_state_file_is_moved_aside_said_and_printed(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "state.json").write_bytes(b"\x00garbage{")
    result, spoken_lines = run_read(tmp_path, "", "--output", str(tmp_path / "s.wav"))
    assert result.returncode == 0, result.stderr
    assert "could not be read" in result.stderr
    assert any("could not be read" in text for _, text in spoken_lines)
    assert list(state.glob("state.json.corrupt-*"))


def docs_example_config(tmp_path: Path) -> Path:
    """The example config of docs/config.md, written to a file."""
    docs = Path(__file__).resolve().parents[1] / "docs" / "config.md"
    example = docs.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "voice: en-gb" in example
    path = tmp_path / "config.yaml"
    path.write_text(example)
    return path


def test_the_docs_example_config_runs_read_and_relax_sessions(tmp_path: Path) -> None:
    # Its "voice: en-gb" was refused as an unknown voice, and every session stopped (issue 13).
    config = str(docs_example_config(tmp_path))
    result, spoken = run_read(tmp_path, "", "--output", str(tmp_path / "r.wav"), "--config", config, "--no-listen")
    assert result.returncode == 0 and "unknown voice" not in result.stderr, result.stderr
    assert spoken[-1][1] == "Breathe out a little longer than you breathe in."  # continuous: read to the end
    relax = subprocess.run(
        [sys.executable, "-m", "voicecoach", "relax", "box-breathing", "--config", config, "--stdin", "--no-listen",
         "-o", str(tmp_path / "x.wav"), "--state-dir", str(tmp_path / "s")],
        input="@3 quit\n", capture_output=True, text=True, timeout=180,
    )
    assert relax.returncode == 0, relax.stderr
    assert relax.stdout.splitlines()[-1].endswith("Goodbye. Sleep well.")


@pytest.mark.parametrize("voice", ["en-gb", "en-us+f3", "English_(Great_Britain)"])
def test_the_voice_option_takes_what_espeak_ng_takes(tmp_path: Path, voice: str) -> None:
    result, spoken = run_read(tmp_path, "", "--output", str(tmp_path / "v.wav"), "--voice", voice, "--no-listen")
    assert result.returncode == 0, result.stderr
    assert spoken


def test_an_unknown_voice_option_is_a_clear_error(tmp_path: Path) -> None:
    result, _ = run_read(tmp_path, "", "--output", str(tmp_path / "v.wav"), "--voice", "no-such-voice")
    assert result.returncode == 2
    assert "unknown voice 'no-such-voice'; try one of:" in result.stderr and "Traceback" not in result.stderr


def test_read_plays_a_relaxation_script_rather_than_reading_its_yaml(tmp_path: Path) -> None:
    script = tmp_path / "shoulders.yaml"
    script.write_text("title: Soft shoulders\nsteps:\n  - say: Let your shoulders drop.\n  - pause: 1s\n")
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(script), "--stdin", "-o", str(tmp_path / "s.wav"),
         "--state-dir", str(tmp_path / "state")],
        input="", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    texts = [m["text"] for m in map(LINE.match, result.stdout.splitlines()) if m]
    assert "Let your shoulders drop." in texts
    assert not any("title:" in text or "steps" in text for text in texts)
    assert "relaxation script" in result.stderr


def test_a_binary_file_piped_to_stdin_is_said_once(tmp_path: Path) -> None:
    garbage = bytes(range(256)) * 40 + b"\n" + bytes(range(128, 256)) * 40 + b"\nnext\n"
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(FIXTURE), "--stdin", "-o", str(tmp_path / "b.wav"),
         "--state-dir", str(tmp_path / "state")],
        input=garbage, capture_output=True, timeout=120,
    )  # fmt: skip
    stderr = result.stderr.decode("utf-8", errors="replace")
    assert result.returncode == 0, stderr
    assert stderr.count("not text") == 1 and "don't know the command" not in stderr
    assert "Traceback" not in stderr
    assert result.stdout.decode().count("not text") == 1  # and it is spoken, once


def read_file(tmp_path: Path, article: Path, stdin: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(article), "--stdin", "-o", str(tmp_path / "p.wav"),
         "--state-dir", str(tmp_path / "state")],
        input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return [m["text"] for m in map(LINE.match, result.stdout.splitlines()) if m]


def test_a_renamed_article_keeps_its_place_and_an_edited_one_its_tip(tmp_path: Path) -> None:
    article = tmp_path / "walk.md"
    article.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    read_file(tmp_path, article, "next\nnext\n")
    moved = article.rename(tmp_path / "renamed-walk.md")
    assert read_file(tmp_path, moved, "")[0].startswith("Welcome back. Continuing from tip 1 of section 2.")
    # A new section at the top: the place follows the tip it was on, now in section 3.
    moved.write_text(moved.read_text(encoding="utf-8").replace(
        "\n## ", "\n## A new start\n\nA fresh sentence to begin with.\n\n## ", 1
    ), encoding="utf-8")  # fmt: skip
    assert read_file(tmp_path, moved, "")[0].startswith("Welcome back. Continuing from tip 1 of section 3.")


def test_a_bare_sleep_starts_the_timer_with_the_configs_sleep_default(tmp_path: Path) -> None:
    article = tmp_path / "long.md"
    tips = "\n".join(f"- **Rest {n}:** Let your shoulders drop a little more with every breath." for n in range(30))
    article.write_text(f"# Long rest\n\n## Resting\n\n{tips}\n")
    config = tmp_path / "config.yaml"
    config.write_text("sleep_default: 1m\n")
    out = tmp_path / "sleep.wav"
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(article), "--continuous", "--config", str(config),
         "--stdin", "-o", str(out), "--state-dir", str(tmp_path / "state")],
        input="@0.5 sleep\n", capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "Sleep timer set for 1 minute." in result.stdout
    assert 60.0 <= read_audio(out).duration < 72.0  # ends at the sentence under way a minute on


def test_the_sound_bed_from_the_config_is_in_the_output_and_obeys_typed_commands(tmp_path: Path) -> None:
    from voicecoach.bed.noise import k_weighted_rms
    from voicecoach.bed.render import FULL_SCALE
    from voicecoach.bed.schedule import TAIL_FADE_SECONDS

    config = tmp_path / "config.yaml"
    config.write_text("sound_bed:\n  play: true\n  sound: pink\n  level: 0.2\n  after_end: 15s\n", encoding="utf-8")
    out = tmp_path / "bed.wav"
    result, spoken = run_read(
        tmp_path, "@2 noise louder\n", "--output", str(out), "--config", str(config), "--no-listen", "--continuous"
    )
    assert result.returncode == 0, result.stderr
    assert "Noise louder." in [text for _, text in spoken]
    audio = read_audio(out)
    rate = audio.sample_rate
    tail_start = len(audio.samples) - int((15 + TAIL_FADE_SECONDS) * rate)
    assert tail_start / rate > spoken[-1][0]  # the bed goes on after the last words
    tail = audio.samples[tail_start + rate : tail_start + 14 * rate]
    assert k_weighted_rms(tail) == pytest.approx(FULL_SCALE * 0.2 * 2**0.5, rel=0.08)  # 3 dB up


# ---------------------------------------------------------------- the automatic sleep timer (issue 14)


def auto_sleep_config(tmp_path: Path, covering_now: bool) -> Path:
    """A config whose automatic timer's hours hold this minute (or leave it out)."""
    now = datetime.now()
    minute = now.hour * 60 + now.minute
    begin, end = ((minute - 60) % 1440, (minute + 60) % 1440) if covering_now else ((minute + 60) % 1440, (minute + 120) % 1440)
    path = tmp_path / "auto.yaml"
    path.write_text(
        f"auto_sleep:\n  from: '{begin // 60:02d}:{begin % 60:02d}'\n  until: '{end // 60:02d}:{end % 60:02d}'\n  length: 1m\n"
    )
    return path


def test_in_the_nights_hours_the_automatic_timer_starts_by_itself_and_says_so(tmp_path: Path) -> None:
    article = tmp_path / "long.md"
    article.write_text("# Long\n\n## Rest\n\n" + "\n".join(f"- Rest {n}. Let your hands grow heavy and warm." for n in range(40)) + "\n")
    config = auto_sleep_config(tmp_path, covering_now=True)
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(article), "--continuous", "-o", str(tmp_path / "a.wav"),
         "--state-dir", str(tmp_path / "state"), "--config", str(config), "--no-listen"],
        input="", capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    spoken = [(float(m["at"]), m["text"]) for m in map(LINE.match, result.stdout.splitlines()) if m]
    texts = [text for _, text in spoken]
    assert "Sleep timer set for 1 minute." in texts[:4]
    assert 45.0 <= spoken[-1][0] < 60.0 and "Rest 39." not in texts  # the timer ended it, long before the end
    assert texts[-1] != "That is the end. Say restart to hear it again, or goodbye to stop."


def test_outside_the_nights_hours_there_is_no_automatic_timer_and_sleep_option_wins(tmp_path: Path) -> None:
    config = auto_sleep_config(tmp_path, covering_now=False)
    result, spoken = run_read(tmp_path, "", "--output", str(tmp_path / "b.wav"), "--config", str(config))
    assert result.returncode == 0 and not any("Sleep timer set" in text for _, text in spoken)
    config = auto_sleep_config(tmp_path, covering_now=True)
    result, spoken = run_read(tmp_path, "", "--output", str(tmp_path / "c.wav"), "--config", str(config), "--sleep", "20m")
    assert result.returncode == 0 and not any("Sleep timer set" in text for _, text in spoken)  # --sleep: set, not said


def long_article(tmp_path: Path) -> Path:
    article = tmp_path / "long.md"
    tips = "\n".join(f"- **Rest {n}:** Let your shoulders drop a little more with every breath." for n in range(60))
    article.write_text(f"# Long rest\n\n## Resting\n\n{tips}\n")
    return article


def night_read(tmp_path: Path, article: Path, config: Path, stdin: str, *extra: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "read", str(article), "--continuous", "--stdin", "-o", str(tmp_path / "n.wav"),
         "--state-dir", str(tmp_path / "state"), "--config", str(config), "--no-listen", *extra],
        input=stdin, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return [m["text"] for m in map(LINE.match, result.stdout.splitlines()) if m]


def test_the_sleep_warning_setting_says_fading_before_the_end_or_not_at_all(tmp_path: Path) -> None:
    article = long_article(tmp_path)
    default, silent = tmp_path / "default.yaml", tmp_path / "silent.yaml"
    default.write_text("rate: 150\n")
    silent.write_text("sleep_warning: 0s\n")
    assert "Fading." in night_read(tmp_path, article, default, "", "--sleep", "2m", "--restart")
    assert "Fading." not in night_read(tmp_path, article, silent, "", "--sleep", "2m", "--restart")


def test_rewind_after_sleep_sets_how_far_the_next_night_goes_back(tmp_path: Path) -> None:
    article = long_article(tmp_path)
    config = tmp_path / "rewind.yaml"
    config.write_text("rewind_after_sleep: 1m\n")
    night_read(tmp_path, article, config, "", "--sleep", "3m")  # awake only at the start, 3 minutes ago
    said = night_read(tmp_path, article, config, "@1 quit\n")
    assert said[0].startswith("Welcome back. I'm starting at tip ") and "1 minute before the reading stopped" in said[0]


def test_a_document_heard_to_its_end_offers_its_beginning_or_the_relaxation_next_time(tmp_path: Path) -> None:
    from voicecoach import phrases
    from voicecoach.cli.relax import DEFAULT_SCRIPT, find_script

    first, _ = run_read(tmp_path, "", "--continuous", "--output", str(tmp_path / "a.wav"))  # read to the end
    assert first.returncode == 0, first.stderr
    second, spoken = run_read(tmp_path, "@1 relax\n@8 quit\n", "--output", str(tmp_path / "b.wav"))
    assert second.returncode == 0, second.stderr
    texts = [text for _, text in spoken]
    assert texts[0] == phrases.finished_offer("A calm evening", relaxation=True)
    assert find_script(DEFAULT_SCRIPT)[0].title in texts  # "relax" took the built-in relaxation
    third, spoken = run_read(tmp_path, "@1 restart\n@12 quit\n", "--output", str(tmp_path / "c.wav"))
    assert third.returncode == 0, third.stderr
    texts = [text for _, text in spoken]
    assert texts[0] == phrases.finished_offer("A calm evening", relaxation=True)  # still finished: not read since
    assert "Dim the lights." in texts  # "restart": the document from its beginning
