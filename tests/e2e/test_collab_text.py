"""Text edited together (issue 23, part 5), in two browsers: two people typing in the same long
field at the same time both keep their words, and a short field someone else is in shows who.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pycrdt import Map

from tests.support.server import Server
from tests.support.yclient import YClient

from .conftest import Contexts
from .helpers import Workshop, create_workshop, facilitator_and_editor, shot

pytestmark = pytest.mark.e2e

# Puts the caret at the start or the end of a field, focused.
CARET = """([id, atStart]) => {
  const el = document.getElementById(id);
  el.focus();
  const at = atStart ? 0 : el.value.length;
  el.setSelectionRange(at, at);
}"""


def snapshot(workshop: Workshop, board_id: str) -> dict[str, Any]:
    status, body = workshop.server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200, body
    return dict(body["snapshot"])


def mitigation(workshop: Workshop, board_id: str, risk_id: str) -> str:
    risks = snapshot(workshop, board_id)["risks"]
    return str(next(r for r in risks if r["id"] == risk_id)["mitigation"])


def type_together(lead: Page, member: Page, field: str, mine: str, theirs: str) -> None:
    """Real keystrokes, alternating between the two pages: each page types its next character
    whether or not the other's last one has reached it yet."""
    lead.evaluate(CARET, [field, True])
    member.evaluate(CARET, [field, False])
    for i in range(max(len(mine), len(theirs))):
        if i < len(mine):
            lead.keyboard.type(mine[i])
        if i < len(theirs):
            member.keyboard.type(theirs[i])


def test_two_people_typing_in_one_mitigation_at_once_both_keep_their_text(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="en")
    board = workshop.board("rollout")
    lead, member = people.page(), people.page()
    facilitator_and_editor(workshop, board["id"], lead, member, ("Alice Chen", "Bo Li"))
    field = "risk-mit-risk-1"
    before = mitigation(workshop, board["id"], "risk-1")
    assert before  # the demo's mitigation, collaborative text since the demo was written
    expect(member.locator(f"#{field}")).to_have_value(before)

    # Alice writes before the text, Bo after it, keystroke for keystroke at the same time.
    mine, theirs = "Alice: train the second shift first. ", " Bo: 李伟负责回访。"
    type_together(lead, member, field, mine, theirs)

    # Each keystroke went in at its writer's caret, whatever arrived meanwhile: nothing lost,
    # nothing doubled, on both pages and in the server's reading.
    merged = mine + before + theirs
    expect(lead.locator(f"#{field}")).to_have_value(merged)
    expect(member.locator(f"#{field}")).to_have_value(merged)
    assert mitigation(workshop, board["id"], "risk-1") == merged

    # A long field shows who else is in it
    marker = lead.locator(f"#{field}-editing")
    expect(marker).to_have_attribute("data-names", "Bo Li")


def test_a_short_field_shows_who_is_editing_it_until_they_leave_it(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="zh-CN")
    board = workshop.board("rollout")
    lead, member = people.page(), people.page()
    facilitator_and_editor(workshop, board["id"], lead, member, ("陈爱丽", "李伟"))
    owner = "risk-owner-risk-1"
    marker = lead.locator(f"#{owner}-editing")
    expect(marker).to_have_count(0)

    member.locator(f"#{owner}").focus()
    expect(marker).to_be_visible()
    expect(marker).to_have_attribute("data-names", "李伟")
    expect(marker).to_have_attribute("title", "李伟正在编辑此项")
    expect(marker.locator(".editing-marker-peer")).to_have_text("李伟")
    described = lead.locator(f"#{owner}").get_attribute("aria-describedby") or ""
    assert f"{owner}-editing" in described.split()
    # only the others are shown: the editor does not see a marker of their own
    expect(member.locator(f"#{owner}-editing")).to_have_count(0)
    lead.locator(f"#{owner}").scroll_into_view_if_needed()
    shot(lead, "editing-marker-zh", full_page=False)

    member.locator(f"#{owner}").blur()
    expect(marker).to_have_count(0)

    # leaving the board (a closed tab, a lost connection) clears it as well
    member.locator(f"#{owner}").focus()
    expect(marker).to_be_visible()
    member.close()
    expect(marker).to_have_count(0, timeout=10_000)


def write_as_an_older_client(workshop: Workshop, board_id: str, risk_id: str, text: str) -> None:
    """Put a plain string where the mitigation's Text is, as documents from before hold it,
    through a pycrdt peer over the real websocket (in its own thread: Playwright's sync API
    keeps an event loop running in this one)."""

    async def write() -> None:
        url = f"{workshop.server.ws_url}/ws/{board_id}/content?token={workshop.token}"
        async with YClient(url) as peer:
            await peer.synced.wait()
            peer.doc.get("risks", type=Map)[risk_id]["mitigation"] = text
            await peer.wait_for(lambda: bool(peer.frames))  # sent before closing
            await asyncio.sleep(0.5)

    worker = threading.Thread(target=lambda: asyncio.run(write()))
    worker.start()
    worker.join(30)
    assert mitigation(workshop, board_id, risk_id) == text


def test_an_older_plain_mitigation_becomes_text_on_the_first_edit_and_keeps_its_words(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="en")
    board = workshop.board("rollout")
    old = "Load-test the lookup screen before the peak."
    write_as_an_older_client(workshop, board["id"], "risk-1", old)
    lead, member = people.page(), people.page()
    facilitator_and_editor(workshop, board["id"], lead, member, ("Alice Chen", "Bo Li"))
    field = "risk-mit-risk-1"
    expect(member.locator(f"#{field}")).to_have_value(old)
    # the first edit turns it into collaborative text holding the old words ...
    lead.evaluate(CARET, [field, False])
    lead.keyboard.type(" Owner: IT.")
    expect(member.locator(f"#{field}")).to_have_value(old + " Owner: IT.")
    # ... so from then on two people's typing merges
    type_together(lead, member, field, "Now: ", " 已排期。")
    merged = "Now: " + old + " Owner: IT." + " 已排期。"
    for page in (lead, member):
        expect(page.locator(f"#{field}")).to_have_value(merged)
    assert mitigation(workshop, board["id"], "risk-1") == merged
