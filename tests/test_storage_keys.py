"""Tests for voicecoach.storage.keys.document_key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from voicecoach.storage.keys import document_key


def test_same_source_gives_the_same_key_whatever_the_title() -> None:
    assert document_key("Old title", "https://example.org/a") == document_key("New title", "https://example.org/a")


def test_relative_and_absolute_paths_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert document_key("", "article.txt") == document_key("", os.path.join(str(tmp_path), "article.txt"))
    assert document_key("", "./article.txt") == document_key("", "article.txt")


def test_title_is_used_without_a_source_ignoring_case_and_spacing() -> None:
    assert document_key("Calm  Legs", "") == document_key("calm legs", "  ")
    assert document_key("Calm legs", "") != document_key("Busy legs", "")


def test_keys_are_short_hex_and_differ_between_sources() -> None:
    key = document_key("", "builtin:guide")
    assert len(key) == 20 and int(key, 16) >= 0
    assert key != document_key("", "builtin:breathing")
    assert key == "{}".format(document_key("anything", "builtin:guide"))
