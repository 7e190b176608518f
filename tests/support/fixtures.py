"""Session-wide throwaway servers. Import these fixtures into ``tests/conftest.py``.

Each yields a URL; the server lives for the whole test session and is removed after it.
Without the server's binaries the tests using it are skipped, or fail when ``CI`` is set.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .services import postgres_server, redis_server

__all__ = ["postgres_url", "redis_url"]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """``postgresql+psycopg://postgres@127.0.0.1:PORT/obeya`` of an empty database."""
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """``redis://127.0.0.1:PORT/0`` of an empty Redis."""
    with redis_server() as url:
        yield url
