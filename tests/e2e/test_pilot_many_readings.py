"""A pilot with more readings than a page: the team view's "All readings" is built only once
opened, shows the newest hundred first and the rest a page at a time."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop
from .test_pilot import facilitator_on_pilot, readings

pytestmark = pytest.mark.e2e
SENT = 130


def pilot_token(workshop: Workshop) -> str:
    status, invite = workshop.server.request(
        "POST", f"/api/workshops/{workshop.id}/invites", {"role": "pilot"}, token=workshop.token
    )
    assert status == 201, invite
    status, joined = workshop.server.request(
        "POST", "/api/join", {"token": invite["token"], "display_name": "Pia Pilot"}
    )
    assert status == 201, joined
    return str(joined["token"])


def send(workshop: Workshop, board_id: str, token: str, payload: dict[str, Any]) -> None:
    status, body = workshop.server.request(
        "POST",
        f"/api/boards/{board_id}/commands",
        {"command": "pilot.reading", "payload": payload, "idempotency_key": uuid.uuid4().hex},
        token=token,
    )
    assert status == 200, body


def test_all_readings_shows_the_newest_hundred_then_more_on_request(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="en")
    lead, board_id = facilitator_on_pilot(people, workshop, "en-US")
    token = pilot_token(workshop)
    site = readings(workshop, board_id)[0]["site"]
    for i in range(SENT):
        payload = {
            "submission_id": str(uuid.uuid4()),
            "kpi_id": "handling_time",
            "date": date.today().isoformat(),
            "site": site,
            "value": 20 + i % 30,
        }
        send(workshop, board_id, token, payload)
    stored = readings(workshop, board_id)
    total = len(stored)
    assert total >= SENT + 1  # the demo's readings and ours
    newest = max(stored, key=lambda r: (r["date"], r["submitted_at"], r["id"]))

    panel = lead.locator(".pilot-readings")
    expect(panel.locator("summary")).to_contain_text(f"All readings ({total})")
    # folded: no table built behind it
    expect(lead.get_by_test_id("readings-table")).to_have_count(0)
    panel.locator("summary").click()
    rows = lead.locator("[data-testid=readings-table] tbody tr[data-submission-id]")
    expect(rows).to_have_count(100)
    # newest first: by date, then by when it was received
    expect(rows.first).to_have_attribute("data-submission-id", newest["id"])
    expect(panel).to_contain_text(f"Showing the newest 100 of {total}.")
    more = lead.get_by_test_id("more-readings")
    expect(more).to_have_text(f"Show {min(100, total - 100)} more")
    while more.count():
        shown = rows.count()
        more.click()
        expect(rows).to_have_count(min(total, shown + 100))
    expect(rows).to_have_count(total)
    expect(panel).not_to_contain_text("Showing the newest")
