"""`voicecoach models [--config PATH]`: which recogniser listens, with which model, kept where.

For the default recogniser this also prepares the model the first time (the packaged parts are
joined, checked and stored; a few seconds), so `scripts/setup` runs it once. The model is not
loaded; nothing is fetched.
"""

from __future__ import annotations

import argparse
from typing import Any

from voicecoach.cli.config_cmd import add_config_argument
from voicecoach.config import load_config
from voicecoach.config.model import RecognizerEngine
from voicecoach.errors import RecognizerError

EXIT_OK = 0
EXIT_FELL_BACK = 1


def register(subparsers: Any) -> None:
    """Add the `models` subcommand."""
    parser = subparsers.add_parser(
        "models",
        help="say which speech recogniser and model are used, and where the model lives",
        description="Print the recogniser the config chooses, its model and the model's folder. "
        "For the default (Whisper base from the model packages) the packaged parts are joined "
        "and checked on first use; this does it now. Exits with 1 if the chosen recogniser "
        "cannot be had and pocketsphinx would listen instead.",
    )
    add_config_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the recogniser in use and where its model is."""
    recognizer = load_config(args.config).recognizer
    if recognizer.engine is RecognizerEngine.WHISPER:
        from voicecoach.adapters.recognizers.whisper.model_store import ModelSource, locate_model

        try:
            location = locate_model(recognizer.model_path)
        except RecognizerError as error:
            print("recognizer: pocketsphinx (fallback: Whisper cannot be used)")
            print(f"reason: {error}")
            print("model: pocketsphinx's own en-us model (in its wheel)")
            return EXIT_FELL_BACK
        print("recognizer: whisper")
        which = "Whisper base, int8" if location.source is ModelSource.PACKAGES else "your own Whisper model"
        print(f"model: {which}, from {location.source}")
        print(f"folder: {location.folder}")
        if location.sha256:
            print(f"sha256 of the joined parts: {location.sha256}")
        return EXIT_OK
    print(f"recognizer: {recognizer.engine}")
    if recognizer.model_path:
        print(f"folder: {recognizer.model_path}")
    else:
        print("model: pocketsphinx's own en-us model (in its wheel)")
    return EXIT_OK
