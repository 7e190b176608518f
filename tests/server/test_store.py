"""The store on SQLite and on PostgreSQL: migrations, update log, compaction, commands."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from pycrdt import Doc, Map, Text
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from server import store, workshops
from server.db import make_engine, migrate
from server.models import CommandRecord

pytestmark = pytest.mark.services


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        base = request.getfixturevalue("postgres_url")
        admin = make_engine(base)
        name = f"t{random.randrange(10**9)}"
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        url = base.rsplit("/", 1)[0] + "/" + name
    eng = make_engine(url)
    migrate(eng)
    migrate(eng)  # idempotent
    yield eng
    eng.dispose()


def _edits(n: int) -> tuple[Doc, list[bytes]]:
    doc: Doc = Doc()
    updates: list[bytes] = []
    doc.observe(lambda e: updates.append(e.update))
    notes = doc.get("notes", type=Map)
    body = doc.get("body", type=Text)
    for i in range(n):
        notes[f"n{i}"] = f"便签 {i}"
        body.insert(len(body), "字")
        if i % 7 == 0:
            del notes[f"n{i}"]
    return doc, updates


def _replay(updates: list[bytes]) -> Doc:
    doc: Doc = Doc()
    for update in updates:
        doc.apply_update(update)
    return doc


def test_log_and_compaction_reload_identical_state(engine) -> None:  # type: ignore[no-untyped-def]
    original, updates = _edits(300)
    with Session(engine) as s:
        store.append_updates(s, [("b/content", u) for u in updates[:200]])
        s.commit()
    with Session(engine) as s:
        assert store.compact(s, "b/content") == 200
        s.commit()
    with Session(engine) as s:  # appended after the compaction
        store.append_updates(s, [("b/content", u) for u in updates[200:]])
        s.commit()
    with Session(engine) as s:
        stored = store.load_doc(s, "b/content")
    assert stored.log_count == len(updates) - 200
    restored = _replay(stored.updates)
    assert restored.get("notes", type=Map).to_py() == original.get("notes", type=Map).to_py()
    assert str(restored.get("body", type=Text)) == "字" * 300
    with Session(engine) as s:
        assert (
            store.compact(s, "b/content") == len(updates) - 200
            and store.log_length(s, "b/content") == 0
        )
        s.commit()
    with Session(engine) as s:
        again = _replay(store.load_doc(s, "b/content").updates)
    assert again.get_state() == original.get_state()


def test_command_keys_are_unique_per_board(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        created = workshops.create_workshop(
            s, title="工作坊", process="", boundary="", language="zh-CN"
        )
        board_id = created.workshop_board.id
        s.commit()
    with Session(engine) as s:
        store.record_command(
            s, CommandRecord(board_id=board_id, idempotency_key="k", command="x", result_json="{}")
        )
        s.commit()
    with Session(engine) as s:
        assert store.find_command(s, board_id, "k") is not None
        store.record_command(
            s, CommandRecord(board_id=board_id, idempotency_key="k", command="x", result_json="{}")
        )
        with pytest.raises(IntegrityError):
            s.commit()


def test_demo_workshop_and_private_state_round_trip(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        created = workshops.create_demo(s, "zh-CN")
        s.commit()
        view = workshops.workshop_view(s, created.workshop)
    assert view["title"] == "客户投诉处理流程优化"
    kinds = [b["kind"] for b in view["boards"]]
    assert {"vsm", "fishbone", "raci", "ideas", "pilot", "notes"} <= set(kinds)
    with Session(engine) as s:
        store.save_private(s, created.workshop_board.id, {"votes": {"张": 3}})
        s.commit()
    with Session(engine) as s:
        assert store.load_private(s, created.workshop_board.id) == {"votes": {"张": 3}}


def test_ids_never_look_like_command_line_options() -> None:
    from server.models import new_id

    ids = {new_id() for _ in range(5000)}
    assert len(ids) == 5000
    assert all(len(i) == 12 and i.isalnum() for i in ids)
