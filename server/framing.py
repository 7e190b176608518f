"""Sending one update to many peers cheaply.

A server-to-client websocket frame is not masked, so the frame carrying an update is the same
bytes for every peer: we build it once per broadcast and write it straight to each peer's
transport. Through ASGI, every peer would cost a task wake-up, a message dict, a frame
encoding and a write; here it costs the write.

``FanOutProtocol`` is uvicorn's sans-I/O websocket protocol plus one scope extension,
``obeya.wire``: the protocol object, whose transport ``server.ws.Connection.deliver`` writes
prebuilt frames to once the handshake is complete. Only data frames take this path; the
handshake, pings and the closing handshake stay with uvicorn.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.datastructures import Headers
from websockets.frames import CloseCode
from websockets.http11 import Request
from websockets.protocol import Protocol, State
from websockets.server import ServerProtocol

try:  # websockets' C version, as its own frame parser uses it
    from websockets.speedups import apply_mask
except ImportError:  # pragma: no cover - a build without the extension
    from websockets.utils import apply_mask

EXTENSION = "obeya.wire"
TOO_LARGE = 4413  # documented; 4400-4499 tell y-websocket not to reconnect


def binary_frame(payload: bytes) -> bytes:
    """An unmasked, final, binary websocket frame (RFC 6455 section 5.2)."""
    size = len(payload)
    if size < 126:
        header = bytes((0x82, size))
    elif size < 1 << 16:
        header = bytes((0x82, 126)) + size.to_bytes(2, "big")
    else:
        header = bytes((0x82, 127)) + size.to_bytes(8, "big")
    return header + payload


class _Parser(ServerProtocol):
    """websockets' parser fails an over-long message from its header, before buffering it,
    with 1009 -- which y-websocket answers by reconnecting and re-sending the same message
    forever. We fail it the same way with 4413, which makes the client stop."""

    def fail(self, code: CloseCode | int, reason: str = "") -> None:
        if code == CloseCode.MESSAGE_TOO_BIG:
            code = TOO_LARGE
        super().fail(code, reason)


class Inbox:
    """What uvicorn's protocol uses of its receive queue (``put_nowait``, ``get``, ``empty``)
    for its one reader, the socket's handler: an ``asyncio.Queue`` keeps three deques (2.3 KB)
    per socket, a thousand sockets 2.3 MB for queues that hold one message at a time."""

    __slots__ = ("_items", "_waiter")

    def __init__(self) -> None:
        self._items: list[Any] = []
        self._waiter: asyncio.Future[None] | None = None

    def put_nowait(self, item: Any) -> None:
        self._items.append(item)
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def get(self) -> Any:
        while not self._items:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self._items.pop(0)

    def empty(self) -> bool:
        return not self._items

    def qsize(self) -> int:
        return len(self._items)


def whole_binary_frames(data: bytes, limit: int | None) -> list[bytes] | None:
    """The unmasked payloads of ``data`` if it is nothing but complete, final, uncompressed,
    masked binary frames (what a y-websocket client sends), each at most ``limit`` bytes;
    else None."""
    payloads: list[bytes] = []
    pos, end = 0, len(data)
    while pos < end:
        if end - pos < 6 or data[pos] != 0x82 or not data[pos + 1] & 0x80:
            return None
        size = data[pos + 1] & 0x7F
        pos += 2
        if size == 126:
            size, pos = int.from_bytes(data[pos : pos + 2], "big"), pos + 2
        elif size == 127:
            size, pos = int.from_bytes(data[pos : pos + 8], "big"), pos + 8
        if (limit is not None and size > limit) or end - pos < 4 + size:
            return None
        payloads.append(apply_mask(data[pos + 4 : pos + 4 + size], data[pos : pos + 4]))
        pos += 4 + size
    return payloads


class FanOutProtocol(WebSocketsSansIOProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conn.__class__ = _Parser  # same state, one method changed
        self.queue = Inbox()  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        """Whole binary frames go straight to the receive queue; anything else (a control
        frame, a fragment, a partial frame, compression, a frame over the limit, junk) takes
        websockets' parser, which has then seen nothing else and is at a frame's start.

        websockets parses a frame through a chain of generators: per incoming update, more of
        the server's CPU than applying and storing it."""
        conn = self.conn
        if (
            self.handshake_complete
            and not self.close_sent
            and conn.state is State.OPEN
            and conn.current_size is None  # not inside a fragmented message
            and not conn.reader.buffer  # not inside a frame
        ):
            payloads = whole_binary_frames(data, conn.max_message_size)
            if payloads is not None:
                for payload in payloads:
                    self.queue.put_nowait({"type": "websocket.receive", "bytes": payload})
                return
        super().data_received(data)

    def upgrade(self, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        """Take an upgrade request httptools has already parsed (server/handshake.py).

        uvicorn writes the request out again for websockets to parse in pure Python, a good
        part of a connect storm's CPU; here websockets gets the parsed request and its parser
        starts at the first frame. ``accept`` still checks the handshake and computes
        ``Sec-WebSocket-Accept``, and the frame parser (limits, junk) is websockets' own.
        """
        conn = self.conn
        conn.parser = Protocol.parse(conn)
        next(conn.parser)
        request = Request(
            path, Headers([(k.decode("ascii"), v.decode("latin-1")) for k, v in headers])
        )
        self.handle_connect(request)

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:
            scope["extensions"][EXTENSION] = self

    async def send(self, message: Any) -> None:
        await super().send(message)
        if self.handshake_complete:
            # The upgrade's request and response serve the handshake only (the scope has its
            # own copy of the headers). When websockets parsed the request itself (uvicorn's
            # way, for an unusual request: ``upgrade`` is the usual one), its suspended parser
            # keeps the request object for as long as the socket is open: its headers go.
            request = vars(self).pop("request", None)
            if request is not None:
                request.headers.clear()
            vars(self).pop("response", None)
