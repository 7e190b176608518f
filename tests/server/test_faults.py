"""Dependencies failing while several peers keep typing: Redis killed and restarted (one and
two processes), PostgreSQL restarted, the disk filling up during compaction, a start without
Redis. The peers are the stock npm y-websocket client and pycrdt clients that reconnect by
themselves the same way (tests/support/typists.py); no test reconnects a client by hand.

Afterwards every peer holds exactly what was written, everything any peer saw is in the store
(read from the database itself once the servers stopped), and ``/readyz`` answered 503 naming
the dependency while it was down and 200 after.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from pycrdt import Map

from boards.ledger import read_analysis
from tests.support.outages import Postgres, Readiness, Redis, fill, fresh_database, mount_tmpfs
from tests.support.server import Server
from tests.support.services import free_port
from tests.support.typists import Crowd, stored_keys
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import ReconnectingYClient, YClient

pytestmark = [pytest.mark.anyio, pytest.mark.services, pytest.mark.node, pytest.mark.timeout(60)]

OUTAGE = 3.0  # seconds a dependency stays broken while the peers type
CLOSE_STORAGE_UNAVAILABLE = 4503


async def outage(
    crowd: Crowd,
    readyz: Readiness,
    dependency: str,
    *,
    down: Callable[[], Awaitable[object]],
    up: Callable[[], Awaitable[object]],
    meanwhile: Callable[[], Awaitable[None]] | None = None,
) -> tuple[set[str], set[str]]:
    """Type; break ``dependency``; type on; mend it; type on; stop. Every peer must then
    converge by itself, and ``/readyz`` must have told the truth. (written, seen)."""
    await crowd.type()
    await asyncio.sleep(1)
    await down()
    broken = time.monotonic()
    await asyncio.sleep(OUTAGE)
    if meanwhile is not None:
        await meanwhile()
    mended = time.monotonic()
    await up()
    await readyz.until(200)
    await asyncio.sleep(1)
    written = await crowd.stop()
    await crowd.converged()
    readyz.told_truth(dependency, broken, mended)
    return written, await crowd.seen()


async def started(*servers: Server, until: str = "/readyz") -> tuple[Server, ...]:
    """Start server processes side by side (each takes seconds to import and migrate)."""
    starts = (asyncio.to_thread(s.start, until=until) for s in servers)
    answers = await asyncio.gather(*starts, return_exceptions=True)
    failed = [answer for answer in answers if isinstance(answer, BaseException)]
    if failed:
        await stopped(*(s for s in servers if s.process is not None))
        raise failed[0]
    return servers


async def stopped(*servers: Server) -> None:
    await asyncio.gather(*(asyncio.to_thread(s.stop) for s in servers if s.process is not None))


def blocking(fn: Callable[[], object]) -> Callable[[], Awaitable[object]]:
    return lambda: asyncio.to_thread(fn)


def refusals(states: list[dict[str, Any]]) -> int:
    """How often peers were told 4503 (write not stored: reconnect and re-send)."""
    return sum(state["closes"].count(CLOSE_STORAGE_UNAVAILABLE) for state in states)


async def test_redis_killed_during_writes_one_process(tmp_path: Path) -> None:
    redis = Redis(tmp_path / "redis")
    server = Server(tmp_path / "data", env={"OBEYA_REDIS_URL": redis.url})
    try:
        redis.start()
        server.start()
        setup = make_workshop(server)
        async with Crowd(setup, [server]) as crowd, Readiness(server) as readyz:
            written, seen = await outage(
                crowd, readyz, "redis", down=blocking(redis.kill), up=blocking(redis.start)
            )
    finally:
        await stopped(server)
        redis.kill()
    stored = stored_keys(f"sqlite:///{tmp_path / 'data' / 'obeya.db'}", setup.board_id)
    assert stored == written and seen <= stored


async def test_redis_killed_during_writes_two_processes(tmp_path: Path, postgres_url: str) -> None:
    database = fresh_database(postgres_url)
    redis = Redis(tmp_path / "redis")
    env = {"OBEYA_DATABASE_URL": database, "OBEYA_REDIS_URL": redis.url}
    a, b = Server(tmp_path / "a", env=env), Server(tmp_path / "b", env=env)
    try:
        redis.start()
        await started(a, b)
        setup = make_workshop(a)
        async with Crowd(setup, [a, b]) as crowd, Readiness(a, b) as readyz:
            written, seen = await outage(
                crowd, readyz, "redis", down=blocking(redis.kill), up=blocking(redis.start)
            )
    finally:
        await stopped(a, b)
        redis.kill()
    stored = stored_keys(database, setup.board_id)
    assert stored == written and seen <= stored


async def test_postgres_hung_then_restarted_during_writes(tmp_path: Path) -> None:
    """First the database hangs (SIGSTOP: connections stay open, nothing answers), then it
    restarts; each time writers are refused in time, and catch up by themselves after."""
    pg = Postgres(Path(f"/tmp/obeya-faults-pg-{free_port()}"))
    env = {"OBEYA_DATABASE_URL": pg.url, "OBEYA_STORAGE_TIMEOUT_SECONDS": "1.5"}
    server = Server(tmp_path / "data", env=env)
    try:
        server.start()
        setup = make_workshop(server)

        async def commands_refused() -> None:
            status, body = await asyncio.to_thread(setup.command, setup.facilitator, "board.lock")
            assert status == 503, body

        async with Crowd(setup, [server]) as crowd, Readiness(server) as readyz:
            for down, up in ((pg.pause, pg.resume), (pg.stop, pg.start)):
                before = refusals(await crowd.states())
                written, seen = await outage(
                    crowd,
                    readyz,
                    "database",
                    down=blocking(down),
                    up=blocking(up),
                    meanwhile=commands_refused,
                )
                assert refusals(await crowd.states()) > before
        server.stop()
        stored = stored_keys(pg.url, setup.board_id)
    finally:
        with contextlib.suppress(OSError):
            pg.resume()
        await stopped(server)
        pg.remove()
    assert stored == written and seen <= stored


@contextlib.asynccontextmanager
async def log_left_to_compact(setup: Setup) -> AsyncIterator[tuple[str, set[str]]]:
    """A second board written to, its peers connected until the context ends: only then does
    its room start the ``room_idle_seconds`` wait, unload and compact its log. (board id, keys)"""
    status, board = setup.server.request(
        "POST",
        f"/api/workshops/{setup.workshop_id}/boards",
        {"kind": "notes", "title": "idle"},
        token=setup.facilitator,
    )
    assert status == 201, board
    url = setup.ws(setup.facilitator, board_id=board["id"])
    keys = {f"idle-{i}" for i in range(5)}
    async with YClient(url) as writer, YClient(url) as reader:
        await writer.synced.wait()
        for key in sorted(keys):
            writer.doc.get("stickies", type=Map)[key] = "x"
        await reader.wait_for(lambda: set(reader.doc.get("stickies", type=Map)) == keys)
        yield str(board["id"]), keys


async def test_full_disk_during_compaction(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "16m")
    database = f"sqlite:///{disk / 'obeya.db'}"  # the server's log stays off the full disk
    env = {"OBEYA_DATABASE_URL": database, "OBEYA_ROOM_IDLE_SECONDS": "1"}
    server = Server(tmp_path / "data", env=env)
    try:
        server.start()
        setup = make_workshop(server)
        async with Crowd(setup, [server]) as crowd, Readiness(server) as readyz:

            async def fill_while_a_log_waits() -> None:
                async with log_left_to_compact(setup) as left:
                    idle.append(left)
                    # Full before its peers leave: the room compacts on a full disk (filling
                    # after they left raced the one-second idle wait and sometimes lost).
                    fill(disk)

            idle: list[tuple[str, set[str]]] = []

            async def compaction_refused() -> None:
                # The left room unloads within a tick or two of its idle wait; the disk
                # stays full until it has tried.
                line = f'"compaction failed", "room": "{idle[0][0]}/content"'
                for _ in range(100):
                    if line in server.log():
                        return
                    await asyncio.sleep(0.1)

            written, seen = await outage(
                crowd,
                readyz,
                "disk",
                down=fill_while_a_log_waits,
                up=blocking((disk / "filler").unlink),
                meanwhile=compaction_refused,
            )
            assert refusals(await crowd.states())
        server.stop()
        board, keys = idle[0]
        assert f'"compaction failed", "room": "{board}/content"' in server.log()
        stored = stored_keys(database, setup.board_id)
        assert stored_keys(database, board) == keys  # its failed compaction lost nothing
    finally:
        await stopped(server)
        subprocess.run(["umount", "-l", str(disk)])  # noqa: ASYNC221
    assert stored == written and seen <= stored


async def test_starts_while_redis_is_down_then_becomes_ready(
    tmp_path: Path, postgres_url: str
) -> None:
    database = fresh_database(postgres_url)
    redis = Redis(tmp_path / "redis")  # not started
    env = {"OBEYA_DATABASE_URL": database, "OBEYA_REDIS_URL": redis.url}
    servers = (Server(tmp_path / "a", env=env), Server(tmp_path / "b", env=env))
    a, b = servers
    try:
        await started(a, b, until="/healthz")
        setup = make_workshop(a)  # what needs no Redis is served
        async with Crowd(setup, [a, b]) as crowd, Readiness(a, b) as readyz:
            await crowd.type()
            await asyncio.sleep(2)
            redis.start()
            came = time.monotonic()
            await readyz.until(200)
            await asyncio.sleep(1)
            written = await crowd.stop()
            await crowd.converged()  # each process's peers were apart until Redis came
            seen = await crowd.seen()
            before = [(s, what) for at, s, what in readyz.samples if at < came]
            assert before and all(s == 503 and what == "redis" for s, what in before), before
    finally:
        await stopped(a, b)
        redis.kill()
    stored = stored_keys(database, setup.board_id)
    assert stored == written and seen <= stored


async def test_hung_redis_never_stalls_local_peers(tmp_path: Path) -> None:
    redis = Redis(tmp_path / "redis")
    server = Server(tmp_path / "data", env={"OBEYA_REDIS_URL": redis.url})
    try:
        redis.start()
        server.start()
        setup = make_workshop(server)
        url = setup.ws(setup.facilitator)
        async with YClient(url) as writer, YClient(url) as reader, Readiness(server) as readyz:
            await writer.synced.wait()
            await reader.synced.wait()
            notes, seen = writer.doc.get("stickies", type=Map), reader.doc.get("stickies", type=Map)
            redis.pause()  # accepts connections, answers nothing: every Redis call times out
            hung = time.monotonic()
            for i in range(6):
                notes[f"k{i}"] = "x"
                await reader.wait_for(lambda i=i: f"k{i}" in seen, timeout=1)
                await asyncio.sleep(0.5)
            resumed = time.monotonic()
            redis.resume()
            await readyz.until(200)
            readyz.told_truth("redis", hung, resumed)
    finally:
        await stopped(server)
        redis.kill()


async def test_analysis_refused_by_a_full_disk_is_retried_until_stored(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "16m")
    env = {
        "OBEYA_DATABASE_URL": f"sqlite:///{disk / 'obeya.db'}",
        "OBEYA_ANALYSIS_DEBOUNCE_SECONDS": "1",  # the change is stored before the disk fills,
        "OBEYA_ANALYSIS_MAX_WAIT_SECONDS": "1",  # its analysis runs after
    }
    server = Server(tmp_path / "data", env=env)
    try:
        server.start()
        setup = make_workshop(server)
        content, ledger = setup.ws(setup.facilitator), setup.ws(setup.facilitator, room="ledger")

        def words() -> object:
            return (read_analysis(watcher.doc) or {}).get("words")

        async with (
            YClient(content) as editor,
            YClient(content) as reader,
            ReconnectingYClient(ledger) as watcher,
        ):
            await editor.synced.wait()
            await watcher.synced.wait()
            editor.doc.get("stickies", type=Map)["s"] = Map({"text": "three words here"})
            await reader.wait_for(lambda: "s" in reader.doc.get("stickies", type=Map))
            fill(disk)
            await asyncio.sleep(2.5)
            assert words() != 3 and "analysis postponed" in server.log()
            (disk / "filler").unlink()
            await watcher.wait_for(lambda: words() == 3, timeout=10)
    finally:
        await stopped(server)
        subprocess.run(["umount", "-l", str(disk)])  # noqa: ASYNC221
