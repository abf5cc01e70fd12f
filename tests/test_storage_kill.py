"""SIGKILL during saves: after every kill a fresh store reads a valid state with the latest place.

A child saves step 0, 1, 2, … in a tight loop, acknowledging each step only after `save`
returned. We kill it at a random moment and check the file holds the last acknowledged
step, or the next one (saved, but killed before the acknowledgement got out): never an
older step, never a torn file, never a "moved aside" notice. Bookmarks and the finished mark
(kept in the same file) are killed the same way.
"""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from voicecoach.storage import JsonStateStore

CHILD_SCRIPT = Path(__file__).with_name("kill_during_save_child.py")
TRIALS = 200
SLOW_TRIALS = 2000
SEED = 20260304
MAX_DELAY_SECONDS = 0.01


def load_child_module() -> ModuleType:
    """Import the child script by path, whether or not tests/ is a package."""
    spec = importlib.util.spec_from_file_location("kill_during_save_child", CHILD_SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {CHILD_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHILD = load_child_module()


def acknowledged_steps(output: bytes) -> list[int]:
    """The steps on complete lines; a last line cut off by the kill is ignored."""
    return [int(line) for line in output.split(b"\n")[:-1]]


def check_after_kill(state_dir: Path, acked: list[int], trial: int) -> None:
    """A fresh store must read cleanly and hold the last acknowledged step or the one after."""
    store = JsonStateStore(state_dir)
    assert store.notices == [], f"trial {trial} (seed {SEED}): {store.notices}"
    assert acked == list(range(acked[0], acked[0] + len(acked))), f"trial {trial}: steps out of order"
    position = store.load(CHILD.DOCUMENT_KEY)
    assert position is not None, f"trial {trial} (seed {SEED}): acknowledged {acked[-1]} but nothing saved"
    assert position.tip in (acked[-1], acked[-1] + 1), (
        f"trial {trial} (seed {SEED}): file holds step {position.tip}, last acknowledged {acked[-1]}"
    )
    assert position.section == position.tip % 7


def drain(read_fd: int) -> bytes:
    """Everything left in a pipe whose writer has died."""
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def kill_one_forked_child(state_dir: Path, delay: float, saver: str = "save_forever") -> list[int]:
    """Fork a saver, let it run past its first save plus `delay` seconds, SIGKILL it; its acks."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: save until killed, and never return into pytest
        os.close(read_fd)
        try:
            getattr(CHILD, saver)(str(state_dir), write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    try:
        output = os.read(read_fd, 65536)  # blocks until the first save is acknowledged
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        output += drain(read_fd)
    finally:
        os.close(read_fd)
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        raise RuntimeError(f"the saving child ended by itself (status {status}), not by SIGKILL")
    return acknowledged_steps(output)


def run_forked_trials(state_dir: Path, trials: int) -> int:
    """Run `trials` kill trials on one state directory; returns the total of acknowledged saves."""
    rng = random.Random(SEED)
    total = 0
    for trial in range(trials):
        acked = kill_one_forked_child(state_dir, rng.uniform(0, MAX_DELAY_SECONDS))
        check_after_kill(state_dir, acked, trial)
        total += len(acked)
    return total


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork and SIGKILL")


@needs_fork
def test_state_is_valid_and_current_after_each_of_200_kills(tmp_path: Path) -> None:
    assert run_forked_trials(tmp_path, TRIALS) >= TRIALS


@needs_fork
@pytest.mark.slow
def test_state_is_valid_and_current_after_thousands_of_kills(tmp_path: Path) -> None:
    assert run_forked_trials(tmp_path, SLOW_TRIALS) >= SLOW_TRIALS


@needs_fork
def test_bookmarks_and_the_finished_mark_survive_kills_as_places_do(tmp_path: Path) -> None:
    """Bookmarks and the finished mark are written with the places, atomically (issue 14)."""
    rng = random.Random(SEED)
    for trial in range(40):
        acked = kill_one_forked_child(tmp_path, rng.uniform(0, MAX_DELAY_SECONDS), saver="mark_forever")
        store = JsonStateStore(tmp_path)
        assert store.notices == [], f"trial {trial}: {store.notices}"
        marks = store.load_bookmarks(CHILD.MARKED_KEY)
        assert [place.tip for place in marks] == list(range(len(marks))), f"trial {trial}: bookmarks lost or torn"
        last = marks[-1].tip
        assert last in (acked[-1], acked[-1] + 1), f"trial {trial}: last bookmark {last}, acknowledged {acked[-1]}"
        if last == acked[-1]:  # killed after the acknowledgement: the mark of that tip was written too
            assert store.is_finished(CHILD.MARKED_KEY) is (last % 2 == 0), f"trial {trial}"


@needs_fork
def test_child_script_run_as_a_program_acknowledges_on_stdout(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    for trial in range(5):
        process = subprocess.Popen(
            [sys.executable, str(CHILD_SCRIPT), str(tmp_path)], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL
        )
        assert process.stdout is not None
        first = process.stdout.readline()
        time.sleep(rng.uniform(0, MAX_DELAY_SECONDS))
        process.send_signal(signal.SIGKILL)
        rest = process.stdout.read()
        process.wait()
        assert process.returncode == -signal.SIGKILL
        check_after_kill(tmp_path, acknowledged_steps(first + rest), trial)
