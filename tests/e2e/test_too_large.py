"""An edit over the server's message limit: the server closes 4413, the page stops retrying,
says so in the workshop's language, and keeps what was typed in the tab."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.server import ROOT, Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board, shot

pytestmark = pytest.mark.e2e

LIMIT = 20_000  # bytes in one websocket message (OBEYA_MAX_MESSAGE_BYTES)


def _catalog(language: str) -> dict[str, str]:
    data = json.loads((ROOT / "client" / "src" / "i18n" / f"{language}.json").read_text())
    return {
        "readonly": data["readonly"]["too_large"],
        "label": data["connection"]["too_large"]["label"],
    }


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_a_too_large_edit_stops_the_retries_and_is_kept(
    tmp_path: Path, people: Contexts, language: str
) -> None:
    server = Server(tmp_path / "data", env={"OBEYA_MAX_MESSAGE_BYTES": str(LIMIT)}).start()
    try:
        texts = _catalog(language)
        workshop = create_workshop(server, language=language)
        notes = workshop.board("notes")
        page = people.page()
        sockets: list[str] = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        join(page, workshop.invite_link("editor"), "Paula Paste")
        open_board(page, workshop, notes["id"])
        badge = page.locator(".board-page .conn")
        expect(badge).to_have_attribute("data-status", "live", timeout=15_000)
        text = page.locator(".notes-textarea")
        text.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(" Small and saved.")
        page.wait_for_timeout(300)  # the update reaches the server
        before = text.input_value()
        opened = len(sockets)

        page.keyboard.insert_text(" " + "pasted " * 5_000)  # 35 KB in one edit
        expect(badge).to_have_attribute("data-status", "too_large", timeout=10_000)
        expect(badge).to_contain_text(texts["label"])
        expect(page.get_by_test_id("readonly-banner")).to_contain_text(texts["readonly"])
        shot(page, f"board-too-large-{language}", full_page=False)
        page.wait_for_timeout(4_000)  # longer than the client's longest reconnect backoff
        assert len(sockets) == opened  # no reconnect: it would fail the same way forever
        expect(badge).to_have_attribute("data-status", "too_large")
        typed = text.input_value()
        assert typed.startswith(before) and typed.count("pasted") == 5_000

        # Nothing of the refused edit reached the server or anyone else.
        other = people.page()
        join(other, workshop.invite_link("viewer"), "Vera Viewer")
        open_board(other, workshop, notes["id"])
        expect(other.locator(".notes-textarea")).to_have_value(before, timeout=10_000)
    finally:
        server.stop()
