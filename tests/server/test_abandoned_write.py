"""A document write the server gave up on (past its storage timeout) whose transaction still
commits afterwards. Its update is then in the store although the room refused it (4503) and
never published it: every process's peers must still get it, even when its writer never
comes back to re-send it (a closed tab)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy
from pycrdt import Map

from server.broker import RESYNC_AGAIN_AFTER
from tests.support.outages import fresh_database
from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = [pytest.mark.anyio, pytest.mark.services, pytest.mark.timeout(90)]

CLOSE_STORAGE_UNAVAILABLE = 4503


def stickies(client: YClient) -> Map:
    return client.doc.get("stickies", type=Map)


async def test_a_write_that_commits_after_its_timeout_reaches_the_other_process(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    database = fresh_database(postgres_url)
    env = {
        "OBEYA_DATABASE_URL": database,
        "OBEYA_REDIS_URL": redis_url,
        "OBEYA_STORAGE_TIMEOUT_SECONDS": "1.5",
    }
    a, b = Server(tmp_path / "a", env=env), Server(tmp_path / "b", env=env)
    blocker = sqlalchemy.create_engine(database.replace("postgresql://", "postgresql+psycopg://"))
    try:
        await asyncio.gather(asyncio.to_thread(a.start), asyncio.to_thread(b.start))
        setup = make_workshop(a)
        url = setup.ws(setup.facilitator, "content")
        async with (
            YClient(url.replace(setup.server.ws_url, a.ws_url)) as writer,
            YClient(url.replace(setup.server.ws_url, b.ws_url)) as reader,
        ):
            await asyncio.wait_for(asyncio.gather(writer.synced.wait(), reader.synced.wait()), 10)
            stickies(writer)["first"] = "stored in time"
            await reader.wait_for(lambda: "first" in stickies(reader), timeout=10)
            # past the catch-ups every process makes from the store once it first subscribes
            # to Redis, which would bring the update over by chance
            await asyncio.sleep(RESYNC_AGAIN_AFTER + 1)

            # Another transaction holds the update log: process a's insert waits past the
            # storage timeout, is given up on (4503), and commits once the lock goes.
            with blocker.connect() as held:
                held.execute(sqlalchemy.text("LOCK TABLE docupdate IN EXCLUSIVE MODE"))
                stickies(writer)["late"] = "committed after the timeout"
                assert await writer.wait_closed(timeout=15) == CLOSE_STORAGE_UNAVAILABLE
                held.rollback()  # releases the lock; the abandoned insert goes on and commits

            # The store has it: a peer loading the document from process a sees it.
            async with YClient(url.replace(setup.server.ws_url, a.ws_url)) as fresh:
                await fresh.wait_for(lambda: "late" in stickies(fresh), timeout=10)

            await reader.wait_for(lambda: "late" in stickies(reader), timeout=20)
            assert stickies(reader)["late"] == "committed after the timeout"
    finally:
        blocker.dispose()
        await asyncio.gather(asyncio.to_thread(a.stop), asyncio.to_thread(b.stop))
