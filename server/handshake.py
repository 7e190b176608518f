"""A connection has ``handshake_seconds`` to send a complete request head (an HTTP request or
a websocket upgrade) after it opens or after its last response; silent or trickling ones are
closed. 1,100 silent TCP connections once used up the server's file descriptors. A websocket
then has the same time for its first message (server/ws.py)."""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class DeadlineH11(H11Protocol):
    handshake_seconds = 10.0
    _head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        self._head_deadline = self.loop.call_later(self.handshake_seconds, self._expire)

    def _expire(self) -> None:
        # Still waiting for (the rest of) a request head: neither silent nor trickling pays.
        # An upgraded connection belongs to the websocket protocol now.
        waiting = self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE
        if waiting and self.transport.get_protocol() is self and not self.transport.is_closing():
            self.transport.close()


def protocol(handshake_seconds: float) -> type[DeadlineH11]:
    return type("DeadlineH11", (DeadlineH11,), {"handshake_seconds": handshake_seconds})
