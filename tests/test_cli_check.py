"""`voicecoach check` and `voicecoach list`: exit codes and messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.cli import main
from voicecoach.scripts import builtin_scripts

BROKEN = Path(__file__).parent / "fixtures" / "broken_scripts"


def test_check_passes_a_good_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("title: Good\nsteps:\n  - say: Rest now.\n  - pause: 3\n")
    assert main(["check", str(good)]) == 0
    assert capsys.readouterr().out.startswith(f"{good}: ok — 'Good', 2 steps")


def test_check_reports_every_problem_with_position_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    path = BROKEN / "many_problems.yaml"
    assert main(["check", str(path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6
    assert lines[0] == f"{path}:2:9: volume is 1.5, outside 0 to 1; give a number from 0 to 1"
    assert all(line.startswith(f"{path}:") and "; " in line for line in lines)


def test_check_many_files_reports_each_and_fails_if_any_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("title: Good\nsteps: [{say: Rest.}]\n")
    assert main(["check", str(good), str(BROKEN / "python_tag.yaml"), str(tmp_path / "nope.yaml")]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{good}: ok")
    assert "is not allowed: scripts cannot create Python objects" in out[1]
    assert out[2].startswith(f"{tmp_path / 'nope.yaml'}:1:1: cannot read the file")


@pytest.mark.parametrize("name", sorted(p.name for p in BROKEN.glob("*.yaml")))
def test_check_never_tracebacks_on_broken_fixtures(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BROKEN / name)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_every_builtin_script_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    scripts = builtin_scripts()
    assert {"breathing-4-7-8", "box-breathing", "legs-and-feet-relaxation", "body-scan-for-sleep"} <= set(scripts)
    assert main(["check", *map(str, scripts.values())]) == 0
    assert capsys.readouterr().out.count(": ok — ") == len(scripts)


def test_list_names_builtin_scripts_with_durations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in builtin_scripts():
        line = next(line for line in out.splitlines() if line.strip().startswith(name))
        assert " min " in line
