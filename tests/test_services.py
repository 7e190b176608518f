"""The throwaway PostgreSQL and Redis servers that service tests run against."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis

from tests.support import services

ServerFactory = Callable[[], AbstractContextManager[str]]


def listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.services
def test_redis_server_stores_and_goes_away() -> None:
    with services.redis_server() as url:
        assert url.startswith("redis://127.0.0.1:")
        with redis.Redis.from_url(url) as client:
            client.set("看板", "改善")
            assert client.get("看板") == "改善".encode()
    assert not listening(url)


@pytest.mark.services
def test_postgres_server_stores_and_goes_away() -> None:
    with services.postgres_server() as url:
        assert url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
        assert url.endswith("/obeya")
        with psycopg.connect(url.replace("+psycopg", "")) as conn:
            conn.execute("CREATE TABLE note (text TEXT NOT NULL)")
            conn.execute("INSERT INTO note VALUES (%s)", ("访谈记录",))
            assert conn.execute("SELECT text FROM note").fetchone() == ("访谈记录",)
    assert not listening(url)


MISSING = [
    pytest.param(services.redis_server, "find_redis_server", id="redis"),
    pytest.param(services.postgres_server, "find_postgres_bindir", id="postgres"),
]


@pytest.mark.parametrize(("server", "lookup"), MISSING)
def test_missing_binaries_skip_outside_ci(
    server: ServerFactory, lookup: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, lookup, lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not"), server():
        pytest.fail("started without binaries")


@pytest.mark.parametrize(("server", "lookup"), MISSING)
@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_binaries_fail_in_ci(
    server: ServerFactory, lookup: str, ci: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, lookup, lambda: None)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI is set"), server():
        pass


@pytest.mark.parametrize(("value", "expected"), [("", False), ("false", False), ("true", True)])
def test_in_ci_reads_the_environment(
    value: str, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", value)
    assert services.in_ci() is expected


@pytest.mark.services
def test_fixtures_work_from_a_conftest(tmp_path: Path) -> None:
    """The session fixtures, imported into a conftest the way tests/conftest.py does."""
    (tmp_path / "conftest.py").write_text(
        "from tests.support.fixtures import postgres_url, redis_url  # noqa: F401\n"
    )
    (tmp_path / "test_uses_services.py").write_text(
        textwrap.dedent(
            """
            import psycopg
            import redis

            def test_both(postgres_url, redis_url):
                with psycopg.connect(postgres_url.replace("+psycopg", "")) as conn:
                    assert conn.execute("SELECT current_database()").fetchone() == ("obeya",)
                with redis.Redis.from_url(redis_url) as client:
                    assert client.ping()

            def test_same_servers_again(postgres_url, redis_url):
                assert postgres_url and redis_url
            """
        )
    )
    repo = Path(__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
