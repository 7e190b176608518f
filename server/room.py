"""A room: one document in memory, the peers editing it, and the single worker that orders
every change to it.

All changes -- peers' updates and server-made changes (commands, analysis) -- go through one
queue and one worker task, which (1) applies them to the document, (2) persists what actually
changed, in one transaction (group commit), and only then (3) sends it to the other peers and
answers pending sync requests. So whatever a peer has received is already in the store.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import anyio
from pycrdt import Doc

from . import protocol as p
from .framing import binary_frame
from .presence import Presence, PresenceLimits
from .store import StorageUnavailable

if TYPE_CHECKING:
    from .auth import Identity

log = logging.getLogger("obeya.room")


class Origin(enum.StrEnum):
    """Who made a change: the origin of its document transaction, and what change listeners
    (``Rooms.listeners``) are told."""

    peer = "peer"  # a connected client's update
    command = "command"  # a board command, or the server's own bookkeeping in a ledger
    analysis = "analysis"  # the live analysis written into the ledger
    import_ = "import"  # rows from a CSV/XLSX upload
    remote = "remote"  # persisted and published by another process
    replay = "replay"  # the stored log, loading a room


CLOSE_STORAGE_UNAVAILABLE = 4503  # reconnect later and re-send: nothing of it was stored
EMPTY_STATE_VECTOR = b"\x00"  # a client that holds nothing yet


class Peer(Protocol):
    """What the server uses of a connected peer (``server.ws.Connection``): rooms, presence,
    the hub's permission refresh and revocation, the keepalive tick."""

    id: int
    identity: Identity
    can_write: bool  # may send document updates (role, lock, finished workshop)
    refresh: bool  # set when ``can_write`` must be recomputed before the next update
    last_sent: float  # ``time.monotonic()`` of the last frame sent: quiet peers get keepalives
    closing: tuple[int, str] | None  # set once condemned: nothing more is done for it

    def send(self, frame: bytes) -> None: ...

    def deliver(self, wired: bytes, now: float) -> None:
        """``send`` of a message framed already, at ``now`` (``time.monotonic()``)."""

    def close(self, code: int, reason: str) -> None: ...


@dataclass
class _Op:
    kind: str  # "update" | "step1" | "change" | "remote"
    peer: Peer | None = None
    payload: bytes = b""
    change: Callable[[Doc], Any] | None = None
    origin: Origin = Origin.command
    extras: list[Callable[[Any], None]] = field(default_factory=list)
    done: anyio.Event | None = None
    result: Any = None
    error: BaseException | None = None


Persist = Callable[["Room", list[bytes], list[Callable[[Any], None]]], Awaitable[None]]
Publish = Callable[["Room", list[bytes]], Awaitable[None]]
Changed = Callable[["Room", set[Origin]], None]


class Room:
    def __init__(
        self,
        key: str,
        doc: Doc,
        *,
        size: int,
        log_count: int,
        persist: Persist,
        changed: Changed,
        max_document_bytes: int,
        publish: Publish | None = None,
        publish_awareness: Callable[[bytes], None] | None = None,
        presence_limits: PresenceLimits | None = None,
    ) -> None:
        self.key = key
        self.board_id, self.name = key.split("/", 1)
        self.doc = doc
        self.size = size
        self.log_count = log_count
        self.peers: set[Peer] = set()
        self.presence = Presence(self, publish_awareness, presence_limits)
        self._publish = publish
        self.dropped_updates = 0
        # Updates applied per editor's display name, drained by the version history.
        self.edits: Counter[str] = Counter()
        self.holds = 0
        self._persist = persist
        self._changed = changed
        self._max_document_bytes = max_document_bytes
        self._ops: list[_Op] = []
        self.failed: BaseException | None = None  # a write failed: the room is being dropped
        # asyncio's, set and cleared: an anyio Event made anew per round costs a backend lookup.
        self._wake = asyncio.Event()
        self._captured: list[bytes] = []
        self._busy = False
        # The answer to a fresh client's step 1 (empty state vector): the whole document,
        # encoded once per document state rather than once per joining client.
        self._full_state_frame: bytes | None = None
        # The document's Rust side holds this callback, and with it the room: a cycle the
        # garbage collector cannot see. ``close`` breaks it, or every unloaded room stays.
        self._subscription: Any = doc.observe(self._capture)

    @property
    def settled(self) -> bool:
        """Nothing queued and nothing being applied or stored: safe to unload."""
        return not self._ops and not self._busy

    def close(self) -> None:
        """Release the document once the room is unloaded (idempotent)."""
        if self._subscription is not None:
            self.doc.unobserve(self._subscription)
            self._subscription = None
        self.peers.clear()
        self.presence.clear()
        self._captured = []
        self._full_state_frame = None

    def _capture(self, event: Any) -> None:
        if event.update != b"\x00\x00":
            self._captured.append(event.update)
            self._full_state_frame = None

    # -- entry points, called from connection tasks; never block -------------------------
    def join(self, peer: Peer) -> None:
        self.peers.add(peer)
        peer.send(p.sync_frame(p.STEP1, self.doc.get_state()))
        self.presence.greet(peer)

    def leave(self, peer: Peer) -> None:
        self.peers.discard(peer)
        self.presence.forget(peer)

    def receive(self, peer: Peer, message: p.Message) -> None:
        if message.type == p.SYNC:
            if message.subtype == p.STEP1:
                self._push(_Op("step1", peer, message.payload))
            elif not peer.can_write:
                self.dropped_updates += 1
                log.info(
                    "dropped update",
                    extra={"room": self.key, "peer": peer.id, "bytes": len(message.payload)},
                )
            elif self.size + len(message.payload) > self._max_document_bytes:
                peer.close(4413, "document size limit reached")
            else:
                self._push(_Op("update", peer, message.payload))
        elif message.type == p.AWARENESS:
            self.presence.receive(peer, message.awareness)
        elif message.type == p.QUERY_AWARENESS:
            self.presence.greet(peer)

    async def change(
        self,
        fn: Callable[[Doc], Any],
        *,
        origin: Origin,
        extras: list[Callable[[Any], None]] | None = None,
    ) -> Any:
        """Run ``fn(doc)`` in the worker, persist what it changed (plus ``extras`` in the same
        transaction), broadcast, and return ``fn``'s result (or raise its exception)."""
        op = _Op("change", change=fn, origin=origin, extras=extras or [], done=anyio.Event())
        self._push(op)
        assert op.done is not None
        await op.done.wait()
        if op.error is not None:
            raise op.error
        return op.result

    def broadcast(self, frame: bytes, exclude: Peer | None = None) -> None:
        # Framed once, and one clock read, for all the peers: at 200 peers a room's fan-out
        # is most of the server's work.
        wired, now = binary_frame(frame), time.monotonic()
        for peer in list(self.peers):
            if peer is not exclude:
                peer.deliver(wired, now)

    def _push(self, op: _Op) -> None:
        if self.failed is not None:  # nobody will process it: answer at once, never hang
            self._abandon([op])
            return
        self._ops.append(op)
        self._wake.set()

    # -- the worker ------------------------------------------------------------------------
    async def run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            ops, self._ops = self._ops, []
            self._busy = True
            try:
                await self._process(ops)
            finally:
                self._busy = False

    async def _process(self, ops: list[_Op]) -> None:
        deltas: list[tuple[Peer | None, bytes]] = []  # ours: persisted, then published
        remote: list[bytes] = []  # another process's: only forwarded to our peers
        origins: set[Origin] = set()
        extras: list[Callable[[Any], None]] = []
        for op in ops:
            if op.kind == "update":
                self._apply_update(op, deltas)
                origins.add(Origin.peer)
            elif op.kind == "change":
                self._apply_change(op, deltas)
                extras.extend(op.extras if op.error is None else [])
                origins.add(op.origin)
            elif op.kind == "remote":
                self._apply_remote(op, remote)
                origins.add(Origin.remote)
        if deltas or extras:
            self.log_count += len(deltas)  # a failed write drops the room, count and all
            self.size += sum(len(d) for _, d in deltas)
            try:
                await self._persist(self, [d for _, d in deltas], extras)
            except BaseException as exc:
                self._fail(ops, exc)
                raise
        for sender, delta in deltas:
            self.broadcast(p.update_frame(delta), exclude=sender)
        for delta in remote:
            self.broadcast(p.update_frame(delta))
        for op in ops:
            if op.kind == "step1" and op.peer in self.peers and op.peer.closing is None:
                self._answer_step1(op)
            if op.done is not None:
                op.done.set()
        if deltas or remote:
            self._changed(self, origins)
        if self._publish is not None and deltas:  # stored already: local peers did not wait
            # Only queues (``Broker.publish``): sending, and its failures, are the broker's.
            await self._publish(self, [d for _, d in deltas])

    def receive_remote(self, update: bytes) -> None:
        self._push(_Op("remote", payload=update))

    def _apply_remote(self, op: _Op, remote: list[bytes]) -> None:
        try:
            with self.doc.transaction(origin=Origin.remote):
                self.doc.apply_update(op.payload)
        except Exception as exc:
            log.error(
                "unreadable update from another process",
                extra={"room": self.key, "error": str(exc)},
            )
        remote.extend(self._take_captured())
        self.size += len(op.payload)

    def _apply_update(self, op: _Op, deltas: list[tuple[Peer | None, bytes]]) -> None:
        assert op.peer is not None
        if op.peer not in self.peers or op.peer.closing is not None:
            return
        try:
            with self.doc.transaction(origin=Origin.peer):
                self.doc.apply_update(op.payload)
        except Exception as exc:  # a malformed update costs its sender the connection only
            log.warning(
                "malformed update", extra={"room": self.key, "peer": op.peer.id, "error": str(exc)}
            )
            op.peer.close(4400, "malformed update")
            self._captured.clear()
            return
        captured = self._take_captured()
        if captured:
            self.edits[op.peer.identity.display_name] += 1
        deltas.extend((op.peer, delta) for delta in captured)

    def _apply_change(self, op: _Op, deltas: list[tuple[Peer | None, bytes]]) -> None:
        assert op.change is not None
        try:
            with self.doc.transaction(origin=op.origin):
                op.result = op.change(self.doc)
        except Exception as exc:
            op.error = exc
        deltas.extend((None, delta) for delta in self._take_captured())

    def _take_captured(self) -> list[bytes]:
        captured, self._captured = self._captured, []
        return captured

    def _answer_step1(self, op: _Op) -> None:
        assert op.peer is not None
        if op.payload == EMPTY_STATE_VECTOR:
            if self._full_state_frame is None:
                self._full_state_frame = p.sync_frame(p.STEP2, self.doc.get_update())
            op.peer.send(self._full_state_frame)
            return
        try:
            update = self.doc.get_update(op.payload)
        except Exception:
            op.peer.close(4400, "malformed state vector")
            return
        op.peer.send(p.sync_frame(p.STEP2, update))

    def _fail(self, ops: list[_Op], exc: BaseException) -> None:
        """Nothing of this batch was stored, so nothing of it is sent: every peer is closed
        with 4503 (its client reconnects and re-sends what it has), waiting changes fail, and
        the room is dropped so the next user loads what the store really holds."""
        log.error("persisting failed; dropping room", extra={"room": self.key, "error": repr(exc)})
        self.failed = exc
        for peer in list(self.peers):
            peer.close(CLOSE_STORAGE_UNAVAILABLE, "storage unavailable, retry")
        self._abandon(ops + self._ops)
        self._ops = []

    def _abandon(self, ops: list[_Op]) -> None:
        for op in ops:
            if op.done is not None:
                op.error = op.error or StorageUnavailable("storage unavailable; nothing stored")
                op.done.set()
