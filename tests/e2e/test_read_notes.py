"""What a board's reader ignored shows on the board page, translated, for every kind: a Yjs
client writes values of the wrong type over a real websocket, the page lists them."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect
from pycrdt import Array, Map

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
        ("zh-CN", "zh-CN", "activity_order:“7”不是有效的编号,该条目已跳过。"),
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
