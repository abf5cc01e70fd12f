"""Tests for voicecoach.storage.atomic: whole-file replacement and clean failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from voicecoach.errors import StorageError
from voicecoach.storage.atomic import atomic_write_bytes, remove_stale_temp_files, temp_prefix


def temp_files(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f"{temp_prefix(target)}*"))


def test_write_creates_missing_directories_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "state.json"
    atomic_write_bytes(target, b"first")
    assert target.read_bytes() == b"first"
    assert temp_files(target) == []


def test_write_replaces_existing_content_whole(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    atomic_write_bytes(target, b"x" * 10_000)
    atomic_write_bytes(target, b"short")
    assert target.read_bytes() == b"short"


def test_failed_replace_raises_storage_error_and_removes_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.mkdir()  # os.replace of a file onto a directory fails, even for root
    with pytest.raises(StorageError, match="could not save"):
        atomic_write_bytes(target, b"data")
    assert temp_files(target) == []
    assert target.is_dir()


def test_unusable_directory_raises_storage_error_in_plain_words(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StorageError, match="not a folder|could not save"):
        atomic_write_bytes(blocker / "state.json", b"data")


def test_only_old_temp_files_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    old = tmp_path / f"{temp_prefix(target)}old.tmp"
    fresh = tmp_path / f"{temp_prefix(target)}fresh.tmp"
    unrelated = tmp_path / "notes.tmp"
    for path in (old, fresh, unrelated):
        path.write_bytes(b"{")
    os.utime(old, (1_000_000, 1_000_000))
    os.utime(unrelated, (1_000_000, 1_000_000))
    assert remove_stale_temp_files(target, older_than_seconds=600) == 1
    assert not old.exists()
    assert fresh.exists() and unrelated.exists()
