"""Templates and the facilitator's workshops in the browser: the start page lists the
templates in both languages, a workshop starts from one, shows up in "Your workshops" with
its title and phase after a reload, can be saved as a template, and is marked deleted (and
forgettable) once the server has deleted it."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import shot

pytestmark = pytest.mark.e2e


def create_from(
    page: Page, server: Server, card: str, title: str, name: str, labels: dict[str, str]
) -> str:
    page.goto(server.url + "/")
    page.get_by_test_id(card).click()
    expect(page.get_by_test_id(card)).to_have_class("template-card selected")
    page.get_by_label(labels["title"]).fill(title)
    page.get_by_label(labels["name"]).fill(name)
    page.locator(".create-form button[type=submit]").click()
    page.get_by_role("dialog").locator(".btn-primary").click()
    expect(page.get_by_test_id("workshop-title")).to_have_text(title)
    return page.url.split("/w/")[1].split("/")[0].split("#")[0]


def test_start_from_a_template_then_find_it_in_your_workshops(
    live_server: Server, people: Contexts
) -> None:
    page = people.page()
    page.goto(live_server.url + "/")
    templates = page.get_by_test_id("templates")
    for card, title in (
        ("template-blank", "Empty workshop"),
        ("template-bottleneck", "Process bottleneck"),
        ("template-digital", "Digital-transformation fit"),
        ("template-responsibilities", "Cross-department responsibilities"),
        ("template-new_business", "New business from scratch"),
        ("template-compliance", "Compliance and risk"),
    ):
        expect(templates.get_by_test_id(card)).to_contain_text(title)
    expect(templates.get_by_test_id("template-responsibilities")).to_contain_text(
        "Cross-department RACI"
    )
    page.get_by_test_id("template-responsibilities").click()
    # The demo content is for an empty workshop only.
    expect(page.get_by_text("Start with the example content")).to_have_count(0)
    shot(page, "start-templates-en")

    labels = {"title": "Workshop title", "name": "Your name"}
    workshop_id = create_from(
        page, live_server, "template-responsibilities", "Who signs off refunds", "Mei Lin", labels
    )
    expect(page.get_by_text("Cross-department RACI").first).to_be_visible()
    expect(page.get_by_text("Hand-offs between departments").first).to_be_visible()
    # The goal skeletons arrive with the workshop board's document.
    expect(page.locator(".goal[data-goal-id]")).to_have_count(2)
    expect(page.locator(".goal[data-goal-id=g1]")).to_contain_text("Waiting time at hand-offs")
    shot(page, "home-from-template")
    # Move the team on: the list on the start page follows the phase.
    page.locator(".step button", has_text="Analyse").click()
    expect(page.locator(".step[aria-current=step]")).to_contain_text("Analyse")

    # Save its structure as a template: the start page then offers it, marked as saved here.
    page.get_by_test_id("save-template").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Template name").fill("Refund sign-off")
    dialog.get_by_role("button", name="Save template").click()
    expect(dialog).to_have_count(0)

    page.goto(live_server.url + "/")
    page.reload()
    mine = page.get_by_test_id("your-workshops").get_by_test_id("your-workshop")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Who signs off refunds")
    expect(mine).to_contain_text("Analyse")
    expect(mine).to_contain_text("Last activity")
    saved = page.locator(".template-card", has_text="Refund sign-off")
    expect(saved).to_contain_text("Saved on this server")
    expect(saved).to_contain_text("Cross-department RACI")
    shot(page, "start-your-workshops")

    # Deleted on the server: the list says so and offers to forget it.
    stored = json.loads(
        page.evaluate(f"localStorage.getItem('obeya.membership.{workshop_id}')") or "{}"
    )
    status, body = live_server.request(
        "DELETE",
        f"/api/workshops/{workshop_id}",
        {"confirm": "Who signs off refunds"},
        token=stored["facilitator_invite"],
    )
    assert status == 204, body
    page.reload()
    gone = page.get_by_test_id("your-workshop")
    expect(gone).to_have_attribute("data-deleted", "true")
    expect(gone).to_contain_text("Deleted")
    shot(page, "start-deleted-workshop")
    gone.get_by_role("button", name="Forget").click()
    expect(page.get_by_test_id("your-workshops")).to_have_count(0)


def test_templates_in_chinese(live_server: Server, people: Contexts) -> None:
    page = people.page(locale="zh-CN")
    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("template-bottleneck")).to_contain_text("流程瓶颈诊断与改善")
    expect(page.get_by_test_id("template-compliance")).to_contain_text("合规与风险管理")
    labels = {"title": "工作坊名称", "name": "您的姓名"}
    create_from(page, live_server, "template-bottleneck", "报销流程提速", "王芳", labels)
    expect(page.get_by_text("瓶颈根因分析").first).to_be_visible()
    page.goto(live_server.url + "/")
    mine = page.get_by_test_id("your-workshop")
    expect(mine).to_contain_text("报销流程提速")
    expect(mine).to_contain_text("诊断")
    shot(page, "start-templates-zh")
