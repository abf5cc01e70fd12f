"""The command line's entry: which subcommand's module is imported, and that reading starts light."""

from __future__ import annotations

import subprocess
import sys

import pytest

from voicecoach.cli import SUBCOMMANDS, build_parser, chosen_subcommand, with_default_subcommand


@pytest.mark.parametrize(
    ("arguments", "chosen"),
    [
        (["read", "article.md", "--stdin"], "read"),
        (["-v", "relax", "box-breathing"], "relax"),
        (["import", "notes.txt", "--json"], "import"),
        (["read", "--help"], "read"),
        (["--help"], None),
        (["-h", "read"], None),
        (["--version"], None),
        ([], None),
        (["reed"], None),  # not ours: the full parser gives the error message
    ],
)
def test_the_subcommand_is_the_first_word_that_is_not_an_option(arguments: list[str], chosen: str | None) -> None:
    assert chosen_subcommand(arguments) == chosen


def test_plain_voicecoach_means_read_and_only_read_is_registered() -> None:
    arguments = with_default_subcommand(["-v", "--stdin"])
    assert arguments == ["-v", "read", "--stdin"]
    parser = build_parser(only=chosen_subcommand(arguments))
    assert parser.parse_args(arguments).subcommand == "read"
    with pytest.raises(SystemExit):
        parser.parse_args(["relax", "box-breathing"])  # not registered in this parser


def test_the_full_parser_knows_every_subcommand() -> None:
    parser = build_parser()
    for name in SUBCOMMANDS:
        assert parser.parse_args(_minimal(name)).subcommand == name


def _minimal(name: str) -> list[str]:
    """The fewest arguments each subcommand accepts."""
    needs_file = {"check": ["x.yaml"], "import": ["x.md"], "hear": ["x.wav"], "render": ["x.md", "--output", "x.wav"]}
    return [name, *needs_file.get(name, [])]


def test_starting_to_read_does_not_import_the_relaxation_scripts_or_the_recogniser() -> None:
    # What `voicecoach` imports before its first word is time the listener waits in the dark.
    probe = (
        "import sys; from voicecoach.cli import build_parser; build_parser('read'); "
        "print(sorted(m for m in ('voicecoach.scripts.loader', 'voicecoach.scripts.compile', "
        "'voicecoach.cli.relax', 'voicecoach.adapters.recognizers.pocketsphinx.recognizer', 'voicecoach.adapters.audiofile') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"
