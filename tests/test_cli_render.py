"""`voicecoach render` (and `read`/`relax -o`): the kind of file written, its tags, every pause
kept, and the sound bed: each colour's spectrum, its level, and a long stretch without a click,
measured on the file written (real espeak-ng speech at the start)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mutagen
import numpy as np
import pytest
import soundfile

from voicecoach.adapters.wavfile import read_audio, writable_formats
from voicecoach.bed.measure import StepMeter, spectral_slope, step_at
from voicecoach.bed.noise import LOOP_FRAMES, k_weighted_rms
from voicecoach.bed.render import FULL_SCALE
from voicecoach.bed.schedule import TAIL_FADE_SECONDS
from voicecoach.cli import main
from voicecoach.scripts import load_script_file, nominal_duration

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "evening-walk.md"
QUIET_END = "title: Quiet end\nsteps:\n  - say: Rest now.\n  - pause: 6\n"
TWO_SECTIONS = (
    "title: Two rooms\nsteps:\n"
    "  - section:\n      title: Hall\n      steps:\n        - say: Here is the hall.\n        - pause: 2\n"
    "  - section:\n      title: Garden\n      steps:\n        - say: Here is the garden.\n        - pause: 3\n"
)
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


@pytest.mark.skipif("mp3" not in writable_formats(), reason="this libsndfile cannot write MP3")
def test_render_to_mp3_writes_an_mp3_tagged_with_the_title_and_a_chapter_per_section(tmp_path: Path) -> None:
    out = tmp_path / "out.mp3"
    assert main(["render", str(script_file(tmp_path, TWO_SECTIONS)), "-o", str(out)]) == 0
    assert soundfile.info(str(out)).format == "MP3"
    tags = mutagen.File(out).tags
    assert tags["TIT2"].text == ["Two rooms"]
    chapters = [tags[f"CHAP:{element}"] for element in tags.getall("CTOC")[0].child_element_ids]
    assert [chapter.sub_frames["TIT2"].text[0] for chapter in chapters] == ["Hall", "Garden"]
    duration_ms = soundfile.info(str(out)).duration * 1000
    assert chapters[0].start_time == 0 and chapters[0].end_time == chapters[1].start_time
    assert chapters[1].end_time == pytest.approx(duration_ms, abs=30)
    # "Here is the garden." starts the second chapter: after the title, the hall's sentence and its 2 s pause.
    assert 3000 < chapters[1].start_time < duration_ms - 3000


@pytest.mark.parametrize("kind", [kind for kind in writable_formats() if kind != "mp3"])
def test_render_writes_the_kind_its_name_ends_with_and_tags_it(tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"walk.{kind}"
    assert main(["render", str(ARTICLE), "-o", str(out)]) == 0
    assert soundfile.info(str(out)).format == kind.upper()
    tags = mutagen.File(out).tags
    if kind == "wav":
        assert tags["TIT2"].text == ["A calm evening"]
        assert tags.getall("COMM")[0].text == ["Sections: Settling down; In bed"]
    else:
        assert tags["TITLE"] == ["A calm evening"]
        assert [tags["CHAPTER001NAME"], tags["CHAPTER002NAME"]] == [["Settling down"], ["In bed"]]


def test_format_names_the_kind_whatever_the_file_is_called(tmp_path: Path) -> None:
    out = tmp_path / "walk.audio"
    assert main(["render", str(ARTICLE), "-o", str(out), "--format", "flac"]) == 0
    assert soundfile.info(str(out)).format == "FLAC"


@pytest.mark.parametrize("command", [["render", "box-breathing"], ["relax", "box-breathing", "--state-dir"],
                                     ["read", str(ARTICLE), "--state-dir"]])
def test_a_file_ending_that_cannot_be_written_is_refused_before_anything_is_rendered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    out = tmp_path / "out.xyz"
    state = [str(tmp_path / "state")] if command[-1] == "--state-dir" else []
    assert main([*command, *state, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("voicecoach: cannot write 'out.xyz': voicecoach can write ")
    assert all(kind in err for kind in writable_formats())
    assert not out.exists()


@pytest.mark.skipif("mp3" not in writable_formats(), reason="this libsndfile cannot write MP3")
def test_relax_to_an_mp3_name_writes_mp3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "relax.mp3"
    assert main(["relax", str(script_file(tmp_path, QUIET_END)), "-o", str(out), "--state-dir", str(tmp_path / "s")]) == 0
    assert soundfile.info(str(out)).format == "MP3"


# ------------------------------------------------------------------ the sound bed

BED_SCRIPT = "title: Rest\nsteps:\n  - say: Rest now.\n"
AFTER = 25.0  # seconds of bed after the script's end


def render(tmp_path: Path, *options: str) -> np.ndarray:
    script = tmp_path / "rest.yaml"
    script.write_text(BED_SCRIPT, encoding="utf-8")
    out = tmp_path / "out.wav"
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "render", str(script), "-o", str(out), *options],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return read_audio(out).samples


def tail_of(samples: np.ndarray, rate: int, after: float) -> np.ndarray:
    """The stretch after the speech and before the fade (the file ends with the fade)."""
    end = len(samples) - int((after + TAIL_FADE_SECONDS) * rate)
    return samples[end + rate : end + int(after * rate) - rate // 2]


@pytest.mark.parametrize(("colour", "slope"), [("white", 0.0), ("pink", -3.01), ("brown", -6.02)])
def test_a_rendered_file_has_each_colours_spectral_slope(tmp_path: Path, colour: str, slope: float) -> None:
    samples = render(tmp_path, "--noise", colour, "--noise-level", "0.5", "--noise-after", f"{AFTER:.0f}s")
    tail = tail_of(samples, 22050, AFTER)
    assert spectral_slope(tail, 22050) == pytest.approx(slope, abs=0.3)
    assert k_weighted_rms(tail) == pytest.approx(FULL_SCALE * 0.5, rel=0.08)


@pytest.mark.parametrize("colour", ["fan", "rain"])
def test_the_fan_and_the_rain_are_in_the_file_at_the_same_loudness(tmp_path: Path, colour: str) -> None:
    tail = tail_of(render(tmp_path, "--noise", colour, "--noise-after", f"{AFTER:.0f}s"), 22050, AFTER)
    assert k_weighted_rms(tail) == pytest.approx(FULL_SCALE * 0.3, rel=0.08)


def test_without_noise_the_file_ends_with_the_speech(tmp_path: Path) -> None:
    samples = render(tmp_path)
    assert len(samples) / 22050 < 5.0


def test_eleven_rendered_minutes_have_no_click_at_block_joins_or_loop_points(tmp_path: Path) -> None:
    # Brown noise moves slowly (its RMS is ~8 typical steps), so a seam would stand out; the
    # timeline renders the bed in 10 s blocks from the file's start, and each loop comes round
    # every LOOP_FRAMES[i] frames of it.
    rate = 22050
    samples = render(tmp_path, "--noise", "brown", "--noise-level", "1", "--noise-after", "10m").astype(np.float64)
    settled = 5 * rate  # the fade-in is over
    fade_starts = len(samples) - int(TAIL_FADE_SECONDS * rate)
    meter = StepMeter()
    for first in range(settled, fade_starts, 10 * rate):
        meter.feed(samples[first : min(first + 10 * rate, fade_starts)])
    steps = meter.result()
    assert steps.count > 9.5 * 60 * rate
    assert steps.ratio < 6.5, steps  # Gaussian steps: the largest of 13 million is ~5.6 typical ones
    joins = range(10 * rate, fade_starts, 10 * rate)
    loop_points = [k * length for length in LOOP_FRAMES for k in range(1, fade_starts // length + 1)]
    assert len(loop_points) > 30
    for index in [*joins, *loop_points]:
        if index > settled:
            assert step_at(samples, index) < 5 * steps.rms, index
