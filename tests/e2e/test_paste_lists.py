"""Lists typed elsewhere take a paste of several lines as one item per line too: a 5-whys
chain pasted into the first why, roll-out risks pasted into the new-risk field, actions pasted
into a new action's "what" (each with the form's owner and date). In order, in one undo step;
nothing pasted is dropped."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board
from .test_paste_lines import paste
from .test_rollout import eventually

pytestmark = pytest.mark.e2e


def test_a_pasted_chain_of_whys_becomes_one_why_per_line(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page(width=1440, height=900)
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, workshop.board("fishbone")["id"])
    page.locator(".fishbone-outline [data-row-key='cat:environment'] input").click()
    page.keyboard.press("Enter")
    page.keyboard.type("Peak staffing")
    page.get_by_test_id("fb-add-why").click()
    chain = [
        "Rota ignores the season",
        "Nobody owns peak planning",
        "Planning sits between two teams",
        "No one measures peak waits",
    ]
    paste(page, "\n".join(f"{i + 1}) {why}" for i, why in enumerate(chain)))
    prompt = page.get_by_test_id("paste-lines")
    expect(prompt).to_contain_text("4 lines pasted")
    page.get_by_test_id("paste-lines-create").click()
    whys = page.locator(".fb-whys-list .fb-why input")
    expect(whys).to_have_count(4)
    for i, why in enumerate(chain):
        expect(whys.nth(i)).to_have_value(why)
    expect(whys.nth(3)).to_be_focused()

    page.keyboard.press("Control+z")  # one step undoes the whole chain
    eventually(lambda: whys.count() <= 1)


def test_pasted_risks_become_one_risk_each(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    page = people.page(width=1440, height=900)
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, workshop.board("rollout")["id"])
    rows = page.locator("[data-testid=risk-table] tbody tr")
    expect(rows.first).to_be_visible()  # the demo's risks
    before = rows.count()
    field = page.get_by_test_id("risk-new")
    field.fill("Agents skip the new script")
    risks = [
        "• Peak week overlaps the go-live",
        "• The CRM update slips",
        "• Night shift not trained",
    ]
    field.focus()
    paste(page, "\n".join(risks))
    page.get_by_test_id("paste-lines-create").click()
    expect(rows).to_have_count(before + 4)
    texts = [rows.nth(i).locator("textarea").first.input_value() for i in range(before + 4)]
    assert {"Agents skip the new script", *(r[2:] for r in risks)} <= set(texts)
    expect(field).to_have_value("")


def test_pasted_actions_become_one_action_each_with_the_form_owner(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page(width=1440, height=900)
    join(page, workshop.facilitator_link, "Alice Chen")
    page.goto(f"{workshop.home_url}/actions")
    rows = page.get_by_test_id("action-row")
    expect(rows.first).to_be_visible()  # the demo's actions
    before = rows.count()
    page.get_by_test_id("action-new").click()
    form = page.get_by_test_id("action-form")
    form.locator("#action-owner").select_option(label="Alice Chen")
    form.locator("#action-due").fill("2099-01-31")
    form.locator("#action-what").focus()
    actions = ["Draft the callback script", "Book the training room", "Update the FAQ page"]
    paste(page, "\n".join(f"- {a}" for a in actions))
    form.get_by_test_id("paste-lines-create").click()
    expect(form).to_be_hidden()
    expect(rows).to_have_count(before + 3)
    for action in actions:
        row = page.locator("[data-testid=action-row]", has_text=action)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Alice Chen")
