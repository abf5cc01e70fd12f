"""`voicecoach render FILE -o out.wav`: a whole reading, one section, or a relaxation script as audio."""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from voicecoach.cli.read import load_document
from voicecoach.cli.relax import find_script
from voicecoach.cli.wiring import VOICE_HELP, OutputSettings, Outlet, run_session, sleep_seconds
from voicecoach.config import load_config
from voicecoach.errors import VoicecoachError
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import Position
from voicecoach.scripts import builtin_scripts
from voicecoach.scripts.player import ScriptPlayer
from voicecoach.sounds import Voice

FORMATS = ("wav", "flac", "ogg")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `render` subcommand."""
    parser = subparsers.add_parser("render", help="write a reading or relaxation script to an audio file")
    parser.add_argument("source", nargs="?", default=None, help="an article, a .yaml script or a built-in script name (default: the built-in guide)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the audio file to write")
    parser.add_argument("--format", choices=FORMATS, default=None, help="wav, flac or ogg (default: from the file name, else wav)")
    parser.add_argument("--section", type=int, default=None, help="articles: only this section (1 = the first)")
    parser.add_argument("--rate", type=int, default=Voice().rate, help="words per minute (80-260); a script's rates are scaled by it")
    parser.add_argument("--volume", type=float, default=Voice().volume, help="0.1 to 1; a script's volumes are scaled by it")
    parser.add_argument("--voice", default=None, help=VOICE_HELP)
    parser.add_argument("--sleep", default=None, metavar="DURATION", help="fade out and stop after e.g. 20m")
    parser.set_defaults(handler=run)


def is_script(source: str | None) -> bool:
    """Whether `source` names a relaxation script rather than an article."""
    return source is not None and (source in builtin_scripts() or Path(source).suffix.lower() in (".yaml", ".yml"))


def audio_format(args: argparse.Namespace) -> str:
    """The format to write: --format, else the output file's extension, else WAV."""
    if args.format:
        return str(args.format)
    suffix = args.output.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else "wav"


def run(args: argparse.Namespace) -> int:
    """Play the source in virtual time into the output file."""
    voice = Voice(args.rate, args.volume, args.voice)
    sleep_after = sleep_seconds(args.sleep) if args.sleep else None
    settings = OutputSettings(
        output=args.output, voice=voice, sleep_after=sleep_after, use_stdin=False,
        audio_format=audio_format(args), say_problems=False,
        config=load_config(),  # for the Piper voice folders it names
    )
    with ExitStack() as stack:
        outlet = Outlet(settings, stack)
        reader = _script_reader(args, outlet) if is_script(args.source) else _article_reader(args, outlet, voice)
        if sleep_after is not None:
            reader.set_sleep_timer(sleep_after, outlet.loop.now())
        run_session(reader, outlet)
    print(f"Wrote {args.output}")
    return 0


def _script_reader(args: argparse.Namespace, outlet: Outlet) -> ScriptPlayer:
    if args.section is not None:
        raise VoicecoachError("--section is for articles; a script is rendered whole")
    script, _ = find_script(str(args.source))
    return ScriptPlayer(script, outlet.speaker, lambda event: None, fade=outlet.fade, voice=outlet.settings.voice)


def _article_reader(args: argparse.Namespace, outlet: Outlet, voice: Voice) -> Player:
    document, _ = load_document(Path(args.source) if args.source else None)
    start = Position(0, 0)
    only_section = None
    if args.section is not None:
        if not 1 <= args.section <= len(document.sections):
            raise VoicecoachError(
                f"--section {args.section}: {document.title!r} has sections 1 to {len(document.sections)}"
            )
        only_section = args.section - 1
        start = Position(only_section, 0)
    return Player(
        document,
        outlet.speaker,
        lambda event: None,
        PlayerSettings(voice=voice, continuous=True, only_section=only_section),
        start=start,
        welcome_back=False,
        fade=outlet.fade,
    )


