"""Read-only means read-only: viewers, locked boards, finished workshops."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from pycrdt import Doc, Text, create_update_message

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, facilitator_and_editor, join, open_board, shot

pytestmark = pytest.mark.e2e


def test_a_viewer_cannot_change_anything(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    notes = workshop.board("notes")
    before = live_server.request("GET", f"/api/boards/{notes['id']}", token=workshop.token)[1]
    viewer = people.page()
    join(viewer, workshop.invite_link("viewer"), "Victor Viewer", screenshot="join-viewer")

    # Home: no controls that change things, goals shown as text.
    expect(viewer.get_by_test_id("workshop-title")).to_be_visible()
    expect(viewer.get_by_test_id("add-board")).to_have_count(0)
    expect(viewer.get_by_role("button", name="Add goal")).to_have_count(0)
    expect(viewer.locator(".goal-read")).to_have_count(2)
    expect(viewer.locator(".goal-edit")).to_have_count(0)
    expect(viewer.get_by_test_id("open-invites")).to_have_count(0)
    expect(viewer.locator(".step-btn:is(button)")).to_have_count(0)
    shot(viewer, "home-viewer")

    # Board: read-only banner, no tools, typing changes nothing.
    open_board(viewer, workshop, notes["id"])
    expect(viewer.get_by_test_id("readonly-banner")).to_contain_text("viewer")
    expect(viewer.get_by_test_id("add-sticky")).to_have_count(0)
    expect(viewer.locator(".sticky-grip")).to_have_count(0)
    expect(viewer.get_by_test_id("lock-toggle")).to_have_count(0)
    text = viewer.locator(".notes-textarea")
    original = text.input_value()
    text.click()
    viewer.keyboard.type("viewer typing")
    viewer.locator(".sticky-text").first.click()
    viewer.keyboard.type("more")
    expect(text).to_have_value(original)
    shot(viewer, "board-viewer")

    # Even a tampered page cannot write: send a raw Yjs update with the viewer's token.
    doc: Doc[Any] = Doc()
    doc.get("text", type=Text).insert(0, "HACKED ")
    message = list(create_update_message(doc.get_update()))
    sent = viewer.evaluate(
        """async ([boardId, bytes, workshopId]) => {
            const token = JSON.parse(localStorage.getItem('obeya.membership.' + workshopId)).token;
            const ws = new WebSocket(`ws://${location.host}/ws/${boardId}/content?token=${token}`);
            ws.binaryType = 'arraybuffer';
            await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
            ws.send(new Uint8Array(bytes));
            await new Promise((ok) => setTimeout(ok, 300));
            const open = ws.readyState === WebSocket.OPEN;
            ws.close();
            return open;
        }""",
        [notes["id"], message, workshop.id],
    )
    print("viewer socket still open after a refused write:", sent)
    viewer.wait_for_timeout(300)
    after = live_server.request("GET", f"/api/boards/{notes['id']}", token=workshop.token)[1]
    assert after["snapshot"] == before["snapshot"]
    expect(text).to_have_value(original)


def test_lock_and_finish_turn_boards_read_only_for_everyone(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    notes = workshop.board("notes")
    lead, editor = people.page(), people.page()
    facilitator_and_editor(workshop, notes["id"], lead, editor, ("Fay Facilitator", "Eddie Editor"))
    expect(editor.get_by_test_id("add-sticky")).to_be_visible()

    lead.get_by_test_id("lock-toggle").click()
    expect(editor.get_by_test_id("readonly-banner")).to_contain_text("locked", timeout=1000)
    # The facilitator may still edit (the server allows it), and is told the others cannot.
    expect(lead.get_by_test_id("locked-note")).to_be_visible()
    expect(lead.get_by_test_id("add-sticky")).to_be_visible()
    expect(editor.get_by_test_id("add-sticky")).to_have_count(0)
    expect(editor.locator(".notes-textarea")).to_have_attribute("readonly", "")
    lead.get_by_test_id("lock-toggle").click()
    expect(editor.get_by_test_id("readonly-banner")).to_have_count(0, timeout=1000)
    expect(editor.get_by_test_id("add-sticky")).to_be_visible()

    lead.goto(workshop.home_url)
    lead.get_by_role("button", name="Finish workshop").click()
    shot(lead, "finish-dialog", full_page=False)
    lead.get_by_role("dialog").get_by_role("button", name="Finish workshop").click()
    expect(editor.get_by_test_id("readonly-banner")).to_contain_text("finished", timeout=1000)
    expect(editor.get_by_role("button", name="Download report")).to_be_visible()
    expect(lead.get_by_test_id("phase-chip")).to_have_text("Finished")
    shot(editor, "board-finished")


def test_revoking_a_link_ends_access_at_once(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    link = workshop.invite_link("editor")
    page = people.page()
    join(page, link, "Ron Revoked")
    open_board(page, workshop, workshop.board("notes")["id"])
    invite = next(
        i
        for i in live_server.request(
            "GET", f"/api/workshops/{workshop.id}/invites", token=workshop.token
        )[1]
        if i["role"] == "editor"
    )
    status, _ = live_server.request(
        "DELETE", f"/api/workshops/{workshop.id}/invites/{invite['id']}", token=workshop.token
    )
    assert status == 204
    expect(page.get_by_role("heading", name="Your access ended")).to_be_visible(timeout=3000)
    shot(page, "access-ended", full_page=False)
