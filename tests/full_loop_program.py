"""Test/benchmark helper: the real `voicecoach` as a subprocess on the audio rig, its printed lines timed.

Not a test module. The program prints "[  t] text" for everything it says; each line is kept with
its arrival time (time.monotonic()) so tests can follow the session, and benchmarks can time it.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

LINE = re.compile(r"^\[\s*(?P<at>[\d.]+)\]\s(?P<text>.*)$")
REPO = Path(__file__).resolve().parents[1]


class Program:
    """`python -m voicecoach <args>` with stdin held open; `quit()` ends it with a typed "quit"."""

    def __init__(self, *args: str, verbose: bool = True) -> None:
        command = [sys.executable, "-m", "voicecoach", *(["-v"] if verbose else []), *args]
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=os.environ.copy(), cwd=REPO,
        )
        self.lines: list[tuple[float, float, str]] = []  # (arrival, program time, text)
        self.log: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            match = LINE.match(line.rstrip("\n"))
            if match:
                with self._lock:
                    self.lines.append((time.monotonic(), float(match["at"]), match["text"]))

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._lock:
                self.log.append((time.monotonic(), line.rstrip("\n")))

    def texts(self) -> list[str]:
        with self._lock:
            return [text for _, _, text in self.lines]

    def line(self, text: str, after: float = 0.0) -> tuple[float, float, str] | None:
        """The first printed line containing `text` that arrived after `after`."""
        with self._lock:
            return next((entry for entry in self.lines if text in entry[2] and entry[0] > after), None)

    def wait_for(self, text: str, timeout: float = 20.0, after: float = 0.0) -> tuple[float, float, str]:
        """Wait until a line containing `text` is printed; AssertionError with the transcript if not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.line(text, after)
            if found is not None:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"never said {text!r}; said {self.texts()}; log tail {self.log_lines()[-15:]}")

    def log_lines(self, containing: str = "") -> list[str]:
        with self._lock:
            return [line for _, line in self.log if containing in line]

    def type(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def quit(self, timeout: float = 15.0) -> int:
        if self.process.poll() is None:
            with contextlib.suppress(BrokenPipeError, OSError):  # it may have ended on its own meanwhile
                self.type("quit")
                self.process.stdin.close()  # type: ignore[union-attr]
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


def loud_onsets(chunks: list[tuple[float, np.ndarray]], after: float, threshold: float = 0.003) -> list[float]:
    """Arrival times of chunks louder than `threshold` RMS after `after`."""
    return [t for t, s in chunks if t > after and len(s) and float(np.sqrt(np.mean(s.astype(np.float64) ** 2))) > threshold]


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    """The strongest frequency in `samples` (Hz)."""
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * rate / len(samples))
