"""Crash-safe file replacement: a reader sees the old file or the new one, never a torn mix.

The recipe is the classic one: write a temporary file in the same directory, flush and
fsync it, `os.replace` it over the target (atomic on POSIX within one file system), then
fsync the directory so the rename itself survives a power cut.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
import time
from pathlib import Path

from voicecoach.errors import StorageError

logger = logging.getLogger(__name__)

TEMP_SUFFIX = ".tmp"

# errno values we can explain in plain words; everything else uses the system's text.
_PLAIN_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "I am not allowed to write there",
    errno.EPERM: "I am not allowed to write there",
    errno.ENOTDIR: "part of the path is a file, not a folder",
}


def plain_reason(error: OSError) -> str:
    """A short, speakable reason for an operating-system error."""
    if error.errno in _PLAIN_REASONS:
        return _PLAIN_REASONS[error.errno]
    return error.strerror or str(error)


def temp_prefix(target: Path) -> str:
    """The name prefix of temporary files written next to `target`."""
    return f".{target.name}."


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Replace `target` with `data` atomically and durably; raise StorageError on failure."""
    directory = target.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        descriptor, temp_name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=TEMP_SUFFIX, dir=directory)
    except OSError as error:
        raise StorageError(f"I could not save to {directory}: {plain_reason(error)}.") from error
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        _remove_quietly(Path(temp_name))
        raise StorageError(f"I could not save to {target}: {plain_reason(error)}.") from error
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable; some file systems cannot, which is only logged."""
    try:
        descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        logger.debug("cannot open %s to fsync it: %s", directory, error)
        return
    try:
        os.fsync(descriptor)
    except OSError as error:
        # The data is already in place; only its durability across a power cut is weaker.
        logger.debug("cannot fsync directory %s: %s", directory, error)
    finally:
        os.close(descriptor)


def _remove_quietly(path: Path) -> None:
    """Delete a temporary file after a failed write, logging (not raising) if that fails too."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        logger.warning("could not remove temporary file %s: %s", path, error)


def remove_stale_temp_files(target: Path, older_than_seconds: float = 600.0) -> int:
    """Delete temp files a killed writer left next to `target`; returns how many were removed.

    Only files older than `older_than_seconds` go, so a writer still running in another
    process keeps its temporary file.
    """
    removed = 0
    cutoff = time.time() - older_than_seconds
    try:
        candidates = list(target.parent.glob(f"{temp_prefix(target)}*{TEMP_SUFFIX}"))
    except OSError as error:
        logger.debug("cannot list %s: %s", target.parent, error)
        return 0
    for candidate in candidates:
        try:
            if candidate.stat().st_mtime < cutoff:
                candidate.unlink()
                removed += 1
        except OSError as error:
            logger.debug("cannot remove stale temp file %s: %s", candidate, error)
    return removed
