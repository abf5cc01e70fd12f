"""Commands from the keyboard: single keys in a terminal, or lines on standard input."""

from __future__ import annotations

import logging
import os
import select
import sys
import termios
import threading
import tty
from types import MappingProxyType
from typing import Callable, Iterator, Mapping, TextIO

from voicecoach.commands import Command, CommandId
from voicecoach.ports import CommandArrived, InputClosed, LineArrived, LoopEvent

logger = logging.getLogger(__name__)

KEY_COMMANDS: Mapping[str, CommandId] = MappingProxyType(
    {
        " ": CommandId.TOGGLE_PAUSE,
        "n": CommandId.NEXT,
        "\x1b[C": CommandId.NEXT,  # right arrow
        "p": CommandId.PREVIOUS,
        "\x1b[D": CommandId.PREVIOUS,  # left arrow
        "r": CommandId.REPEAT,
        ">": CommandId.NEXT_SENTENCE,
        "<": CommandId.PREVIOUS_SENTENCE,
        "s": CommandId.NEXT_SECTION,
        "S": CommandId.PREVIOUS_SECTION,
        "+": CommandId.FASTER,
        "=": CommandId.FASTER,
        "-": CommandId.SLOWER,
        "]": CommandId.LOUDER,
        "[": CommandId.QUIETER,
        "b": CommandId.NEXT_SOUND,  # the sound bed: on, or the next sound
        "B": CommandId.NOISE_OFF,
        "}": CommandId.NOISE_LOUDER,
        "{": CommandId.NOISE_QUIETER,
        "R": CommandId.REPEAT_SENTENCE,
        "z": CommandId.SLEEP_TIMER,  # the sleep timer of the config's length (sleep_default)
        "Z": CommandId.CANCEL_SLEEP_TIMER,
        "e": CommandId.SLEEP_END_OF_TIP,
        "E": CommandId.SLEEP_END_OF_SECTION,  # pressed again: one more section
        "m": CommandId.EXTEND_SLEEP_TIMER,  # more time: the timer again at its last length
        "t": CommandId.TIME_LEFT,
        "k": CommandId.BOOKMARK,
        "g": CommandId.GOTO_BOOKMARK,  # the bookmark made last
        "l": CommandId.LIST_BOOKMARKS,
        "C": CommandId.CONTINUE_WHERE_STOPPED,
        "h": CommandId.HELP,
        "?": CommandId.HELP,
        "w": CommandId.WHERE,
        "c": CommandId.CONTENTS,
        "x": CommandId.STOP,
        "q": CommandId.QUIT,
        "\x03": CommandId.QUIT,  # Ctrl-C in raw mode
    }
)

KEY_HELP = (
    "Keys: space pause/resume, n/→ next, p/← back, >/< sentence, r repeat, R sentence again, s/S section, "
    "+/- speed, ]/[ volume, b/B next sound/noise off, }/{ noise volume, z/Z sleep timer on/off, "
    "e/E sleep at the end of this tip/section, m more time, t time left, k bookmark, g go to it, "
    "l list bookmarks, C continue where it stopped, w where, c contents, h help, x stop, q quit."
)
"""Printed when a live session starts in a terminal; names a key for every command of KEY_COMMANDS."""


def command_for_key(key: str) -> Command | None:
    """The command a key press stands for, or None."""
    command_id = KEY_COMMANDS.get(key)
    return Command(command_id) if command_id else None


def event_for_key(key: str) -> LoopEvent:
    """What a key press tells the session: its command, or, for a key that stands for none, the key
    as a typed line, so the session says "didn't catch that" rather than stay silent."""
    command = command_for_key(key)
    if command is None:
        return LineArrived(key, interactive=True)
    return CommandArrived(command, origin="keys")


def typed_lines(stream: TextIO) -> Iterator[str]:
    """The lines of `stream`, bytes that are not UTF-8 kept as surrogate escapes, never an exception.

    A binary file piped in by mistake must reach the session (which says so once), not end the
    reading thread with a UnicodeDecodeError.
    """
    raw = getattr(stream, "buffer", None)
    if raw is None:
        yield from stream
        return
    for line in raw:
        yield line.decode("utf-8", errors="surrogateescape")


def read_typed_lines(stream: TextIO) -> list[str]:
    """Every line of `stream` at once (a piped file for a session in virtual time)."""
    return list(typed_lines(stream))


def start_line_reader(stream: TextIO, post: Callable[[LoopEvent], None], interactive: bool) -> threading.Thread:
    """Read lines from `stream` in a daemon thread, posting each one, then `InputClosed`."""

    def read() -> None:
        for line in typed_lines(stream):
            post(LineArrived(line, interactive=interactive))
        post(InputClosed("stdin"))

    thread = threading.Thread(target=read, name="stdin-lines", daemon=True)
    thread.start()
    return thread


class KeyReader:
    """Reads single keys from a terminal in raw mode in a daemon thread; restores the terminal on close."""

    def __init__(self, post: Callable[[LoopEvent], None], fd: int | None = None) -> None:
        self._post = post
        self._fd = sys.stdin.fileno() if fd is None else fd
        self._saved = termios.tcgetattr(self._fd)
        self._closed = threading.Event()
        tty.setcbreak(self._fd)
        self._thread = threading.Thread(target=self._read, name="keys", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop reading and give the terminal back as it was."""
        self._closed.set()
        termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def _read(self) -> None:
        while not self._closed.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.2)
            if not ready:
                continue
            key = os.read(self._fd, 8).decode("utf-8", errors="ignore")
            if not key:
                self._post(InputClosed("keys"))
                return
            self._post(event_for_key(key))
