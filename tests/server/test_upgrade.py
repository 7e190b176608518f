"""The websocket upgrade, as a client on the wire sees it.

An ordinary upgrade reaches websockets already parsed by httptools (server/handshake.py,
``FanOutProtocol.upgrade``); anything unusual takes uvicorn's way, where websockets parses the
request itself. Either way the answers must be the protocol's: these tests speak raw HTTP.
"""

from __future__ import annotations

import base64
import hashlib
import socket

import pytest

from server.handshake import plain_upgrade
from server.protocol import sync_frame
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def _exchange(server: Server, head: str, then: bytes = b"") -> tuple[str, bytes]:
    """Send a request head (and bytes after it); the response head and what followed."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(head.encode("latin-1"))
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        response, _, rest = received.partition(b"\r\n\r\n")
        if then and response.startswith(b"HTTP/1.1 101"):
            sock.sendall(then)
            while len(rest) < 2:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                rest += chunk
        return response.decode("latin-1"), rest


def _upgrade(setup: Setup, key: str, extra: str = "", version: str = "13") -> str:
    return (
        f"GET /ws/{setup.board_id}/content?token={setup.facilitator} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{setup.server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: {version}\r\n{extra}\r\n"
    )


def _masked(payload: bytes) -> bytes:
    mask = b"\x01\x02\x03\x04"
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    assert len(payload) < 126
    return bytes((0x82, 0x80 | len(payload))) + mask + body


def test_accept_key_is_rfc6455s_and_the_socket_syncs(server: Server) -> None:
    setup = make_workshop(server)
    key = "dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455 section 1.3's example
    response, rest = _exchange(server, _upgrade(setup, key), _masked(sync_frame(0, b"\x00")))
    lines = response.split("\r\n")
    assert lines[0] == "HTTP/1.1 101 Switching Protocols"
    headers = {k.lower(): v for k, _, v in (line.partition(": ") for line in lines[1:])}
    assert headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    expected = base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()
    assert headers["sec-websocket-accept"] == expected
    assert headers["upgrade"].lower() == "websocket"
    # The socket is a live y-websocket room: our step 1 is answered with a binary frame.
    assert rest[0] == 0x82


@pytest.mark.parametrize(
    ("key", "version", "status"),
    [
        ("not base64!", "13", "400"),
        (base64.b64encode(b"short").decode(), "13", "400"),
        ("dGhlIHNhbXBsZSBub25jZQ==", "8", "400"),
    ],
)
def test_a_bad_handshake_is_refused_by_status(
    server: Server, key: str, version: str, status: str
) -> None:
    setup = make_workshop(server)
    response, _ = _exchange(server, _upgrade(setup, key, version=version))
    assert response.split("\r\n")[0].split(" ")[1] == status


def test_subprotocol_offer_without_one_chosen_gets_none(server: Server) -> None:
    setup = make_workshop(server)
    key = base64.b64encode(b"0123456789abcdef").decode()
    response, _ = _exchange(server, _upgrade(setup, key, "Sec-WebSocket-Protocol: chat\r\n"))
    assert response.startswith("HTTP/1.1 101")
    assert "sec-websocket-protocol" not in response.lower()


def test_too_many_headers_get_431_and_a_close(server: Server) -> None:
    # Before, websockets' 431 was never written and the socket stayed open with nothing.
    setup = make_workshop(server)
    key = base64.b64encode(b"0123456789abcdef").decode()
    extra = "".join(f"X-Filler-{i}: {i}\r\n" for i in range(130))
    response, _ = _exchange(server, _upgrade(setup, key, extra))
    assert response.split("\r\n")[0].split(" ")[1] == "431"


def test_an_upgrade_with_a_body_is_closed_unanswered(server: Server) -> None:
    setup = make_workshop(server)
    key = base64.b64encode(b"0123456789abcdef").decode()
    head = _upgrade(setup, key, "Content-Length: 3\r\n") + "abc"
    response, rest = _exchange(server, head)
    assert (response, rest) == ("", b"")  # closed, not left hanging until our timeout


def test_only_an_ordinary_request_skips_websockets_parser() -> None:
    ok = [(b"host", b"x"), (b"upgrade", b"websocket"), (b"connection", b"Upgrade")]
    assert plain_upgrade("GET", b"/ws/a/b?token=t", ok)
    assert plain_upgrade("GET", b"/", [*ok, (b"content-length", b"0")])
    assert not plain_upgrade("POST", b"/", ok)
    assert not plain_upgrade("GET", "/é".encode(), ok)
    assert not plain_upgrade("GET", b"/" + b"a" * 9000, ok)
    assert not plain_upgrade("GET", b"/", [*ok, (b"content-length", b"5")])
    assert not plain_upgrade("GET", b"/", [*ok, (b"transfer-encoding", b"chunked")])
    assert not plain_upgrade("GET", b"/", [*ok, (b"x-big", b"v" * 9000)])
    assert not plain_upgrade("GET", b"/", [(b"x", b"y")] * 129)
