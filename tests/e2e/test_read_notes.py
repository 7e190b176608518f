"""What a board's reader ignored shows on the board page, translated, for every kind: a Yjs
client writes values of the wrong type over a real websocket, the page lists them."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pycrdt import Array, Map, Text

from tests.server.test_analysis_errors import FAULT, MARKER
from tests.support.server import Server
from tests.support.yclient import YClient

from .conftest import Contexts
from .helpers import create_workshop, join, open_board


async def write_junk(url: str) -> None:
    async with YClient(url) as client:
        await client.synced.wait()
        with client.doc.transaction():
            client.doc.get("activity_order", type=Array).append(7)
            client.doc.get("activities", type=Map)["x"] = "not a row"
        await asyncio.sleep(0.3)  # the frames leave before the socket closes


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("language", "locale", "expected"),
    [
        ("en", "en-US", "activity_order: “7” is not a valid id; the entry was skipped."),
        ("zh-CN", "zh-CN", "activity_order：“7”不是有效的编号，该条目已跳过。"),
    ],
)
def test_values_of_the_wrong_type_are_listed_on_the_board(
    live_server: Server, people: Contexts, language: str, locale: str, expected: str
) -> None:
    workshop = create_workshop(live_server, language=language)
    board_id = str(workshop.board("raci")["id"])
    url = f"{live_server.ws_url}/ws/{board_id}/content?token={workshop.token}"
    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API holds this thread's loop
        thread.submit(asyncio.run, write_junk(url)).result(timeout=30)
    page = people.page(locale=locale)
    join(page, workshop.facilitator_link, "Alice")
    open_board(page, workshop, board_id)
    notes = page.get_by_test_id("read-warnings")
    expect(notes).to_be_visible()
    notes.locator("summary").click()
    expect(notes).to_contain_text(expected)
    expect(notes.locator("li")).to_have_count(2)
    expect(page.get_by_test_id("raci-board")).to_be_visible()  # the board itself still works
    expect(page.get_by_test_id("analysis-error")).to_have_count(0)


@pytest.fixture
def faulty(tmp_path: Path) -> Iterator[Server]:
    """A server whose notes analysis fails while the text holds MARKER (see
    tests/server/test_analysis_errors.py)."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(textwrap.dedent(FAULT))
    server = Server(tmp_path / "data", env={"PYTHONPATH": str(inject)}).start()
    try:
        yield server
    finally:
        server.stop()


async def set_text(url: str, text: str) -> None:
    async with YClient(url) as client:
        await client.synced.wait()
        shared = client.doc.get("text", type=Text)
        with client.doc.transaction():
            del shared[0 : len(shared)]
            shared += text
        await asyncio.sleep(0.3)


@pytest.mark.e2e
def test_a_failed_analysis_is_said_on_the_board_until_the_next_good_one(
    faulty: Server, people: Contexts
) -> None:
    workshop = create_workshop(faulty, language="zh-CN")
    board_id = str(workshop.board("notes")["id"])
    url = f"{faulty.ws_url}/ws/{board_id}/content?token={workshop.token}"
    page = people.page(locale="zh-CN")
    join(page, workshop.facilitator_link, "王")
    open_board(page, workshop, board_id)
    banner = page.get_by_test_id("analysis-error")
    expect(banner).to_have_count(0)
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, set_text(url, f"坏 {MARKER}")).result(timeout=30)
        expect(banner).to_contain_text("未能重新计算指标")
        thread.submit(asyncio.run, set_text(url, "好了")).result(timeout=30)
        expect(banner).to_have_count(0)
