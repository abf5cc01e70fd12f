"""`voicecoach read [FILE]`: read an article (default: the built-in guide) aloud, steered by keys or stdin."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from voicecoach.cli.wiring import (
    Outlet,
    add_output_arguments,
    notice_poster,
    output_settings,
    print_spoken,
    report_problem,
    run_session,
)
from voicecoach.content import BUILTIN_GUIDE_KEY, builtin_guide_path
from voicecoach.document import Document
from voicecoach.errors import AudioOutputError, StorageError
from voicecoach.events import PlayerEvent, PlayerEventType
from voicecoach.importers import load_article
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import Position
from voicecoach.sounds import Voice
from voicecoach.storage.keys import document_key
from voicecoach.storage.store import JsonStateStore

EXIT_NO_DEVICE = 3


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


def run(args: argparse.Namespace) -> int:
    """Read the document until the listener quits or the input ends."""
    document, key = load_document(args.file)
    settings = output_settings(args, Voice())
    store = JsonStateStore(args.state_dir)
    start = Position(0, 0) if args.restart else (store.load(key) or Position(0, 0))
    with ExitStack() as stack:
        try:
            outlet = Outlet(settings, stack)
        except AudioOutputError as error:
            print(f"voicecoach: {error}", file=sys.stderr)
            return EXIT_NO_DEVICE
        has_controls = settings.use_stdin or (settings.output is None and sys.stdin.isatty())
        continuous = args.continuous or not has_controls
        player = Player(
            document,
            outlet.speaker,
            lambda event: _on_event(event, store, key, outlet),
            PlayerSettings(voice=settings.voice, continuous=continuous),
            start=start,
            fade=outlet.fade,
        )
        for notice in store.notices:
            report_problem(str(notice))
            notice_poster(outlet.loop)(str(notice))
        if settings.sleep_after is not None:
            player.set_sleep_timer(settings.sleep_after, outlet.loop.now())
        final = run_session(player, outlet)
    _save(store, key, final, None)
    return 0


def _on_event(event: PlayerEvent, store: JsonStateStore, key: str, outlet: Outlet) -> None:
    print_spoken(event)
    if event.type in (PlayerEventType.MOVED, PlayerEventType.QUIT):
        _save(store, key, Position(int(event.data["section"]), int(event.data["tip"])), outlet)


def _save(store: JsonStateStore, key: str, position: Position, outlet: Outlet | None) -> None:
    try:
        store.save(key, position)
    except StorageError as error:
        report_problem(str(error))
        if outlet is not None:
            notice_poster(outlet.loop)("I could not save your place, but I will keep reading.")
