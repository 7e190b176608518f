"""A connection has ``handshake_seconds`` to send a complete request head (an HTTP request or
a websocket upgrade) after it opens or after its last response; silent or trickling ones are
closed. 1,100 silent TCP connections once used up the server's file descriptors. A websocket
then has the same time for its first message (server/ws.py).

The HTTP parser is httptools (llhttp, in C): a connect storm spends a good part of its time
parsing upgrade requests, and h11's pure-Python parser cost about twice as much per request.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


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


def protocol(handshake_seconds: float) -> type[DeadlineHttp]:
    return type("DeadlineHttp", (DeadlineHttp,), {"handshake_seconds": handshake_seconds})
