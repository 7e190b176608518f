"""Version history with two server processes on one PostgreSQL and one Redis: a restore made
through one process reaches the peers of the other, and its versions are in PostgreSQL."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from pycrdt import Map

from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = [pytest.mark.anyio, pytest.mark.services]


@pytest.fixture
def pair(tmp_path: Path, postgres_url: str, redis_url: str) -> Iterator[tuple[Server, Server]]:
    import sqlalchemy

    name = f"history{random.randrange(10**9)}"
    admin = sqlalchemy.create_engine(postgres_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    env = {
        "OBEYA_DATABASE_URL": postgres_url.rsplit("/", 1)[0] + "/" + name,
        "OBEYA_REDIS_URL": redis_url,
    }
    a = Server(tmp_path / "a", env=env).start()
    b = Server(tmp_path / "b", env=env).start()
    yield a, b
    for srv in (a, b):
        srv.stop()


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
