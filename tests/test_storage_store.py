"""Tests for voicecoach.storage.store.JsonStateStore with real files in tmp_path."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest

from voicecoach.document import Document, Section, Tip
from voicecoach.errors import StorageError
from voicecoach.ports import Position
from voicecoach.storage import STATE_DIR_ENV, JsonStateStore, Settings, SleepTimerState
from voicecoach.storage.fingerprints import DocumentPrint
from voicecoach.storage.state import STATE_VERSION

NIGHT = datetime(2026, 3, 4, 1, 2, 3, tzinfo=timezone.utc)


def fixed_clock() -> datetime:
    return NIGHT


def open_store(directory: Path) -> JsonStateStore:
    return JsonStateStore(directory, now=fixed_clock)


def test_an_unknown_document_has_no_saved_position(tmp_path: Path) -> None:
    assert open_store(tmp_path).load("unknown") is None


def test_positions_and_settings_survive_a_restart(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.save("a", Position(1, 2))
    store.save("b", Position(0, 7))
    store.save("a", Position(3, 0))
    store.save_settings(Settings(rate=120, volume=0.3, voice="en-gb"))

    again = open_store(tmp_path)
    assert again.notices == []
    assert again.load("a") == Position(3, 0)
    assert again.load("b") == Position(0, 7)
    assert again.saved_position("a").saved_at == "2026-03-04T01:02:03+00:00"
    assert again.load_settings() == Settings(rate=120, volume=0.3, voice="en-gb")
    assert again.state == store.state


def test_a_sleep_timer_in_the_file_is_kept_when_other_things_are_saved(tmp_path: Path) -> None:
    # Nothing sets it any more, but version-2 files may hold one: saving must not lose it.
    timer = {"minutes": 25, "set_at": "2026-03-04T01:02:03+00:00"}
    (tmp_path / "state.json").write_text(json.dumps({"version": 2, "positions": {}, "sleep_timer": timer}))
    store = open_store(tmp_path)
    store.save("a", Position(1, 0))
    assert open_store(tmp_path).state.sleep_timer == SleepTimerState(25, "2026-03-04T01:02:03+00:00")
    assert json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["sleep_timer"] == timer


def test_file_on_disk_is_versioned_json(tmp_path: Path) -> None:
    open_store(tmp_path).save("a", Position(1, 2))
    written = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert written["version"] == STATE_VERSION
    assert written["positions"]["a"] == {"section": 1, "tip": 2, "saved_at": "2026-03-04T01:02:03+00:00", "marks": None}


def test_version_1_file_is_read_and_rewritten_as_current(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(json.dumps({"version": 1, "positions": {"a": [4, 1]}, "rate": 110}))
    store = open_store(tmp_path)
    assert store.notices == []
    assert store.load("a") == Position(4, 1)
    assert store.load_settings().rate == 110
    store.save("b", Position(0, 0))
    written = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert written["version"] == STATE_VERSION
    assert written["positions"]["a"]["tip"] == 1


def test_directory_comes_from_the_environment_when_not_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STATE_DIR_ENV, str(tmp_path / "from-env"))
    store = JsonStateStore()
    assert store.path == tmp_path / "from-env" / "state.json"
    store.save("a", Position(0, 1))
    assert store.path.exists()


CORRUPT_FILES = {
    "truncated": b'{"version": 2, "positions": {"a": {"sect',
    "binary garbage": bytes(range(256)) * 4,
    "empty": b"",
    "wrong types": json.dumps({"version": 2, "positions": {"a": {"section": "one", "tip": None}}}).encode(),
    "not an object": b"[1, 2, 3]",
    "bad version": b'{"version": "two"}',
}


@pytest.mark.parametrize("content", CORRUPT_FILES.values(), ids=CORRUPT_FILES.keys())
def test_unreadable_file_is_moved_aside_with_a_notice(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "state.json").write_bytes(content)
    store = open_store(tmp_path)

    moved = tmp_path / "state.json.corrupt-20260304T010203Z"
    assert moved.read_bytes() == content
    assert not (tmp_path / "state.json").exists()
    assert len(store.notices) == 1
    notice = store.notices[0]
    assert notice.moved_to == moved
    assert str(notice) == f"Your saved places could not be read; I moved the file to {moved} and started fresh."
    assert store.load("a") is None
    store.save("a", Position(0, 1))
    assert open_store(tmp_path).load("a") == Position(0, 1)


def test_future_version_is_moved_aside_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(json.dumps({"version": STATE_VERSION + 1, "positions": {"a": "??"}}))
    store = open_store(tmp_path)
    assert "newer voicecoach" in store.notices[0].message
    assert store.notices[0].moved_to is not None and store.notices[0].moved_to.exists()


def test_second_corrupt_file_in_the_same_second_does_not_overwrite_the_first(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_bytes(b"{")
    open_store(tmp_path)
    (tmp_path / "state.json").write_bytes(b"}")
    second = open_store(tmp_path)
    assert second.notices[0].moved_to == tmp_path / "state.json.corrupt-20260304T010203Z-1"
    assert (tmp_path / "state.json.corrupt-20260304T010203Z").read_bytes() == b"{"


def _mount_tmpfs(target: Path, options: str) -> bool:
    """Mount a small tmpfs (root only); False when this machine does not allow it."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True)
    return result.returncode == 0


def _is_writable(directory: Path) -> bool:
    """Whether a file can really be created in `directory` (root ignores permission bits)."""
    probe = directory / "probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return False
    probe.unlink()
    return True


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory we may not write into: chmod 555, or for root a read-only tmpfs."""
    target = tmp_path / "read-only"
    target.mkdir()
    target.chmod(0o555)
    if not _is_writable(target):
        yield target
        target.chmod(0o755)
        return
    target.chmod(0o755)
    if not _mount_tmpfs(target, "ro,size=64k"):
        pytest.skip("permission bits do not bind this user and a read-only tmpfs cannot be mounted")
    yield target
    subprocess.run(["umount", str(target)], check=True)


@pytest.fixture
def full_disk_dir(tmp_path: Path) -> Iterator[Path]:
    """A one-page tmpfs already filled to the brim (root only)."""
    target = tmp_path / "full"
    if not _mount_tmpfs(target, "size=4k"):
        pytest.skip("needs root and tmpfs to make a genuinely full disk")
    with pytest.raises(OSError) as filling:
        (target / "filler").write_bytes(b"\0" * 64 * 1024)
    assert filling.value.errno == errno.ENOSPC
    yield target
    subprocess.run(["umount", str(target)], check=True)


def test_saving_into_a_read_only_directory_raises_storage_error(read_only_dir: Path) -> None:
    store = open_store(read_only_dir)
    with pytest.raises(StorageError, match="could not save") as caught:
        store.save("a", Position(1, 1))
    assert str(read_only_dir) in str(caught.value)
    assert store.load("a") == Position(1, 1)  # the session carries on with the new place in memory


def test_saving_onto_a_full_disk_raises_storage_error_in_plain_words(full_disk_dir: Path) -> None:
    store = open_store(full_disk_dir)
    with pytest.raises(StorageError, match="the disk is full"):
        store.save("a", Position(1, 1))
    assert [p.name for p in full_disk_dir.iterdir()] == ["filler"]  # no temp file left behind


# --- places follow the content: moved, copied and edited files -------------------------------------


def guide(*tips: str) -> Document:
    return Document("Calm", (Section("Tonight", tuple(Tip(t, f"{t} helps.") for t in tips)),))


NIGHT_TIPS = ("Warm bath", "Calf stretch", "Slow breath", "Dim lamp")


def test_a_moved_or_copied_file_keeps_its_place(tmp_path: Path) -> None:
    fingerprint = DocumentPrint.of(guide(*NIGHT_TIPS))
    store = open_store(tmp_path)
    store.register_document("old-path", fingerprint)
    store.save("old-path", Position(0, 2))
    again = open_store(tmp_path)
    again.register_document("new-path", fingerprint)
    assert again.load("new-path") == Position(0, 2)
    again.register_document("unrelated", DocumentPrint.of(guide("Something else")))
    assert again.load("unrelated") is None


def test_an_edited_file_keeps_the_nearest_tip(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.register_document("path", DocumentPrint.of(guide(*NIGHT_TIPS)))
    store.save("path", Position(0, 2))
    again = open_store(tmp_path)
    again.register_document("path", DocumentPrint.of(guide("A new first tip", *NIGHT_TIPS)))
    assert again.load("path") == Position(0, 3)  # still "Slow breath"


def test_marks_are_written_and_read_back(tmp_path: Path) -> None:
    fingerprint = DocumentPrint.of(guide(*NIGHT_TIPS))
    store = open_store(tmp_path)
    store.register_document("path", fingerprint)
    store.save("path", Position(0, 1))
    written = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["positions"]["path"]
    assert written["marks"] == {"content": fingerprint.content, "tip": fingerprint.tips[1],
                                "before": fingerprint.tips[0], "after": fingerprint.tips[2]}  # fmt: skip
    assert open_store(tmp_path).saved_position("path") == store.saved_position("path")


def test_a_place_saved_before_fingerprints_is_still_found_by_its_path(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(json.dumps(
        {"version": 2, "positions": {"path": {"section": 0, "tip": 3, "saved_at": ""}}}
    ))  # fmt: skip
    store = open_store(tmp_path)
    store.register_document("path", DocumentPrint.of(guide("New first", *NIGHT_TIPS)))
    assert store.notices == [] and store.load("path") == Position(0, 3)
