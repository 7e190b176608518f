"""A connection has ``handshake_seconds`` to send a complete request head (an HTTP request or
a websocket upgrade); silent or trickling ones are closed. 1,100 silent TCP connections once
used up the server's file descriptors. After a response, uvicorn's keep-alive timeout takes
over; a websocket then has the same time for its first message (server/ws.py)."""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol


class DeadlineH11(H11Protocol):
    handshake_seconds = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # uvicorn's own keep-alive timer, armed from the first byte instead of after the first
        # response: a request head disarms it (h11_impl), a silent connection is closed by it.
        self.timeout_keep_alive_task = self.loop.call_later(
            self.handshake_seconds, self.timeout_keep_alive_handler
        )


def protocol(handshake_seconds: float) -> type[DeadlineH11]:
    return type("DeadlineH11", (DeadlineH11,), {"handshake_seconds": handshake_seconds})
