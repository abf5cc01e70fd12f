"""Test helper: a private D-Bus session bus (`dbus-daemon --session`), and `playerctl` on it.

    with SessionBus() as bus:               # bus.address, bus.env (a copy of os.environ using it)
        bus.playerctl("status")             # playerctl -p voicecoach status, on this bus

`SessionBus()` raises `BusUnavailable` when dbus-daemon cannot start; the `session_bus` fixture
turns that into a skip with the reason (scripts/setup installs dbus-daemon and playerctl).
Not a test module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest


class BusUnavailable(RuntimeError):
    """dbus-daemon (or playerctl) is not installed, or the bus did not start."""


class SessionBus:
    """A dbus-daemon of our own, listening on a socket in a temporary folder, stopped by its PID."""

    def __init__(self) -> None:
        self.address = ""
        self.env: dict[str, str] = {}
        self._folder: Path | None = None
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> "SessionBus":
        for tool in ("dbus-daemon", "playerctl", "dbus-send"):
            if shutil.which(tool) is None:
                raise BusUnavailable(f"{tool} is not installed (scripts/setup installs dbus-daemon, dbus-bin, playerctl)")
        self._folder = Path(tempfile.mkdtemp(prefix="voicecoach-bus-"))
        self._process = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1",
             f"--address=unix:path={self._folder / 'bus'}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert self._process.stdout is not None
        self.address = self._process.stdout.readline().strip()
        if not self.address:
            self.__exit__(None, None, None)
            raise BusUnavailable("dbus-daemon printed no address")
        self.env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address}
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    def playerctl(self, *args: str, player: str = "voicecoach") -> str:
        """Run playerctl against `player` on this bus; its output, stripped."""
        result = subprocess.run(["playerctl", f"--player={player}", *args], capture_output=True, text=True,
                                env=self.env, timeout=10)
        return (result.stdout + result.stderr).strip()

    def players(self) -> list[str]:
        """The MPRIS players on this bus, as playerctl names them."""
        result = subprocess.run(["playerctl", "--list-all"], capture_output=True, text=True, env=self.env, timeout=10)
        return [line.strip() for line in result.stdout.splitlines() if line.strip()]

    def wait_for_player(self, name: str = "voicecoach", timeout: float = 30.0) -> None:
        """Wait until `name` is on the bus."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if name in self.players():
                return
            time.sleep(0.1)
        raise AssertionError(f"{name} never appeared on the bus; players: {self.players()}")


@pytest.fixture(scope="module")
def session_bus() -> Iterator[SessionBus]:
    """A private session bus shared by a test module, or a skip saying why there is none."""
    try:
        bus = SessionBus().__enter__()
    except BusUnavailable as err:
        pytest.skip(str(err))
    try:
        yield bus
    finally:
        bus.__exit__(None, None, None)
