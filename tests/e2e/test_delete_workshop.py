"""A facilitator deletes the workshop from its home page: the title must be typed first, an
editor's open board is disconnected for good, and the page then says it was
deleted, in either language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board, shot

pytestmark = pytest.mark.e2e


def test_the_facilitator_deletes_the_workshop_after_typing_its_title(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, demo=False, title="To be deleted")
    status, board = live_server.request(
        "POST",
        f"/api/workshops/{workshop.id}/boards",
        {"kind": "notes", "title": "Notes"},
        token=workshop.token,
    )
    assert status == 201, board
    lead, member = people.page(), people.page()
    join(lead, workshop.facilitator_link, "Fiona Facilitator")
    join(member, workshop.invite_link("editor"), "编辑者")
    open_board(member, workshop, board["id"])

    lead.get_by_test_id("delete-workshop").click()
    dialog = lead.get_by_role("dialog", name="Delete this workshop for good?")
    confirm = dialog.get_by_role("button", name="Delete for good")
    expect(confirm).to_be_disabled()
    dialog.get_by_label("Type the workshop's title to confirm").fill("To be")
    expect(confirm).to_be_disabled()
    dialog.get_by_label("Type the workshop's title to confirm").fill("To be deleted")
    shot(lead, "delete-workshop-dialog")
    confirm.click()
    lead.wait_for_url(f"{live_server.url}/")

    # The editor's open board is cut off for good, and the page says why, in either language.
    expect(member.get_by_role("heading", name="Workshop deleted")).to_be_visible()
    assert (
        live_server.request("GET", f"/api/workshops/{workshop.id}", token=workshop.token)[0] == 410
    )
    member.get_by_role("button", name="中文").click()
    expect(member.get_by_role("heading", name="工作坊已删除")).to_be_visible()
    shot(member, "workshop-deleted-zh")
    member.reload()
    expect(member.get_by_role("heading", name="工作坊已删除")).to_be_visible()
