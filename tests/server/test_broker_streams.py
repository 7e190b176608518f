"""The Redis broker's update path between two brokers on a real Redis: a quiet reader stays
healthy (no failure, so no resync of every room), and updates cross in order without echo."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import pytest

from server.broker import RedisBroker
from server.health import REDIS

pytestmark = [pytest.mark.anyio, pytest.mark.services, pytest.mark.timeout(60)]


class Pair:
    def __init__(self, url: str) -> None:
        self.sender, self.receiver = RedisBroker(url), RedisBroker(url)
        self.echoed: list[tuple[str, bytes]] = []
        self.resyncs = 0
        self.arrivals, self.received = anyio.create_memory_object_stream[tuple[str, bytes]](1000)
        self.receiver.on_update = lambda key, update: self.arrivals.send_nowait((key, update))
        self.sender.on_update = lambda key, update: self.echoed.append((key, update))

        async def resync() -> None:
            self.resyncs += 1

        self.receiver.on_resync = resync
        self.sender.on_resync = resync

    async def receive(self, count: int) -> list[tuple[str, bytes]]:
        with anyio.fail_after(5):
            return [await self.received.receive() for _ in range(count)]


@pytest.fixture
async def pair(redis_url: str) -> AsyncIterator[Pair]:
    pair = Pair(redis_url)
    try:
        async with anyio.create_task_group() as tg:
            await pair.sender.start(tg)
            await pair.receiver.start(tg)
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
    assert pair.resyncs == 0
    await pair.sender.publish(key, [b"one", b"two"])
    assert await pair.receive(2) == [(key, b"one"), (key, b"two")]
    assert pair.echoed == []  # a process never applies its own updates again
