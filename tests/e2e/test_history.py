"""Version history in the browser, three people on one board: A deletes half of it by mistake,
B (the facilitator) previews the version from before and restores it from the History panel
while C keeps adding stickies; every page converges, with C's work intact, and B can undo it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board, shot

pytestmark = pytest.mark.e2e
SECOND = 1000


def _add(page: Page, text: str) -> None:
    page.get_by_test_id("add-sticky").click()
    page.keyboard.type(text)


def _texts(page: Page) -> list[str]:
    return sorted(page.locator(".sticky-text").evaluate_all("els => els.map(e => e.value)"))


def _converged(pages: list[Page], want: list[str]) -> None:
    for page in pages:
        expect(page.locator(".sticky-text")).to_have_count(len(want), timeout=5 * SECOND)
        page.wait_for_function(
            "want => [...document.querySelectorAll('.sticky-text')].map(e => e.value).sort()"
            ".join('|') === want",
            arg="|".join(sorted(want)),
            timeout=5 * SECOND,
        )


def test_a_mass_delete_is_restored_from_history_while_someone_keeps_editing(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, demo=False)
    status, board = live_server.request(
        "POST",
        f"/api/workshops/{workshop.id}/boards",
        {"kind": "notes", "title": "Interview notes"},
        token=workshop.token,
    )
    assert status == 201, board
    a, b, c = people.page(), people.page(), people.page()
    join(b, workshop.facilitator_link, "Bea Facilitator")
    join(a, workshop.invite_link("editor"), "Ann Editor")
    join(c, workshop.invite_link("editor"), "Cai Editor")
    for page in (a, b, c):
        open_board(page, workshop, board["id"])

    mine = [f"Idea {i}" for i in range(6)]
    for text in mine:
        _add(a, text)
    _converged([a, b, c], mine)

    b.get_by_test_id("history-toggle").click()
    b.get_by_test_id("history-name").fill("Before cleanup")
    b.get_by_role("button", name="Save version").click()
    entry = b.get_by_test_id("history-entry").filter(has_text="Before cleanup")
    expect(entry).to_contain_text("Ann Editor")
    expect(entry).not_to_contain_text("Bea Facilitator")  # she named it, Ann wrote it

    for _ in range(3):  # one wrong click after another: half the board gone
        a.get_by_role("button", name="Delete sticky note").first.click()
    _converged([a, b, c], _texts(a))
    left = _texts(a)
    assert len(left) == 3

    # A read-only preview of the version, in the normal board view.
    entry.get_by_test_id("history-preview").click()
    expect(b.get_by_test_id("preview-banner")).to_contain_text("read-only")
    expect(b.locator(".sticky-text")).to_have_count(6)
    expect(b.locator(".sticky-text").first).to_have_attribute("readonly", "")
    entry.get_by_test_id("history-preview").click()  # back to the live board
    expect(b.get_by_test_id("preview-banner")).to_have_count(0)

    _add(c, "Cai before")
    entry.get_by_test_id("history-restore").click()
    _add(c, "Cai during")
    _add(c, "Cai after")
    want = [*mine, "Cai before", "Cai during", "Cai after"]
    _converged([a, b, c], want)
    expect(b.get_by_test_id("history-undo")).to_be_visible()
    shot(b, "history-panel")

    # Undo the restore: the deleted stickies go again, Cai's stay.
    b.get_by_test_id("history-undo").click()
    _converged([a, b, c], [*left, "Cai before", "Cai during", "Cai after"])


def test_every_board_kind_previews_a_version_read_only(
    live_server: Server, people: Contexts
) -> None:
    """The preview is the kind's normal view over the version's document: it must render for
    every kind, read-only, without touching the live board."""
    workshop = create_workshop(live_server, demo=True)
    lead = people.page()
    join(lead, workshop.facilitator_link, "Bea Facilitator")
    for board in workshop.info()["boards"]:
        open_board(lead, workshop, board["id"])
        lead.get_by_test_id("history-toggle").click()
        lead.get_by_test_id("history-name").fill(f"Version of {board['kind']}")
        lead.get_by_role("button", name="Save version").click()
        entry = lead.get_by_test_id("history-entry").first
        expect(entry).to_contain_text(f"Version of {board['kind']}")
        entry.get_by_test_id("history-preview").click()
        expect(lead.get_by_test_id("preview-banner")).to_contain_text("read-only")
        expect(lead.get_by_test_id("view-load-failed")).to_have_count(0)
        if board["kind"] == "notes":
            expect(lead.locator(".sticky-text").first).to_have_attribute("readonly", "")
        shot(lead, f"history-preview-{board['kind']}", full_page=False)
        entry.get_by_test_id("history-preview").click()
        expect(lead.get_by_test_id("preview-banner")).to_have_count(0)
    status, versions = live_server.request(
        "GET", f"/api/boards/{board['id']}/checkpoints", token=workshop.token
    )
    assert status == 200 and [v["kind"] for v in versions] == ["named"]


def test_the_history_panel_speaks_chinese(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, language="zh-CN", demo=True, title="投诉处理")
    lead = people.page(locale="zh-CN")
    join(lead, workshop.facilitator_link, "主持人")
    notes = workshop.board("notes")
    open_board(lead, workshop, notes["id"])
    lead.get_by_test_id("history-toggle").click()
    expect(lead.get_by_test_id("history-panel")).to_contain_text("版本历史")
    lead.get_by_test_id("history-name").fill("第一轮之后")
    lead.get_by_role("button", name="保存版本").click()
    entry = lead.get_by_test_id("history-entry").first
    expect(entry).to_contain_text("便利贴")  # the root's name in the reader's language
    entry.get_by_test_id("history-preview").click()
    expect(lead.get_by_test_id("preview-banner")).to_contain_text("只读")
    shot(lead, "history-panel-zh", full_page=False)
