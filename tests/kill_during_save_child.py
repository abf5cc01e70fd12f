"""Child for the SIGKILL test: save positions with rising step numbers until killed.

Run as a script (`python kill_during_save_child.py STATE_DIR`) it prints each step on its own
line after the save returns, flushed; the test also forks `save_forever` directly, which is
the same loop writing acknowledgements to a pipe, because forking is far faster than starting
a fresh interpreter for each of hundreds of trials.
"""

from __future__ import annotations

import os
import sys

from voicecoach.places import Place
from voicecoach.ports import Position
from voicecoach.storage import JsonStateStore

DOCUMENT_KEY = "kill-test"
MARKED_KEY = "kill-test-marks"


def save_forever(state_dir: str, ack_fd: int) -> None:
    """Save step 0, 1, 2, … for DOCUMENT_KEY, writing "<step>\\n" to `ack_fd` after each save."""
    store = JsonStateStore(state_dir)
    previous = store.load(DOCUMENT_KEY)
    step = 0 if previous is None else previous.tip + 1
    while True:
        store.save(DOCUMENT_KEY, Position(section=step % 7, tip=step))
        os.write(ack_fd, f"{step}\n".encode("ascii"))
        step += 1


def mark_forever(state_dir: str, ack_fd: int) -> None:
    """Bookmark tip 0, 1, 2, … of MARKED_KEY, its finished mark set after an even tip and
    cleared after an odd one, writing "<tip>\n" to `ack_fd` once both are saved."""
    store = JsonStateStore(state_dir)
    tip = len(store.load_bookmarks(MARKED_KEY))
    while True:
        store.add_bookmark(MARKED_KEY, Place(0, tip))
        store.set_finished(MARKED_KEY, tip % 2 == 0)
        os.write(ack_fd, f"{tip}\n".encode("ascii"))
        tip += 1


if __name__ == "__main__":
    save_forever(sys.argv[1], sys.stdout.fileno())
