"""A connection has ``handshake_seconds`` to send a complete request head (an HTTP request or
a websocket upgrade) after it opens or after its last response; silent or trickling ones are
closed. 1,100 silent TCP connections once used up the server's file descriptors. A websocket
then has the same time for its first message (server/ws.py).

The HTTP parser is httptools (llhttp, in C): a connect storm spends a good part of its time
parsing upgrade requests, and h11's pure-Python parser cost about twice as much per request.
An ordinary upgrade request goes to the websocket protocol already parsed (``plain_upgrade``):
uvicorn would write it out again for websockets to parse a second time, in pure Python.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from websockets.http11 import MAX_LINE_LENGTH, MAX_NUM_HEADERS


class DeadlineHttp(HttpToolsProtocol):
    handshake_seconds = 10.0
    _head_deadline: asyncio.TimerHandle | None = None
    _head_complete = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_headers_complete(self) -> None:
        self._head_complete = True
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def handle_websocket_upgrade(self) -> None:
        factory: Any = self.ws_protocol_class
        headers: list[tuple[bytes, bytes]] = self.scope["headers"]  # type: ignore[assignment]
        if not hasattr(factory, "upgrade") or not plain_upgrade(
            self.scope["method"], self.url, headers
        ):
            # Anything unusual takes uvicorn's way: websockets parses it again. When its parser
            # refuses the request (too many or too long headers: 431 or 414; a body or another
            # method: no answer), uvicorn neither sends the answer nor closes the socket.
            super().handle_websocket_upgrade()
            conn = getattr(self.transport.get_protocol(), "conn", None)
            if conn is not None and conn.handshake_exc is not None:
                self.transport.write(b"".join(conn.data_to_send()))
                self.transport.close()
            return
        self.connections.discard(self)
        ws = factory(config=self.config, server_state=self.server_state, app_state=self.app_state)
        ws.connection_made(self.transport)
        ws.upgrade(self.url.decode("ascii"), headers)
        self.transport.set_protocol(ws)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _arm(self) -> None:
        self._disarm()
        self._head_complete = False
        self._head_deadline = self.loop.call_later(self.handshake_seconds, self._expire)

    def _expire(self) -> None:
        # Still waiting for (the rest of) a request head: neither silent nor trickling pays.
        # An upgraded connection belongs to the websocket protocol now.
        self._head_deadline = None
        if (
            not self._head_complete
            and self.transport.get_protocol() is self
            and not self.transport.is_closing()
        ):
            self.transport.close()


def plain_upgrade(method: str, url: bytes, headers: list[tuple[bytes, bytes]]) -> bool:
    """A request websockets' own parser would accept as it is: a GET of an ASCII target with
    no body, within its line and header-count limits (beyond them it answers 414 or 431)."""
    if method != "GET" or not url.isascii() or len(url) + 16 > MAX_LINE_LENGTH:
        return False
    if len(headers) > MAX_NUM_HEADERS:
        return False
    for name, value in headers:
        if len(name) + len(value) + 4 > MAX_LINE_LENGTH or name == b"transfer-encoding":
            return False
        if name == b"content-length" and value != b"0":
            return False
    return True


def protocol(handshake_seconds: float) -> type[DeadlineHttp]:
    return type("DeadlineHttp", (DeadlineHttp,), {"handshake_seconds": handshake_seconds})
