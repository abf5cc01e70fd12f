"""`voicecoach list`: the length it gives each built-in script is the length the script plays."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import soundfile

from voicecoach.cli import main
from voicecoach.cli.list_scripts import about_minutes
from voicecoach.scripts import builtin_scripts

# `list` rounds to the half minute (15 s either way); the estimate of speech may be a little off too.
ROUNDING_SECONDS = 15.0
ESTIMATE_TOLERANCE = 0.03


def listed_minutes(out: str) -> dict[str, float]:
    """Each script's length in minutes, as `list` printed it."""
    found = {}
    for line in out.splitlines():
        match = re.match(r"\s+(?P<name>\S+)\s+about (?P<minutes>[\d.]+) min\s", line)
        if match:
            found[match["name"]] = float(match["minutes"])
    return found


def test_list_gives_the_length_each_builtin_script_plays_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    listed = listed_minutes(capsys.readouterr().out)
    assert sorted(listed) == sorted(builtin_scripts())
    for name in builtin_scripts():
        output = tmp_path / f"{name}.wav"
        assert main(["render", name, "-o", str(output)]) == 0
        played = soundfile.info(str(output)).duration
        allowed = ROUNDING_SECONDS + ESTIMATE_TOLERANCE * played
        assert abs(listed[name] * 60 - played) <= allowed, f"{name}: listed {listed[name]} min, plays {played:.0f} s"


@pytest.mark.parametrize(("seconds", "text"), [(0, "about 0.5 min"), (44, "about 0.5 min"), (46, "about 1 min"),
                                               (352, "about 6 min"), (449, "about 7.5 min"), (1200, "about 20 min")])
def test_lengths_are_given_to_the_half_minute(seconds: float, text: str) -> None:
    assert about_minutes(seconds) == text
