"""Two server processes on one PostgreSQL and one Redis behave as one server."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pycrdt import Doc, Map, Text

from server.protocol import Reader
from tests.support.server import Server, server_pair
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = [pytest.mark.anyio, pytest.mark.services]


@pytest.fixture
def pair(tmp_path: Path, postgres_url: str, redis_url: str) -> Iterator[tuple[Server, Server]]:
    with server_pair(tmp_path, postgres_url, redis_url) as servers:
        yield servers


def clocks(client: YClient) -> dict[int, int]:
    """A document's state vector as {client id: clock}: its encoding's order is not canonical."""
    reader = Reader(client.doc.get_state())
    return dict((reader.varuint(), reader.varuint()) for _ in range(reader.varuint()))


def canonical(client: YClient) -> bytes:
    fresh: Doc = Doc()
    fresh.apply_update(client.doc.get_update())
    return fresh.get_update()


def on(setup: Setup, srv: Server, token: str, room: str = "content") -> str:
    return setup.ws(token, room).replace(setup.server.ws_url, srv.ws_url)


async def test_edits_through_both_processes_converge_byte_identically(pair) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    setup = make_workshop(a)
    token = setup.facilitator
    async with (
        YClient(on(setup, a, token)) as a1,
        YClient(on(setup, a, token)) as a2,
        YClient(on(setup, b, token)) as b1,
        YClient(on(setup, b, token)) as b2,
    ):
        clients = [a1, a2, b1, b2]
        for c in clients:
            await c.synced.wait()
        rng = random.Random(7)
        for i in range(200):
            c = rng.choice(clients)
            if rng.random() < 0.5:
                text = c.doc.get("text", type=Text)
                # pycrdt 0.14 Text offsets are UTF-8 bytes, and an offset inside a character
                # panics after merges: insert at the ends only.
                text.insert(rng.choice([0, len(text)]), rng.choice(["甲", "乙", "x", "丙丁"]))
            else:
                c.doc.get("stickies", type=Map)[f"s{rng.randint(0, 20)}"] = Map({"text": str(i)})
            if i % 10 == 0:
                await asyncio.sleep(0.01)
        for _ in range(200):
            if all(clocks(c) == clocks(a1) for c in clients):
                break
            await asyncio.sleep(0.05)
        # Byte-identical documents. A document's own encoding depends on the order it received
        # updates in (how deleted runs were merged), so compare each one re-encoded from scratch.
        assert len({canonical(c) for c in clients}) == 1
        assert len({str(c.doc.get("text", type=Text)) for c in clients}) == 1
    async with YClient(on(setup, b, token)) as late:  # a process loading from the shared store
        await late.synced.wait()
        assert clocks(late) == clocks(a1)


async def test_presence_crosses_processes(pair) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    setup = make_workshop(a)
    async with (
        YClient(on(setup, a, setup.facilitator)) as x,
        YClient(on(setup, b, setup.facilitator)) as y,
    ):
        await x.synced.wait()
        await y.synced.wait()
        await x.set_awareness(4242, 1, {"user": {"name": "跨进程"}})
        await y.wait_for(lambda: y.awareness.get(4242) == {"user": {"name": "跨进程"}})
        async with YClient(on(setup, b, setup.facilitator)) as z:  # greeted with remote states
            await z.wait_for(lambda: 4242 in z.awareness)
        await x.close()
        await y.wait_for(lambda: y.awareness.get(4242, "gone") is None)


async def test_killing_one_process_loses_nothing_its_clients_saw(pair) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    setup = make_workshop(a)
    token = setup.facilitator
    async with YClient(on(setup, a, token)) as writer, YClient(on(setup, b, token)) as watcher:
        await writer.synced.wait()
        await watcher.synced.wait()
        notes = writer.doc.get("stickies", type=Map)

        async def write() -> None:
            for i in range(100_000):
                notes[f"k{i}"] = Map({"text": f"{i}"})
                await asyncio.sleep(0.002)

        task = asyncio.create_task(write())
        seen = watcher.doc.get("stickies", type=Map)
        await watcher.wait_for(lambda: len(seen) >= 200, timeout=20)
        a.kill()
        task.cancel()
        await writer.wait_closed()  # the socket died with its process (no close frame: 1006)
        assert writer.ws.close_code in (None, 1006)
        received = set(seen.keys())
        # The writer's client reconnects to the surviving process with its whole document.
        async with YClient(on(setup, b, token), doc=writer.doc) as again:
            await again.synced.wait()
            await watcher.wait_for(
                lambda: set(writer.doc.get("stickies", type=Map).keys()) <= set(seen.keys()),
                timeout=10,
            )
    async with YClient(on(setup, b, token)) as fresh:
        await fresh.synced.wait()
        assert received <= set(fresh.doc.get("stickies", type=Map).keys())


async def test_vote_budget_holds_across_processes(pair) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    setup = make_workshop(a, kind="ideas")
    async with YClient(on(setup, a, setup.facilitator)) as c:
        await c.synced.wait()
        for i in range(3):
            c.doc.get("cards", type=Map)[f"i{i}"] = Map({"title": f"想法{i}"})
        async with YClient(on(setup, b, setup.facilitator)) as d:
            await d.wait_for(lambda: len(d.doc.get("cards", type=Map)) == 3)
    assert (
        setup.command(
            setup.facilitator, "ideas.open_round", {"budget": 4, "cap": 4, "hidden": False}
        )[0]
        == 200
    )
    voter, _ = setup.join("editor", "双开")

    def vote(n: int) -> int:
        srv = (a, b)[n % 2]
        return srv.request(
            "POST",
            f"/api/boards/{setup.board_id}/commands",
            {
                "command": "ideas.vote",
                "payload": {"idea_id": f"i{n % 3}"},
                "idempotency_key": str(uuid.uuid4()),
            },
            token=voter,
        )[0]

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(vote, range(30)))
    assert statuses.count(200) == 4
    async with YClient(on(setup, b, voter, "ledger")) as led:
        await led.synced.wait()
        await led.wait_for(
            lambda: sum((led.doc.get("tallies", type=Map).to_py() or {}).values()) == 4
        )


async def test_a_process_loading_a_room_learns_who_is_already_there(pair) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    setup = make_workshop(a)
    async with YClient(on(setup, a, setup.facilitator)) as early:
        await early.synced.wait()
        await early.set_awareness(777, 1, {"user": {"name": "先到的人"}})
        await early.wait_for(lambda: 777 in early.awareness)
        # Process b has not loaded this board yet: presence is not stored anywhere, so b must
        # ask a -- not wait for the next renewal, 15-30 s away.
        async with YClient(on(setup, b, setup.facilitator)) as late:
            await late.wait_for(lambda: 777 in late.awareness, timeout=3)
