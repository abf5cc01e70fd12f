"""`voicecoach render FILE -o out.wav`: the whole reading (or one section) as an audio file."""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from voicecoach.cli.read import load_document
from voicecoach.cli.wiring import OutputSettings, Outlet, run_session
from voicecoach.errors import VoicecoachError
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import Position
from voicecoach.sounds import Voice


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `render` subcommand."""
    parser = subparsers.add_parser("render", help="write a reading to a WAV file, e.g. for a phone")
    parser.add_argument("file", nargs="?", type=Path, help="an article (default: the built-in guide)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the WAV file to write")
    parser.add_argument("--section", type=int, default=None, help="only this section (1 = the first)")
    parser.add_argument("--rate", type=int, default=Voice().rate, help="words per minute (80-260)")
    parser.add_argument("--volume", type=float, default=Voice().volume, help="0.1 to 1")
    parser.add_argument("--voice", default=None, help="espeak-ng voice, e.g. en-gb")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read the document in virtual time into the output file."""
    document, _ = load_document(args.file)
    start = Position(0, 0)
    only_section = None
    if args.section is not None:
        if not 1 <= args.section <= len(document.sections):
            raise VoicecoachError(
                f"--section {args.section}: {document.title!r} has sections 1 to {len(document.sections)}"
            )
        only_section = args.section - 1
        start = Position(only_section, 0)
    voice = Voice(args.rate, args.volume, args.voice)
    settings = OutputSettings(output=args.output, voice=voice, sleep_after=None, use_stdin=False)
    with ExitStack() as stack:
        outlet = Outlet(settings, stack)
        player = Player(
            document,
            outlet.speaker,
            lambda event: None,
            PlayerSettings(voice=voice, continuous=True, only_section=only_section),
            start=start,
            fade=outlet.fade,
            welcome_back=False,
        )
        run_session(player, outlet)
    print(f"Wrote {args.output}")
    return 0
