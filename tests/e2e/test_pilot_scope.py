"""The pilot link in the browser reaches its pilot boards and the pilot page's own view, nothing
else: no socket to the workshop board or the roll-out board, no request the server refuses, no other board's title on
the page; yet the phone learns by itself that the workshop finished."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Response, WebSocket, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join

pytestmark = pytest.mark.e2e
SECOND = 1000
PHONE = (390, 844)


def test_the_phone_opens_only_its_pilot_board_and_learns_the_workshop_finished(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="en")
    boards = workshop.info()["boards"]
    pilot = next(b for b in boards if b["kind"] == "pilot")
    phone = people.page(locale="en-US", width=PHONE[0], height=PHONE[1])
    sockets: list[str] = []
    answers: list[tuple[int, str]] = []

    def on_socket(ws: WebSocket) -> None:
        sockets.append(ws.url)

    def on_response(response: Response) -> None:
        answers.append((response.status, response.url))

    phone.on("websocket", on_socket)
    phone.on("response", on_response)
    join(phone, workshop.invite_link("pilot"), "Pia Pilot")
    expect(phone.get_by_test_id("pilot-participant")).to_be_visible()
    expect(phone.get_by_test_id("phase-chip")).to_have_text("Roll out")  # where the demo is
    expect(phone.locator(".topbar .conn")).to_have_attribute("data-status", "live")
    main = phone.locator("main")
    expect(main).to_contain_text(pilot["title"])
    # the roll-out board's sustain readings come from the same phone page
    expect(phone.get_by_test_id("rollout-participant")).to_be_visible()
    for board in boards:
        if board["kind"] not in ("pilot", "rollout"):
            expect(main.get_by_text(board["title"], exact=True)).to_have_count(0)

    # The workshop home address is the pilot page for a pilot participant.
    phone.goto(workshop.home_url)
    expect(phone.get_by_test_id("pilot-participant")).to_be_visible()
    expect(phone.get_by_test_id("workshop-title")).to_have_count(0)

    # The facilitator finishes the workshop: the phone's next poll makes it read-only.
    status, body = live_server.request(
        "POST",
        f"/api/boards/{workshop.workshop_board_id}/commands",
        {"command": "workshop.finish", "payload": {}, "idempotency_key": str(uuid.uuid4())},
        token=workshop.token,
    )
    assert status == 200, body
    expect(phone.get_by_test_id("phase-chip")).to_have_text("Finished", timeout=15 * SECOND)
    expect(phone.get_by_test_id("send-reading")).to_have_count(0)

    # Only the pilot board syncs: the roll-out's phone view comes in the pilot page's view.
    assert sockets and all(f"/ws/{pilot['id']}/" in url for url in sockets), sockets
    api = [(status, url) for status, url in answers if "/api/" in url]
    assert all(status < 400 for status, _ in api), api
    assert not any(url.endswith(f"/api/workshops/{workshop.id}") for _, url in api), api
