"""`voicecoach relax [NAME|FILE]`: play a guided relaxation script, steered by keys or stdin."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from voicecoach.cli import EXIT_NO_DEVICE
from voicecoach.cli.wiring import (
    say_store_notices,
    Outlet,
    OutletFactory,
    add_output_arguments,
    notice_poster,
    output_settings,
    print_spoken,
    report_problem,
    start_sleep_timer,
    starting_voice,
)
from voicecoach.config import load_config
from voicecoach.errors import AudioOutputError, ScriptError, SourceLocation, VoicecoachError
from voicecoach.filekinds import is_article_name, is_script_name
from voicecoach.night import resume_offer
from voicecoach.scripts.contents import ScriptContents
from voicecoach.ports import Position
from voicecoach.scripts import Script, builtin_scripts, load_script_file
from voicecoach.scripts.compile import compile_script
from voicecoach.scripts.player import ScriptPlayer
from voicecoach.storage.keys import document_key
from voicecoach.storage.place_keeper import PlaceKeeper
from voicecoach.storage.store import JsonStateStore

DEFAULT_SCRIPT = "legs-and-feet-relaxation"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `relax` subcommand."""
    parser = subparsers.add_parser("relax", help="play a guided relaxation (see `voicecoach list`)")
    parser.add_argument("script", nargs="?", default=DEFAULT_SCRIPT, help=f"a built-in name or a .yaml file (default: {DEFAULT_SCRIPT})")
    add_output_arguments(parser)
    parser.add_argument("--restart", action="store_true", help="start at the beginning, not at the saved place")
    parser.set_defaults(handler=run)


def find_script(name_or_path: str) -> tuple[Script, str]:
    """The script by built-in name or path, and the key its place is saved under."""
    builtin = builtin_scripts()
    if name_or_path in builtin:
        return load_script_file(builtin[name_or_path]), f"builtin-script:{name_or_path}"
    path = Path(name_or_path)
    if not is_script_name(path) and not path.exists():
        names = ", ".join(builtin) or "none"
        raise VoicecoachError(f"there is no script called {name_or_path!r}; built-in scripts: {names}")
    if is_article_name(path):
        raise ScriptError(
            SourceLocation(str(path), 1, 1),
            "this is an article, not a relaxation script",
            f"to hear it read aloud, run: voicecoach read {path}",
        )
    script = load_script_file(path)
    return script, document_key(script.title, str(path.resolve()))


def script_player(
    script: Script, key: str, store: JsonStateStore, outlet: Outlet, restart: bool, *, in_library: bool = False
) -> tuple[ScriptPlayer, PlaceKeeper]:
    """A script player at the saved place (or the start, or after a night that ended asleep the
    place `night.resume_offer` gives), and the keeper that saves its place, bookmarks and night
    as it goes (tell it `session_ended` after the session). `in_library`: the relaxation of a
    session that began with the guide, which "back to the guide" returns to."""
    config = outlet.settings.config
    start = Position(0, 0) if restart else (store.load(key) or Position(0, 0))
    finished = store.is_finished(key) and not restart
    resume = None if restart or finished else resume_offer(store.load_night(key), config.rewind_after_sleep)
    keeper = PlaceKeeper(store, key, notice_poster(outlet.loop), report_problem, start_over_after_end=True,
                         rewind_seconds=config.rewind_after_sleep)
    contents = ScriptContents(script.title, compile_script(script))
    player = ScriptPlayer(
        script,
        outlet.speaker,
        lambda event: (
            print_spoken(event), keeper.on_event(event), outlet.on_player_event(event, contents),
        ),
        start_section=start.section,
        start_step=start.tip,
        fade=outlet.fade,
        voice=outlet.settings.voice,
        earcon_volume=outlet.settings.config.night_volume,
        sleep_default_seconds=config.sleep_default,
        bed=outlet.bed,
        sleep_warning_seconds=config.sleep_warning,
        bookmarks=store.load_bookmarks(key),
        resume=resume,
        finished=finished,
        guide_available=in_library,
    )
    return player, keeper


def relaxation(store: JsonStateStore, outlet: Outlet, restart: bool) -> tuple[ScriptPlayer, PlaceKeeper]:
    """The default relaxation, offered by the plain `voicecoach` session, and its keeper."""
    script, key = find_script(DEFAULT_SCRIPT)
    return script_player(script, key, store, outlet, restart, in_library=True)


def run(args: argparse.Namespace, open_outlet: OutletFactory = Outlet) -> int:
    """Play the script until it ends, the listener quits, or the sleep timer runs out (`open_outlet`
    opens the devices)."""
    try:
        script, key = find_script(args.script)
    except ScriptError as error:
        print(f"voicecoach: {error}", file=sys.stderr)
        return 2
    config = load_config(args.config)
    store = JsonStateStore(args.state_dir)
    settings = output_settings(args, starting_voice(config, store.load_settings()), config)
    with ExitStack() as stack:
        try:
            outlet = open_outlet(settings, stack)
        except AudioOutputError as error:
            print(f"voicecoach: {error}", file=sys.stderr)
            return EXIT_NO_DEVICE
        player, keeper = script_player(script, key, store, outlet, args.restart)
        outlet.follow_chapters(script.title, lambda: ((player.position.section,), player.section_title))
        say_store_notices(store, outlet)
        start_sleep_timer(player, settings, outlet.loop.now())
        outlet.run_session(player)
        keeper.session_ended(outlet.loop.now(), player.position)
    return 0
