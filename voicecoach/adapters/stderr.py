"""Keeping C libraries' chatter off the terminal without losing our own messages.

ALSA, JACK and PortAudio print straight to file descriptor 2 when a device is opened or
closed; `quiet_stderr()` points fd 2 at /dev/null meanwhile. That redirect is process-wide:
a line that another thread writes to fd 2 in that moment vanishes with the chatter. The
player opens a stream for every sentence and the microphone opens and closes on its own
threads, so without care a log line or an error message could be lost at any time.
`separate_python_stderr()` therefore gives Python's `sys.stderr` a private duplicate of fd 2
at start-up: the redirect then silences only what C libraries write.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import Iterator


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null meanwhile: C libraries (ALSA, JACK) print there."""
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 at all: nothing to hide
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def separate_python_stderr() -> None:
    """Point `sys.stderr` at a duplicate of fd 2, so `quiet_stderr()` elsewhere cannot swallow it.

    Only when `sys.stderr` writes to fd 2 itself (not when a test harness has replaced it, and
    not a second time). Logging set up afterwards writes to the duplicate too.
    """
    stream = sys.stderr
    try:
        if stream is None or stream.fileno() != 2:
            return
        private = os.dup(2)
    except (OSError, ValueError, io.UnsupportedOperation):
        return
    stream.flush()
    sys.stderr = os.fdopen(
        private, "w", buffering=1, encoding=stream.encoding or "utf-8", errors="backslashreplace"
    )
