"""A socket guard for tests: any attempt to reach the network is refused and recorded.

`NetGuard.install(monkeypatch)` replaces `socket.socket.connect`, `connect_ex`, `sendto`,
`socket.create_connection` and `socket.getaddrinfo` with versions that raise `NetworkBlocked`
and remember the attempt. Unix-domain sockets stay allowed: PulseAudio and D-Bus use them
and they never leave the machine. The `netguard` fixture installs one and fails the test
at teardown if anything tried to connect, even when the code under test swallowed the error.

Use it from a test module with `from tests.netguard import netguard  # noqa: F401`.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


class NetworkBlocked(OSError):
    """Raised in place of a network connection while the guard is on."""


@dataclass
class NetGuard:
    """Records every blocked network attempt as (operation, address)."""

    attempts: list[tuple[str, str]] = field(default_factory=list)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> NetGuard:
        """Put the guard in place for the rest of the test (monkeypatch undoes it)."""
        real_connect = socket.socket.connect
        real_connect_ex = socket.socket.connect_ex
        real_sendto = socket.socket.sendto

        def connect(sock: socket.socket, address: Any) -> None:
            if sock.family == socket.AF_UNIX:
                return real_connect(sock, address)
            raise self._block("connect", address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            if sock.family == socket.AF_UNIX:
                return real_connect_ex(sock, address)
            raise self._block("connect_ex", address)

        def sendto(sock: socket.socket, data: bytes, *rest: Any) -> int:
            if sock.family == socket.AF_UNIX:
                return real_sendto(sock, data, *rest)
            raise self._block("sendto", rest[-1] if rest else None)

        def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
            raise self._block("create_connection", address)

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
            raise self._block("getaddrinfo", (host, port))

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
        monkeypatch.setattr(socket.socket, "sendto", sendto)
        monkeypatch.setattr(socket, "create_connection", create_connection)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        return self

    def _block(self, operation: str, address: Any) -> NetworkBlocked:
        self.attempts.append((operation, repr(address)))
        return NetworkBlocked(f"network access blocked in tests: {operation} {address!r}")


@pytest.fixture
def netguard(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetGuard]:
    """Network blocked for the whole test; the test fails if anything even tried."""
    guard = NetGuard().install(monkeypatch)
    yield guard
    if guard.attempts:
        pytest.fail(f"network access was attempted: {guard.attempts}")
