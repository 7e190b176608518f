"""Rooms in memory: loaded on first use, unloaded after idle, ticking presence renewals.

``hold`` is the one way to use a room: peers hold it while connected, server code (commands,
analysis) for the duration of a change. A room whose holds drop to zero unloads after
``room_idle_seconds``; its update log is compacted then if it has grown.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
from anyio.abc import TaskGroup
from pycrdt import Doc

from . import heap, store
from . import protocol as p
from .broker import Broker, LocalBroker
from .health import Backoff
from .presence import PresenceLimits
from .room import Origin, Peer, Room
from .settings import Settings

log = logging.getLogger("obeya.rooms")

ROOM_NAMES = ("content", "ledger")
COMPACT_ATTEMPTS = 5
# How long a write given up on is waited for before the store is read anyway (a hung
# database may never finish it; the broker's resync after a gap covers that).
RECONCILE_WAIT = 120.0
Listener = Callable[[Room, set[Origin]], None]


class Rooms:
    def __init__(
        self, db: store.Database, settings: Settings, tg: TaskGroup, broker: Broker | None = None
    ) -> None:
        self.db = db
        self.broker: Broker = broker or LocalBroker()
        self.broker.on_update = self._remote_update
        self.broker.on_awareness = self._remote_awareness
        self.broker.on_presence_query = self._presence_query
        self.broker.on_room_resync = self._room_resync
        self.settings = settings
        self.tg = tg
        self.rooms: dict[str, Room] = {}
        self.listeners: list[Listener] = []
        self.unload_listeners: list[Callable[[Room], None]] = []
        self._loading: dict[str, anyio.Lock] = {}
        self._scopes: dict[str, anyio.CancelScope] = {}
        self._idle_since: dict[str, float] = {}

    @asynccontextmanager
    async def hold(self, board_id: str, name: str) -> AsyncIterator[Room]:
        room = await self._get(f"{board_id}/{name}")
        room.holds += 1
        self._idle_since.pop(room.key, None)
        try:
            yield room
        finally:
            room.holds -= 1
            if room.holds == 0:
                self._idle_since[room.key] = time.monotonic()

    async def _get(self, key: str) -> Room:
        room = self.rooms.get(key)
        if room is not None:
            return room
        lock = self._loading.setdefault(key, anyio.Lock())
        async with lock:
            room = self.rooms.get(key)
            if room is None:
                room = await self._load(key)
        return room

    async def _load(self, key: str) -> Room:
        since = await self.broker.position(key)  # before loading: see broker.py
        stored = await self.db.read(lambda s: store.load_doc(s, key))
        doc: Doc = Doc()
        with doc.transaction(origin=Origin.replay):
            for update in stored.updates:
                doc.apply_update(update)
        room = Room(
            key,
            doc,
            size=stored.size,
            log_count=stored.log_count,
            persist=self._persist,
            changed=self._notify,
            max_document_bytes=self.settings.max_document_bytes,
            publish=self._publish,
            publish_awareness=lambda frame: self.broker.publish_awareness(key, frame),
            presence_limits=PresenceLimits(
                self.settings.max_presence_bytes,
                self.settings.max_presence_clients,
                self.settings.max_presence_changes_per_second,
                self.settings.max_presence_change_burst,
            ),
        )
        self.rooms[key] = room
        scope = anyio.CancelScope()
        self._scopes[key] = scope
        self.tg.start_soon(self._run, room, scope)
        self.broker.follow(key, since)
        self.broker.query_presence(key)
        log.debug("room loaded", extra={"room": key, "updates": len(stored.updates)})
        return room

    async def _run(self, room: Room, scope: anyio.CancelScope) -> None:
        with scope:
            try:
                await room.run()
            except store.StorageUnavailable as exc:  # logged by the room; its peers told 4503
                log.warning("room dropped", extra={"room": room.key, "error": str(exc)})
                if exc.finished is not None:  # given up on: it may commit yet
                    self.tg.start_soon(self._reconcile, room.key, exc.finished)
            except Exception:
                log.exception("room worker failed", extra={"room": room.key})
        if self.rooms.get(room.key) is room:
            self._drop(room.key)

    async def _persist(
        self, room: Room, deltas: list[bytes], extras: list[Callable[[Any], None]]
    ) -> None:
        batch = [(room.key, d) for d in deltas]
        if extras:

            def write(session: Any) -> None:
                store.append_updates(session, batch)
                for extra in extras:
                    extra(session)

            await self.db.write(write)
        elif batch:
            await self.db.append(batch)
        if room.log_count > self.settings.compact_after_updates:
            room.log_count = 0
            self.tg.start_soon(self._compact, room.key)

    async def _compact(self, key: str) -> None:
        """Fold a log into its snapshot. Failing (database down, disk full) loses nothing --
        the transaction rolls back, the log stays -- so retry a few times with backoff, then
        leave it to the next load or unload."""
        backoff = Backoff(first=1.0, cap=20.0)
        for attempt in range(COMPACT_ATTEMPTS):
            try:
                folded = await self.db.write(lambda s: store.compact(s, key))
            except Exception as exc:
                log.warning(
                    "compaction failed",
                    extra={"room": key, "attempt": attempt + 1, "error": repr(exc)[:300]},
                )
                await backoff.sleep()
                continue
            log.info("compacted", extra={"room": key, "updates": folded})
            return

    async def resync(self) -> None:
        """After a gap in the broker (Redis was down), updates other processes stored meanwhile
        were never published: bring every loaded room up to what the store holds, and its
        peers with it. The store is the source of truth; applying known updates is a no-op."""
        for key in list(self.rooms):
            await self.resync_room(key)

    async def resync_room(self, key: str) -> None:
        room = self.rooms.get(key)
        if room is None:  # loading it later reads the store anyway
            return
        state = room.doc.get_state()
        try:
            missing = await self.db.read(functools.partial(_missing, key=key, state=state))
        except Exception as exc:
            log.warning("resync failed", extra={"room": key, "error": repr(exc)[:300]})
            return
        if missing is not None and self.rooms.get(key) is room:
            room.receive_remote(missing)

    def _room_resync(self, key: str) -> None:
        self.tg.start_soon(self.resync_room, key)

    async def _reconcile(self, key: str, finished: Awaitable[None]) -> None:
        """A write refused past its timeout may commit afterwards. Its update is then stored
        but was never published, and its writer, told 4503, re-sends nothing the store already
        holds when it reconnects (or never comes back): without this, the document's peers on
        the other processes -- and ours, if the room loaded again before the commit -- would
        not get it until their room reloads. So once that write is over, every process brings
        the room up to the store."""
        with anyio.move_on_after(RECONCILE_WAIT):
            await finished
        await self.broker.resync_room(key)
        await self.resync_room(key)

    def _notify(self, room: Room, origins: set[Origin]) -> None:
        for listener in self.listeners:
            listener(room, origins)

    async def _publish(self, room: Room, deltas: list[bytes]) -> None:
        await self.broker.publish(room.key, deltas)

    def _remote_update(self, key: str, update: bytes) -> None:
        room = self.rooms.get(key)
        if room is not None:
            room.receive_remote(update)

    def _remote_awareness(self, key: str, frame: bytes) -> None:
        room = self.rooms.get(key)
        if room is not None:
            room.presence.remote(frame)

    def _presence_query(self, key: str) -> None:
        room = self.rooms.get(key)
        if room is not None:
            room.presence.announce()

    def _drop(self, key: str) -> None:
        """Forget everything kept for the room, so an unloaded room costs no memory."""
        self.broker.unfollow(key)
        room = self.rooms.pop(key, None)
        self._idle_since.pop(key, None)
        lock = self._loading.get(key)
        if lock is not None and not lock.locked() and lock.statistics().tasks_waiting == 0:
            del self._loading[key]
        scope = self._scopes.pop(key, None)
        if scope is not None:
            scope.cancel()
        if room is not None:
            room.close()
            for unloaded in self.unload_listeners:
                unloaded(room)

    def discard(self, keys: list[str]) -> None:
        """Unload these rooms without storing what they hold (their board was deleted)."""
        for key in keys:
            if key in self.rooms:
                self._drop(key)

    def peers_where(self, keep: Callable[[Peer], bool]) -> list[Peer]:
        return [peer for room in self.rooms.values() for peer in room.peers if keep(peer)]

    async def tick(self) -> None:
        """Presence renewals, keepalives for quiet peers, unloading idle rooms."""
        interval = self.settings.presence_renewal_seconds
        last_renewal = time.monotonic()
        while True:
            await anyio.sleep(min(interval, 2.0))
            now = time.monotonic()
            renew, last_renewal = (
                (True, now) if now - last_renewal >= interval else (False, last_renewal)
            )
            self._renew(now, renew)
            if self._unload_idle(now):
                await heap.release_freed_memory()

    def _renew(self, now: float, renew: bool) -> None:
        # Not inlined in ``tick``: its loop variables would keep the last room alive.
        interval = self.settings.presence_renewal_seconds
        for room in list(self.rooms.values()):
            if renew:
                room.presence.renew()
            for peer in list(room.peers):
                if now - peer.last_sent >= interval:
                    peer.send(p.KEEPALIVE)

    def _unload_idle(self, now: float) -> int:
        """Unload rooms idle long enough whose worker has nothing left to apply or store."""
        unloaded = 0
        for key, since in list(self._idle_since.items()):
            idle = self.rooms.get(key)
            if idle is None:
                self._idle_since.pop(key, None)
            elif (
                idle.holds == 0 and idle.settled and now - since >= self.settings.room_idle_seconds
            ):
                self._drop(key)
                unloaded += 1
                if idle.log_count > 0:
                    self.tg.start_soon(self._compact, key)
        return unloaded

    def close_all(self, code: int, reason: str) -> None:
        for room in self.rooms.values():
            for peer in list(room.peers):
                peer.close(code, reason)


def _missing(session: Any, key: str, state: bytes) -> bytes | None:
    """What the stored document has beyond ``state`` (None when nothing)."""
    stored = store.load_doc(session, key)
    doc: Doc = Doc()
    with doc.transaction():
        for update in stored.updates:
            doc.apply_update(update)
    missing = doc.get_update(state)
    return None if missing == b"\x00\x00" else missing
