"""Processes started together on a fresh PostgreSQL database all come up: they used to race
creating the tables, and all but one exited (unique violation on ``alembic_version``)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.outages import fresh_database

pytestmark = pytest.mark.services

# Each process imports everything first, then waits for the go file: the migrations start
# within milliseconds of each other, as when an orchestrator starts all replicas at once.
MIGRATE = """
import sys, time
from pathlib import Path
from server.db import make_engine, migrate
engine = make_engine(sys.argv[1])
engine.connect().close()
go = Path(sys.argv[2])
(go.parent / str(time.monotonic_ns())).touch()
while not go.exists():
    time.sleep(0.001)
migrate(engine)
"""


def test_processes_started_together_migrate_once(tmp_path: Path, postgres_url: str) -> None:
    database, go = fresh_database(postgres_url), tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE, database, str(go)],
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        for _ in range(4)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) < len(processes):  # all imported and connected
        assert time.monotonic() < deadline
        time.sleep(0.01)
    go.touch()
    errors = [p.communicate(timeout=60)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, errors
