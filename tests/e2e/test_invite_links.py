"""The facilitator's links panel: a labelled link with an expiry, shown again in another
browser and after a reload, and one participant removed while the link keeps working."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import Contexts
from tests.e2e.helpers import create_workshop, join, shot
from tests.support.server import Server


def test_links_panel_labels_reshows_and_removes_one_participant(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    lead = people.page()
    join(lead, workshop.facilitator_link, "Fay Facilitator")
    lead.get_by_test_id("open-invites").click()
    dialog = lead.get_by_role("dialog")
    expect(dialog.get_by_test_id("invite-expiry-facilitator")).to_have_count(0)
    dialog.get_by_test_id("invite-label-editor").fill("Team A")
    dialog.get_by_test_id("invite-expiry-editor").fill("2099-03-01T10:00")
    dialog.get_by_test_id("create-invite-editor").click()
    row = dialog.locator(".invite[data-role=editor]").first
    expect(row.locator(".invite-label")).to_have_text("Team A")
    expect(row.locator(".invite-meta")).to_contain_text("Expires")
    expect(row.locator(".invite-meta")).to_contain_text("2099")
    expect(dialog.get_by_test_id("invite-label-editor")).to_have_value("")
    link = row.locator(".copy-field input").input_value()
    assert "/join#" in link

    # Another facilitator's browser, which never saw the link, and a reload both show it.
    other = people.page()
    join(other, workshop.facilitator_link, "Kai Co")
    other.get_by_test_id("open-invites").click()
    other_row = other.get_by_role("dialog").locator(".invite[data-role=editor]").first
    expect(other_row.locator(".copy-field input")).to_have_value(link)
    lead.reload()
    lead.get_by_test_id("open-invites").click()
    expect(dialog.locator(".invite[data-role=editor] .copy-field input")).to_have_value(link)
    lead.keyboard.press("Escape")

    ann, bob = people.page(), people.page()
    join(ann, link, "Ann Editor")
    join(bob, link, "Bob Editor")
    lead.get_by_test_id("open-invites").click()
    people_rows = dialog.locator(".invite[data-role=editor] [data-testid=invite-participant]")
    expect(people_rows).to_have_count(2)
    expect(row.locator(".invite-meta")).to_contain_text("2 joined")
    shot(lead, "invites-participants", full_page=False)
    people_rows.filter(has_text="Ann Editor").get_by_role("button", name="Remove").click()
    people_rows.filter(has_text="Ann Editor").get_by_role("button", name="Remove").click()
    expect(people_rows.filter(has_text="Ann Editor").locator(".chip")).to_have_text("Removed")
    expect(ann.get_by_role("heading", name="Your access ended")).to_be_visible(timeout=3000)

    # Bob stays, and the same link still lets a newcomer in.
    expect(bob.locator(".topbar .conn[data-status=live]")).to_be_visible()
    cy = people.page()
    join(cy, link, "Cy Editor")
    expect(cy).to_have_url(re.compile(rf"/w/{workshop.id}"))


def test_an_expired_link_says_so(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    ends = datetime.now(UTC) + timedelta(seconds=1)
    status, made = live_server.request(
        "POST",
        f"/api/workshops/{workshop.id}/invites",
        {"role": "viewer", "expires_at": ends.isoformat()},
        token=workshop.token,
    )
    assert status == 201
    time.sleep(max(0.0, (ends - datetime.now(UTC)).total_seconds()) + 0.3)
    page = people.page()
    page.goto(made["link"])
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    expect(page.get_by_text("This invitation has expired.")).to_be_visible()
