"""`voicecoach bookmarks`: the bookmarks said aloud one night, listed on the command line."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from voicecoach.cli import main

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "evening-walk.md"


def read_with(lines: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *source: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    assert main(["read", *source, "--stdin", "-o", str(tmp_path / "x.wav"), "--state-dir", str(tmp_path / "s"), "--no-listen"]) == 0


def test_bookmarks_made_in_a_session_are_listed_in_reading_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    read_with("next\nnext\nbookmark this\nprevious section\nbookmark\n@1 quit\n", tmp_path, monkeypatch, str(ARTICLE))
    capsys.readouterr()
    assert main(["bookmarks", str(ARTICLE), "--state-dir", str(tmp_path / "s")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Bookmarks in A calm evening:"
    assert lines[1].startswith("  1. tip 1 of section 1 (Settling down): ")
    assert lines[2].startswith("  2. tip 1 of section 2 (In bed): ")
    assert lines[3] == "The last session ended with a goodbye; the next start goes on where it stopped."
    assert main(["bookmarks", str(ARTICLE), "--state-dir", str(tmp_path / "s"), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["number"], b["section"], b["tip"]) for b in listed["bookmarks"]] == [(1, 1, 1), (2, 2, 1)]
    assert listed["last_night_ended"] == "goodbye" and listed["finished"] is False


def test_with_none_it_says_how_to_make_one_and_a_finished_document_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bookmarks", str(ARTICLE), "--state-dir", str(tmp_path / "s")]) == 0
    assert capsys.readouterr().out.startswith("No bookmarks in A calm evening. Say 'bookmark this'")
    read_with("", tmp_path, monkeypatch, str(ARTICLE), "--continuous")  # read to its end, no goodbye
    capsys.readouterr()
    assert main(["bookmarks", str(ARTICLE), "--state-dir", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "A calm evening was heard to its end; the next start offers the beginning." in out
    assert "ended by itself, with no goodbye" in out


def test_a_scripts_bookmarks_and_the_default_guide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookmarks", "box-breathing", "--state-dir", str(tmp_path / "s")]) == 0
    assert capsys.readouterr().out.startswith("No bookmarks in Box breathing.")
    assert main(["bookmarks", "--state-dir", str(tmp_path / "s")]) == 0
    assert capsys.readouterr().out.startswith("No bookmarks in Restless legs during withdrawal.")
