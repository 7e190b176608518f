"""Fan-out across server processes.

``LocalBroker`` (one process) does nothing. ``RedisBroker`` carries, between processes:

* document updates through one Redis Stream per document (``obeya:u:<doc key>``): offsets,
  so a process that lags or joins a busy room misses nothing -- it notes the stream's last
  id *before* loading the document from the store, then reads on from there (an update
  both loaded and read is applied twice, which a CRDT ignores);
* presence frames and control messages (lock, finish, revocation) through pub/sub, where a
  lost message costs at most a presence renewal.

Only deltas a process persisted itself are published, each with the process id, so nothing
echoes back; sync replies are never published.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from typing import Any, Protocol

import anyio
from anyio.abc import TaskGroup

log = logging.getLogger("obeya.broker")

OnUpdate = Callable[[str, bytes], None]  # (doc key, update)
OnAwareness = Callable[[str, bytes], None]  # (doc key, awareness frame)
OnControl = Callable[[dict[str, Any]], None]
OnPresenceQuery = Callable[[str], None]  # (doc key): announce this process's presence there


class Broker(Protocol):
    on_update: OnUpdate | None
    on_awareness: OnAwareness | None
    on_control: OnControl | None
    on_presence_query: OnPresenceQuery | None

    async def start(self, tg: TaskGroup) -> None: ...

    async def position(self, key: str) -> str: ...

    def follow(self, key: str, since: str) -> None: ...

    def unfollow(self, key: str) -> None: ...

    async def publish(self, key: str, updates: list[bytes]) -> None: ...

    def publish_awareness(self, key: str, frame: bytes) -> None: ...

    def query_presence(self, key: str) -> None: ...

    async def control(self, message: dict[str, Any]) -> None: ...

    async def close(self) -> None: ...


class LocalBroker:
    """One process: every peer is local, nothing to carry."""

    def __init__(self) -> None:
        self.on_update: OnUpdate | None = None
        self.on_awareness: OnAwareness | None = None
        self.on_control: OnControl | None = None
        self.on_presence_query: OnPresenceQuery | None = None

    async def start(self, tg: TaskGroup) -> None:
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

    async def close(self) -> None:
        return None


class RedisBroker(LocalBroker):
    STREAM_MAXLEN = 10_000
    CHANNEL = b"obeya:events"

    def __init__(self, url: str) -> None:
        super().__init__()
        from redis.asyncio import Redis

        self.redis = Redis.from_url(url)
        self.reader = Redis.from_url(url)
        self.process = secrets.token_hex(6).encode()
        self.wake_key = b"obeya:wake:" + self.process
        self.followed: dict[str, bytes] = {}
        self._tg: TaskGroup | None = None
        self._outbox: list[bytes] = []
        self._outbox_ready = anyio.Event()

    @staticmethod
    def stream(key: str) -> bytes:
        return f"obeya:u:{key}".encode()

    async def start(self, tg: TaskGroup) -> None:
        self._tg = tg
        await self.redis.ping()
        tg.start_soon(self._read_streams)
        tg.start_soon(self._read_events)
        tg.start_soon(self._send_events)

    async def position(self, key: str) -> str:
        last: Any = await self.redis.xrevrange(self.stream(key), count=1)
        return last[0][0].decode() if last else "0-0"

    def follow(self, key: str, since: str) -> None:
        self.followed[key] = since.encode()
        if self._tg is not None:
            self._tg.start_soon(self._wake)

    def unfollow(self, key: str) -> None:
        self.followed.pop(key, None)

    async def _wake(self) -> None:
        await self.redis.xadd(self.wake_key, {b"w": b"1"}, maxlen=10)

    async def publish(self, key: str, updates: list[bytes]) -> None:
        if not updates:
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for update in updates:
                pipe.xadd(
                    self.stream(key),
                    {b"p": self.process, b"u": update},
                    maxlen=self.STREAM_MAXLEN,
                    approximate=True,
                )
            await pipe.execute()

    def publish_awareness(self, key: str, frame: bytes) -> None:
        self._queue({"t": "aw", "k": key, "f": frame.hex()})

    def query_presence(self, key: str) -> None:
        """A process that just loaded a room asks the others who is there: presence is not
        stored, and would otherwise only arrive with the next renewal, 15-30 s later."""
        self._queue({"t": "awq", "k": key})

    async def control(self, message: dict[str, Any]) -> None:
        await super().control(message)
        self._queue({"t": "ctl", "m": message})

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
            except Exception:
                log.exception("publishing events failed")

    async def _read_events(self) -> None:
        pubsub = self.reader.pubsub()
        await pubsub.subscribe(self.CHANNEL)
        async for message in pubsub.listen():
            if message.get("type") != "message":
                continue
            event = json.loads(message["data"])
            if event.get("p") == self.process.decode():
                continue
            if event["t"] == "aw" and self.on_awareness is not None and event["k"] in self.followed:
                self.on_awareness(event["k"], bytes.fromhex(event["f"]))
            elif (
                event["t"] == "awq"
                and self.on_presence_query is not None
                and event["k"] in self.followed
            ):
                self.on_presence_query(event["k"])
            elif event["t"] == "ctl" and self.on_control is not None:
                self.on_control(event["m"])

    async def _read_streams(self) -> None:
        # A blocking XREAD over every followed stream plus this process's wake stream, which
        # follow() writes to so a newly followed document joins the read at once.
        wake_since = b"$"
        while True:
            streams: dict[Any, Any] = {self.wake_key: wake_since}
            keys = {self.stream(k): k for k in self.followed}
            streams.update({stream: self.followed[key] for stream, key in keys.items()})
            try:
                answer: Any = await self.reader.xread(streams, block=5000, count=500)
            except Exception:
                log.exception("reading update streams failed; retrying")
                await anyio.sleep(0.5)
                continue
            for stream, entries in answer or []:
                if stream == self.wake_key:
                    wake_since = entries[-1][0]
                    continue
                key = keys.get(stream)
                if key is None or key not in self.followed:
                    continue
                for entry_id, fields in entries:
                    self.followed[key] = entry_id
                    if fields[b"p"] != self.process and self.on_update is not None:
                        self.on_update(key, fields[b"u"])

    async def close(self) -> None:
        await self.redis.aclose()
        await self.reader.aclose()
