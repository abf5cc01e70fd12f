"""Tests for `voicecoach import FILE [--json]`: outline, JSON, and every kind of bad file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from voicecoach.cli import main
from voicecoach.importers import MAX_ARTICLE_BYTES

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def test_outline_lists_sections_and_tips(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURES / "messy-sleep-article.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Calming an Anxious Mind at Night\n")
    assert "3. Noticing the Signs (4 tips)" in out
    assert "   3.2 Racing thoughts" in out


@pytest.mark.parametrize("name", ["messy-sleep-article.txt", "evening-wind-down.md", "quiet-breathing.html"])
def test_json_is_the_full_structure(capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert main(["import", str(FIXTURES / name), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"].endswith(name)
    assert data["sections"] and all(section["tips"] for section in data["sections"])
    assert all(tip["sentences"] for section in data["sections"] for tip in section["tips"])


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_FILES = {
    "missing": (lambda tmp: tmp / "nowhere.txt", "no such file"),
    "directory": (lambda tmp: (tmp / "a-folder").mkdir() or tmp / "a-folder", "folder"),
    "empty": (lambda tmp: _write(tmp, "empty.txt", b""), "empty"),
    "whitespace": (lambda tmp: _write(tmp, "blank.txt", b"  \n\t\n  "), "blank space"),
    "binary": (lambda tmp: _write(tmp, "noise.txt", bytes(range(256)) * 4), "binary"),
    "pdf by extension": (lambda tmp: _write(tmp, "guide.pdf", b"hello"), "PDF"),
    "docx by extension": (lambda tmp: _write(tmp, "guide.docx", b"hello"), "Word"),
    "png by extension": (lambda tmp: _write(tmp, "photo.png", b"hello"), "image"),
    "pdf by magic bytes": (lambda tmp: _write(tmp, "guide", b"%PDF-1.7\n%\xe2\xe3\n"), "PDF"),
    "zip by magic bytes": (lambda tmp: _write(tmp, "guide.txt", b"PK\x03\x04rest"), "zip"),
    "latin-1 text": (lambda tmp: _write(tmp, "old.txt", "Caf\u00e9 cr\u00e8me at night.".encode("latin-1")), "UTF-8"),
    "no readable text": (lambda tmp: _write(tmp, "furniture.txt", b"Table of Contents\n\nGo Home\n"), "no readable"),
    "html without article": (lambda tmp: _write(tmp, "nav.html", b"<html><body><nav>Home</nav></body></html>"), "reader view"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_input_exits_2_naming_the_file_and_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    make, expected = BAD_FILES[kind]
    path = make(tmp_path)
    assert main(["import", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"voicecoach: {path}: ")
    assert expected in captured.err
    assert ";" in captured.err  # every message goes on to say what to do
    assert "Traceback" not in captured.err


def test_too_large_file_is_refused_from_its_size_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # a sparse file: the size is checked before any reading
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "MB" in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_an_article_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "secret.txt", b"Some words to read.")
    path.chmod(0)
    assert main(["import", str(path)]) == 2
    assert "secret.txt" in capsys.readouterr().err
