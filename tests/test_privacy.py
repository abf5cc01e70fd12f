"""Privacy, proven: voicecoach works with the network blocked, never calls an online recogniser,
writes audio only where --output points, and keeps only positions and settings on disk.

See docs/privacy.md for the promises these tests back.
"""

from __future__ import annotations

import io
import json
import re
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.netguard import NetGuard, NetworkBlocked, netguard  # noqa: F401  (fixture)
from voicecoach import cli
from voicecoach.config import RecognizerEngine

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "evening-walk.md"
SCRIPT = Path(__file__).parent.parent / "voicecoach" / "content" / "scripts" / "box-breathing.yaml"
AUDIO_SUFFIXES = {".wav", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".raw", ".pcm", ".aiff", ".au", ".m4a"}
# Recognisers of SpeechRecognition that run on this machine; every other recognize_* sends audio away.
OFFLINE_RECOGNIZERS = {"recognize_sphinx", "recognize_vosk", "recognize_whisper", "recognize_faster_whisper",
                       "recognize_tensorflow"}


# --------------------------------------------------------------------------- the guard itself


def test_the_guard_blocks_and_records_network_but_allows_unix_sockets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    guard = NetGuard().install(monkeypatch)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
        with pytest.raises(NetworkBlocked):
            tcp.connect(("127.0.0.1", 9))
        with pytest.raises(NetworkBlocked):
            tcp.connect_ex(("127.0.0.1", 9))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, pytest.raises(NetworkBlocked):
        udp.sendto(b"x", ("127.0.0.1", 9))
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("example.invalid", 80))
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.invalid", 443)
    assert [operation for operation, _ in guard.attempts] == [
        "connect", "connect_ex", "sendto", "create_connection", "getaddrinfo"
    ]
    # Unix sockets (PulseAudio, D-Bus) still work and are not recorded.
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server, socket.socket(socket.AF_UNIX) as client:
        server.bind(path)
        server.listen(1)
        client.connect(path)
    assert len(guard.attempts) == 5


def test_the_guard_notices_an_online_recogniser(monkeypatch: pytest.MonkeyPatch) -> None:
    """If voicecoach ever called Google's recogniser, the guard would see it and the session tests fail."""
    sr = pytest.importorskip("speech_recognition")
    guard = NetGuard().install(monkeypatch)
    audio = sr.AudioData(b"\x00\x00" * 1600, 16000, 2)
    with pytest.raises(sr.RequestError):
        sr.Recognizer().recognize_google(audio)
    assert guard.attempts, "the online recogniser reached the network unseen"


# --------------------------------------------------------------------------- whole sessions, offline


@pytest.fixture
def online_recognizer_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every online recognize_* of SpeechRecognition replaced by a recorder; the list of calls."""
    calls: list[str] = []
    try:
        import speech_recognition as sr
    except ImportError:
        yield calls
        return
    for name in dir(sr.Recognizer):
        if name.startswith("recognize_") and name not in OFFLINE_RECOGNIZERS:
            monkeypatch.setattr(sr.Recognizer, name, lambda self, *a, _name=name, **k: calls.append(_name))
    yield calls


@pytest.fixture
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config that is not the user's, and state kept in tmp_path."""
    config = tmp_path / "config.yaml"
    config.write_text("rate: 160\ncontinuous: false\nrecognizer:\n  engine: pocketsphinx\n")
    monkeypatch.setenv("VOICECOACH_CONFIG", str(config))
    monkeypatch.setenv("VOICECOACH_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def session_commands(folder: Path) -> dict[str, tuple[list[str], str]]:
    """Every subcommand that can run without a sound card: argv and what is typed on stdin."""
    state = str(folder / "state")
    commands = {
        "read": (["read", str(ARTICLE), "--stdin", "--output", str(folder / "read.wav"), "--state-dir", state],
                 "next\nwhere\nslower\nquit\n"),
        "render": (["render", str(ARTICLE), "--output", str(folder / "render.wav"), "--section", "1"], ""),
        "render-piper": (["render", str(ARTICLE), "--output", str(folder / "piper.wav"), "--section", "1",
                          "--voice", "piper:joe"], ""),
        "voices": (["voices"], ""),
        "import": (["import", str(ARTICLE), "--json"], ""),
        "check": (["check", str(SCRIPT)], ""),
        "list": (["list"], ""),
        "config": (["config", "--show"], ""),
    }
    if "relax" in cli.SUBCOMMANDS:
        commands["relax"] = (
            ["relax", "box-breathing", "--stdin", "--output", str(folder / "relax.wav"), "--state-dir", state],
            "@20 skip\n@5 where\n@2 quit\n",
        )
    if "hear" in cli.SUBCOMMANDS:
        commands["hear"] = (["hear", str(folder / "command.wav")], "")
    return commands


def spoken_command(path: Path) -> None:
    """A WAV of the word "next" from the real synthesiser, for `hear`."""
    from voicecoach.adapters.tts import Pyttsx3Synthesizer
    from voicecoach.adapters.wavfile import write_wav
    from voicecoach.sounds import Voice

    with Pyttsx3Synthesizer() as synth:
        write_wav(path, synth.synthesize("next", Voice()))


@pytest.mark.parametrize("name", ["read", "relax", "render", "render-piper", "import", "check", "list", "config", "hear",
                                  "voices"])
def test_a_whole_session_works_with_the_network_blocked(
    name: str,
    netguard: NetGuard,  # noqa: F811
    online_recognizer_calls: list[str],
    private_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    commands = session_commands(private_home)
    if name not in commands:
        pytest.skip(f"no '{name}' subcommand yet")
    argv, typed = commands[name]
    if name == "render-piper":
        pytest.importorskip("piper", reason="piper-tts is not installed (scripts/setup --piper)")
    if name == "hear":
        spoken_command(private_home / "command.wav")
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip(), "the command printed nothing"
    assert netguard.attempts == []
    assert online_recognizer_calls == []
    for argument in argv:
        if argument.endswith(".wav") and name != "hear":
            assert Path(argument).stat().st_size > 44, "the session wrote no audio"


def test_every_recogniser_the_config_can_name_runs_offline() -> None:
    """No online engine can be chosen in config.yaml, so none is ever used by default or by accident."""
    assert {engine.value for engine in RecognizerEngine} <= {"pocketsphinx", "vosk", "whisper"}


def test_online_opt_in_is_off_unless_the_config_says_so(private_home: Path) -> None:
    from voicecoach.config import config_from_yaml, load_config

    assert load_config().recognizer.online_opt_in is False
    assert config_from_yaml("recognizer: {online_opt_in: true}\n").recognizer.online_opt_in is True


# --------------------------------------------------------------------------- what is kept on disk


def test_the_state_file_holds_positions_and_settings_only(
    private_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("next\nslower\nquit\n"))
    state = private_home / "state"
    assert cli.main(["read", str(ARTICLE), "--stdin", "--output", str(private_home / "x.wav"), "--state-dir", str(state)]) == 0
    capsys.readouterr()
    files = sorted(path.name for path in state.iterdir())
    assert files == ["state.json"], files
    saved = json.loads((state / "state.json").read_text())
    assert set(saved) <= {"version", "positions", "settings", "sleep_timer"}
    for key, position in saved["positions"].items():
        assert set(position) == {"section", "tip", "saved_at", "marks"}, position
        # The marks that find the place in a moved or edited file are short hashes, not text.
        assert set(position["marks"]) == {"content", "tip", "before", "after"}
        assert all(re.fullmatch(r"[0-9a-f]{16}|", mark) for mark in position["marks"].values()), position
    assert set(saved.get("settings", {})) <= {"rate", "volume", "voice"}
    # Nothing that was read aloud or typed is stored: no sentence of the article, no command.
    text = (state / "state.json").read_text()
    for spoken in ("Dim the lights", "Put the phone away", "slower", "quit"):
        assert spoken not in text


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def test_no_audio_is_written_anywhere_but_the_output_file(tmp_path: Path) -> None:
    """A real session in a subprocess whose HOME, TMPDIR and XDG dirs are fresh folders we can search."""
    home, temp, out, state, work = (tmp_path / name for name in ("home", "tmp", "out", "state", "work"))
    for folder in (home, temp, out, state, work):
        folder.mkdir()
    env = {
        **os.environ,
        "HOME": str(home), "TMPDIR": str(temp), "XDG_RUNTIME_DIR": str(temp / "run"),
        "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"), "XDG_DATA_HOME": str(home / ".local" / "share"),
        "CI": "true",
    }
    env.pop("VOICECOACH_CONFIG", None)
    env.pop("VOICECOACH_STATE_DIR", None)
    runs = [
        (["read", str(ARTICLE), "--stdin", "--output", str(out / "session.wav"), "--state-dir", str(state)],
         "next\nwhere\nquit\n"),
        (["read", str(ARTICLE), "--stdin", "--output", str(out / "again.wav")], "next\n"),
    ]
    for argv, typed in runs:
        result = subprocess.run(
            [sys.executable, "-m", "voicecoach", *argv], input=typed, capture_output=True, text=True,
            env=env, cwd=work, timeout=240,
        )
        assert result.returncode == 0, result.stderr
    audio = {path for path in files_under(tmp_path) if path.suffix.lower() in AUDIO_SUFFIXES}
    assert audio == {out / "session.wav", out / "again.wav"}
    # The synthesiser's temporary WAVs are gone, and so is its folder.
    assert files_under(temp) == set(), sorted(files_under(temp))
    assert list(temp.glob("voicecoach-tts-*")) == []
    # Without --state-dir the place is kept in the XDG state dir, as JSON only.
    kept = files_under(home)
    assert {path.name for path in kept} <= {"state.json"}, sorted(kept)
