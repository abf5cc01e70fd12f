"""`voicecoach hear`: one line per file, errors per file, never a traceback."""

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile

from spoken import speak
from voicecoach.cli import main


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hear")
    paths = {}
    clip = speak("next section")
    paths["command"] = folder / "next_section.wav"
    soundfile.write(str(paths["command"]), clip.samples, clip.sample_rate, subtype="PCM_16")
    stereo = np.stack([clip.samples, clip.samples], axis=1)
    paths["stereo_flac"] = folder / "stereo.flac"
    soundfile.write(str(paths["stereo_flac"]), stereo, clip.sample_rate, format="FLAC")
    talk = speak("I need to stop worrying.")
    paths["distractor"] = folder / "talk.wav"
    soundfile.write(str(paths["distractor"]), talk.samples, talk.sample_rate, subtype="PCM_16")
    paths["empty"] = folder / "empty.wav"
    paths["empty"].write_bytes(b"")
    paths["text"] = folder / "notes.wav"
    paths["text"].write_text("not audio at all")
    data = paths["command"].read_bytes()
    paths["truncated"] = folder / "cut.wav"
    paths["truncated"].write_bytes(data[: len(data) // 3])
    return paths


def run_json(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, list[dict]]:
    code = main(["hear", "--json", *map(str, paths)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return code, lines


def test_commands_and_distractors(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run_json(capsys, files["command"], files["stereo_flac"], files["distractor"])
    assert code == 0
    assert [line["command"] for line in lines] == ["next_section", "next_section", None]
    assert set(lines[0]) == {"file", "command", "args", "text", "score"}
    assert (lines[0]["file"], lines[0]["args"]) == (str(files["command"]), {})
    assert lines[0]["text"] and 0.5 < lines[0]["score"] <= 1.0  # what Whisper wrote, and how sure it is
    assert all("error" not in line for line in lines)


@pytest.mark.parametrize("bad", ["empty", "text", "truncated"])
def test_bad_file_gets_an_error_field_and_exit_1(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    code, lines = run_json(capsys, files[bad], files["command"])
    assert code == 1
    assert lines[0]["command"] is None and lines[0]["error"]
    assert "Traceback" not in lines[0]["error"]
    assert lines[1]["command"] == "next_section"


def test_readable_output(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["hear", str(files["command"]), str(files["distractor"]), str(files["empty"])])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0].startswith(f"{files['command']}: next_section  (heard ")
    assert "no command" in out[1]
    assert "error:" in out[2] and "empty" in out[2]


def test_hear_uses_the_recogniser_the_config_names(tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("vosk")
    config = tmp_path / "config.yaml"
    config.write_text(f"recognizer:\n  engine: vosk\n  model_path: {tmp_path / 'no-model'}\n", encoding="utf-8")
    code = main(["hear", "--json", "--config", str(config), str(files["command"])])
    captured = capsys.readouterr()
    assert code != 0
    assert f"no Vosk model folder at {tmp_path / 'no-model'}" in captured.err
    assert "Traceback" not in captured.err
