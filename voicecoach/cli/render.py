"""`voicecoach render FILE -o out.mp3`: a whole reading, one section, or a relaxation script as audio.

The kind of file comes from --format or the file name's ending, and is checked before anything
is rendered. The file is tagged with the title, the section names and a chapter per section.
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from voicecoach.adapters.wavfile import format_for
from voicecoach.cli.read import load_document
from voicecoach.bed.settings import BedSettings
from voicecoach.cli.relax import find_script
from voicecoach.cli.wiring import (
    VOICE_HELP, OutputSettings, Outlet, add_noise_arguments, bed_settings, sleep_seconds,
)
from voicecoach.config import load_config
from voicecoach.errors import VoicecoachError
from voicecoach.events import EventCallback
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import Position
from voicecoach.scripts import builtin_scripts
from voicecoach.scripts.player import ScriptPlayer
from voicecoach.sounds import Voice


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `render` subcommand."""
    parser = subparsers.add_parser("render", help="write a reading or relaxation script to an audio file")
    parser.add_argument("source", nargs="?", default=None, help="an article, a .yaml script or a built-in script name (default: the built-in guide)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the audio file to write: .wav, .flac, .ogg or .mp3")
    parser.add_argument("--format", default=None, help="wav, flac, ogg or mp3 (default: from the file name's ending)")
    parser.add_argument("--section", type=int, default=None, help="articles: only this section (1 = the first)")
    parser.add_argument("--rate", type=int, default=Voice().rate, help="words per minute (80-260); a script's rates are scaled by it")
    parser.add_argument("--volume", type=float, default=Voice().volume, help="0.1 to 1; a script's volumes are scaled by it")
    parser.add_argument("--voice", default=None, help=VOICE_HELP)
    parser.add_argument("--sleep", default=None, metavar="DURATION", help="fade out and stop after e.g. 20m")
    add_noise_arguments(parser)
    parser.set_defaults(handler=run)


def is_script(source: str | None) -> bool:
    """Whether `source` names a relaxation script rather than an article."""
    return source is not None and (source in builtin_scripts() or Path(source).suffix.lower() in (".yaml", ".yml"))


def run(args: argparse.Namespace) -> int:
    """Play the source in virtual time into the output file, then tag it with the title and sections."""
    audio_format = format_for(args.output, args.format)
    voice = Voice(args.rate, args.volume, args.voice)
    sleep_after = sleep_seconds(args.sleep) if args.sleep else None
    settings = OutputSettings(
        output=args.output, voice=voice, sleep_after=sleep_after, use_stdin=False,
        audio_format=audio_format, bed=bed_settings(args, BedSettings()), say_problems=False,
        config=load_config(),  # for the Piper voice folders it names
    )
    with ExitStack() as stack:
        outlet = Outlet(settings, stack)
        reader: Player | ScriptPlayer
        if is_script(args.source):
            reader, title = _script_reader(args, outlet, outlet.on_player_event)
        else:
            reader, title = _article_reader(args, outlet, voice, outlet.on_player_event)
        player = reader
        outlet.follow_chapters(title, lambda: (player.position.section, player.section_title))
        if sleep_after is not None:
            reader.set_sleep_timer(sleep_after, outlet.loop.now())
        outlet.run_session(reader)  # the file is tagged as it is written
    print(f"Wrote {args.output}")
    return 0


def _script_reader(args: argparse.Namespace, outlet: Outlet, emit: EventCallback) -> tuple[ScriptPlayer, str]:
    if args.section is not None:
        raise VoicecoachError("--section is for articles; a script is rendered whole")
    script, _ = find_script(str(args.source))
    player = ScriptPlayer(script, outlet.speaker, emit, fade=outlet.fade, voice=outlet.settings.voice, bed=outlet.bed)
    return player, script.title


def _article_reader(
    args: argparse.Namespace, outlet: Outlet, voice: Voice, emit: EventCallback
) -> tuple[Player, str]:
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
    player = Player(
        document,
        outlet.speaker,
        emit,
        PlayerSettings(voice=voice, continuous=True, only_section=only_section),
        start=start,
        welcome_back=False,
        fade=outlet.fade,
        bed=outlet.bed,
    )
    return player, document.title
