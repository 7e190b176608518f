"""The roll-out board in the browser: two people plan a wave together (one adds it, the other
ticks readiness, both see it; going live over open items needs an override with a reason,
which stays on the wave), and a phone on the pilot link sends a post-go-live reading while
offline that shows up once on the team's control chart."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, facilitator_and_editor, join, open_board, shot

pytestmark = pytest.mark.e2e
SECOND = 1000
DESKTOP = (1280, 800)
PHONE = (390, 844)


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def snapshot(workshop: Workshop, board_id: str) -> dict[str, Any]:
    status, body = workshop.server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200, body
    return dict(body["snapshot"])


def outbox(page: Page) -> list[dict[str, Any]]:
    raw = page.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.startsWith('obeya.pilot.outbox.'))"
        ".flatMap((k) => JSON.parse(localStorage.getItem(k)))"
    )
    return list(raw)


def test_two_people_plan_a_wave_and_take_it_live_with_a_recorded_override(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="en")
    board = workshop.board("rollout")
    lead = people.page(width=DESKTOP[0], height=DESKTOP[1])
    member = people.page(width=DESKTOP[0], height=DESKTOP[1])
    facilitator_and_editor(workshop, board["id"], lead, member, ("Fay Facilitator", "Ed Editor"))
    waves = lead.get_by_test_id("wave")
    expect(waves).to_have_count(3)  # the demo's three departments
    expect(lead.get_by_test_id("relapse-banner")).to_be_visible()  # the demo's planted relapse
    shot(lead, "rollout-board")
    shot(lead, "rollout-board-top", full_page=False)

    # The facilitator adds a fourth wave.
    start, golive = date.today() + timedelta(days=2), date.today() + timedelta(days=16)
    lead.locator("#wave-new-name").fill("Customer Service team 4")
    lead.locator("#wave-new-scope").select_option("site")
    lead.locator("#wave-new-start").fill(start.isoformat())
    lead.locator("#wave-new-golive").fill(golive.isoformat())
    lead.locator("#wave-new-owner").fill("Zhao Li")
    lead.get_by_test_id("add-wave-submit").click()
    expect(waves).to_have_count(4)

    # The editor sees it at once, with the four standard readiness items, and ticks training.
    theirs = member.locator("[data-testid=wave]").nth(3)
    expect(member.get_by_test_id("wave")).to_have_count(4)
    expect(theirs.locator("input.rollout-wave-name")).to_have_value("Customer Service team 4")
    expect(theirs.locator(".rollout-checklist li")).to_have_count(4)
    expect(theirs.get_by_test_id("readiness-count")).to_have_text("0 / 4")
    theirs.locator("[data-std=training] input[type=checkbox]").check()
    expect(theirs.get_by_test_id("readiness-count")).to_have_text("1 / 4")

    ours = waves.nth(3)
    expect(ours.locator("[data-std=training] input[type=checkbox]")).to_be_checked()
    expect(ours.get_by_test_id("readiness-count")).to_have_text("1 / 4")
    wave_id = ours.get_attribute("data-wave-id")
    assert wave_id
    state = snapshot(workshop, board["id"])
    wave = next(w for w in state["waves"] if w["id"] == wave_id)
    assert (wave["name"], wave["scope"], wave["owner"]) == (
        "Customer Service team 4",
        "site",
        "Zhao Li",
    )
    assert (wave["start"], wave["golive"]) == (start.isoformat(), golive.isoformat())
    items = {i["std"]: i["done"] for i in state["readiness"] if i["wave_id"] == wave_id}
    assert items == {"training": True, "sop": False, "systems": False, "informed": False}

    # Going live with three items open: the dialog asks for the override and a reason.
    theirs.get_by_test_id("mark-live").click()
    dialog = member.locator("dialog[open]")
    expect(dialog.get_by_test_id("override-box")).to_contain_text(
        "3 readiness items are still open"
    )
    expect(dialog.locator(".rollout-open-items li")).to_have_count(3)
    dialog.get_by_test_id("golive-submit").click()
    expect(dialog.locator(".form-error")).to_contain_text("tick the override")
    dialog.get_by_test_id("override-check").check()
    dialog.get_by_test_id("golive-submit").click()
    expect(dialog.locator(".form-error")).to_contain_text("needs a reason")
    assert wave_id not in snapshot(workshop, board["id"])["golive"]  # nothing recorded yet
    dialog.locator("#golive-reason").fill(
        "Peak season starts next week; SOP and systems follow by Friday."
    )
    shot(member, "rollout-golive-override", full_page=False)
    dialog.get_by_test_id("golive-submit").click()
    expect(member.locator("dialog[open]")).to_have_count(0)

    # Both see the wave live, with the override and its reason on it.
    for page in (member, lead):
        card = page.locator(f"[data-testid=wave][data-wave-id='{wave_id}']")
        expect(card.get_by_test_id("wave-status")).to_have_attribute("data-wave-status", "live")
        note = card.get_by_test_id("override-note")
        expect(note).to_contain_text("3 open readiness items")
        expect(note).to_contain_text("SOP / work instruction updated")
        expect(note).to_contain_text("Peak season starts next week")
        expect(card.get_by_test_id("mark-live")).to_have_count(0)
    record = snapshot(workshop, board["id"])["golive"][wave_id]
    assert record["override"] is True and record["by"] == "Ed Editor"
    assert record["reason"].startswith("Peak season") and len(record["open_items"]) == 3
    assert record["date"] == date.today().isoformat()
    lead.locator(f"[data-testid=wave][data-wave-id='{wave_id}']").scroll_into_view_if_needed()
    shot(lead, "rollout-wave-overridden", full_page=False)

    # Only the facilitator takes a wave back out of live; the go-live stays in the history.
    card = lead.locator(f"[data-testid=wave][data-wave-id='{wave_id}']")
    expect(
        member.locator(f"[data-testid=wave][data-wave-id='{wave_id}']").get_by_test_id("reopen")
    ).to_have_count(0)
    lead.once("dialog", lambda d: d.accept())
    card.get_by_test_id("reopen").click()
    for page in (lead, member):
        mine = page.locator(f"[data-testid=wave][data-wave-id='{wave_id}']")
        expect(mine.get_by_test_id("wave-status")).to_have_attribute("data-wave-status", "planned")
        expect(mine.get_by_test_id("mark-live")).to_be_visible()
    state = snapshot(workshop, board["id"])
    assert wave_id not in state["golive"]
    assert [e["action"] for e in state["golive_log"] if e["wave_id"] == wave_id] == [
        "live",
        "reopen",
    ]


def test_a_phone_reading_sent_offline_shows_once_on_the_control_chart(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="zh-CN")
    board = workshop.board("rollout")
    lead = people.page(locale="zh-CN", width=DESKTOP[0], height=DESKTOP[1])
    join(lead, workshop.facilitator_link, "主持人")
    open_board(lead, workshop, board["id"])
    chart = lead.locator("[data-testid=control-chart][data-kpi-id=handling_time]")
    points = chart.get_by_test_id("chart-point")
    before = len(
        [r for r in snapshot(workshop, board["id"])["readings"] if r["kpi_id"] == "handling_time"]
    )
    expect(points).to_have_count(before)
    expect(chart.get_by_test_id("chart-state")).to_have_attribute("data-state", "relapse")
    shot(lead, "rollout-board-zh")

    phone = people.page(locale="zh-CN", width=PHONE[0], height=PHONE[1])
    sockets: list[str] = []  # the pilot link never syncs the roll-out board: no socket to it
    phone.on("websocket", lambda socket: sockets.append(socket.url))
    join(phone, workshop.invite_link("pilot"), "王芳")
    view = phone.get_by_test_id("rollout-participant")
    expect(view).to_be_visible()
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "rollout-participant-page")
    phone.evaluate(
        "() => { const el = document.querySelector('[data-testid=rollout-participant]')"
        ".closest('section'); window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72); }"
    )
    shot(phone, "rollout-participant", full_page=False)

    # Offline: the reading is kept on the phone and nothing reaches the server.
    phone.context.set_offline(True)
    expect(phone.get_by_test_id("rollout-offline-note")).to_be_visible()
    form = phone.get_by_test_id("rollout-reading-form")
    form.locator("label.pilot-kpi", has_text="平均投诉处理时长").click()
    form.locator("label.pilot-choice", has_text="客服一部").click()
    form.locator("#rollout-value").fill("31.5")
    phone.get_by_test_id("rollout-send-reading").click()
    expect(phone.get_by_test_id("rollout-submit-result")).to_have_attribute("data-kind", "pending")
    pending = phone.locator("[data-testid=rollout-my-submissions] [data-state=pending]")
    expect(pending).to_have_count(1)
    kept = outbox(phone)
    assert len(kept) == 1 and kept[0]["command"] == "rollout.reading"
    assert kept[0]["payload"]["value"] == 31.5 and kept[0]["payload"]["wave_id"] == "wave-1"
    sid = kept[0]["submission_id"]
    key = phone.evaluate(
        "() => Object.keys(localStorage).find((k) => k.startsWith('obeya.pilot.outbox.'))"
    )
    assert sid not in {r["id"] for r in snapshot(workshop, board["id"])["readings"]}
    pending.scroll_into_view_if_needed()
    shot(phone, "rollout-participant-offline", full_page=False)

    # Back online: it goes out by itself, arrives once, and the team's chart gains one point.
    phone.context.set_offline(False)
    arrived = phone.locator(f"[data-testid=rollout-my-submissions] [data-submission-id='{sid}']")
    expect(arrived).to_have_attribute("data-state", "arrived", timeout=10 * SECOND)
    expect(phone.get_by_test_id("rollout-submit-result")).to_have_attribute("data-kind", "sent")
    assert outbox(phone) == []

    # A phone that lost the answer sends it again under a new key: still once.
    resent = {**kept[0], "idempotency_key": "resent-after-a-lost-answer", "next_at": 0}
    phone.evaluate(
        "([key, entry]) => { localStorage.setItem(key, JSON.stringify([entry]));"
        " window.dispatchEvent(new Event('online')); }",
        [key, resent],
    )
    phone.wait_for_function("(key) => localStorage.getItem(key) === null", arg=key)
    mine = [r for r in snapshot(workshop, board["id"])["readings"] if r["id"] == sid]
    assert len(mine) == 1
    assert mine[0]["value"] == 31.5 and mine[0]["display_name"] == "王芳"
    assert mine[0]["wave_id"] == "wave-1" and mine[0]["date"] == date.today().isoformat()
    expect(points).to_have_count(before + 1, timeout=10 * SECOND)
    expect(
        chart.locator(f"[data-testid=chart-point][data-date='{date.today().isoformat()}']")
    ).to_have_count(1)
    expect(phone.locator(f"[data-submission-id='{sid}']")).to_have_count(1)
    assert not [url for url in sockets if f"/ws/{board['id']}/" in url], sockets
    lead.get_by_test_id("readings").locator("summary").click()
    row = lead.locator(f"[data-testid=readings] tr[data-submission-id='{sid}']")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("王芳")
    expect(row).to_contain_text("客服一部")
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "rollout-participant-arrived")
    chart.scroll_into_view_if_needed()
    shot(lead, "rollout-control-chart", full_page=False)


def test_the_facilitator_revises_the_decision_and_the_earlier_one_stays_as_history(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="en")
    board, pilot = workshop.board("rollout"), workshop.board("pilot")
    lead = people.page(width=DESKTOP[0], height=DESKTOP[1])
    join(lead, workshop.facilitator_link, "Fay Facilitator")
    open_board(lead, workshop, board["id"])
    panel = lead.get_by_test_id("decision-panel")
    expect(panel.get_by_test_id("decision-verdict")).to_have_attribute(
        "data-verdict", "go_with_changes"
    )
    expect(panel.get_by_test_id("decision-history")).to_have_count(0)

    panel.get_by_test_id("decide-open").click()
    form = panel.get_by_test_id("decide-form")
    form.get_by_text("Stop", exact=True).click()
    form.get_by_test_id("decide-submit").click()
    expect(form.locator(".form-error")).to_contain_text("Say why")
    form.locator("#rollout-pilot").select_option(pilot["id"])
    form.locator("#rollout-rationale").fill(
        "Team 2's relapse shows the tiered approvals do not hold."
    )
    shot(lead, "rollout-decide", full_page=False)
    form.get_by_test_id("decide-submit").click()
    expect(panel.get_by_test_id("decide-form")).to_have_count(0)

    expect(panel.get_by_test_id("decision-verdict").first).to_have_attribute("data-verdict", "stop")
    expect(panel.get_by_test_id("decision-rationale")).to_contain_text("tiered approvals")
    expect(panel).to_contain_text(f"on the pilot “{pilot['title']}”")
    history = panel.get_by_test_id("decision-history")
    history.locator("summary").click()
    expect(history.get_by_test_id("decision-verdict")).to_have_attribute(
        "data-verdict", "go_with_changes"
    )
    # A stop takes no new sustain readings; the charts keep what was measured.
    expect(lead.get_by_test_id("sustain-stopped")).to_be_visible()
    expect(lead.get_by_test_id("control-chart")).to_have_count(2)
    decision = snapshot(workshop, board["id"])["decision"]
    assert decision["verdict"] == "stop" and decision["decided_by"] == "Fay Facilitator"
    assert decision["pilot_board_id"] == pilot["id"]
    assert len(snapshot(workshop, board["id"])["decision_history"]) == 2
    # The team view on a phone-sized screen: one column, nothing cut off sideways.
    lead.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    expect(lead.get_by_test_id("wave").first).to_be_visible()
    lead.wait_for_function("(width) => document.documentElement.scrollWidth <= width", arg=PHONE[0])
    shot(lead, "rollout-board-phone")
