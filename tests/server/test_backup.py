"""``obeya backup`` while the server serves and writers write (with compaction folding the log
meanwhile), ``obeya restore`` into an empty SQLite file and an empty PostgreSQL database, and
back from PostgreSQL to SQLite: every board's documents decoded and compared, every row of
every table compared, and a restore into a database that holds anything refused."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from pycrdt import Doc, Map
from sqlmodel import Session, select

from boards import ledger as ledger_layout
from boards.registry import get_kind
from server import backup
from server.db import make_engine, migrate
from server.models import Board
from server.protocol import Reader
from server.rooms import ROOM_NAMES
from tests.support.outages import fresh_database
from tests.support.server import OBEYA, ROOT, Server
from tests.support.stored import stored_doc
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient


def obeya(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(OBEYA), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def archive_rows(path: Path) -> dict[str, list[str]]:
    """Each table's rows as canonical JSON lines, sorted."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        return {
            table: sorted(
                json.dumps(json.loads(line), sort_keys=True)
                for line in archive.read(f"tables/{table}.jsonl").splitlines()
            )
            for table in manifest["tables"]
        }


def clocks(doc: Doc) -> dict[int, int]:
    """A document's state vector as {client id: clock}: neither its encoding nor the
    document's own encoding is canonical (map entries come out in varying order)."""
    reader = Reader(doc.get_state())
    return dict((reader.varuint(), reader.varuint()) for _ in range(reader.varuint()))


@contextlib.contextmanager
def serving(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    server = Server(data_dir, env=env or {}).start()
    try:
        yield server
    finally:
        server.stop()


def decoded(database_url: str) -> dict[str, Any]:
    """Every board's stored documents, decoded: what they hold (state vectors), what its kind
    reads from them (the snapshot the server shows) and the live analysis in the ledger."""
    engine = make_engine(database_url)
    found: dict[str, Any] = {}
    try:
        with Session(engine) as session:
            for board in session.exec(select(Board)).all():
                docs = [stored_doc(session, f"{board.id}/{room}") for room in ROOM_NAMES]
                snapshot = get_kind(board.kind).read(*docs)
                found[board.id] = (
                    [clocks(d) for d in docs],
                    snapshot.model_dump(mode="json"),
                    ledger_layout.read_analysis(docs[1]),
                )
    finally:
        engine.dispose()
    return found


async def backup_while_writing(
    setup: Setup, editor: str, archive: Path, env: dict[str, str]
) -> tuple[set[str], set[str]]:
    """``obeya backup`` while one peer writes every 2 ms and another watches: what the watcher
    had received before the backup began, and everything written."""
    async with (
        YClient(setup.ws(setup.facilitator)) as writer,
        YClient(setup.ws(editor)) as watcher,
    ):
        await writer.synced.wait()
        await watcher.synced.wait()
        written, seen = writer.doc.get("w", type=Map), watcher.doc.get("w", type=Map)

        async def write() -> None:
            for i in range(100_000):
                written[f"k{i:06d}"] = i
                await asyncio.sleep(0.002)

        task = asyncio.create_task(write())
        await watcher.wait_for(lambda: len(seen) >= 300, timeout=30)
        seen_before = set(seen.keys())
        made = await asyncio.to_thread(obeya, "backup", str(archive), env=env)
        assert made.returncode == 0, made.stderr
        await watcher.wait_for(lambda: len(seen) >= len(seen_before) + 100, timeout=30)
        task.cancel()
        await watcher.wait_for(lambda: set(seen.keys()) == set(written.keys()), timeout=10)
        return seen_before, set(written.keys())


async def restored_keys(setup: Setup, data_dir: Path) -> set[str]:
    with serving(data_dir) as restored:
        url = setup.ws(setup.facilitator).replace(setup.server.ws_url, restored.ws_url)
        async with YClient(url) as client:
            await client.synced.wait()
            return set(client.doc.get("w", type=Map).keys())


@pytest.mark.anyio
@pytest.mark.services
async def test_backup_while_writing_and_restore_round_trips(
    tmp_path: Path, postgres_url: str
) -> None:
    live_zip, quiet_zip, back_zip = (tmp_path / n for n in ("live.zip", "quiet.zip", "back.zip"))
    with serving(tmp_path / "src", {"OBEYA_COMPACT_AFTER_UPDATES": "20"}) as src:
        setup = make_workshop(src)
        status, demo = src.request("POST", "/api/workshops", {"title": "演示", "demo": True})
        assert status == 201, demo
        editor, _ = setup.join("editor", "编辑")
        assert setup.command(setup.facilitator, "board.lock")[0] == 200
        seen_before, all_written = await backup_while_writing(setup, editor, live_zip, _dir(src))
        assert live_zip.stat().st_mode & 0o777 == 0o600  # it holds everything
        assert '"compacted"' in src.log()  # the log was folded while the writers wrote
    # Stopped, so quiet: what it stored is what the copies must hold.
    made = obeya("backup", str(quiet_zip), env=_dir(src))
    assert made.returncode == 0, made.stderr
    assert "rows in" in made.stdout
    again = obeya("backup", str(quiet_zip), env=_dir(src))
    assert again.returncode == 1 and "exists" in again.stderr
    source = decoded(f"sqlite:///{src.data_dir / 'obeya.db'}")
    assert len(source) > 8

    # The backup made while writing restores to a consistent moment: everything a peer had
    # seen before it began, and nothing but what was written.
    made = obeya("restore", str(live_zip), "--data-dir", str(tmp_path / "r1"))
    assert made.returncode == 0, made.stderr
    restored = await restored_keys(setup, tmp_path / "r1")
    assert seen_before <= restored <= all_written
    assert len(restored) > len(seen_before) // 2

    # SQLite -> PostgreSQL -> SQLite: the same rows, the same documents.
    pg = fresh_database(postgres_url)
    made = obeya("restore", str(quiet_zip), env={"OBEYA_DATABASE_URL": pg})
    assert made.returncode == 0, made.stderr
    made = obeya("backup", str(back_zip), env={"OBEYA_DATABASE_URL": pg})
    assert made.returncode == 0, made.stderr
    assert archive_rows(back_zip) == archive_rows(quiet_zip)
    made = obeya("restore", str(back_zip), "--data-dir", str(tmp_path / "r3"))
    assert made.returncode == 0, made.stderr
    for url in (pg, f"sqlite:///{tmp_path / 'r3' / 'obeya.db'}"):
        copy = decoded(url)
        assert copy.keys() == source.keys()
        assert [key for key in source if copy[key] != source[key]] == []
    for data_dir, env in ((tmp_path / "r2", {"OBEYA_DATABASE_URL": pg}), (tmp_path / "r3", {})):
        with serving(data_dir, env) as restored_server:
            status, read = restored_server.request(
                "GET", f"/api/boards/{setup.board_id}", token=editor
            )
            assert status == 200, read
            # New rows continue after the restored ids (PostgreSQL sequences).
            status, board = restored_server.request(
                "POST",
                f"/api/workshops/{setup.workshop_id}/boards",
                {"kind": "notes", "title": "新"},
                token=setup.facilitator,
            )
            assert status == 201, board
            status, done = restored_server.request(  # a command record after restored ones
                "POST",
                f"/api/boards/{setup.board_id}/commands",
                {"command": "board.unlock", "payload": {}, "idempotency_key": f"u{data_dir.name}"},
                token=setup.facilitator,
            )
            assert status == 200, done

    # A database holding anything is refused, and left as it was.
    before, after = tmp_path / "before.zip", tmp_path / "after.zip"
    assert obeya("backup", str(before), env={"OBEYA_DATABASE_URL": pg}).returncode == 0
    refused = obeya("restore", str(quiet_zip), env={"OBEYA_DATABASE_URL": pg})
    assert refused.returncode == 1
    assert "not empty" in refused.stderr
    assert obeya("backup", str(after), env={"OBEYA_DATABASE_URL": pg}).returncode == 0
    assert archive_rows(after) == archive_rows(before)


def _dir(server: Server) -> dict[str, str]:
    return {"OBEYA_DATA_DIR": str(server.data_dir)}


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    with zipfile.ZipFile(junk, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "other"}))
    made = obeya("restore", str(junk), "--data-dir", str(tmp_path / "d"))
    assert made.returncode == 1 and "not an obeya backup" in made.stderr


def test_a_backup_reads_one_moment_of_sqlite_while_others_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'obeya.db'}"
    reader, writer = make_engine(url), make_engine(url)
    try:
        migrate(writer)
        count = sqlalchemy.text("SELECT count(*) FROM docupdate")
        add = sqlalchemy.text("INSERT INTO docupdate (doc_key, data) VALUES ('b/content', x'00')")
        with backup._snapshot(reader) as connection:
            first = connection.execute(count).scalar()
            with writer.begin() as other:
                other.execute(add)
            assert connection.execute(count).scalar() == first
        with reader.connect() as connection:
            assert connection.execute(count).scalar() == (first or 0) + 1
    finally:
        reader.dispose()
        writer.dispose()


@pytest.mark.anyio
@pytest.mark.services
async def test_backup_of_postgresql_while_writing(tmp_path: Path, postgres_url: str) -> None:
    """One REPEATABLE READ transaction: the archive is one moment of PostgreSQL too, while
    the log is folded meanwhile; it restores into SQLite."""
    pg = fresh_database(postgres_url)
    env = {"OBEYA_DATABASE_URL": pg, "OBEYA_COMPACT_AFTER_UPDATES": "20"}
    archive = tmp_path / "pg.zip"
    with serving(tmp_path / "src", env) as src:
        setup = make_workshop(src)
        editor, _ = setup.join("editor", "编辑")
        seen_before, all_written = await backup_while_writing(setup, editor, archive, env)
        assert '"compacted"' in src.log()
    made = obeya("restore", str(archive), "--data-dir", str(tmp_path / "r"))
    assert made.returncode == 0, made.stderr
    restored = await restored_keys(setup, tmp_path / "r")
    assert seen_before <= restored <= all_written
