"""Guided-relaxation scripts: the YAML format, its loader, the compiled plan and the player.

See docs/scripts.md for the format. Public entry points:
`load_script_file`, `script_from_yaml`, `compile_script`, `nominal_duration`, `builtin_scripts`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from voicecoach.scripts.compile import compile_script, nominal_duration
from voicecoach.scripts.loader import load_script_file, script_from_yaml
from voicecoach.scripts.model import Script

__all__ = ["Script", "builtin_scripts", "compile_script", "load_script_file", "nominal_duration", "script_from_yaml"]


def builtin_scripts() -> dict[str, Path]:
    """The scripts shipped with voicecoach, by name (the file name without .yaml), sorted."""
    folder = resources.files("voicecoach") / "content" / "scripts"
    found: dict[str, Path] = {}
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name.endswith(".yaml"):
                found[entry.name.removesuffix(".yaml")] = Path(str(entry))
    return dict(sorted(found.items()))
