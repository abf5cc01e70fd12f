"""`voicecoach import FILE [--json]`: show how an article will be read, section by section."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from voicecoach.importers import load_article

EXIT_OK = 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `import` subcommand."""
    parser = subparsers.add_parser(
        "import",
        help="import an article (.txt, .md, .html) and show its outline",
        description="Import an article and print its outline, or its full structure as JSON.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="article file: .txt, .md or .html")
    parser.add_argument("--json", action="store_true", help="print sections, tips and sentences as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the article and print it; bad input raises `ArticleError`, which `cli.main` reports."""
    document = load_article(args.file)
    if args.json:
        output = json.dumps(document.to_dict(), indent=2, ensure_ascii=False)
    else:
        output = document.outline()
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # a non-UTF-8 terminal must not crash the listing
    try:
        print(output)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader closed the pipe early (`| head`): that is their choice, not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK
