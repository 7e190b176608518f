"""A minimal y-websocket client on pycrdt + websockets, written against the protocol rather
than the server, so the tests talk to the server the way any Yjs peer would."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any

import websockets
from pycrdt import Doc

from server import protocol as p


class YClient:
    def __init__(
        self,
        url: str,
        *,
        doc: Doc | None = None,
        client_id: int | None = None,
        origin: str | None = None,
    ) -> None:
        self.url = url
        self.doc: Doc = doc or (Doc(client_id=client_id) if client_id else Doc())
        self.origin = origin
        self.ws: Any = None
        self.synced = asyncio.Event()
        self.frames: list[bytes] = []
        self.awareness: dict[int, Any] = {}
        self.close_code: int | None = None
        self.close_reason = ""
        self._task: asyncio.Task[None] | None = None
        self._sub: Any = None
        self._changed = asyncio.Event()

    async def __aenter__(self) -> YClient:
        headers = {"Origin": self.origin} if self.origin else None
        self.ws = await websockets.connect(
            self.url, additional_headers=headers, max_size=None, compression=None
        )
        self._sub = self.doc.observe(self._local)
        self._task = asyncio.create_task(self._reader())
        with contextlib.suppress(websockets.ConnectionClosed):  # refused sockets close at once
            await self.ws.send(p.sync_frame(p.STEP1, self.doc.get_state()))
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._sub is not None:
            self.doc.unobserve(self._sub)
            self._sub = None
        if self.ws is not None:
            await self.ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    def _local(self, event: Any) -> None:
        if event.update != b"\x00\x00" and not self._applying:
            asyncio.get_running_loop().create_task(self._send_update(event.update))

    _applying = False

    async def _send_update(self, update: bytes) -> None:
        with contextlib.suppress(Exception):
            await self.ws.send(p.update_frame(update))

    async def send_raw(self, frame: bytes | str) -> None:
        await self.ws.send(frame)

    async def set_awareness(self, client: int, clock: int, state: Any) -> None:
        await self.ws.send(
            p.awareness_frame([p.AwarenessEntry(client, clock, p.state_json(state))])
        )

    async def _reader(self) -> None:
        try:
            async for frame in self.ws:
                if isinstance(frame, str):
                    continue
                self.frames.append(frame)
                await self._handle(p.parse(frame))
                self._changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            if self.ws.close_code is not None:
                self.close_code = self.ws.close_code
                self.close_reason = self.ws.close_reason or ""
            self._changed.set()

    async def _handle(self, message: p.Message) -> None:
        if message.type == p.SYNC:
            if message.subtype == p.STEP1:
                await self.ws.send(p.sync_frame(p.STEP2, self.doc.get_update(message.payload)))
            else:
                self._applying = True
                try:
                    self.doc.apply_update(message.payload)
                finally:
                    self._applying = False
                if message.subtype == p.STEP2:
                    self._synced()
        elif message.type == p.AWARENESS:
            for entry in message.awareness:
                self.awareness[entry.client] = json.loads(entry.state)

    def _synced(self) -> None:
        self.synced.set()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5) -> None:
        async def loop() -> None:
            while not predicate():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(loop(), timeout)

    async def wait_closed(self, timeout: float = 5) -> int | None:
        assert self._task is not None
        await asyncio.wait_for(asyncio.shield(self._task), timeout)
        return self.close_code


class ReconnectingYClient(YClient):
    """A peer that recovers by itself, as the stock y-websocket provider does: after any close
    but a permanent one (4400-4499) or a failed connect it waits 100 ms x 2^n (at most
    ``max_backoff``; n counts closes since the last sync) and connects again. Each connection
    sends step 1 and answers the server's step 1 with whatever the server lacks, so the edits
    made while disconnected -- dropped at the time, like the provider drops them -- reach the
    server then. Tests never reconnect it by hand."""

    PERMANENT = range(4400, 4500)

    def __init__(self, url: str, *, max_backoff: float = 2.5, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.max_backoff = max_backoff
        self.connects = 0
        self.closes: list[int | None] = []
        self._unsuccessful = 0

    async def __aenter__(self) -> ReconnectingYClient:
        self._sub = self.doc.observe(self._local)
        self._task = asyncio.create_task(self._run())
        return self

    def _synced(self) -> None:
        self._unsuccessful = 0
        super()._synced()

    async def _run(self) -> None:
        while True:
            try:
                self.ws = await websockets.connect(
                    self.url, max_size=None, compression=None, open_timeout=5
                )
            except (OSError, TimeoutError, websockets.InvalidHandshake):
                self.ws = None
            if self.ws is not None:
                self.connects += 1
                with contextlib.suppress(websockets.ConnectionClosed):
                    await self.ws.send(p.sync_frame(p.STEP1, self.doc.get_state()))
                    await self._reader()
                self.synced.clear()
                self.closes.append(self.ws.close_code)
                if self.ws.close_code in self.PERMANENT:
                    return
            self._unsuccessful += 1
            await asyncio.sleep(min(0.1 * 2**self._unsuccessful, self.max_backoff))

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        await super().close()
