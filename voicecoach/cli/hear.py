"""`voicecoach hear FILE...`: which spoken command is in each sound file, heard offline by the
recogniser the config names (Whisper base unless it says otherwise)."""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from voicecoach.cli.config_cmd import add_config_argument
from voicecoach.config import load_config
from voicecoach.errors import InputError, RecognizerError
from voicecoach.adapters.audiofile import read_clip
from voicecoach.adapters.recognizers.engines import configured_recognizer, report_fallback
from voicecoach.listening.ports import Recognition, Recognizer

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_SOME_FILES_FAILED = 1


def register(subparsers: Any) -> None:
    """Add the `hear` subcommand."""
    parser = subparsers.add_parser(
        "hear",
        help="recognise the spoken command in sound files",
        description="Recognise the spoken command in each WAV or FLAC file (any rate, mono or stereo). "
        "Prints one line per file; exits with 1 if any file could not be read.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="sound files, one command each")
    parser.add_argument("--json", action="store_true", help="print one JSON object per line")
    add_config_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, recognizer: Recognizer | None = None) -> int:
    """Recognise each file and print its line; 1 if any file had an error, else 0."""
    if recognizer is None:
        engine = configured_recognizer(load_config(args.config))
        report_fallback(engine)
        recognizer = engine.recognizer
    failed = False
    for name in args.files:
        try:
            result: Recognition | None = recognizer.recognize(read_clip(name))
            error = None
        except (InputError, RecognizerError) as problem:
            result, error = None, str(problem)
            failed = True
        print(_json_line(name, result, error) if args.json else _text_line(name, result, error), flush=True)
    return EXIT_SOME_FILES_FAILED if failed else EXIT_OK


def _json_line(name: str, result: Recognition | None, error: str | None) -> str:
    command = result.command if result else None
    line: dict[str, Any] = {
        "file": name,
        "command": command.id.value if command else None,
        "args": dict(command.args) if command else {},
        "text": result.text if result else "",
        "score": result.sureness if result else None,
    }
    if error is not None:
        line["error"] = error
    return json.dumps(line)


def _text_line(name: str, result: Recognition | None, error: str | None) -> str:
    if error is not None or result is None:
        return f"{name}: error: {error}"
    if result.command is not None:
        return f"{name}: {result.command}  (heard {result.text!r})"
    heard = f"heard {result.text!r}" if result.text else "heard nothing"
    return f"{name}: no command ({heard}; {result.rejected})"
