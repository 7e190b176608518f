"""Polish: avatar initials, the join page's language, and following the facilitator's view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board, shot

pytestmark = pytest.mark.e2e

# (a function, not an expression: the page's CSP forbids evaluating strings)
NEAR = "([sel, left]) => Math.abs(document.querySelector(sel).scrollLeft - left) < 4"


@pytest.mark.parametrize(("name", "shown"), [("（王）", "王"), ("[Li]", "L"), ("“陈 静”", "陈静")])
def test_avatar_initials_leave_brackets_out(
    live_server: Server, people: Contexts, name: str, shown: str
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.invite_link("editor"), name)
    expect(page.locator(".me-chip .avatar")).to_have_text(shown)


def test_join_page_speaks_the_browser_language(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, language="zh-CN", title="客户投诉处理流程优化")
    link = workshop.invite_link("editor")
    english = people.page(locale="en-US")
    english.goto(link)
    expect(english.locator("html")).to_have_attribute("lang", "en")
    expect(english.locator("form button[type=submit]")).to_have_text("Join the workshop")
    chinese = people.page(locale="zh-CN")
    chinese.goto(create_workshop(live_server).invite_link("editor"))
    expect(chinese.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(chinese.locator("form button[type=submit]")).to_have_text("加入工作坊")
    shot(chinese, "join-browser-zh")


def test_followers_see_where_the_facilitator_scrolls_and_zooms(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    lead, member = people.page(width=900), people.page(width=900)
    join(lead, workshop.facilitator_link, "Alice Chen")
    join(member, workshop.invite_link("editor"), "Bob Wang")
    vsm = workshop.board("vsm")
    open_board(lead, workshop, vsm["id"])
    lead.get_by_role("button", name="Follow me").click()
    expect(member.get_by_test_id("board-title")).to_have_text(vsm["title"], timeout=3000)
    expect(member.locator(".board-page [data-status=live]")).to_be_visible()

    zoom_in = lead.get_by_role("button", name="Zoom in")
    zoom_in.click()
    zoom_in.click()
    expect(lead.locator(".vsm-zoom-val")).to_have_text("150%")
    expect(member.locator(".vsm-zoom-val")).to_have_text("150%", timeout=2000)

    scroller = ".vsm-scroll"
    lead.locator(scroller).evaluate("el => el.scrollTo({left: el.scrollWidth})")
    end = lead.locator(scroller).evaluate("el => el.scrollLeft")
    assert end > 200
    member.wait_for_function(NEAR, arg=[scroller, end], timeout=3000)
    lead.locator(scroller).evaluate("el => el.scrollTo({left: 120})")
    member.wait_for_function(NEAR, arg=[scroller, 120], timeout=3000)
    lead.get_by_role("button", name="Zoom out").click()
    expect(member.locator(".vsm-zoom-val")).to_have_text("125%", timeout=2000)
    shot(member, "vsm-following-view")
    # The page's own scroll goes along too.
    top = lead.evaluate("() => (window.scrollTo(0, 300), window.scrollY)")
    assert top > 100
    member.wait_for_function("top => Math.abs(window.scrollY - top) < 4", arg=top, timeout=3000)

    # Whoever stops following keeps their own view.
    member.get_by_role("button", name="Stop following").click()
    lead.get_by_role("button", name="Zoom out").click()
    expect(lead.locator(".vsm-zoom-val")).to_have_text("100%")
    member.wait_for_timeout(600)
    expect(member.locator(".vsm-zoom-val")).to_have_text("125%")


def test_numbers_in_map_boxes_are_never_cut(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, workshop.board("vsm")["id"])
    page.get_by_test_id("vsm-box").first.click()
    editor = page.get_by_test_id("vsm-editor")
    editor.get_by_test_id("vsm-field-cycle").fill("1500")
    editor.get_by_test_id("vsm-field-cycle-unit").select_option("min")
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    values = page.locator(".vsm-box .vsm-stat-v")
    expect(values.first).to_contain_text("1,500 min")  # English units make the long ones
    cut = values.evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 0.5).map(e => e.textContent)"
    )
    assert cut == []
    # ... and stays readable
    size = values.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 9, size


def test_the_map_keeps_its_first_step_in_view_after_editing(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page(width=1280)
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, workshop.board("vsm")["id"])
    boxes = page.get_by_test_id("vsm-box")
    last = boxes.count() - 1
    boxes.nth(last).click()
    editor = page.get_by_test_id("vsm-editor")
    editor.get_by_test_id("vsm-field-name").fill("Close the case")
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    expect(boxes.nth(last)).to_contain_text("Close the case")
    page.wait_for_timeout(800)  # any smooth scroll has ended
    first_in_view = page.locator(".vsm-scroll").evaluate(
        """el => {
            const box = el.querySelector('[data-testid=vsm-box]').getBoundingClientRect();
            const view = el.getBoundingClientRect();
            return box.left >= view.left - 1 && box.right <= view.right + 1;
        }"""
    )
    assert first_in_view
    shot(page, "vsm-after-editing")


def test_chinese_notes_count_characters(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, language="zh-CN", title="客户投诉处理流程优化")
    page = people.page(locale="zh-CN")
    join(page, workshop.invite_link("editor"), "李伟")
    open_board(page, workshop, workshop.board("notes")["id"])
    # the demo: 访谈记录… (32 non-blank characters) and two notes (7 + 11)
    expect(page.locator(".board-stats")).to_have_text("2 张便利贴 · 50 个字")
