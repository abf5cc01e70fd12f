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
    # Binary content is named by the extension; readable text is read whatever the name (below).
    "pdf by extension": (lambda tmp: _write(tmp, "guide.pdf", b"\x00\x01\x02 stream"), "PDF"),
    "docx by extension": (lambda tmp: _write(tmp, "guide.docx", b"PK\x03\x04rest"), "Word"),
    "png by extension": (lambda tmp: _write(tmp, "photo.png", b"\x89PNG\r\n\x1a\n"), "image"),
    "latin-1 bytes named pdf": (lambda tmp: _write(tmp, "scan.pdf", "Caf\u00e9".encode("latin-1")), "PDF"),
    "relaxation script": (lambda tmp: _write(tmp, "calm.yaml", b"title: Calm\nsteps:\n  - say: Hello.\n"),
                          "voicecoach relax"),
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


def test_a_text_file_named_like_a_pdf_is_read_as_the_text_it_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "notes.pdf", b"Quiet Evenings\n\nA warm drink and a dim lamp help the evening slow down.\n")
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1.1 A warm drink and a dim lamp help the evening slow down." in out
    assert "PDF" not in out


def test_a_web_page_saved_as_txt_is_read_as_html_not_from_its_doctype(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "page.txt", (FIXTURES / "evening-legs.html").read_bytes())
    assert main(["import", str(path), "--json"]) == 0
    dumped = capsys.readouterr().out
    data = json.loads(dumped)
    assert data["title"] == "Easing the Legs in the Evening"
    assert "DOCTYPE" not in dumped and "<" not in dumped


def test_outline_counts_one_tip_and_shows_groups(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURES / "settling-restless-nights.txt")]) == 0
    out = capsys.readouterr().out
    assert "(1 tips)" not in out
    assert "2. Why It Gets Worse at Bedtime (1 tip)" in out
    assert "   Everyday Habits (3 tips)\n      1. Daytime Walks\n      2. Less Caffeine\n" in out
    assert "   Finding Company (1 tip)\n" in out


def test_json_names_each_tips_group(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURES / "settling-restless-nights.txt"), "--json"]) == 0
    section = json.loads(capsys.readouterr().out)["sections"][2]
    assert section["title"] == "Ways to Settle"
    assert [(g["title"], g["first_tip"], g["tip_count"]) for g in section["groups"]] == [
        ("Help From a Clinician", 1, 2), ("Everyday Habits", 3, 3), ("Calming the Body", 6, 2), ("Finding Company", 8, 1),
    ]  # fmt: skip
    assert [tip["group"] for tip in section["tips"]][:4] == [None, "Help From a Clinician", "Help From a Clinician", "Everyday Habits"]
