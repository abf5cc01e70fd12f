"""`voicecoach check FILE...`: report every problem in relaxation scripts, with file:line:column."""

from __future__ import annotations

import argparse
from typing import Any

from voicecoach.cli.list_scripts import about_minutes
from voicecoach.errors import ScriptError, ScriptProblems
from voicecoach.scripts import compile_script, load_script_file, nominal_duration

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    """Add the `check` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help="check relaxation scripts and report every problem",
        description="Check YAML relaxation scripts. Prints 'file:line:column: problem; fix' for each "
        "problem and exits with 2 if any file has one.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="script files to check")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check each file; print an 'ok' line or every problem; 2 if any file has problems."""
    failed = False
    for name in args.files:
        try:
            script = load_script_file(name)
        except ScriptError as error:
            failed = True
            problems = error.problems if isinstance(error, ScriptProblems) else (error,)
            for problem in problems:
                print(problem)
            continue
        plan = compile_script(script)
        print(f"{name}: ok — {script.title!r}, {len(plan)} steps, {about_minutes(nominal_duration(script))}")
    return EXIT_BAD_INPUT if failed else EXIT_OK
