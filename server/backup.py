"""``obeya backup`` / ``obeya restore``: the whole server in one database-neutral archive.

The archive is a zip file: ``manifest.json`` (format, version, the schema's migration
revision, and each table's columns and row count) and ``tables/<table>.jsonl``, one JSON
object per row, binary columns in base64 and times in ISO 8601 with their offset. Every table
of the models is in it, so a table added later is backed up without a change here.

A backup reads every table in one transaction, so it is consistent while the server keeps
writing: SQLite's snapshot isolation in WAL mode (``BEGIN`` then reads; writers go on), and
one ``REPEATABLE READ``, read-only transaction in PostgreSQL. A restore migrates an empty
database to the archive's schema and loads every row in one transaction; it refuses a
database that holds any row.
"""

from __future__ import annotations

import base64
import json
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, LargeBinary, Table, func, insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import SQLModel

from . import models  # noqa: F401  (registers the tables)
from .db import alembic_config, migrate

FORMAT = "obeya-backup"
VERSION = 1
BATCH = 1000


class BackupError(Exception):
    """What the operator must fix; the message says how."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    schema: str


def tables() -> list[Table]:
    """Every table, parents before children (the order rows are inserted in)."""
    return list(SQLModel.metadata.sorted_tables)


def codec(column: Any) -> str:
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, LargeBinary):
        return "base64"
    if isinstance(kind, DateTime):
        return "datetime"
    return "json"


def _encode(value: Any, how: str) -> Any:
    if value is None:
        return None
    if how == "base64":
        return base64.b64encode(bytes(value)).decode("ascii")
    if how == "datetime":
        if value.tzinfo is None:  # stored as UTC without an offset
            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    return value


def _decode(value: Any, how: str) -> Any:
    if value is None:
        return None
    if how == "base64":
        return base64.b64decode(value)
    if how == "datetime":
        return datetime.fromisoformat(value)
    return value


def head_revision(engine: Engine) -> str:
    script = ScriptDirectory.from_config(alembic_config(engine.url.render_as_string()))
    return str(script.get_current_head())


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see one moment of the database."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            connection.execute(text("SELECT 1"))
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # pysqlite begins only before writes
        try:
            yield connection
        finally:
            connection.rollback()


def backup(engine: Engine, path: Path) -> Summary:
    if path.exists():
        raise BackupError(f"{path} exists: choose a new file name")
    partial = path.with_name(path.name + ".partial")
    total = 0
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "source": engine.dialect.name,
        "tables": {},
    }
    # Owner-only: the archive holds everything, token digests and re-showable invite tokens
    # included.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as file,
            zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            with _snapshot(engine) as connection:
                manifest["schema"] = _revision(connection)
                for table in tables():
                    with archive.open(f"tables/{table.name}.jsonl", "w") as out:
                        rows = _dump(connection, table, out)
                    manifest["tables"][table.name] = {
                        "rows": rows,
                        "columns": {c.name: codec(c) for c in table.columns},
                    }
                    total += rows
            archive.writestr("manifest.json", json.dumps(manifest, indent=1))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return Summary(len(manifest["tables"]), total, manifest["schema"])


def _revision(connection: Connection) -> str:
    if not inspect(connection).has_table("alembic_version"):
        raise BackupError("no Obeya tables in this database: check --database-url / --data-dir")
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    if len(rows) != 1:
        raise BackupError("the database has no single schema revision: start the server once")
    return str(rows[0][0])


def _dump(connection: Connection, table: Table, out: IO[bytes]) -> int:
    codecs = {c.name: codec(c) for c in table.columns}
    query = select(table).order_by(*table.primary_key.columns)
    count = 0
    for row in connection.execution_options(yield_per=BATCH).execute(query):
        values = row._mapping
        line = {name: _encode(values[name], how) for name, how in codecs.items()}
        out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        count += 1
    return count


def restore(engine: Engine, path: Path) -> Summary:
    with zipfile.ZipFile(path) as archive:
        manifest = _manifest(archive)
        schema = str(manifest["schema"])
        if schema != head_revision(engine):
            raise BackupError(
                f"the backup has schema {schema}; this obeya has {head_revision(engine)}: "
                "restore with the obeya version that made the backup"
            )
        _require_empty(engine)
        migrate(engine)
        total = 0
        with engine.begin() as connection:
            _require_empty_rows(connection)
            for table in tables():
                total += _load(connection, table, archive, manifest)
            if connection.dialect.name == "postgresql":
                _advance_sequences(connection)
    return Summary(len(manifest["tables"]), total, schema)


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError(f"not an obeya backup (no readable manifest.json): {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not an obeya backup (manifest format)")
    if manifest.get("version") != VERSION:
        raise BackupError(f"backup format version {manifest.get('version')}, expected {VERSION}")
    unknown = set(manifest.get("tables", {})) - {t.name for t in tables()}
    if unknown:
        raise BackupError(f"the backup has tables this obeya does not know: {sorted(unknown)}")
    return manifest


def _require_empty(engine: Engine) -> None:
    with engine.connect() as connection:
        _require_empty_rows(connection)


def _require_empty_rows(connection: Connection) -> None:
    present = set(inspect(connection).get_table_names())
    for table in tables():
        if table.name in present and connection.execute(select(table).limit(1)).first():
            raise BackupError(
                f"the database is not empty (table {table.name} has rows): restore only into "
                "an empty database, e.g. a new SQLite file or a new PostgreSQL database"
            )


def _load(
    connection: Connection, table: Table, archive: zipfile.ZipFile, manifest: dict[str, Any]
) -> int:
    entry = manifest["tables"].get(table.name)
    if entry is None:
        return 0
    codecs: dict[str, str] = entry["columns"]
    missing = {c.name for c in table.columns if not c.nullable and c.default is None} - set(codecs)
    if missing:
        raise BackupError(f"table {table.name}: the backup lacks columns {sorted(missing)}")
    count, batch = 0, []
    with archive.open(f"tables/{table.name}.jsonl") as lines:
        for raw in lines:
            row = json.loads(raw)
            batch.append({name: _decode(row.get(name), how) for name, how in codecs.items()})
            if len(batch) >= BATCH:
                connection.execute(insert(table), batch)
                count, batch = count + len(batch), []
    if batch:
        connection.execute(insert(table), batch)
        count += len(batch)
    if count != entry["rows"]:
        raise BackupError(
            f"table {table.name}: {count} rows read, the manifest says {entry['rows']}"
        )
    return count


def _advance_sequences(connection: Connection) -> None:
    """Rows came with their ids: new rows must continue after them."""
    for table in tables():
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and column.type.python_type is int
            ):
                top = connection.execute(select(func.max(column))).scalar() or 0
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
                    {"t": table.name, "c": column.name, "v": max(top, 1), "called": top > 0},
                )
