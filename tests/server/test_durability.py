"""What any peer has received survives a SIGKILL; the update log compacts without loss."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from pycrdt import Map

from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio


async def test_sigkill_loses_nothing_any_peer_received(server: Server) -> None:
    setup = make_workshop(server)
    token = setup.facilitator
    async with YClient(setup.ws(token)) as writer, YClient(setup.ws(token)) as watcher:
        await writer.synced.wait()
        await watcher.synced.wait()
        items = writer.doc.get("stickies", type=Map)

        async def write() -> None:
            for i in range(100_000):
                items[f"k{i}"] = Map({"text": f"第{i}条"})
                await asyncio.sleep(0.001)

        task = asyncio.create_task(write())
        seen = watcher.doc.get("stickies", type=Map)
        await watcher.wait_for(lambda: len(seen) >= 300, timeout=20)
        server.kill()
        task.cancel()
        await watcher.wait_closed()
        received = set(seen.keys())
    assert len(received) >= 300
    server.start()
    async with YClient(setup.ws(token)) as fresh:
        await fresh.synced.wait()
        restored = set(fresh.doc.get("stickies", type=Map).keys())
    assert received <= restored, f"lost {len(received - restored)} updates a peer had received"


async def test_log_compacts_into_a_snapshot_and_reloads_identically(tmp_path) -> None:  # type: ignore[no-untyped-def]
    srv = Server(
        tmp_path / "data",
        env={"OBEYA_COMPACT_AFTER_UPDATES": "50", "OBEYA_ROOM_IDLE_SECONDS": "0.5"},
    ).start()
    try:
        setup = make_workshop(srv)
        async with YClient(setup.ws(setup.facilitator)) as a:
            await a.synced.wait()
            notes = a.doc.get("stickies", type=Map)
            for i in range(240):
                notes[f"n{i}"] = Map({"text": f"便签 {i}", "x": float(i)})
                if i % 20 == 0:
                    del notes[f"n{i}"]
                await asyncio.sleep(0)
            expected = a.doc.get("stickies", type=Map).to_py()
            async with YClient(setup.ws(setup.facilitator)) as b:
                await b.wait_for(lambda: b.doc.get("stickies", type=Map).to_py() == expected)
        await asyncio.sleep(3)  # idle unload + compaction
        db = sqlite3.connect(srv.data_dir / "obeya.db")
        key = f"{setup.board_id}/content"
        snapshots = db.execute(
            "SELECT count(*) FROM docsnapshot WHERE doc_key=?", (key,)
        ).fetchone()[0]
        tail = db.execute("SELECT count(*) FROM docupdate WHERE doc_key=?", (key,)).fetchone()[0]
        db.close()
        assert snapshots == 1 and tail < 50
        srv.stop()
        srv.start()
        async with YClient(setup.ws(setup.facilitator)) as c:
            await c.synced.wait()
            assert c.doc.get("stickies", type=Map).to_py() == expected
    finally:
        srv.stop()
