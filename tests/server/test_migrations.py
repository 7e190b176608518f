"""An empty database is built from the models and stamped at the newest revision, without
Alembic (server/db.py); an existing one is upgraded by Alembic's migrations. Both ways must
give the same schema, and a server on an up-to-date database never imports Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from server import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from server.db import alembic_config, head_revision, make_engine, migrate
from tests.support.outages import fresh_database

ROOT = Path(__file__).resolve().parents[2]


def _alembic_upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _schema(engine: Engine) -> dict[str, Any]:
    """Everything the inspector tells of each table, in a comparable form."""
    found: dict[str, Any] = {}
    with engine.connect() as connection:
        look = inspect(connection)
        for table in sorted(look.get_table_names()):
            found[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                    for c in look.get_columns(table)
                ],
                "primary key": look.get_pk_constraint(table)["constrained_columns"],
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in look.get_indexes(table)
                ),
                "unique": sorted(
                    tuple(u["column_names"]) for u in look.get_unique_constraints(table)
                ),
                "foreign keys": sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"])
                    for f in look.get_foreign_keys(table)
                ),
            }
    return found


def _differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        # Server defaults are compared by ``_schema`` (Alembic's comparison of SQLite's
        # reflected string defaults reports quoting differences).
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def _version(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _urls(tmp_path: Path, backend: str, postgres: str | None) -> tuple[str, str]:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path}/built.db", f"sqlite:///{tmp_path}/migrated.db"
    assert postgres is not None
    return fresh_database(postgres), fresh_database(postgres)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_a_database_built_from_scratch_has_the_schema_the_migrations_give(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    postgres = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    built_url, migrated_url = _urls(tmp_path, backend, postgres)
    built, migrated = make_engine(built_url), make_engine(migrated_url)
    try:
        migrate(built)
        _alembic_upgrade(migrated)
        assert _differences(migrated) == []  # the models are what the migrations made
        assert _differences(built) == []
        assert _schema(built) == _schema(migrated)
        head = ScriptDirectory.from_config(alembic_config(built_url)).get_current_head()
        assert head_revision() == head
        assert _version(built) == _version(migrated) == [head]
    finally:
        built.dispose()
        migrated.dispose()


def _modules_after_migrate(url: str) -> list[str]:
    """The Alembic modules a fresh process holds after ``migrate`` on ``url``."""
    script = (
        "import sys\n"
        "from server.db import make_engine, migrate\n"
        f"migrate(make_engine({url!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return list(eval(done.stdout))  # a list literal of module names


def test_alembic_is_imported_only_to_upgrade_an_older_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/app.db"
    assert _modules_after_migrate(url) == []  # empty: built from the models
    assert _version(make_engine(url)) == [head_revision()]
    assert _modules_after_migrate(url) == []  # at head: left as it is
    older = f"sqlite:///{tmp_path}/older.db"
    _alembic_upgrade(make_engine(older), "0003")
    assert "alembic" in _modules_after_migrate(older)
    assert _version(make_engine(older)) == [head_revision()]
    columns = [c["name"] for c in inspect(make_engine(older)).get_columns("invite")]
    assert {"label", "expires_at", "token"} <= set(columns)
