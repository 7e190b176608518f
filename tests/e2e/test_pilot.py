"""The pilot board in the browser: a participant on a phone submits while offline, the reading
is kept, sent when the network is back and counted once; refusals say why; the team view."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import ROOT, Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, join, open_board, shot

pytestmark = pytest.mark.e2e
SECOND = 1000
DESKTOP = (1440, 900)
PHONE = (390, 844)
KIND = ROOT / "client" / "src" / "boards" / "pilot"


def board_state(workshop: Workshop, board_id: str) -> dict[str, Any]:
    status, body = workshop.server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200, body
    return dict(body)


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def readings(workshop: Workshop, board_id: str) -> list[dict[str, Any]]:
    return list(board_state(workshop, board_id)["snapshot"]["readings"])


def outbox(page: Page) -> list[dict[str, Any]]:
    raw = page.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.startsWith('obeya.pilot.outbox.'))"
        ".flatMap((k) => JSON.parse(localStorage.getItem(k)))"
    )
    return list(raw)


def facilitator_on_pilot(people: Contexts, workshop: Workshop, locale: str) -> tuple[Page, str]:
    """The facilitator opens the pilot board and moves the period around today."""
    pilot = workshop.board("pilot")
    lead = people.page(locale=locale, width=DESKTOP[0], height=DESKTOP[1])
    join(lead, workshop.facilitator_link, "Fay Facilitator")
    open_board(lead, workshop, pilot["id"])
    lead.get_by_test_id("edit-definition").click()
    start, end = date.today() - timedelta(days=14), date.today() + timedelta(days=7)
    lead.locator("#pilot-start").fill(start.isoformat())
    lead.locator("#pilot-end").fill(end.isoformat())
    lead.locator("#pilot-name").click()  # leave the date field: the shared value shows again
    period = (start.isoformat(), end.isoformat())
    eventually(
        lambda: (
            tuple(
                board_state(workshop, pilot["id"])["snapshot"]["definition"][k]
                for k in ("start", "end")
            )
            == period
        )
    )
    return lead, pilot["id"]


def participant(people: Contexts, workshop: Workshop, locale: str, name: str) -> Page:
    phone = people.page(locale=locale, width=PHONE[0], height=PHONE[1])
    join(phone, workshop.invite_link("pilot"), name)
    expect(phone.get_by_test_id("pilot-participant")).to_be_visible()
    return phone


def test_a_reading_sent_offline_is_kept_then_counted_once(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="zh-CN")
    lead, board_id = facilitator_on_pilot(people, workshop, "zh-CN")
    shot(lead, "pilot-definition", full_page=False)
    lead.get_by_test_id("edit-definition").click()
    before = len(readings(workshop, board_id))
    expect(lead.locator(".pilot-stat").first).to_contain_text(str(before))

    phone = participant(people, workshop, "zh-CN", "王芳")
    today = date.today().isoformat()
    expect(phone.locator("#pilot-date")).to_have_value(today)
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "pilot-participant")

    # The network goes away; the participant sends a reading anyway.
    phone.context.set_offline(True)
    expect(phone.get_by_test_id("offline-note")).to_be_visible()
    phone.get_by_test_id("reading-form").get_by_text("华东客服中心", exact=True).click()
    phone.locator("#pilot-value").fill("29.5")
    phone.get_by_test_id("send-reading").click()
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "pending")
    pending = phone.locator("[data-testid=my-submissions] [data-state=pending]")
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text("29.5")
    expect(phone.get_by_test_id("pending-count")).to_contain_text("1 条等待发送")
    kept = outbox(phone)
    assert len(kept) == 1 and kept[0]["payload"]["value"] == 29.5
    key = phone.evaluate(
        "() => Object.keys(localStorage).find((k) => k.startsWith('obeya.pilot.outbox.'))"
    )
    assert len(readings(workshop, board_id)) == before  # nothing reached the server
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "pilot-participant-offline")

    # Back online: it goes out by itself and is listed as arrived.
    phone.context.set_offline(False)
    sid = kept[0]["submission_id"]
    arrived = phone.locator(f"[data-testid=my-submissions] [data-submission-id='{sid}']")
    expect(arrived).to_have_attribute("data-state", "arrived", timeout=10 * SECOND)
    expect(pending).to_have_count(0)
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "sent")
    assert outbox(phone) == []
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "pilot-participant-arrived")

    # A phone that lost the answer sends the same submission again, under a new key: the
    # server keeps it once.
    resent = {**kept[0], "idempotency_key": "resent-after-a-lost-answer", "next_at": 0}
    phone.evaluate(
        "([key, entry]) => { localStorage.setItem(key, JSON.stringify([entry]));"
        " window.dispatchEvent(new Event('online')); }",
        [key, resent],
    )
    phone.wait_for_function("(key) => localStorage.getItem(key) === null", arg=key)
    expect(phone.locator(f"[data-submission-id='{sid}']")).to_have_count(1)

    # The team view counts it once, live.
    after = readings(workshop, board_id)
    mine = [r for r in after if r["id"] == sid]
    assert len(after) == before + 1 and len(mine) == 1
    assert mine[0]["value"] == 29.5 and mine[0]["site"] == "华东客服中心"
    assert mine[0]["display_name"] == "王芳" and mine[0]["date"] == today
    expect(lead.locator(".pilot-stat").first).to_contain_text(str(before + 1))
    lead.locator(".pilot-readings summary").click()
    expect(
        lead.locator(f"[data-testid=readings-table] tr[data-submission-id='{sid}']")
    ).to_have_count(1)
    expect(lead.locator("[data-testid=readings-table] tbody tr")).to_have_count(before + 1)
    # The analysis is recomputed live, debounced (at most a second after the change).
    deadline = time.monotonic() + 3
    while board_state(workshop, board_id)["analysis"]["readings"] != before + 1:
        assert time.monotonic() < deadline, "the analysis did not count the reading"
        time.sleep(0.05)
    lead.evaluate("window.scrollTo(0, 0)")
    shot(lead, "pilot-team")


def test_a_refused_reading_says_why_and_feedback_reaches_the_team(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="en")
    lead, board_id = facilitator_on_pilot(people, workshop, "en-US")
    before = len(readings(workshop, board_id))
    phone = participant(people, workshop, "en-US", "Pia Pilot")

    # The team tightens the plausible range; the phone shows it at once.
    lead.locator("#kpi-handling_time-max").fill("200")
    expect(phone.locator("#pilot-value-hint")).to_contain_text("0 to 200 h", timeout=SECOND)

    # 480 h instead of 48: the server refuses, the participant reads why.
    phone.get_by_test_id("reading-form").get_by_text("East service centre", exact=True).click()
    phone.locator("#pilot-value").fill("480")
    expect(phone.locator("#pilot-value-hint")).to_contain_text("outside the plausible range")
    phone.get_by_test_id("send-reading").click()
    result = phone.get_by_test_id("submit-result")
    expect(result).to_have_attribute("data-kind", "refused")
    expect(result).to_contain_text("480 is outside the plausible range of Average handling time")
    expect(result).to_contain_text("0 to 200 h")
    expect(phone.locator("#pilot-value")).to_have_value("480")  # kept for correcting
    assert outbox(phone) == []
    assert len(readings(workshop, board_id)) == before
    shot(phone, "pilot-participant-refused", full_page=False)

    # Corrected, it arrives.
    phone.locator("#pilot-value").fill("48")
    phone.get_by_test_id("send-reading").click()
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "sent")

    # Feedback: a problem, rated, anonymous.
    phone.get_by_test_id("tab-feedback").click()
    form = phone.get_by_test_id("feedback-form")
    form.locator("label.pilot-kind-problem").click()
    form.locator("label.pilot-rate:has(input[name=pilot-satisfaction][value='2'])").click()
    form.locator("label.pilot-rate:has(input[name=pilot-ease][value='3'])").click()
    form.get_by_label("What happened? (optional)").fill(
        "The new form loses my draft when the app reloads."
    )
    form.get_by_label("Send anonymously").check()
    shot(phone, "pilot-participant-feedback", full_page=False)
    form.get_by_test_id("send-feedback").click()
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "sent")
    expect(
        phone.locator("[data-testid=my-submissions] [data-state=arrived]").first
    ).to_contain_text("Problem — The new form loses my draft")

    # The team sees it in the stream, without a name, and can filter it.
    stream = lead.get_by_test_id("feedback-stream")
    mine = stream.locator(".pilot-fb", has_text="loses my draft")
    expect(mine).to_have_count(1, timeout=2 * SECOND)
    expect(mine).to_contain_text("Anonymous")
    expect(mine).to_contain_text("Satisfaction 2 of 5")
    expect(stream).not_to_contain_text("Pia Pilot")
    lead.locator(".pilot-seg button", has_text="Praise").click()
    expect(stream).not_to_contain_text("loses my draft")
    lead.locator(".pilot-seg button", has_text="Problems").click()
    lead.locator(".pilot-filter select").nth(1).select_option("low")
    expect(stream.locator(".pilot-fb")).to_have_count(2)  # the demo's 2/5 problem + this one
    expect(stream).to_contain_text("loses my draft")

    # A plan change logged in the team view appears for everyone on the board.
    lead.locator("#change-text").fill("Autosave the complaint form every 10 seconds")
    lead.locator("#change-reason").fill("Pilot feedback: drafts get lost")
    lead.get_by_test_id("add-change").get_by_role("button", name="Add to the log").click()
    expect(lead.get_by_test_id("change-log")).to_contain_text("Autosave the complaint form")
    changes = board_state(workshop, board_id)["snapshot"]["changes"]
    assert changes[-1]["text"] == "Autosave the complaint form every 10 seconds"
    lead.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    shot(lead, "pilot-team-feedback", full_page=False)

    # The team view on a phone.
    small = people.page(width=PHONE[0], height=PHONE[1])
    join(small, workshop.invite_link("viewer"), "Vic Viewer")
    open_board(small, workshop, board_id)
    expect(small.get_by_test_id("evaluation")).to_be_visible()
    small.evaluate("window.scrollTo(0, 0)")
    shot(small, "pilot-team-phone")


def test_a_reading_is_retried_with_backoff_while_the_server_cannot_be_reached(
    live_server: Server, people: Contexts
) -> None:
    """The phone says it is online but requests fail (a dead Wi-Fi, a proxy): the outbox keeps
    trying by itself, further apart each time, and delivers once the server answers."""
    workshop = create_workshop(live_server, language="en")
    pilot = workshop.board("pilot")
    # the demo pilot has ended: the facilitator runs it around today, so today's reading counts
    facilitator_on_pilot(people, workshop, "en-US")
    before = len(readings(workshop, pilot["id"]))
    phone = participant(people, workshop, "en-US", "Rui Retry")
    phone.route("**/api/boards/*/commands", lambda route: route.abort("connectionfailed"))
    phone.get_by_test_id("reading-form").get_by_text("South service centre", exact=True).click()
    phone.get_by_test_id("reading-form").get_by_text("Repeat complaint rate", exact=True).click()
    phone.locator("#pilot-numerator").fill("3")
    phone.locator("#pilot-denominator").fill("27")
    phone.get_by_test_id("send-reading").click()
    entry = phone.locator("[data-testid=my-submissions] [data-state=pending]")
    expect(entry).to_contain_text("Repeat complaint rate: 3 of 27 (11.11 %)")
    expect(entry).to_contain_text("tried 2 times", timeout=5 * SECOND)  # 1 s after the first
    attempts = outbox(phone)[0]["attempts"]
    assert attempts >= 2 and len(readings(workshop, pilot["id"])) == before

    phone.unroute("**/api/boards/*/commands")
    expect(phone.locator("[data-testid=my-submissions] [data-state=arrived]")).to_contain_text(
        "Repeat complaint rate: 3 of 27 (11.11 %)", timeout=15 * SECOND
    )
    assert outbox(phone) == []
    eventually(lambda: len(readings(workshop, pilot["id"])) == before + 1)


def test_the_board_shows_the_demo_verdict_with_its_test_interval_and_status(
    live_server: Server, people: Contexts
) -> None:
    """The facilitator's board says which test decided, the 95 % interval, the effect and
    that the demo pilot's results are final (it ended five weeks ago)."""
    workshop = create_workshop(live_server, language="en")
    pilot = workshop.board("pilot")
    lead = people.page(locale="en", width=DESKTOP[0], height=DESKTOP[1])
    join(lead, workshop.facilitator_link, "Fay Facilitator")
    open_board(lead, workshop, pilot["id"])
    expect(lead.get_by_test_id("eval-status")).to_have_text("Final: the pilot period has ended")
    table = lead.get_by_test_id("evaluation")
    ht = table.locator('[data-kpi-id="handling_time"]')
    expect(ht).to_contain_text("Significant improvement")
    expect(ht.get_by_test_id("eval-test")).to_contain_text("Mann-Whitney U")
    expect(ht.get_by_test_id("eval-test")).to_contain_text("95 % CI of the change")
    expect(ht.get_by_test_id("eval-test")).to_contain_text("rank-biserial r")
    rr = table.locator('[data-kpi-id="repeat_rate"]')
    expect(rr.get_by_test_id("eval-test")).to_contain_text("two-proportion z-test")
    expect(rr.get_by_test_id("eval-test")).to_contain_text("pp")
    expect(rr).to_contain_text("of the way from baseline to target")
