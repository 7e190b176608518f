"""Fixtures for browser tests: a real ``obeya serve``, the system Chromium, screenshots.

Chromium comes from the system (``/usr/bin/chromium``, installed by setup.sh); Playwright
never downloads a browser here. The client bundle is built by setup.sh; when it is missing
(a fresh checkout running pytest directly) it is built once here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.server import ROOT, Server

from .helpers import ARTIFACTS

BUNDLE = ROOT / "server" / "static" / "app" / "main.js"


def _ensure_bundle() -> None:
    if BUNDLE.exists():
        return
    client = ROOT / "client"
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("the client bundle is missing and npm is not installed: run ./setup.sh install")
    if not (client / "node_modules").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=client, check=True)
    subprocess.run([npm, "run", "build"], cwd=client, check=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    _ensure_bundle()
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (setup.sh does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for all browser tests (each test makes its own workshop; tests that need
    other settings start their own): a cold start costs seconds, ~30 modules share it."""
    server = Server(tmp_path_factory.mktemp("e2e-data")).start()
    try:
        yield server
    finally:
        server.stop()


class Contexts:
    """Browser contexts (separate people: own storage, own connections) closed after a test."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.opened: list[BrowserContext] = []
        self.errors: list[str] = []

    def page(self, *, locale: str = "en-US", width: int = 1280, height: int = 860) -> Page:
        context = self.browser.new_context(
            locale=locale, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        self.opened.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def close(self) -> None:
        for context in self.opened:
            context.close()


@pytest.fixture
def people(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Contexts]:
    contexts = Contexts(browser)
    try:
        yield contexts
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            failures = ARTIFACTS / "failures"
            failures.mkdir(parents=True, exist_ok=True)
            for i, context in enumerate(contexts.opened):
                for j, page in enumerate(context.pages):
                    try:
                        page.screenshot(path=str(failures / f"{request.node.name}-{i}-{j}.png"))
                    except Exception as exc:  # a crashed page must not hide the real failure
                        print(f"no failure screenshot for context {i}: {exc}")
        contexts.close()
    assert not contexts.errors, "uncaught errors in the page:\n" + "\n".join(contexts.errors)


@pytest.fixture(scope="session")
def perf_record() -> Iterator[dict[str, object]]:
    """Measurements collected by tests, written to artifacts/perf.json at the end."""
    record: dict[str, object] = {}
    yield record
    if record:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "perf.json").write_text(json.dumps(record, indent=2))
