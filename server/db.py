"""Engine creation and migrations (Alembic, run programmatically at start-up).

Alembic is imported only to upgrade an existing database: it would keep ~13 MB of a server
(Alembic and Mako) for nothing. A database at the newest revision is left as it is; an empty
one gets the models' tables and the newest revision stamped, as Alembic's cookbook builds a
database from scratch ("create_all, then stamp head"); tests/server/test_migrations.py holds
both ways to the same schema.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlmodel import create_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^(down_)?revision\s*(?::[^=]*)?=\s*['\"]([^'\"]*)['\"]", re.MULTILINE)


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # WAL + synchronous=NORMAL: a commit survives a process crash (kill -9), which is the
    # durability we promise; fsync happens at checkpoints, off the commit path.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


MIGRATION_LOCK = 0x0BE7A  # a PostgreSQL advisory lock key, held while migrating


@cache
def head_revision() -> str | None:
    """The newest revision, read from the migration files' ``revision``/``down_revision``
    lines without Alembic; None when that is not one plain chain (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict((bool(down), value) for down, value in _REVISION.findall(path.read_text()))
        if False not in found:
            return None
        revisions.add(found[False])
        parents.add(found.get(True, ""))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def at_head(connection: Connection) -> bool:
    head = head_revision()
    if head is None or not inspect(connection).has_table("alembic_version"):
        return False
    stored = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return stored == [head]


# Alembic's own version table, as its ``stamp`` would create it.
VERSION_TABLE = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def create_fresh(connection: Connection, head: str) -> None:
    from sqlmodel import SQLModel

    from . import models  # noqa: F401  (registers the tables on SQLModel.metadata)

    SQLModel.metadata.create_all(connection)
    VERSION_TABLE.create(connection)
    connection.execute(VERSION_TABLE.insert().values(version_num=head))


def migrate(engine: Engine) -> None:
    with engine.connect() as connection:
        if at_head(connection):
            return
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Processes started together on a fresh database would all create the tables:
            # one migrates, the others wait and find it done.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        head = head_revision()
        if head is not None and not inspect(connection).get_table_names():
            create_fresh(connection, head)
            return
        upgrade(engine, connection)


def upgrade(engine: Engine, connection: Connection) -> None:
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
