"""Where the Whisper model comes from: the config's folder, or the packaged parts joined once."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from test_adapters_recognizers_whisper_int8_model import model_file, read_model
from voicecoach.adapters.recognizers.whisper.model_store import (
    JOINED_SHA256,
    SIDE_FILES,
    STAMP_FILE,
    ModelSource,
    ModelUnavailable,
    PackagedParts,
    data_dir,
    locate_model,
    packaged_model_folder,
    packaged_parts,
    prepare_packaged_model,
)


def fake_parts(tmp_path: Path, sha256: str | None = None) -> PackagedParts:
    """A tiny model split in two, and json files beside it, as the packages lay them out."""
    model = model_file({"decoder/linear/weight": np.arange(12, dtype=np.float16).reshape(3, 4) / 10})
    (tmp_path / "parts").mkdir()
    first, second = tmp_path / "parts" / "model.bin.part1", tmp_path / "parts" / "model.bin.part2"
    first.write_bytes(model[:20])
    second.write_bytes(model[20:])
    side = []
    for name in SIDE_FILES:
        path = tmp_path / "parts" / name
        path.write_text("{}", encoding="utf-8")
        side.append(path)
    return PackagedParts((first, second), tuple(side), sha256 or hashlib.sha256(model).hexdigest())


def test_the_parts_are_joined_checked_and_stored_as_int8_once(tmp_path: Path) -> None:
    folder = tmp_path / "models" / "whisper-base"
    parts = fake_parts(tmp_path)
    assert prepare_packaged_model(folder, parts) == parts.sha256
    variables, _ = read_model((folder / "model.bin").read_bytes())
    assert variables["decoder/linear/weight"].dtype == np.int8
    assert {path.name for path in folder.iterdir()} == {"model.bin", STAMP_FILE, *SIDE_FILES}
    stamp = json.loads((folder / STAMP_FILE).read_text())
    assert stamp["joined_sha256"] == parts.sha256 and stamp["int8_weights"] == 1


def test_parts_that_do_not_hash_right_are_refused_and_nothing_is_left(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    with pytest.raises(ModelUnavailable, match="sha256 .* damaged"):
        prepare_packaged_model(folder, fake_parts(tmp_path, sha256="0" * 64))
    assert list(folder.iterdir()) == []


def test_an_unwritable_data_folder_is_said_plainly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ModelUnavailable, match="cannot store the Whisper model"):
        prepare_packaged_model(blocker / "model", fake_parts(tmp_path))


def test_missing_packages_say_how_to_install_them() -> None:
    with pytest.raises(ModelUnavailable, match="not installed.*scripts/setup"):
        packaged_parts(("no_such_model_package_1", "no_such_model_package_2"))


def test_a_folder_named_in_the_config_wins(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"x")
    (tmp_path / "tokenizer.json").write_text("{}")
    location = locate_model(str(tmp_path))
    assert (location.folder, location.source) == (tmp_path, ModelSource.CONFIG)
    with pytest.raises(ModelUnavailable, match="not a Whisper model folder"):
        locate_model(str(tmp_path / "nothing"))


def test_the_data_folder_comes_from_the_environment_or_xdg() -> None:
    assert data_dir({"VOICECOACH_DATA_DIR": "/x/y"}) == Path("/x/y")
    assert data_dir({}).name == "voicecoach"
    assert packaged_model_folder(Path("/d")) == Path("/d/models/whisper-base")


def test_the_real_packages_give_the_checked_model(whisper_model) -> None:  # type: ignore[no-untyped-def]
    assert whisper_model.source is ModelSource.PACKAGES
    assert whisper_model.sha256 == JOINED_SHA256
    assert (whisper_model.folder / "model.bin").stat().st_size < 80_000_000  # stored as int8
    assert locate_model() == whisper_model  # later starts only read the stamp
