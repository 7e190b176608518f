"""The websocket route ``/ws/{board_id}/{room}``: authentication, limits, and a connection that
queues outgoing frames so a slow reader never slows its room.

Close codes (the stock client gives up on 4400-4499 and reconnects on anything else):
4400 malformed message · 4401 bad or revoked token · 4403 foreign origin, other workshop or a
board the role may not reach (server/access.py) ·
4404 unknown board or room · 4413 too large · 4429 rate limit · 4410 the workshop was deleted ·
1001 server shutting down · 1013 too slow to keep up, or silent past the handshake deadline
(RFC 6455's "try again later": outside 4400-4499, so every client reconnects and resyncs) ·
4503 storage unavailable (reconnect later and re-send: nothing of what was refused was stored
or relayed).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import time
from typing import Any
from urllib.parse import urlsplit

import anyio
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from . import access
from . import protocol as p
from .access import Action
from .auth import Identity, digest
from .framing import EXTENSION, FanOutProtocol, binary_frame
from .hub import CLOSE_DELETED, Hub
from .ratelimit import TokenBucket
from .room import CLOSE_STORAGE_UNAVAILABLE
from .rooms import ROOM_NAMES
from .store import StorageUnavailable

log = logging.getLogger("obeya.ws")
# A transient refusal: the stock y-websocket client stops for good on 4400-4499.
TRY_AGAIN_LATER = 1013
_ids = itertools.count(1)


class Connection:
    """One peer of a room: implements :class:`server.room.Peer`. Frames are written straight
    to the transport (framing.py); only the closing handshake goes through ASGI. Slotted, and
    its ``closed`` event made only on closing: a connect storm holds a thousand of these."""

    __slots__ = (
        "_max_unsent",
        "_messages",
        "_sync_requests",
        "_wire",
        "can_write",
        "closed",
        "closing",
        "hub",
        "id",
        "identity",
        "last_sent",
        "refresh",
        "room_name",
        "websocket",
    )

    def __init__(
        self, websocket: WebSocket, wire: FanOutProtocol, identity: Identity, room: str, hub: Hub
    ) -> None:
        self.id = next(_ids)
        self.websocket = websocket
        self.identity = identity
        self.room_name = room
        self.hub = hub
        self.can_write = False
        self.refresh = True
        self.last_sent = time.monotonic()
        self.closing: tuple[int, str] | None = None
        self.closed: anyio.Event | None = None  # set once the close frame is sent
        self._wire = wire
        settings = hub.settings
        self._max_unsent = settings.max_unsent_bytes
        self._messages = TokenBucket(settings.max_messages_per_second, settings.max_message_burst)
        # Answering a step 1 encodes the whole document: a client needs one per connection.
        self._sync_requests = TokenBucket(
            settings.max_sync_requests_per_second, settings.max_sync_request_burst
        )

    def send(self, frame: bytes) -> None:
        self.deliver(binary_frame(frame), time.monotonic())

    def deliver(self, wired: bytes, now: float) -> None:
        """Write a frame already framed (``binary_frame``): a broadcast frames its message once
        and calls this for each of a room's peers. One call, its checks inlined: per delivery,
        Python's calls cost as much as the write."""
        if self.closing is not None:
            return
        wire = self._wire
        transport = wire.transport
        if transport.get_write_buffer_size() > self._max_unsent:
            self.close(TRY_AGAIN_LATER, "too slow to keep up; reconnect to resync")
        elif not wire.close_sent and not transport.is_closing():
            transport.write(wired)
            self.last_sent = now

    def close(self, code: int, reason: str) -> None:
        if self.closing is None:
            self.closing = (code, reason)
            closed = self.closed = anyio.Event()
            self.hub.tg.start_soon(self._send_close, code, reason, closed)

    async def _send_close(self, code: int, reason: str, closed: anyio.Event) -> None:
        with anyio.move_on_after(2), contextlib.suppress(Exception):  # the peer may be gone
            await self.websocket.close(code, reason)
        closed.set()

    def allow_message(self) -> bool:
        return self._messages.take()

    def allow_sync_request(self, message: p.Message) -> bool:
        return message.type != p.SYNC or message.subtype != p.STEP1 or self._sync_requests.take()

    async def update_rights(self) -> None:
        self.refresh = False
        found = await self.hub.board(self.websocket.path_params["board_id"])
        if found is None:
            self.can_write = False
            return
        board, workshop = found
        self.can_write = (
            self.room_name == "content"
            and access.board_refusal(self.identity, board, workshop, Action.edit_content) is None
        )


def _origin_allowed(websocket: WebSocket, hub: Hub) -> bool:
    origin = websocket.headers.get("origin")
    if origin is None:  # not a browser (node, python, curl): nothing to forge
        return True
    if origin in hub.settings.allowed_origins:
        return True
    return urlsplit(origin).netloc == websocket.headers.get("host", "")


def _connect_allowed(websocket: WebSocket, token: str, hub: Hub) -> bool:
    """Each connection costs a document encoding: reconnect storms are bounded."""
    address = websocket.client.host if websocket.client else ""
    return hub.connects_per_token.take(digest(token)) and hub.connects_per_address.take(address)


async def _refuse(websocket: WebSocket, code: int, reason: str) -> None:
    await websocket.accept()
    await websocket.close(code, reason)
    log.info(
        "connection refused", extra={"path": websocket.url.path, "code": code, "reason": reason}
    )


async def endpoint(websocket: WebSocket) -> None:
    try:
        await _serve(websocket)
    except StorageUnavailable as exc:  # before accepting, or while loading the room
        if websocket.client_state is WebSocketState.CONNECTING:
            await _refuse(websocket, CLOSE_STORAGE_UNAVAILABLE, "storage unavailable, retry")
        else:
            with anyio.move_on_after(2), contextlib.suppress(Exception):
                await websocket.close(CLOSE_STORAGE_UNAVAILABLE, "storage unavailable, retry")
        log.info("connection refused", extra={"path": websocket.url.path, "error": str(exc)})


async def _serve(websocket: WebSocket) -> None:
    hub: Hub = websocket.app.state.hub
    board_id = websocket.path_params["board_id"]
    room_name = websocket.path_params["room"]
    if not _origin_allowed(websocket, hub):
        return await _refuse(websocket, 4403, "origin not allowed")
    token = websocket.query_params.get("token", "")
    if not _connect_allowed(websocket, token, hub):
        hub.counters["connects_refused"] += 1
        return await _refuse(websocket, 4429, "too many connections; retry later")
    identity, found = await hub.join_lookup(token, board_id)
    if identity is None and hub.was_deleted(token):
        return await _refuse(websocket, CLOSE_DELETED, "workshop deleted")
    if identity is None:
        return await _refuse(websocket, 4401, "invalid or revoked token")
    if found is None or room_name not in ROOM_NAMES:
        return await _refuse(websocket, 4404, "unknown board or room")
    refusal = access.board_refusal(identity, *found, Action.read_board)
    if refusal is not None:
        return await _refuse(websocket, refusal.close_code, refusal.detail)
    wire = websocket.scope.get("extensions", {}).get(EXTENSION)
    if wire is None:
        log.error("websocket served without FanOutProtocol: run the server with `obeya serve`")
        return await _refuse(websocket, 1011, "server misconfigured")
    await websocket.accept()
    conn = Connection(websocket, wire, identity, room_name, hub)
    await conn.update_rights()
    log.info(
        "connection open",
        extra={
            "conn": conn.id,
            "board": board_id,
            "room": room_name,
            "role": identity.role.value,
            "participant": identity.participant_id,
        },
    )
    code: Any = None
    async with hub.rooms.hold(board_id, room_name) as room:
        room.join(conn)
        try:
            code = await _read(websocket, conn, room)
        finally:
            room.leave(conn)
        if conn.closed is not None:
            await conn.closed.wait()
    log.info(
        "connection closed",
        extra={
            "conn": conn.id,
            "board": board_id,
            "room": room_name,
            "code": code or (conn.closing or (None,))[0],
        },
    )


async def _read(websocket: WebSocket, conn: Connection, room: Any) -> Any:
    limit = conn.hub.settings.max_message_bytes
    # Every client sends its sync step 1 at once: a socket that stays silent only holds a
    # file descriptor (and a room loaded) for nothing.
    first = True
    while conn.closing is None:
        message: Any = None
        try:
            if first:  # a cancel scope per message would cost every message its set-up
                with anyio.move_on_after(conn.hub.settings.handshake_seconds):
                    message = await websocket.receive()
            else:
                message = await websocket.receive()
        except WebSocketDisconnect as exc:
            return exc.code
        if message is None:
            conn.close(TRY_AGAIN_LATER, "no message within the handshake deadline; reconnect")
            break
        first = False
        if conn.closing is not None:  # condemned while we waited (by the room, or too slow)
            break
        if message["type"] == "websocket.disconnect":
            return message.get("code")
        frame = message.get("bytes")
        if frame is None:
            conn.close(4400, "text frames are not part of the y-websocket protocol")
            break
        if len(frame) > limit:
            conn.close(4413, f"message larger than {limit} bytes")
            break
        if not conn.allow_message():
            conn.close(4429, "too many messages; slow down")
            break
        try:
            parsed = p.parse(frame)
        except p.ProtocolError as exc:
            conn.hub.counters["malformed"] += 1
            conn.close(4400, f"malformed message: {exc}"[:120])
            break
        if not conn.allow_sync_request(parsed):
            conn.close(4429, "too many sync requests; slow down")
            break
        if conn.refresh:
            await conn.update_rights()
        if parsed.type == p.SYNC and parsed.subtype != p.STEP1 and not conn.can_write:
            conn.hub.counters["dropped_updates"] += 1
        try:
            room.receive(conn, parsed)
        except p.ProtocolError as exc:
            conn.hub.counters["malformed"] += 1
            conn.close(getattr(exc, "code", 4400), f"refused: {exc}"[:120])
            break
    return None
