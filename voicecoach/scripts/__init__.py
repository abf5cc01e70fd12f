"""Guided-relaxation scripts: the YAML format, its loader, the compiled plan and the player.

See docs/scripts.md for the format. Public entry points:
`load_script_file`, `script_from_yaml`, `compile_script`, `nominal_duration`, `builtin_scripts`.
"""

from __future__ import annotations

import importlib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voicecoach.scripts.compile import compile_script, nominal_duration
    from voicecoach.scripts.loader import load_script_file, script_from_yaml
    from voicecoach.scripts.model import Script

__all__ = ["Script", "builtin_scripts", "compile_script", "load_script_file", "nominal_duration", "script_from_yaml"]

# Imported on first use: the duration parser in this package is needed by the config at every
# start, the YAML loader and compiler only when a script is played or checked.
_LAZY: dict[str, str] = {
    "compile_script": "voicecoach.scripts.compile",
    "nominal_duration": "voicecoach.scripts.compile",
    "load_script_file": "voicecoach.scripts.loader",
    "script_from_yaml": "voicecoach.scripts.loader",
    "Script": "voicecoach.scripts.model",
}


def __getattr__(name: str) -> Any:
    """`voicecoach.scripts.compile_script` and friends, imported when first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def builtin_scripts() -> dict[str, Path]:
    """The scripts shipped with voicecoach, by name (the file name without .yaml), sorted."""
    folder = resources.files("voicecoach") / "content" / "scripts"
    found: dict[str, Path] = {}
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name.endswith(".yaml"):
                found[entry.name.removesuffix(".yaml")] = Path(str(entry))
    return dict(sorted(found.items()))
