"""Forgiving, visible input on the value-stream map: full-width digits are read, every
rejected value says why (also after leaving the field) and an outlier asks first."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board
from .test_paste_lines import paste
from .test_vsm import LIVE, add_vsm_board, kpi


def rejected(page: Page, testid: str, typed: str, reason: str) -> None:
    field = page.get_by_test_id(testid)
    field.fill(typed)
    expect(field).to_have_attribute("aria-invalid", "true")
    error = page.get_by_test_id(f"{testid}-error")
    expect(error).to_have_text(reason)
    page.get_by_test_id("vsm-field-name").click()  # leaving the field keeps what was typed
    expect(field).to_have_value(typed)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(error).to_be_visible()


@pytest.mark.e2e
def test_map_step_fields_read_full_width_reject_visibly_and_confirm_outliers(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, add_vsm_board(workshop))
    page.get_by_test_id("vsm-add-step").click()
    page.get_by_test_id("vsm-field-name").fill("Receive complaint")

    cycle = page.get_by_test_id("vsm-field-cycle")
    cycle.fill("３０")
    expect(cycle).not_to_have_attribute("aria-invalid", "true")
    expect(kpi(page, "lead")).to_have_attribute("data-value", "30", timeout=LIVE)
    page.get_by_test_id("vsm-field-wait").fill("１．５")
    expect(kpi(page, "lead")).to_have_attribute("data-value", "31.5", timeout=LIVE)

    rejected(page, "vsm-field-cycle", "-5", "Must be 0 or more")
    rejected(page, "vsm-field-cycle", "abc", "Enter a number, e.g. 1.5")
    rejected(page, "vsm-field-pct", "150 %", "Between 0 and 100")
    expect(kpi(page, "lead")).to_have_attribute("data-value", "31.5")  # nothing was written

    cycle.fill("1e9")
    expect(cycle).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("vsm-field-cycle-error")).to_contain_text(
        "Really 1,000,000,000 min (≈ 1,900 years)?"
    )
    page.wait_for_timeout(1500)  # the analysis would have run by now had it been written
    expect(kpi(page, "lead")).to_have_attribute("data-value", "31.5")
    page.get_by_test_id("vsm-field-cycle-confirm").click()
    expect(page.get_by_test_id("vsm-field-cycle-error")).to_have_count(0)
    expect(cycle).not_to_have_attribute("aria-invalid", "true")
    expect(kpi(page, "lead")).to_have_attribute("data-value", "1000000001.5", timeout=LIVE)


@pytest.mark.e2e
def test_pasted_step_names_become_steps_and_the_name_limit_is_announced(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, add_vsm_board(workshop))
    page.get_by_test_id("vsm-add-step").click()
    name = page.get_by_test_id("vsm-field-name")
    expect(name).to_be_focused()
    paste(page, "Receive complaint\nVerify information\n\nReply to customer")
    expect(page.get_by_test_id("paste-lines")).to_contain_text("3 lines pasted")
    page.get_by_test_id("paste-lines-create").click()
    expect(page.get_by_test_id("vsm-box")).to_have_count(3)
    boxes = page.get_by_test_id("vsm-box")
    for i, text in enumerate(["Receive complaint", "Verify information", "Reply to customer"]):
        expect(boxes.nth(i)).to_contain_text(text)

    name.fill("x" * 150)
    expect(page.get_by_test_id("length-counter")).to_have_count(0)
    name.fill("x" * 170)
    expect(page.get_by_test_id("length-counter")).to_have_text("170 / 200 characters")
    name.fill("x" * 200)
    expect(page.get_by_test_id("length-counter")).to_have_text(
        "200 / 200 characters: limit reached: further characters are not added"
    )
