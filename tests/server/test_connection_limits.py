"""Connections that cost the server without paying: huge streamed bodies are refused while
they arrive (the server's memory stays flat), silent sockets and silent websockets are closed
at the handshake deadline (its file descriptors come back)."""

from __future__ import annotations

import os
import select
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
import websockets

from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

MIB = 1_048_576
HANDSHAKE_SECONDS = 2.0


@pytest.fixture
def quick(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "data", env={"OBEYA_HANDSHAKE_SECONDS": str(HANDSHAKE_SECONDS)})
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def _rss(server: Server) -> int:
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def _fds(server: Server) -> int:
    assert server.process is not None
    return len(os.listdir(f"/proc/{server.process.pid}/fd"))


def _stream(server: Server, path: str, total: int, token: str = "") -> tuple[int | None, int]:
    """POST ``total`` bytes chunked (no Content-Length); the status the server answered with
    and how many bytes it let us send before."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    sock.sendall((head + "Content-Type: text/csv\r\n\r\n").encode())
    chunk = b"a" * (256 * 1024)
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    sock.settimeout(2)
    try:
        while sent < total:
            if select.select([sock], [], [], 0)[0]:  # the server has answered
                break
            sock.sendall(framed)
            sent += len(chunk)
    except (TimeoutError, BrokenPipeError, ConnectionResetError):
        pass  # the server stopped reading: what it answered is waiting
    sock.settimeout(5)
    try:
        answer = sock.recv(65536)
    except ConnectionResetError:
        answer = b""
    finally:
        sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else None
    return status, sent


def test_huge_streamed_bodies_are_refused_while_they_arrive(server: Server) -> None:
    setup = make_workshop(server, kind="vsm")
    before = _rss(server)
    total = 300 * MIB
    status, sent = _stream(server, f"/api/boards/{setup.board_id}/import", total, setup.facilitator)
    assert status == 413 and sent < 40 * MIB, (status, sent)
    status, sent = _stream(server, "/api/workshops", total)  # unauthenticated JSON route
    assert status == 413 and sent < 40 * MIB, (status, sent)
    grown = _rss(server) - before
    assert grown < 20 * MIB, grown
    print(f"RSS grew {grown / MIB:.1f} MiB over two refused 300 MiB bodies")
    # A workshop snapshot may be 32 MiB: that much is read, not the 300.
    status, sent = _stream(server, "/api/workshops/import", total)
    assert status == 413 and sent < 80 * MIB, (status, sent)
    # A declared length over the limit is refused before a byte of the body is read.
    request = urllib.request.Request(
        server.url + "/api/workshops", data=b"x" * (512 * 1024), method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 413
    refused.value.close()
    with urllib.request.urlopen(server.url + "/healthz", timeout=5) as answer:
        assert answer.status == 200


async def _sync_then_mute(setup: Setup) -> int | None:
    """A real client syncs; a websocket that never sends its sync step is closed (1013)."""
    async with YClient(setup.ws(setup.facilitator)) as peer:
        with anyio.fail_after(5):
            await peer.synced.wait()
        async with websockets.connect(setup.ws(setup.facilitator)) as mute:
            with anyio.fail_after(HANDSHAKE_SECONDS + 5):
                await mute.wait_closed()
        return mute.close_code


def test_silent_connections_are_closed_at_the_handshake_deadline(quick: Server) -> None:
    setup = make_workshop(quick)
    baseline = _fds(quick)
    silent = [socket.create_connection(("127.0.0.1", quick.port)) for _ in range(300)]
    trickle = socket.create_connection(("127.0.0.1", quick.port))
    trickle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # never finishes its head
    opened = time.monotonic()
    try:
        accepting = time.monotonic() + 1.5
        while _fds(quick) < baseline + 300 and time.monotonic() < accepting:
            time.sleep(0.02)
        assert _fds(quick) >= baseline + 300  # the server holds them all
        asked = time.monotonic()
        with urllib.request.urlopen(quick.url + "/healthz", timeout=5) as answer:
            assert answer.status == 200
        assert time.monotonic() - asked < 1.0
        assert anyio.run(_sync_then_mute, setup) == 1013  # try again later: clients reconnect
        for sock in [*silent, trickle]:
            sock.settimeout(max(0.1, opened + HANDSHAKE_SECONDS + 5 - time.monotonic()))
            assert sock.recv(1) == b""  # closed by the server
        assert time.monotonic() - opened < HANDSHAKE_SECONDS + 5
        deadline = time.monotonic() + 5
        while _fds(quick) > baseline + 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _fds(quick) <= baseline + 2, (_fds(quick), baseline)
    finally:
        for sock in [*silent, trickle]:
            sock.close()


def test_past_max_connections_new_requests_get_503_until_sockets_close(tmp_path: Path) -> None:
    env = {"OBEYA_HANDSHAKE_SECONDS": str(HANDSHAKE_SECONDS), "OBEYA_MAX_CONNECTIONS": "20"}
    srv = Server(tmp_path / "data", env=env).start()
    silent: list[socket.socket] = []
    try:
        silent = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(25)]
        time.sleep(0.3)  # accepted
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(srv.url + "/healthz", timeout=5)
        assert refused.value.code == 503
        refused.value.close()
        time.sleep(HANDSHAKE_SECONDS + 1)  # the silent ones are closed
        with urllib.request.urlopen(srv.url + "/healthz", timeout=5) as answer:
            assert answer.status == 200
    finally:
        for sock in silent:
            sock.close()
        srv.stop()
