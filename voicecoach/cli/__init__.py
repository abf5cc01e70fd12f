"""The thin command line: parse arguments, wire adapters, hand over to the core.

Each subcommand lives in its own module exposing `register(subparsers)`; the module's
parser sets `handler` to a function taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Sequence

from voicecoach import __version__
from voicecoach.adapters.stderr import separate_python_stderr
from voicecoach.errors import VoicecoachError

# Subcommands and their modules, in the order `voicecoach --help` lists them.
SUBCOMMANDS: dict[str, str] = {
    "check": "voicecoach.cli.check",
    "list": "voicecoach.cli.list_scripts",
    "read": "voicecoach.cli.read",
    "relax": "voicecoach.cli.relax",
    "render": "voicecoach.cli.render",
    "import": "voicecoach.cli.import_article",
    "config": "voicecoach.cli.config_cmd",
    "hear": "voicecoach.cli.hear",
    "voices": "voicecoach.cli.voices",
}

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_NO_DEVICE = 3


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand, or with just the subcommand `only`.

    Each subcommand's module is imported to register it, and with it everything that module
    needs: all eight took 0.2–0.4 s longer to import than `read` alone (the relaxation scripts'
    loader and player, the recogniser's file reader), time a listener waits before the first word.
    """
    parser = argparse.ArgumentParser(
        prog="voicecoach",
        description="An offline voice reader for articles and guided relaxation, steered by voice or keys.",
    )
    parser.add_argument("--version", action="version", version=f"voicecoach {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    subparsers = parser.add_subparsers(dest="subcommand", metavar="COMMAND")
    for name, module_name in SUBCOMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module_name).register(subparsers)
    return parser


def chosen_subcommand(arguments: Sequence[str]) -> str | None:
    """The subcommand `arguments` name (top-level options take no values), or None when they
    ask for top-level help or name none of ours."""
    for argument in arguments:
        if argument in ("-h", "--help", "--version"):
            return None
        if not argument.startswith("-"):
            return argument if argument in SUBCOMMANDS else None
    return None


def with_default_subcommand(arguments: list[str]) -> list[str]:
    """`voicecoach [--stdin ...]` with no subcommand means `voicecoach read [--stdin ...]`."""
    if any(argument in SUBCOMMANDS for argument in arguments) or {"-h", "--help", "--version"} & set(arguments):
        return arguments
    leading = [argument for argument in arguments if argument in ("-v", "--verbose")]
    rest = [argument for argument in arguments if argument not in ("-v", "--verbose")]
    return [*leading, "read", *rest]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `voicecoach` console script."""
    arguments = with_default_subcommand(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(only=chosen_subcommand(arguments))
    args = parser.parse_args(arguments)
    separate_python_stderr()  # before logging takes sys.stderr: device chatter is hidden, our lines are not
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    try:
        return int(args.handler(args))
    except VoicecoachError as error:
        for line in str(error).splitlines() or [""]:  # several problems of one file: one line each
            print(f"voicecoach: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_OK
    except BrokenPipeError:
        # The reader of our printed text went away (e.g. `| head`); nothing more to say.
        sys.stderr.close()
        return EXIT_OK
