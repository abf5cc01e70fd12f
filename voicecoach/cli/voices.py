"""`voicecoach voices`: the voices this machine can speak with, and how to choose and add one."""

from __future__ import annotations

import argparse
from pathlib import Path

from voicecoach.adapters.piper_voices import (
    PiperVoiceCatalog,
    choice_name,
    default_voice_folder,
    find_piper_voices,
    piper_missing_reason,
)
from voicecoach.config import load_config


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `voices` subcommand."""
    parser = subparsers.add_parser("voices", help="list the voices you can choose with --voice or the config")
    parser.add_argument("--config", type=Path, default=None, help="config file whose voice_folders to search")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print espeak-ng's English voices briefly, then every Piper voice found."""
    config = load_config(args.config)
    print("\n".join(espeak_lines(_espeak_voices())))
    print()
    catalog = find_piper_voices(config.voice_folders)
    print("\n".join(piper_lines(catalog, piper_missing_reason(), [Path(f).expanduser() for f in config.voice_folders])))
    return 0


def espeak_lines(voices: dict[str, str]) -> list[str]:
    """espeak-ng's English voices by the short name to write, and how to see the rest."""
    english = sorted(
        (identifier.split("/")[-1], name) for identifier, name in voices.items()
        if identifier.split("/")[-1].lower().startswith("en")
    )
    lines = [f"espeak-ng (the default): {len(voices)} voices. The English ones:"]
    lines += [f"  {short:<22} {name}" for short, name in english]
    lines.append("  Add a variant for another speaker, like en-us+f3; all voices: espeak-ng --voices")
    return lines


def piper_lines(catalog: PiperVoiceCatalog, missing: str | None, extra_folders: list[Path]) -> list[str]:
    """The Piper voices found, whether Piper can run, and where to put more."""
    lines = ["Piper (natural voices):"]
    if missing is not None:
        lines.append(f"  {missing}.")
    for voice in catalog.voices:
        lines.append(f"  {choice_name(voice, catalog.voices):<22} {voice.name}, from the {voice.origin}")
    if not catalog.voices:
        lines.append("  none found")
    lines += [f"  (not usable: {problem})" for problem in catalog.problems]
    folders = [default_voice_folder(), *extra_folders]
    lines.append(
        "  To add one, put its .onnx file and its .onnx.json file in "
        + " or ".join(str(folder) for folder in folders)
        + ("" if extra_folders else " (or a folder named under voice_folders in the config)")
        + "."
    )
    lines.append("Choose a voice with --voice NAME, or 'voice: NAME' in the config (e.g. voice: piper:joe).")
    return lines


def _espeak_voices() -> dict[str, str]:
    from voicecoach.adapters.tts import Pyttsx3Synthesizer

    with Pyttsx3Synthesizer() as synthesizer:
        return synthesizer.voices()
