"""Looking for what is left of a workshop: every row of every table, every Redis key and
stream entry, searched for any of a set of ids (as text, and inside binary values)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import sqlalchemy


@dataclass(frozen=True)
class Ids:
    workshop: str
    boards: list[str]
    invites: list[str]
    participants: list[str]
    token_hashes: list[str]

    @property
    def all(self) -> list[str]:
        return [
            self.workshop,
            *self.boards,
            *self.invites,
            *self.participants,
            *self.token_hashes,
        ]


def ids_of(database_url: str, workshop_id: str) -> Ids:
    """The workshop's ids as the database holds them (read directly, not through the server)."""
    engine = sqlalchemy.create_engine(database_url)
    try:
        with engine.connect() as c:

            def column(sql: str) -> list[str]:
                return [str(r[0]) for r in c.execute(sqlalchemy.text(sql), {"w": workshop_id})]

            return Ids(
                workshop_id,
                column("SELECT id FROM board WHERE workshop_id = :w"),
                column("SELECT id FROM invite WHERE workshop_id = :w"),
                column("SELECT id FROM participant WHERE workshop_id = :w"),
                column("SELECT token_hash FROM invite WHERE workshop_id = :w")
                + column("SELECT token_hash FROM participant WHERE workshop_id = :w"),
            )
    finally:
        engine.dispose()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _contains(value: Any, needle: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bytes | bytearray | memoryview):
        return needle.encode() in bytes(value)
    return needle in str(value)


def sql_rows(database_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the database has (found by reflection, not by our models)."""
    engine = sqlalchemy.create_engine(database_url)
    try:
        meta = sqlalchemy.MetaData()
        meta.reflect(engine)
        with engine.connect() as c:
            return {
                name: [tuple(row) for row in c.execute(sqlalchemy.select(table))]
                for name, table in meta.tables.items()
            }
    finally:
        engine.dispose()


def sql_findings(database_url: str, needles: list[str]) -> list[str]:
    return [
        f"{table}: {needle} in {row!r:.200}"
        for table, rows in sql_rows(database_url).items()
        for row in rows
        for needle in needles
        if any(_contains(value, needle) for value in row)
    ]


def redis_findings(redis_url: str, needles: list[str]) -> list[str]:
    import redis

    client = redis.Redis.from_url(redis_url)
    found = []
    try:
        for key in client.scan_iter(count=1000):
            values: list[Any] = [key]
            kind = client.type(key)
            if kind == b"stream":
                for _, fields in client.xrange(key):
                    values.extend(fields.values())
            elif kind == b"string":
                values.append(client.get(key))
            found += [f"{key!r}: {n}" for n in needles if any(_contains(v, n) for v in values)]
    finally:
        client.close()
    return found
