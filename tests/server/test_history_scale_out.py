"""Version history with two server processes on one PostgreSQL and one Redis: a restore made
through one process reaches the peers of the other, and its versions are in PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from pycrdt import Map

from tests.support.server import Server, server_pair
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = [pytest.mark.anyio, pytest.mark.services]


@pytest.fixture
def pair(tmp_path: Path, postgres_url: str, redis_url: str) -> Iterator[tuple[Server, Server]]:
    with server_pair(tmp_path, postgres_url, redis_url) as servers:
        yield servers


async def test_a_restore_through_one_process_reaches_peers_of_the_other(
    pair: tuple[Server, Server],
) -> None:
    a, b = pair
    setup = make_workshop(a)
    editor, _ = setup.join("editor", "Ana")
    async with YClient(setup.ws(editor)) as ana:  # on process a
        await ana.synced.wait()
        stickies = ana.doc.get("stickies", type=Map)
        for i in range(4):
            stickies[f"s{i}"] = Map({"text": f"便签 {i}"})
        await asyncio.sleep(0.5)
        status, named = b.request(
            "POST",
            f"/api/boards/{setup.board_id}/checkpoints",
            {"name": "全部"},
            token=setup.facilitator,
        )
        assert status == 201 and named["summary"] == {"stickies": {"added": 4}}
        with ana.doc.transaction():
            for i in range(3):
                del stickies[f"s{i}"]
        await asyncio.sleep(0.5)
        path = f"/api/boards/{setup.board_id}/checkpoints/{named['id']}/restore"
        status, body = await asyncio.to_thread(b.request, "POST", path, {}, setup.facilitator)
        assert status == 200, body
        await ana.wait_for(lambda: sorted(stickies.keys()) == ["s0", "s1", "s2", "s3"])
    status, listed = a.request(
        "GET", f"/api/boards/{setup.board_id}/checkpoints", token=setup.facilitator
    )
    assert [c["kind"] for c in listed] == ["before-restore", "named"]
