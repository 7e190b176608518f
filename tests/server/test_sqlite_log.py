"""Updates committed to SQLite on the event loop (server/sqlite_log.py): a write lock held by
someone else never stalls the loop, nothing is sent before it is stored, and the WAL is
checkpointed off the loop."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
from pycrdt import Map

from server.db import make_engine, migrate
from server.sqlite_log import HAND_OVER_BYTES
from server.store import Database
from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio


async def test_a_write_lock_held_elsewhere_delays_the_update_but_never_the_loop(
    server: Server,
) -> None:
    setup = make_workshop(server)
    token = setup.facilitator
    async with YClient(setup.ws(token)) as writer, YClient(setup.ws(token)) as watcher:
        await writer.synced.wait()
        await watcher.synced.wait()
        seen = watcher.doc.get("stickies", type=Map)
        # Another process's transaction (here: this test's) holds SQLite's write lock.
        holder = sqlite3.connect(server.data_dir / "obeya.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            writer.doc.get("stickies", type=Map)["held"] = Map({"text": "等锁"})
            async with httpx.AsyncClient(base_url=server.url) as http:
                slowest = 0.0
                for _ in range(10):  # the loop answers while the update waits for the lock
                    started = time.monotonic()
                    assert (await http.get("/healthz")).status_code == 200
                    slowest = max(slowest, time.monotonic() - started)
                    await asyncio.sleep(0.1)
            assert slowest < 0.5, f"the loop stalled {slowest:.2f} s behind a write lock"
            assert "held" not in seen, "sent to a peer before it was stored"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await watcher.wait_for(lambda: "held" in seen, timeout=10)
    stored = sqlite3.connect(server.data_dir / "obeya.db")
    try:
        count = stored.execute(
            "SELECT count(*) FROM docupdate WHERE doc_key=?", (f"{setup.board_id}/content",)
        ).fetchone()[0]
    finally:
        stored.close()
    assert count >= 1


async def test_the_wal_is_checkpointed_off_the_loop(tmp_path: Path) -> None:
    path = tmp_path / "obeya.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    db = Database(engine)
    try:
        payload = os.urandom(3000)
        written = 0
        while written < 4 * HAND_OVER_BYTES:
            await db.append([("board/content", payload)])
            written += len(payload)
        wal = os.stat(f"{path}-wal").st_size
        # Without checkpoints the WAL would hold all of it (several times over: each 3 KB row
        # rewrites its pages); with them SQLite writes it again from its start.
        assert wal < 4 * HAND_OVER_BYTES, f"WAL {wal} bytes after {written} written"
    finally:
        db.close()
        engine.dispose()
    check = sqlite3.connect(path)
    try:
        rows = check.execute("SELECT count(*) FROM docupdate").fetchone()[0]
    finally:
        check.close()
    assert rows == written // len(payload)
