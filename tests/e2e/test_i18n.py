"""Language: the switch works everywhere; the default follows the workshop, then the browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, shot

pytestmark = pytest.mark.e2e


def test_language_switch_translates_and_is_remembered(
    live_server: Server, people: Contexts
) -> None:
    page = people.page(locale="en-US")
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Improve a process together, live.")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, "start-en")
    page.get_by_role("button", name="中文").click()
    expect(page.locator("h1")).to_have_text("一起实时优化业务流程。")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("button", name="创建工作坊")).to_be_visible()
    shot(page, "start-zh")
    page.reload()
    expect(page.locator("h1")).to_have_text("一起实时优化业务流程。")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("h1")).to_have_text("Improve a process together, live.")


def test_browser_language_is_the_default(live_server: Server, people: Contexts) -> None:
    page = people.page(locale="zh-CN")
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("一起实时优化业务流程。")


def test_workshop_language_wins_over_the_browser(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, language="zh-CN", title="客户投诉处理流程优化")
    page = people.page(locale="en-US")
    join(page, workshop.invite_link("editor"), "李伟")
    expect(page.get_by_test_id("workshop-title")).to_have_text("客户投诉处理流程优化")
    expect(page.locator("#boards-title")).to_have_text("看板")
    expect(page.get_by_test_id("phase-chip")).to_have_text("推广")  # the demo rolls out
    # Chinese text renders with a CJK font, not boxes.
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in family
    shot(page, "home-zh")
    page.locator(".board-card", has_text="访谈笔记").click()
    expect(page.locator(".notes-textarea")).to_have_value(re.compile("信息核实"))
    expect(page.get_by_role("button", name="添加便利贴")).to_be_visible()
    shot(page, "board-notes-zh")
