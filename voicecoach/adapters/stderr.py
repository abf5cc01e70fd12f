"""Keeping C libraries' chatter off the terminal without losing our own messages.

ALSA, JACK and PortAudio print straight to file descriptor 2 when a device is opened or
closed; `quiet_stderr()` points fd 2 at /dev/null meanwhile. That redirect is process-wide:
a line that another thread writes to fd 2 in that moment vanishes with the chatter. The
player opens a stream for every sentence and the microphone opens and closes on its own
threads, so without care a log line or an error message could be lost at any time.
`separate_python_stderr()` therefore gives Python's `sys.stderr` a private duplicate of fd 2
at start-up: the redirect then silences only what C libraries write.

alsa-lib also prints while a stream runs, not only when it opens: "underrun occurred" comes from
inside a write when the machine is busy (as when the recogniser is being built at start). A
redirect around every write would keep fd 2 closed for the whole session, so instead
`silence_alsa_messages()` gives alsa-lib an error handler of ours, which sends its lines to the
debug log (`voicecoach -v` shows them).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import io
import logging
import os
import sys
from typing import Iterator

logger = logging.getLogger(__name__)

# void handler(const char *file, int line, const char *function, int err, const char *fmt, ...);
# the arguments of the format are not read (a C variadic call leaves them where a callee that
# takes five arguments does not look), so the log shows the format itself, e.g. "%s occurred".
_AlsaErrorHandler = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
_alsa_handler: object | None = None  # kept alive: alsa-lib holds a pointer to it


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


def silence_alsa_messages() -> bool:
    """Send alsa-lib's own error lines to the debug log instead of fd 2, for the whole process.
    True when done (now or before); False when this machine has no alsa-lib to quieten."""
    global _alsa_handler
    if _alsa_handler is not None:
        return True
    name = ctypes.util.find_library("asound")
    if name is None:
        return False
    try:
        asound = ctypes.CDLL(name)
    except OSError as error:
        logger.debug("alsa-lib could not be loaded: %s", error)
        return False
    handler = _AlsaErrorHandler(_log_alsa_message)
    if asound.snd_lib_error_set_handler(handler) != 0:
        return False
    _alsa_handler = handler
    # alsa-lib must not call into Python once the interpreter is shutting down.
    atexit.register(asound.snd_lib_error_set_handler, None)
    return True


def _log_alsa_message(file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None) -> None:
    def text(value: bytes | None) -> str:
        return value.decode("utf-8", errors="replace") if value else "?"

    logger.debug("ALSA %s:%d (%s): %s", text(file), line, text(function), text(fmt))
