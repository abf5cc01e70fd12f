"""`voicecoach bookmarks [FILE|SCRIPT]`: the bookmarks of an article or script, whether it was
heard to its end, and how its last night ended (default: the built-in guide)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from voicecoach.cursor import Cursor
from voicecoach.filekinds import is_script_name
from voicecoach.night import Night, NightEnd, resume_offer
from voicecoach.phrases import tip_of
from voicecoach.places import Place
from voicecoach.scripts import builtin_scripts
from voicecoach.storage.fingerprints import DocumentPrint
from voicecoach.storage.store import JsonStateStore

EXIT_OK = 0
_ENDS = {
    NightEnd.GOODBYE: "with a goodbye",
    NightEnd.SLEEP_TIMER: "by the sleep timer",
    NightEnd.QUIET: "by itself, with no goodbye",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `bookmarks` subcommand."""
    parser = subparsers.add_parser(
        "bookmarks", help="list the bookmarks of an article or script (default: the built-in guide)",
        description="Print the bookmarks made by saying 'bookmark this' in a document, in reading order "
        "(the numbers 'bookmark two' goes to), whether it was heard to its end, and how its last night ended.",
    )
    parser.add_argument("source", nargs="?", default=None, help="an article, a .yaml script or a built-in script name")
    parser.add_argument("--state-dir", type=Path, default=None, help="where places are kept")
    parser.add_argument("--json", action="store_true", help="print them as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the document's bookmarks and what is remembered of its last night."""
    store = JsonStateStore(args.state_dir)
    for notice in store.notices:
        print(f"voicecoach: {notice}")
    title, key, describe = _document(args.source, store)
    marks = sorted(store.load_bookmarks(key))
    night = store.load_night(key)
    finished = store.is_finished(key)
    if args.json:
        print(json.dumps(_as_json(title, marks, describe, finished, night), indent=2, ensure_ascii=False))
        return EXIT_OK
    if not marks:
        print(f"No bookmarks in {title}. Say 'bookmark this' while it is read to make one.")
    else:
        print(f"Bookmarks in {title}:")
        for number, place in enumerate(marks, start=1):
            print(f"  {number}. {describe(place)}")
    if finished:
        print(f"{title} was heard to its end; the next start offers the beginning.")
    if night is not None and night.end is not None:
        print(_night_line(night))
    return EXIT_OK


def _document(source: str | None, store: JsonStateStore) -> tuple[str, str, Any]:
    """The title, the state key and a describer of places, for an article or a script."""
    if source is not None and (is_script_name(Path(source)) or source in builtin_scripts()):
        from voicecoach.cli.relax import find_script
        from voicecoach.scripts.compile import compile_script
        from voicecoach.scripts.navigation import PlanIndex

        script, key = find_script(source)
        index = PlanIndex.of(compile_script(script))

        def describe_step(place: Place) -> str:
            section = min(place.section, index.section_count - 1)
            return f"section {section + 1} ({index.titles[section]}), step {place.tip + 1}"

        return script.title, key, describe_step
    from voicecoach.cli.read import load_document

    document, key = load_document(Path(source) if source else None)
    store.register_document(key, DocumentPrint.of(document))

    def describe_tip(place: Place) -> str:
        cursor = Cursor.at(document, place.section, place.tip)
        sentences = cursor.current_tip.sentences
        sentence = sentences[min(place.sentence, len(sentences) - 1)] if sentences else ""
        return f"{tip_of(cursor)} ({cursor.current_section.title}): {sentence}"

    return document.title, key, describe_tip


def _night_line(night: Night) -> str:
    """How the last night ended, and where the next start goes."""
    line = f"The last session ended {_ENDS[night.end]}" if night.end else "The last session did not end cleanly"
    offer = resume_offer(night)
    if offer is None:
        return line + "; the next start goes on where it stopped."
    reason = "where the listener was last awake" if offer.reason.value == "awake" else "before the end"
    return line + f"; the next start goes back to {reason} (say 'continue from where it stopped' for the exact place)."


def _as_json(title: str, marks: list[Place], describe: Any, finished: bool, night: Night | None) -> dict[str, Any]:
    return {
        "title": title,
        "bookmarks": [
            {"number": number, "section": p.section + 1, "tip": p.tip + 1, "sentence": p.sentence + 1, "where": describe(p)}
            for number, p in enumerate(marks, start=1)
        ],
        "finished": finished,
        "last_night_ended": None if night is None or night.end is None else night.end.value,
    }
