"""The Redis broker's update path between two brokers on a real Redis: a quiet reader stays
healthy (no failure, so no resync of every room), and updates cross in order without echo."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import anyio
import pytest

from server.broker import RESYNC_AGAIN_AFTER, RedisBroker
from server.health import REDIS

pytestmark = [pytest.mark.anyio, pytest.mark.services, pytest.mark.timeout(60)]


class Pair:
    def __init__(self, url: str) -> None:
        self.sender, self.receiver = RedisBroker(url), RedisBroker(url)
        self.echoed: list[tuple[str, bytes]] = []
        self.resynced: set[str] = set()
        self.both_resynced = anyio.Event()
        self.arrivals, self.received = anyio.create_memory_object_stream[tuple[str, bytes]](1000)
        self.receiver.on_update = lambda key, update: self.arrivals.send_nowait((key, update))
        self.sender.on_update = lambda key, update: self.echoed.append((key, update))

        def resync(name: str) -> Callable[[], Awaitable[None]]:
            async def done() -> None:
                self.resynced.add(name)
                if len(self.resynced) == 2:
                    self.both_resynced.set()

            return done

        self.receiver.on_resync = resync("receiver")
        self.sender.on_resync = resync("sender")

    async def receive(self, count: int) -> list[tuple[str, bytes]]:
        with anyio.fail_after(5):
            return [await self.received.receive() for _ in range(count)]


async def subscribed(redis_url: str, count: int) -> None:
    from redis.asyncio import Redis

    admin = Redis.from_url(redis_url)
    try:
        for _ in range(100):
            [(_, listening)] = await admin.pubsub_numsub(RedisBroker.CHANNEL)
            if listening >= count:
                return
            await anyio.sleep(0.05)
        raise AssertionError("the brokers did not subscribe")
    finally:
        await admin.aclose()


@pytest.fixture
async def pair(redis_url: str) -> AsyncIterator[Pair]:
    pair = Pair(redis_url)
    try:
        async with anyio.create_task_group() as tg:
            await pair.sender.start(tg)
            await pair.receiver.start(tg)
            await subscribed(redis_url, 2)
            # the first subscription catches up with the store (rooms may have loaded
            # before it), once at once and once a moment later
            with anyio.fail_after(5):
                await pair.both_resynced.wait()
            await anyio.sleep(RESYNC_AGAIN_AFTER + 0.2)
            pair.resynced.clear()
            pair.both_resynced = anyio.Event()
            yield pair
            tg.cancel_scope.cancel()
    finally:
        await pair.sender.close()
        await pair.receiver.close()
        pair.arrivals.close()
        pair.received.close()


async def test_a_quiet_reader_stays_healthy_and_then_relays(pair: Pair) -> None:
    key = "quiet/content"
    for broker in (pair.sender, pair.receiver):
        broker.follow(key, await broker.position(key))
    # longer than two blocking reads of 5 s: a read that times out on its own socket is a
    # Redis failure, which marks the process not ready and resyncs every loaded room
    await anyio.sleep(11)
    assert pair.receiver.health.ready and pair.sender.health.ready
    assert REDIS not in pair.receiver.health.degraded
    assert not pair.resynced
    await pair.sender.publish(key, [b"one", b"two"])
    assert await pair.receive(2) == [(key, b"one"), (key, b"two")]
    assert pair.echoed == []  # a process never applies its own updates again


async def test_a_process_loading_a_room_misses_nothing_published_meanwhile(pair: Pair) -> None:
    key = "busy/content"
    pair.sender.follow(key, await pair.sender.position(key))
    # the receiver notes the stream's position, then "loads the document from the store"
    # while the sender goes on publishing: those updates reach it from the stream
    since = await pair.receiver.position(key)
    await pair.sender.publish(key, [b"during load 1", b"during load 2"])
    await anyio.sleep(0.3)  # published and gone past on the channel, unfollowed
    pair.receiver.follow(key, since)
    await pair.sender.publish(key, [b"after"])
    got = await pair.receive(3)
    assert sorted(got) == [(key, b"after"), (key, b"during load 1"), (key, b"during load 2")]


async def test_presence_crosses_and_other_rooms_are_ignored(pair: Pair) -> None:
    frames: list[tuple[str, bytes]] = []
    arrived = anyio.Event()

    def seen(key: str, frame: bytes) -> None:
        frames.append((key, frame))
        arrived.set()

    pair.receiver.on_awareness = seen
    pair.receiver.follow("followed/content", await pair.receiver.position("followed/content"))
    pair.sender.publish_awareness("other/content", b"\x01\x02")
    await pair.sender.publish("other/content", [b"not followed"])
    pair.sender.publish_awareness("followed/content", b"\x00\xff{")
    await pair.sender.publish("followed/content", [b"followed"])
    assert await pair.receive(1) == [("followed/content", b"followed")]
    with anyio.fail_after(5):  # presence goes out by its own queue, in order
        await arrived.wait()
    assert frames == [("followed/content", b"\x00\xff{")]


async def test_a_subscription_dropped_and_renewed_by_redis_py_resyncs(
    pair: Pair, redis_url: str
) -> None:
    from redis.asyncio import Redis

    admin = Redis.from_url(redis_url)
    try:
        await anyio.sleep(0.2)
        assert not pair.resynced
        # the subscribers' connections are cut; redis-py subscribes again by itself, and what
        # was published meanwhile never reaches them: the store must be read again
        await admin.client_kill_filter(_type="pubsub")
        with anyio.fail_after(10):
            await pair.both_resynced.wait()
    finally:
        await admin.aclose()


async def test_unreadable_messages_on_the_channel_are_dropped(pair: Pair, redis_url: str) -> None:
    from redis.asyncio import Redis

    key = "garbled/content"
    pair.receiver.follow(key, await pair.receiver.position(key))
    admin = Redis.from_url(redis_url)
    try:
        for junk in (b"U", b"Ushort", b"A" + b"x" * 13, b"{not json", b"[1, 2]"):
            await admin.publish(RedisBroker.CHANNEL, junk)
    finally:
        await admin.aclose()
    await pair.sender.publish(key, [b"still relayed"])
    assert await pair.receive(1) == [(key, b"still relayed")]
    assert not pair.resynced  # the subscription never broke
