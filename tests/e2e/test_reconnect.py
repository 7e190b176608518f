"""A server restart: the page says it is reconnecting, comes back by itself, same state."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board, shot

pytestmark = pytest.mark.e2e


def test_page_reconnects_after_a_server_restart(tmp_path: Path, people: Contexts) -> None:
    server = Server(tmp_path / "data").start()
    try:
        workshop = create_workshop(server)
        notes = workshop.board("notes")
        page = people.page()
        join(page, workshop.invite_link("editor"), "Rita Restart")
        open_board(page, workshop, notes["id"])
        text = page.locator(".notes-textarea")
        text.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(" Saved before the restart.")
        page.wait_for_timeout(300)  # the update reaches the server

        server.stop()
        badge = page.locator(".board-page .conn")
        expect(badge).to_have_attribute("data-status", "reconnecting")
        expect(page.locator(".banner[role=alert]")).to_be_visible()
        shot(page, "board-reconnecting", full_page=False)
        # Typing while the server is away is kept and sent when it is back.
        page.keyboard.type(" Typed while offline.")

        server.start()
        expect(badge).to_have_attribute("data-status", "live", timeout=15_000)
        expect(page.locator(".banner[role=alert]")).to_have_count(0)
        expected = text.input_value()
        assert expected.endswith("Saved before the restart. Typed while offline.")

        # A fresh load (another person) sees the same state from the server.
        other = people.page()
        join(other, workshop.invite_link("viewer"), "Otto Other")
        open_board(other, workshop, notes["id"])
        expect(other.locator(".notes-textarea")).to_have_value(expected)
    finally:
        server.stop()


def test_the_page_says_offline_as_soon_as_the_browser_is(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Wi-Fi Walker")
    open_board(page, workshop, workshop.board("notes")["id"])
    badge = page.locator(".board-page .conn")
    page.context.set_offline(True)
    expect(badge).to_have_attribute("data-status", "offline", timeout=1_000)
    page.context.set_offline(False)
    expect(badge).to_have_attribute("data-status", "live", timeout=15_000)
