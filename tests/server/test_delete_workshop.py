"""Deleting a workshop over HTTP while its boards are open: sockets close (4410), its tokens
answer 410, and nothing of it is left -- every row of every table of SQLite or PostgreSQL and
every Redis key and stream entry are searched for any of its ids -- while another workshop
goes on untouched."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from pycrdt import Map

from server import deletion
from server.models import SQLModel
from tests.support.leftovers import Ids, ids_of, redis_findings, sql_findings
from tests.support.server import Server, server_pair
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio
TITLE = "要删除的工作坊"


def test_every_table_is_placed_by_the_deletion() -> None:
    """A table none of whose columns names a workshop, board, invite, participant or
    document would keep rows of a deleted workshop: it must be placed (or listed as global)."""
    unplaced = [
        t.name
        for t in SQLModel.metadata.sorted_tables
        if not deletion.owned_columns(t) and t.name not in deletion.GLOBAL_TABLES
    ]
    assert unplaced == []


def _doomed(server: Server) -> Setup:
    status, created = server.request("POST", "/api/workshops", {"title": TITLE, "demo": True})
    assert status == 201, created
    status, view = server.request("GET", f"/api/workshops/{created['id']}", token=created["token"])
    assert status == 200, view
    board = next(b["id"] for b in view["boards"] if b["kind"] == "vsm")
    return Setup(server, created["id"], created["token"], board, created["workshop_board_id"])


def _on(url: str, setup: Setup, server: Server) -> str:
    return url.replace(setup.server.ws_url, server.ws_url)


async def _edit_and_see(writer: YClient, reader: YClient, key: str) -> None:
    writer.doc.get("lifecycle", type=Map)[key] = "x"
    seen = reader.doc.get("lifecycle", type=Map)
    await reader.wait_for(lambda: key in seen, timeout=10)


async def _wait_clean(database_url: str, redis_url: str | None, ids: Ids) -> None:
    """Until the sweep a moment after the deletion has run (see server/removal.py)."""
    deadline = time.monotonic() + 8
    while True:
        left = sql_findings(database_url, ids.all)
        if redis_url:
            left += redis_findings(redis_url, ids.all)
        if not left or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.3)
    assert left == [], left[:20]


async def _delete_while_open(a: Server, b: Server, database_url: str, redis: str | None) -> None:
    doomed, kept = _doomed(a), make_workshop(a)
    editor, _ = doomed.join("editor", "编辑者")
    status, body = doomed.command(doomed.facilitator, "board.lock")
    assert status == 200, body
    ids = ids_of(database_url, doomed.workshop_id)
    assert len(ids.boards) > 3 and ids.participants and len(ids.invites) >= 3
    kept_ids = ids_of(database_url, kept.workshop_id)
    async with (
        YClient(doomed.ws(doomed.facilitator)) as f_a,
        YClient(_on(doomed.ws(editor), doomed, b)) as e_b,
        YClient(_on(doomed.ws(editor, "ledger", doomed.workshop_board_id), doomed, b)) as l_b,
        YClient(kept.ws(kept.facilitator)) as k_a,
        YClient(_on(kept.ws(kept.facilitator), kept, b)) as k_b,
    ):
        for client in (f_a, e_b, l_b, k_a, k_b):
            await client.synced.wait()
        await _edit_and_see(f_a, e_b, "before")
        # The searches find the workshop while it is there.
        assert sql_findings(database_url, [doomed.workshop_id, *ids.boards, *ids.token_hashes])
        if redis:
            assert redis_findings(redis, ids.boards)
        path = f"/api/workshops/{doomed.workshop_id}"

        # Refusals change nothing: an editor may not, and the title must match.
        status, problem = a.request("DELETE", path, {"confirm": TITLE}, token=editor)
        assert (status, problem["code"]) == (403, "role_not_allowed")
        status, problem = a.request("DELETE", path, {"confirm": "别的"}, token=doomed.facilitator)
        assert (status, problem["code"]) == (422, "confirmation_mismatch")
        assert a.request("GET", path, token=doomed.facilitator)[0] == 200

        status, _ = a.request("DELETE", path, {"confirm": TITLE}, token=doomed.facilitator)
        assert status == 204
        for client in (f_a, e_b, l_b):  # on both processes
            assert await client.wait_closed(timeout=10) == 4410
            assert client.close_reason == "workshop deleted"

        # Its tokens are dead everywhere, with a clear answer.
        for server in (a, b):
            for token in (doomed.facilitator, editor):
                status, problem = server.request("GET", path, token=token)
                assert (status, problem["code"]) == (410, "workshop_deleted"), (server, problem)
        async with YClient(_on(doomed.ws(editor), doomed, b)) as late:
            assert await late.wait_closed() == 4410

        # The other workshop goes on, across processes.
        await _edit_and_see(k_a, k_b, "after")
    await _wait_clean(database_url, redis, ids)
    assert sql_findings(database_url, [kept.workshop_id, *kept_ids.boards])
    status, board = a.request("GET", f"/api/boards/{kept.board_id}", token=kept.facilitator)
    assert status == 200, board
    async with YClient(_on(kept.ws(kept.facilitator), kept, b)) as again:
        await again.synced.wait()
        assert set(again.doc.get("lifecycle", type=Map).keys()) == {"after"}


async def test_delete_on_sqlite_leaves_nothing(server: Server) -> None:
    url = f"sqlite:///{server.data_dir / 'obeya.db'}"
    await _delete_while_open(server, server, url, None)


@pytest.mark.services
async def test_delete_on_postgresql_and_redis_leaves_nothing(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    with server_pair(tmp_path, postgres_url, redis_url) as (a, b):
        await _delete_while_open(a, b, a.env["OBEYA_DATABASE_URL"], redis_url)


def test_ids_that_differ_by_case_alone_are_different_workshops(tmp_path: Path) -> None:
    from sqlmodel import Session, select

    from server.db import make_engine, migrate
    from server.models import Board, DocUpdate, Workshop

    engine = make_engine(f"sqlite:///{tmp_path / 'case.db'}")
    try:
        migrate(engine)
        with Session(engine) as session:
            for workshop, board in (
                ("wsaaaaaaaaaa", "abcDEF123456"),
                ("WSAAAAAAAAAA", "ABCdef123456"),
            ):
                session.add(Workshop(id=workshop, title=workshop))
                session.flush()
                session.add(Board(id=board, workshop_id=workshop, kind="notes", title="n"))
                session.add(DocUpdate(doc_key=f"{board}/content", data=b"\x00\x00"))
            session.commit()
            deleted = deletion.delete_workshop(session, "wsaaaaaaaaaa")
            session.commit()
            assert deleted is not None and deleted.rows == 3
            assert session.exec(select(DocUpdate.doc_key)).all() == ["ABCdef123456/content"]
            assert session.get(Workshop, "WSAAAAAAAAAA") is not None
    finally:
        engine.dispose()
