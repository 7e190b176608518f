from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fixtures import *  # noqa: F403  (postgres_url, redis_url)
from tests.support.server import Server


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def module_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One ``obeya serve`` for the tests of a module that sets ``SHARED_SERVER = True``."""
    srv = Server(tmp_path_factory.mktemp("module-server") / "data").start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """A fresh ``obeya serve`` on a free port with its own SQLite file; in a module that sets
    ``SHARED_SERVER = True`` (its tests each make their own workshop and read nothing of the
    others') the module's one server: a cold start costs seconds of CPU."""
    shared = getattr(request.module, "SHARED_SERVER", False)
    srv = request.getfixturevalue("module_server") if shared else Server(tmp_path / "data").start()
    try:
        yield srv
    finally:
        if not shared:
            srv.stop()
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            print(f"--- server log ({srv.log_path}) ---\n{srv.log()[-8000:]}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Playwright's sync API leaves an event loop running in the main thread, which breaks
    # every anyio test that runs after it: browser tests go last. Every test in tests/e2e is
    # one, marked or not (an unmarked one ran early once and failed a hundred after it).
    for item in items:
        if "e2e" in item.path.parts and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
