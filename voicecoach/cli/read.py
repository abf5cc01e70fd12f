"""`voicecoach read [FILE]`: read an article (default: the built-in guide) aloud, steered by keys or stdin."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

from voicecoach.cli import EXIT_NO_DEVICE
from voicecoach.cli.wiring import (
    say_store_notices,
    Outlet,
    OutletFactory,
    starting_voice,
    add_output_arguments,
    notice_poster,
    output_settings,
    print_spoken,
    report_problem,
    start_sleep_timer,
)
from voicecoach.content import BUILTIN_GUIDE_KEY, builtin_guide_path
from voicecoach.document import Document
from voicecoach.config import load_config
from voicecoach.errors import AudioOutputError
from voicecoach.filekinds import is_script_name
from voicecoach.importers import load_article
from voicecoach.commands import CommandId
from voicecoach.library import Library
from voicecoach.night import resume_offer
from voicecoach.now_playing import DocumentContents
from voicecoach.phrases import OFFER_RELAXATION, finished_again
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import Position
from voicecoach.session import Reader
from voicecoach.storage.fingerprints import DocumentPrint
from voicecoach.storage.keys import document_key
from voicecoach.storage.place_keeper import PlaceKeeper
from voicecoach.storage.store import JsonStateStore


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `read` subcommand."""
    parser = subparsers.add_parser("read", help="read an article aloud (default: the built-in guide)")
    parser.add_argument("file", nargs="?", type=Path, help="a .txt, .md or .html article")
    add_output_arguments(parser)
    parser.add_argument("--continuous", action="store_true", help="read on without waiting for 'next'")
    parser.add_argument("--restart", action="store_true", help="start at the beginning, not at the saved place")
    parser.set_defaults(handler=run)


def load_document(path: Path | None) -> tuple[Document, str]:
    """The document to read and the key its position is saved under."""
    if path is None:
        return load_article(builtin_guide_path()), BUILTIN_GUIDE_KEY
    document = load_article(path)
    return document, document_key(document.title, str(path.resolve()))


def run(args: argparse.Namespace, open_outlet: OutletFactory = Outlet) -> int:
    """Read the document until the listener quits or the input ends (`open_outlet` opens the devices)."""
    if args.file is not None and is_script_name(args.file):
        return _play_script(args, open_outlet)
    document, key = load_document(args.file)
    config = load_config(args.config)
    store = JsonStateStore(args.state_dir)
    store.register_document(key, DocumentPrint.of(document))
    settings = output_settings(args, starting_voice(config, store.load_settings()), config)
    start = Position(0, 0) if args.restart else (store.load(key) or Position(0, 0))
    finished = store.is_finished(key) and not args.restart
    resume = None if args.restart or finished else resume_offer(store.load_night(key), config.rewind_after_sleep)
    with ExitStack() as stack:
        try:
            outlet = open_outlet(settings, stack)
        except AudioOutputError as error:
            print(f"voicecoach: {error}", file=sys.stderr)
            return EXIT_NO_DEVICE
        has_controls = settings.use_stdin or outlet.listening or (settings.output is None and sys.stdin.isatty())
        with_relaxation = args.file is None or finished  # a finished document offers the relaxation
        opening_note = OFFER_RELAXATION if args.file is None and has_controls else None
        if finished and not has_controls:
            # Nobody can answer the offer: the document again from its beginning, said so.
            start, finished, opening_note = Position(0, 0), False, finished_again(document.title)
        player_settings = PlayerSettings(
            voice=settings.voice,
            continuous=args.continuous or config.continuous or not has_controls,
            earcon_volume=config.night_volume,
            sleep_default_seconds=config.sleep_default,
            sleep_warning_seconds=config.sleep_warning,
            opening_note=opening_note,
            relaxation_available=with_relaxation,
        )
        keeper = PlaceKeeper(store, key, notice_poster(outlet.loop), report_problem, rewind_seconds=config.rewind_after_sleep)
        contents = DocumentContents(document)
        guide = Player(
            document,
            outlet.speaker,
            lambda event: (print_spoken(event), keeper.on_event(event), outlet.on_player_event(event, contents)),
            player_settings,
            start=start,
            fade=outlet.fade,
            bed=outlet.bed,
            bookmarks=store.load_bookmarks(key),
            resume=resume,
            finished=finished,
        )
        reader: Reader = guide
        ends: list[Callable[[float], None]] = []  # the relaxation's night ends with the session too
        if with_relaxation:
            reader = Library(
                outlet.speaker,
                {CommandId.GUIDE: lambda: guide, CommandId.RELAX: lambda: _relaxation(store, outlet, args.restart, ends)},
                first=CommandId.GUIDE,
            )
        outlet.follow_chapters(document.title, lambda: _chapter_of(reader, guide))
        say_store_notices(store, outlet)
        start_sleep_timer(guide, settings, outlet.loop.now())
        outlet.run_session(reader)
        keeper.session_ended(outlet.loop.now(), guide.position)
        for end in ends:
            end(outlet.loop.now())
    return 0


def _chapter_of(reader: Reader, guide: Player) -> tuple[object, str]:
    """The section being heard, for the chapters of an --output file: the guide's, or the
    relaxation's after a switch."""
    current = reader.current if isinstance(reader, Library) else reader
    if current is guide:
        return ("guide", guide.position.section), guide.section_title
    return (id(current), current.position.section), getattr(current, "section_title", "")


def _play_script(args: argparse.Namespace, open_outlet: OutletFactory) -> int:
    """`read script.yaml` plays the script as `relax` does: whoever names a relaxation to be read
    wants to hear the relaxation, not its YAML, and a refusal would only send them to retype it."""
    from voicecoach.cli import relax

    print(f"voicecoach: {args.file} is a relaxation script; playing it as `voicecoach relax` does.", file=sys.stderr)
    return relax.run(argparse.Namespace(**vars(args), script=str(args.file)), open_outlet)


def _relaxation(store: JsonStateStore, outlet: Outlet, restart: bool, ends: list[Callable[[float], None]]) -> Reader:
    """The default relaxation, its modules imported only when it is asked for (not before the
    first word); what ends its night is added to `ends`."""
    from voicecoach.cli.relax import relaxation

    player, keeper = relaxation(store, outlet, restart)
    ends.append(lambda at: keeper.session_ended(at, player.position))
    return player
