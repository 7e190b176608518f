"""Pilot KPIs taken from the workshop's SMART goals: figures copied in one edit, the goal kept
as the KPI's link, a goal that already has its KPI not offered twice."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import Contexts
from .helpers import create_workshop, join, open_board

pytestmark = pytest.mark.e2e


def _kpis(workshop: Any, board_id: str) -> list[dict[str, Any]]:
    status, body = workshop.server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200, body
    return list(body["snapshot"]["kpis"])


def test_kpis_are_taken_from_the_goals_once(live_server: Any, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    pilot = workshop.board("pilot")
    page = people.page()
    join(page, workshop.facilitator_link, "Fay Facilitator")
    open_board(page, workshop, pilot["id"])
    page.get_by_test_id("edit-definition").click()
    # The demo pilot measures both demo goals; drop one KPI so its goal can be taken again.
    repeat = page.locator(".pilot-kpi-edit[data-kpi-id=repeat_rate]")
    repeat.get_by_role("button", name="Remove KPI").click()
    expect(page.locator(".pilot-kpi-edit")).to_have_count(1)

    page.get_by_test_id("kpis-from-goals").click()
    box = page.get_by_test_id("from-goals")
    expect(box.locator("[data-goal-id=g1] input")).to_be_disabled()  # already a KPI (by name)
    expect(box.locator("[data-goal-id=g1]")).to_contain_text("already the KPI")
    expect(page.get_by_test_id("take-goals")).to_be_disabled()
    box.locator("[data-goal-id=g2] input").check()
    expect(page.get_by_test_id("take-goals")).to_have_text("Create 1 KPI")
    page.get_by_test_id("take-goals").click()
    expect(page.locator(".pilot-kpi-edit")).to_have_count(2)

    deadline = time.monotonic() + 5
    while not any(k["goal"] == "g2" for k in _kpis(workshop, pilot["id"])):
        assert time.monotonic() < deadline, "the server never read the new KPI"
        time.sleep(0.05)
    taken = [k for k in _kpis(workshop, pilot["id"]) if k["goal"] == "g2"]
    assert len(taken) == 1
    kpi = taken[0]
    assert (kpi["name"], kpi["unit"], kpi["better"]) == ("Repeat complaint rate", "%", "lower")
    assert (kpi["baseline"], kpi["target"]) == (20.0, 10.0)

    # Offered again: both goals now have their KPI, nothing can be taken twice.
    page.get_by_test_id("kpis-from-goals").click()
    expect(box.locator("[data-goal-id=g2] input")).to_be_disabled()
    expect(box.locator("[data-goal-id=g1] input")).to_be_disabled()
    expect(page.get_by_test_id("take-goals")).to_be_disabled()
