"""`voicecoach list`: the built-in relaxation scripts with their durations, and the built-in guide."""

from __future__ import annotations

import argparse
from importlib import resources
from typing import Any

from voicecoach.errors import ScriptError
from voicecoach.scripts import builtin_scripts, load_script_file, nominal_duration

EXIT_OK = 0


def register(subparsers: Any) -> None:
    """Add the `list` subcommand."""
    parser = subparsers.add_parser("list", help="list the built-in scripts and guide")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per built-in script (name, about how long, title), then the guide if present."""
    print("Relaxation scripts:")
    for name, path in builtin_scripts().items():
        try:
            script = load_script_file(path)
        except ScriptError as error:
            print(f"  {name:<24} (broken: {error.problem})")
            continue
        print(f"  {name:<24} {about_minutes(nominal_duration(script)):<15} {script.title}")
    guides = [entry.name for entry in _content_files() if entry.name.endswith((".md", ".txt"))]
    if guides:
        print("Built-in guide:")
        for guide in guides:
            print(f"  {guide}")
    return EXIT_OK


def about_minutes(seconds: float) -> str:
    """How long, to the half minute: "about 7.5 min" (a script's pauses and its last one included)."""
    halves = max(1, round(seconds / 30.0))
    return f"about {halves / 2:g} min"


def _content_files() -> list[Any]:
    folder = resources.files("voicecoach") / "content"
    if not folder.is_dir():
        return []
    return sorted((entry for entry in folder.iterdir() if entry.is_file()), key=lambda entry: entry.name)
