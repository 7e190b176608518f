"""The broker's declared board lock: a no-op in one process, a Redis lock across processes
that serialises two holders of one board, and a clear 503 when Redis cannot be reached."""

from __future__ import annotations

import anyio
import pytest

from server.broker import Broker, LocalBroker, RedisBroker
from server.health import REDIS
from server.problems import Problem
from tests.support.services import free_port

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(60)]


async def test_one_process_holds_nothing_beyond_its_own_lock() -> None:
    broker = LocalBroker()
    async with broker.board_lock("b1"), broker.board_lock("b1"):
        pass  # nothing shared to wait for: the hub's per-board lock orders one process


@pytest.mark.services
async def test_two_brokers_take_turns_on_one_board(redis_url: str) -> None:
    first, second = RedisBroker(redis_url), RedisBroker(redis_url)
    order: list[str] = []

    async def hold(broker: Broker, name: str, seconds: float) -> None:
        async with broker.board_lock("b1"):
            order.append(f"{name} in")
            await anyio.sleep(seconds)
            order.append(f"{name} out")

    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(hold, first, "first", 0.5)
            await anyio.sleep(0.1)
            tg.start_soon(hold, second, "second", 0)
        with anyio.fail_after(5):  # another board is not held up by either
            async with first.board_lock("b2"), second.board_lock("b3"):
                pass
    finally:
        await first.close()
        await second.close()
    assert order == ["first in", "first out", "second in", "second out"]


async def test_an_unreachable_redis_refuses_with_503_and_marks_it_degraded() -> None:
    broker = RedisBroker(f"redis://127.0.0.1:{free_port()}/0")
    try:
        with pytest.raises(Problem) as refused:
            async with broker.board_lock("b1"):
                pytest.fail("the lock cannot be held without Redis")
    finally:
        await broker.close()
    assert (refused.value.status, refused.value.code) == (503, "broker_unavailable")
    assert REDIS in broker.health.degraded
