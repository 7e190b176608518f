"""Fan-out across server processes.

``LocalBroker`` (one process) does nothing. ``RedisBroker`` carries, between processes:

* document updates twice, in one pipeline: appended to one Redis Stream per document
  (``obeya:u:<doc key>``), and published on the process-wide channel. Every process holds
  one subscription, whatever number of rooms it has loaded (a blocking XREAD over every
  followed stream cost each wake-up as many keys as rooms, in redis-py and in Redis). The
  streams are for loading: a process notes a stream's last id *before* loading the document
  from the store, and once it follows the document reads what was appended since (an
  update both loaded and read, or read from the stream and the channel, is applied twice,
  which a CRDT ignores); everything appended later reaches it through the channel;
* presence frames and control messages (lock, finish, revocation) through the same channel,
  where a lost message costs at most a presence renewal.

Updates and presence frames travel as bytes (kind, process id, key length, key, payload);
control messages as JSON.

Only deltas a process persisted itself are published, each with the process id, so nothing
echoes back; sync replies are never published. Publishing is queued and done by one task, in
order, so a slow, hung or absent Redis never holds up a room's local peers.

Redis may go away (restart, network, hung): the subscriber retries with backoff and reports
to the health registry; rooms keep relaying between their own peers; updates not yet published stay
queued and are retried (past ``MAX_UNPUBLISHED`` the oldest are dropped). What the channel
carried while a subscription was broken is lost to it, so once Redis answers again after such
a gap, ``on_resync`` brings every loaded room up to the store, which holds
everything any process persisted meanwhile -- and a process that dropped updates tells the
others to do the same.
"""

from __future__ import annotations

import json
import logging
import secrets
import struct
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

import anyio
from anyio.abc import TaskGroup

from .health import REDIS, Backoff, Health, supervise
from .problems import Problem

log = logging.getLogger("obeya.broker")

OnUpdate = Callable[[str, bytes], None]  # (doc key, update)
OnAwareness = Callable[[str, bytes], None]  # (doc key, awareness frame)
OnControl = Callable[[dict[str, Any]], None]
OnPresenceQuery = Callable[[str], None]  # (doc key): announce this process's presence there
OnResync = Callable[[], Awaitable[None]]  # after a gap: catch up with the store
OnRoomResync = Callable[[str], None]  # (doc key): catch that room up with the store
RESYNC_AGAIN_AFTER = 2.0  # a second catch-up, for what peers stored while reconnecting


class Broker(Protocol):
    on_update: OnUpdate | None
    on_awareness: OnAwareness | None
    on_control: OnControl | None
    on_presence_query: OnPresenceQuery | None
    on_resync: OnResync | None
    on_room_resync: OnRoomResync | None
    health: Health

    async def start(self, tg: TaskGroup) -> None: ...

    async def ping(self) -> None: ...

    async def position(self, key: str) -> str: ...

    def follow(self, key: str, since: str) -> None: ...

    def unfollow(self, key: str) -> None: ...

    async def publish(self, key: str, updates: list[bytes]) -> None:
        """Queue stored updates for the other processes. Never waits for Redis nor raises:
        a room publishes after its peers were answered, with nobody left to tell."""
        ...

    def publish_awareness(self, key: str, frame: bytes) -> None: ...

    def query_presence(self, key: str) -> None: ...

    async def control(self, message: dict[str, Any]) -> None: ...

    async def resync_room(self, key: str) -> None:
        """Tell the other processes to bring this document up to the store: it may hold an
        update that was never published (a write refused past its timeout that committed)."""
        ...

    async def forget(self, keys: list[str]) -> None:
        """Delete what the broker holds of these documents (their board was deleted)."""
        ...

    def board_lock(self, board_id: str) -> AbstractAsyncContextManager[None]:
        """Held around a board command, on top of the process's own lock: serialises the
        commands of one board across processes (``Problem`` 503 when it cannot)."""
        ...

    async def close(self) -> None: ...


class LocalBroker:
    """One process: every peer is local, nothing to carry."""

    def __init__(self) -> None:
        self.on_update: OnUpdate | None = None
        self.on_awareness: OnAwareness | None = None
        self.on_control: OnControl | None = None
        self.on_presence_query: OnPresenceQuery | None = None
        self.on_resync: OnResync | None = None
        self.on_room_resync: OnRoomResync | None = None
        self.health = Health()

    async def start(self, tg: TaskGroup) -> None:
        return None

    async def ping(self) -> None:
        return None

    async def position(self, key: str) -> str:
        return ""

    def follow(self, key: str, since: str) -> None:
        return None

    def unfollow(self, key: str) -> None:
        return None

    async def publish(self, key: str, updates: list[bytes]) -> None:
        return None

    def publish_awareness(self, key: str, frame: bytes) -> None:
        return None

    def query_presence(self, key: str) -> None:
        return None

    async def control(self, message: dict[str, Any]) -> None:
        if self.on_control is not None:
            self.on_control(message)

    async def resync_room(self, key: str) -> None:
        return None

    async def forget(self, keys: list[str]) -> None:
        return None

    @asynccontextmanager
    async def board_lock(self, board_id: str) -> AsyncIterator[None]:
        yield  # one process: the hub's own per-board lock is all there is to hold

    async def close(self) -> None:
        return None


class RedisBroker(LocalBroker):
    STREAM_MAXLEN = 10_000
    CHANNEL = b"obeya:events"
    MAX_UNPUBLISHED = 50_000  # updates queued for Redis while it is away
    PUBLISH_BATCH = 500
    # A ping takes well under a millisecond; a hung Redis makes /readyz answer 503 within
    # this (readiness checks of load balancers and Kubernetes time out after about 1 s).
    PING_TIMEOUT = 0.8
    CATCH_UP_PAGE = 1000
    UPDATE, AWARENESS = b"U", b"A"  # first byte of a binary message; JSON starts with "{"

    def __init__(self, url: str) -> None:
        super().__init__()
        from redis.asyncio import Redis

        self.redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        # The subscriber waits for messages without a read timeout (redis-py's default,
        # 5 s, on a quiet channel would count as a Redis failure and resync every room).
        self.reader = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=None)
        # Redis failed since the last catch-up; and before the first subscription, rooms
        # loaded then would miss what the channel carried: the first one catches up too
        self._gap = True
        self._subscribed = False  # a resync before the subscription is back would miss some
        self.process = secrets.token_hex(6).encode()
        self.followed: set[str] = set()
        self._tg: TaskGroup | None = None
        self._outbox: list[bytes] = []
        self._outbox_ready = anyio.Event()
        self._unpublished: list[tuple[str, bytes]] = []
        self._unpublished_ready = anyio.Event()
        self._dropped = False  # updates were dropped unpublished: others must resync

    @staticmethod
    def stream(key: str) -> bytes:
        return f"obeya:u:{key}".encode()

    async def start(self, tg: TaskGroup) -> None:
        """Start reading; Redis may be down now (the process then starts not ready, and the
        readers and the health probe keep trying until it comes)."""
        self._tg = tg
        try:
            with anyio.fail_after(self.PING_TIMEOUT):
                await self.redis.ping()
        except Exception as exc:
            self._failed(exc)
            log.warning("starting without Redis; retrying", extra={"error": repr(exc)[:300]})
        tg.start_soon(supervise, "broker events", self._read_events, self._failed)
        tg.start_soon(supervise, "broker publisher", self._send_events, self._failed)
        tg.start_soon(supervise, "update publisher", self._send_updates, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._gap = True
        self.health.fail(REDIS, exc)

    def _recovered(self) -> None:
        self.health.ok(REDIS)
        if self._gap and self._subscribed and self._tg is not None:
            self._gap = False
            self._tg.start_soon(self._resync)

    async def _resync(self) -> None:
        if self.on_resync is None:
            return
        for delay in (0.0, RESYNC_AGAIN_AFTER):
            await anyio.sleep(delay)
            try:
                await self.on_resync()
            except Exception:
                log.exception("catching up after a broker gap failed")

    async def ping(self) -> None:
        try:
            with anyio.fail_after(self.PING_TIMEOUT):
                await self.redis.ping()
        except Exception as exc:
            self._failed(exc)
            raise
        self._recovered()

    async def position(self, key: str) -> str:
        try:
            last: Any = await self.redis.xrevrange(self.stream(key), count=1)
        except Exception as exc:
            # Stream ids are milliseconds: read on from now. What is missed meanwhile comes
            # from the store when Redis is back (see on_resync).
            self._failed(exc)
            return f"{int(time.time() * 1000)}-0"
        return last[0][0].decode() if last else "0-0"

    def follow(self, key: str, since: str) -> None:
        """From now on the channel's updates of ``key`` are applied; what the stream got
        after ``since`` and before that is read from it."""
        self.followed.add(key)
        if self._tg is not None:
            self._tg.start_soon(self._catch_up, key, since.encode())

    def unfollow(self, key: str) -> None:
        self.followed.discard(key)

    async def _catch_up(self, key: str, since: bytes) -> None:
        stream = self.stream(key)
        try:
            while key in self.followed:
                entries: Any = await self.redis.xrange(
                    stream, min=b"(" + since, count=self.CATCH_UP_PAGE
                )
                for entry_id, fields in entries:
                    since = entry_id
                    if fields[b"p"] != self.process and self.on_update is not None:
                        self.on_update(key, fields[b"u"])
                if len(entries) < self.CATCH_UP_PAGE:
                    return
        except Exception as exc:  # a gap: the resync after it reads the store
            self._failed(exc)
            log.warning("reading a stream failed", extra={"error": repr(exc)[:300]})

    async def publish(self, key: str, updates: list[bytes]) -> None:
        """Queue stored updates for the other processes; never waits for Redis."""
        if not updates:
            return
        self._unpublished.extend((key, update) for update in updates)
        self._trim()
        self._unpublished_ready.set()

    def _trim(self) -> None:
        excess = len(self._unpublished) - self.MAX_UNPUBLISHED
        if excess > 0:  # they are in the store: the others take them from there on resync
            del self._unpublished[:excess]
            if not self._dropped:
                log.warning("Redis away too long: dropping unpublished updates")
            self._dropped = True

    async def _send_updates(self) -> None:
        backoff = Backoff(first=0.1, cap=3.0)
        while True:
            if not self._unpublished:
                await self._unpublished_ready.wait()
                self._unpublished_ready = anyio.Event()
                continue
            batch = self._unpublished[: self.PUBLISH_BATCH]
            del self._unpublished[: len(batch)]
            try:
                await self._xadd(batch)
            except Exception as exc:  # queued again, first: retried once Redis answers
                self._unpublished[:0] = batch
                self._trim()
                self._failed(exc)
                await backoff.sleep()
                continue
            backoff.reset()
            self._recovered()
            if self._dropped:
                self._dropped = False
                self._queue({"t": "resync"})

    async def _xadd(self, batch: list[tuple[str, bytes]]) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            for key, update in batch:
                pipe.xadd(
                    self.stream(key),
                    {b"p": self.process, b"u": update},
                    maxlen=self.STREAM_MAXLEN,
                    approximate=True,
                )
                # after its XADD on this connection: a process that starts following the
                # document reads its stream after subscribing, so it gets the update from
                # one or the other (or both)
                pipe.publish(self.CHANNEL, self._pack(self.UPDATE, key, update))
            await pipe.execute()

    def _pack(self, kind: bytes, key: str, payload: bytes) -> bytes:
        name = key.encode()
        return b"".join((kind, self.process, struct.pack(">H", len(name)), name, payload))

    async def forget(self, keys: list[str]) -> None:
        """Drop queued updates of these documents, then their streams and board locks."""
        if not keys:
            return
        gone = set(keys)
        self._unpublished = [(k, u) for k, u in self._unpublished if k not in gone]
        boards = {key.split("/", 1)[0] for key in keys}
        names = [self.stream(key) for key in keys] + [self.lock_key(b) for b in sorted(boards)]
        try:
            await self.redis.delete(*names)
        except Exception as exc:  # the deleting process sweeps again a moment later
            self._failed(exc)
            log.warning("deleting streams failed", extra={"error": repr(exc)[:300]})

    @staticmethod
    def lock_key(board_id: str) -> str:
        return f"obeya:lock:board:{board_id}"

    def publish_awareness(self, key: str, frame: bytes) -> None:
        self._outbox.append(self._pack(self.AWARENESS, key, frame))
        self._outbox_ready.set()

    def query_presence(self, key: str) -> None:
        """A process that just loaded a room asks the others who is there: presence is not
        stored, and would otherwise only arrive with the next renewal, 15-30 s later."""
        self._queue({"t": "awq", "k": key})

    async def control(self, message: dict[str, Any]) -> None:
        await super().control(message)
        self._queue({"t": "ctl", "m": message})

    async def resync_room(self, key: str) -> None:
        # lost if Redis fails while sending it; then the resync after that gap covers it
        self._queue({"t": "resync", "k": key})

    def _queue(self, event: dict[str, Any]) -> None:
        event["p"] = self.process.decode()
        self._outbox.append(json.dumps(event).encode())
        self._outbox_ready.set()

    async def _send_events(self) -> None:
        while True:
            await self._outbox_ready.wait()
            self._outbox_ready = anyio.Event()
            batch, self._outbox = self._outbox, []
            try:
                async with self.redis.pipeline(transaction=False) as pipe:
                    for event in batch:
                        pipe.publish(self.CHANNEL, event)
                    await pipe.execute()
            except Exception as exc:  # presence renews itself; control is re-read on resync
                self._failed(exc)
                log.warning("publishing events failed", extra={"error": repr(exc)[:300]})

    async def _read_events(self) -> None:
        """Subscribe (again, after a failure: a fresh connection) and dispatch events."""
        pubsub = self.reader.pubsub()
        try:
            await pubsub.subscribe(self.CHANNEL)
            self._subscribed = True
            self._recovered()  # what was missed while unsubscribed comes from the store
            confirmed = False
            async for message in pubsub.listen():
                if message.get("type") == "subscribe":
                    # redis-py reconnects and subscribes again by itself: a second
                    # confirmation means the channel's messages of a while were lost
                    if confirmed:
                        self._gap = True
                        self._recovered()
                    confirmed = True
                    continue
                self._dispatch(message)
        finally:
            self._subscribed = False
            with anyio.CancelScope(shield=True), anyio.move_on_after(1):
                try:
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
                except Exception:
                    log.debug("closing a broken subscription failed", exc_info=True)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if message.get("type") != "message":
            return
        data: bytes = message["data"]
        kind = data[:1]
        if kind == self.UPDATE or kind == self.AWARENESS:
            self._binary(kind, data)
            return
        try:
            event = json.loads(data)
        except ValueError:
            log.warning("unreadable broker event dropped")
            return
        if isinstance(event, dict):
            self._handle(event)

    def _binary(self, kind: bytes, data: bytes) -> None:
        process = len(self.process)
        if data[1 : 1 + process] == self.process:
            return  # this process's own
        start = 3 + process
        try:
            (length,) = struct.unpack_from(">H", data, start - 2)
        except struct.error:
            log.warning("unreadable broker message dropped")
            return
        key = data[start : start + length].decode(errors="replace")
        if key not in self.followed:
            return
        payload = data[start + length :]
        if kind == self.UPDATE and self.on_update is not None:
            self.on_update(key, payload)
        elif kind == self.AWARENESS and self.on_awareness is not None:
            self.on_awareness(key, payload)

    def _handle(self, event: dict[str, Any]) -> None:
        if event.get("p") == self.process.decode():
            return
        kind, key = event.get("t"), event.get("k")
        if kind == "awq" and self.on_presence_query is not None and key in self.followed:
            self.on_presence_query(str(key))
        elif kind == "ctl" and self.on_control is not None:
            self.on_control(event["m"])
        elif kind == "resync" and isinstance(key, str):
            if self.on_room_resync is not None:
                self.on_room_resync(key)
        elif kind == "resync" and self._tg is not None:
            self._tg.start_soon(self._resync)

    @asynccontextmanager
    async def board_lock(self, board_id: str) -> AsyncIterator[None]:
        # Imported here, as Redis itself in __init__: a server without Redis need not load
        # redis-py (~6 MB).
        from redis.exceptions import RedisError

        lock = self.redis.lock(self.lock_key(board_id), timeout=30, blocking_timeout=30)
        try:
            acquired = await lock.acquire()
        except RedisError as exc:
            self.health.fail(REDIS, exc)
            raise Problem(
                503, "broker_unavailable", "Redis cannot be reached; retry shortly"
            ) from None
        if not acquired:
            raise Problem(503, "board_busy", "another command holds this board; retry")
        try:
            yield
        finally:
            try:
                await lock.release()
            except RedisError as exc:  # it expires by itself after its timeout
                log.warning("releasing a board lock failed", extra={"error": repr(exc)})

    async def close(self) -> None:
        await self.redis.aclose()
        await self.reader.aclose()
