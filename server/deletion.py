"""Deleting a workshop and everything that belongs to it, in one transaction.

Which rows belong is read from the table metadata, not listed by hand: a table added later
(checkpoints, templates, ...) is covered when it keys its rows by a ``workshop_id`` or
``board_id`` column, a foreign key to a workshop, board, invite or participant, or a document
key (``doc_key`` = ``board_id/room``). :func:`owned_columns` names what it found for each
table, and a test fails for a table it cannot place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Column, ColumnElement, Table, delete, func, or_, select
from sqlmodel import Session, SQLModel

from .models import Board, Invite, Participant, Workshop

# A column of these names holds the id of the owner, whether or not it is a foreign key.
OWNER_COLUMNS = {"workshop_id": "workshop", "board_id": "board"}
OWNER_TABLES = ("workshop", "board", "invite", "participant")
DOC_KEY = "doc_key"
# Tables whose rows belong to the whole server, not to one workshop: a table neither placed by
# its columns nor listed here fails tests/server/test_delete_workshop.py. ``savedtemplate``: a
# facilitator's deliberate copy of a structure (no participant data, no reference back), kept
# for every workshop to start from; the operator removes one with ``obeya templates --delete``.
GLOBAL_TABLES: frozenset[str] = frozenset({"savedtemplate"})
CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class Deleted:
    workshop_id: str
    title: str
    board_ids: tuple[str, ...]
    token_hashes: tuple[str, ...]  # of its invites and participants: later requests get 410
    rows: int


def owned_columns(table: Table) -> dict[str, str]:
    """Column name -> the owner table whose ids it holds (``doc_key`` -> ``board`` prefix)."""
    owned: dict[str, str] = {}
    for column in table.columns:
        if table.name in OWNER_TABLES and column.primary_key:
            owned[column.name] = table.name
            continue
        if column.name in OWNER_COLUMNS:
            owned[column.name] = OWNER_COLUMNS[column.name]
        for fk in column.foreign_keys:
            if fk.column.table.name in OWNER_TABLES:
                owned[column.name] = fk.column.table.name
        if column.name == DOC_KEY:
            owned[column.name] = DOC_KEY
    return owned


def delete_workshop(session: Session, workshop_id: str) -> Deleted | None:
    """Delete the workshop and every row of it (children first); None when there is none."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        return None
    ids = {
        "workshop": [workshop_id],
        "board": _ids(session, Board.__table__, workshop_id),  # type: ignore[attr-defined]
        "invite": _ids(session, Invite.__table__, workshop_id),  # type: ignore[attr-defined]
        "participant": _ids(session, Participant.__table__, workshop_id),  # type: ignore[attr-defined]
    }
    hashes = [
        str(row[0])
        for table in (Invite.__table__, Participant.__table__)  # type: ignore[attr-defined]
        for row in session.execute(
            select(table.c.token_hash).where(table.c.workshop_id == workshop_id)
        )
    ]
    rows = purge(session, ids)
    return Deleted(workshop_id, workshop.title, tuple(ids["board"]), tuple(hashes), rows)


def purge(session: Session, ids: dict[str, list[str]]) -> int:
    """Delete every row that holds one of ``ids`` (owner table -> ids), children first."""
    rows = 0
    for table in reversed(SQLModel.metadata.sorted_tables):
        condition = _belongs(table, ids)
        if condition is not None:
            rows += session.execute(delete(table).where(condition)).rowcount or 0  # type: ignore[attr-defined]
    return rows


def purge_docs(session: Session, board_ids: Iterable[str]) -> int:
    """What a room still stored of these (deleted) boards after they were deleted."""
    return purge(session, {"board": list(board_ids)})


def _ids(session: Session, table: Table, workshop_id: str) -> list[str]:
    return [
        str(row[0])
        for row in session.execute(select(table.c.id).where(table.c.workshop_id == workshop_id))
    ]


def _belongs(table: Table, ids: dict[str, list[str]]) -> ColumnElement[bool] | None:
    parts: list[ColumnElement[bool]] = []
    for name, owner in owned_columns(table).items():
        column: Column[object] = table.c[name]
        if owner == DOC_KEY:
            boards = ids.get("board", [])
            # Not LIKE: SQLite's ignores case, and ids differ by case alone.
            prefixes = [f"{board}/" for board in boards]
            parts.extend(func.substr(column, 1, len(p)) == p for p in prefixes)
        else:
            parts.extend(column.in_(chunk) for chunk in _chunks(ids.get(owner, [])))
    return or_(*parts) if parts else None


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]
