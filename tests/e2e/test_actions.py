"""Actions: two people make actions from three different boards (fishbone root cause and
5-whys end, idea, RACI finding) next to the demo's own, one completes one, both see the same list and counts on
the actions page and the home; dropping the action of a chosen idea flags the idea; a viewer
reads the list but cannot change it. Screenshots of the page, the home and boards with badges.

The demo workshop (boards/actions_demo.py) has six actions: five open or doing (one of them
three days late), one done; its root cause and its three chosen ideas each have one."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, join, open_board, shot

pytestmark = pytest.mark.e2e

SOON = (date.today() + timedelta(days=30)).isoformat()
# Later than the demo's late action (three days) whatever the hour: the order below is fixed.
PAST = (date.today() - timedelta(days=5)).isoformat()


def new_action(page: Page, control: Locator, what: str, *, owner: str, due: str,
               department: str = "", badge: str = "1 action") -> None:  # fmt: skip
    """Fill the "+ Action" dialog of one item; ``department`` set: a named non-participant."""
    control.get_by_test_id("action-add").click()
    form = page.get_by_test_id("action-form")
    form.locator("#action-what").fill(what)
    if department:
        form.locator("#action-owner").select_option(label="Someone else (name and department)…")
        form.locator("#action-name").fill(owner)
        form.locator("#action-dept").fill(department)
    else:
        form.locator("#action-owner").select_option(label=owner)
    form.locator("#action-due").fill(due)
    form.get_by_test_id("action-save").click()
    expect(form).to_be_hidden()
    expect(control.get_by_test_id("action-badge")).to_contain_text(badge)


def open_actions(page: Page, workshop: Workshop, *, heading: str = "Actions") -> None:
    page.goto(f"{workshop.home_url}/actions")
    expect(page.locator(".topbar .conn[data-status=live]")).to_be_visible()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def rows(page: Page) -> Locator:
    return page.get_by_test_id("action-row")


def row(page: Page, text: str) -> Locator:
    return page.locator("[data-testid=action-row]", has_text=text)


def counts(page: Page, *expected: str) -> None:
    for text in expected:
        expect(page.get_by_test_id("action-counts")).to_contain_text(text)


def test_two_people_make_and_complete_actions_from_three_boards(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    lead, member = people.page(width=1280, height=800), people.page(width=1280, height=800)
    join(lead, workshop.facilitator_link, "Alice Chen")
    join(member, workshop.invite_link("editor"), "Bob Li")

    # Fishbone: the confirmed root cause already has the demo's action; Alice adds a second.
    fishbone = workshop.board("fishbone")["id"]
    open_board(lead, workshop, fishbone)
    root = lead.get_by_test_id("fishbone-roots").get_by_test_id("action-control").first
    expect(root.get_by_test_id("action-badge")).to_contain_text("1 action")
    expect(root.get_by_test_id("action-needed")).to_have_count(0)
    new_action(lead, root, "Add product to the complaint form", owner="Alice Chen", due=SOON,
               badge="2 actions")  # fmt: skip

    # A cause that is not (yet) the root: its 5-whys chain ends in an action too.
    lead.locator(".fb-candidate", has_text="Agents query 3 systems by hand").click()
    detail = lead.get_by_test_id("fishbone-detail")
    detail.get_by_test_id("fb-add-why").click()
    lead.keyboard.type("No single customer record")
    chain_end = detail.locator(".fb-whys-foot").get_by_test_id("action-control")
    new_action(lead, chain_end, "Agree on one customer record", owner="Alice Chen", due=SOON)

    # Ideas: an idea the vote did not choose, owned by someone outside the workshop, late.
    ideas = workshop.board("ideas")["id"]
    open_board(member, workshop, ideas)
    card = member.locator(".ideas-card", has_text="Proactive alerts")
    idea_control = card.get_by_test_id("action-control")
    expect(idea_control.get_by_test_id("action-needed")).to_have_count(0)  # not chosen
    new_action(member, idea_control, "Sketch the alert rules", owner="Zhang San",
               department="Customer service", due=PAST)  # fmt: skip
    expect(idea_control.get_by_test_id("action-badge")).to_have_class(
        "chip action-badge is-overdue"
    )
    expect(idea_control.get_by_test_id("action-badge")).to_contain_text("late")

    # RACI: an action on the first finding.
    raci = workshop.board("raci")["id"]
    open_board(member, workshop, raci)
    finding = member.locator(".raci-finding").first.get_by_test_id("action-control")
    new_action(member, finding, "Name one approver per refund", owner="Bob Li", due=SOON)

    # Both see the same ten actions and counts (the demo reported its pilot: two done).
    open_actions(lead, workshop)
    open_actions(member, workshop)
    for page in (lead, member):
        expect(rows(page)).to_have_count(10)
        counts(page, "8 open", "2 overdue", "2 done")
    expect(row(member, "Sketch the alert rules")).to_have_class(re.compile(r"\bis-overdue\b"))
    expect(member.get_by_test_id("action-warnings")).to_contain_text(
        "“Sketch the alert rules” is overdue"
    )
    expect(row(lead, "Sketch the alert rules").locator(".action-source a")).to_have_attribute(
        "href", f"/w/{workshop.id}/b/{ideas}"
    )
    owner = row(lead, "Sketch the alert rules").locator("select[aria-label=Owner] option:checked")
    expect(owner).to_have_text("Zhang San · Customer service")
    # Open work first, by due date (the demo's squad action is three days late); done last.
    expect(rows(lead).nth(0)).to_contain_text("Sketch the alert rules")
    expect(rows(lead).nth(1)).to_contain_text("cross-department squad")
    expect(rows(lead).last).to_contain_text("small refunds")

    # Alice completes Bob's RACI action; Bob sees it done and the counts move for both.
    row(lead, "Name one approver").get_by_test_id("action-status").select_option("done")
    expect(row(member, "Name one approver").get_by_test_id("action-status")).to_have_value("done")
    for page in (lead, member):
        counts(page, "7 open", "3 done")

    # Bob drops the squad's action: a dropped action answers nothing, so the chosen idea is
    # flagged again, on the page and on its card.
    squad = row(member, "cross-department squad")
    squad.get_by_test_id("action-status").select_option("dropped")
    for page in (lead, member):
        counts(page, "6 open", "1 overdue")
        expect(page.get_by_test_id("action-warnings")).to_contain_text(
            "Chosen idea “Cross-department squad” has no action"
        )
    expect(lead.get_by_test_id("action-warnings")).not_to_contain_text("One lookup screen")

    # Filters: Bob's own actions; open ones only.
    member.get_by_test_id("filter-mine").check()
    expect(rows(member)).to_have_count(1)
    expect(rows(member).first).to_contain_text("Name one approver")
    member.get_by_test_id("filter-mine").uncheck()
    member.get_by_test_id("filter-status").select_option("active")
    expect(rows(member)).to_have_count(6)
    expect(row(lead, "Agree on one customer record").locator(".action-source")).to_contain_text(
        "5 whys"
    )
    shot(lead, "actions-page", full_page=False)

    open_board(member, workshop, ideas)
    squad_card = member.locator(".ideas-card", has_text="Cross-department squad")
    expect(squad_card.get_by_test_id("action-needed")).to_have_text("Chosen idea without an action")
    squad_card.scroll_into_view_if_needed()
    shot(member, "actions-ideas-badges", full_page=False)
    # A badge leads to the list, filtered to its board: the ideas board's four actions.
    squad_card.get_by_test_id("action-badge").click()
    expect(member.get_by_role("heading", name="Actions", exact=True)).to_be_visible()
    expect(rows(member)).to_have_count(4)
    member.get_by_test_id("filter-overdue").check()
    expect(rows(member)).to_have_count(1)
    expect(rows(member).first).to_contain_text("Sketch the alert rules")

    # The home counts and the top bar link agree.
    lead.goto(workshop.home_url)
    expect(lead.get_by_test_id("home-actions-open")).to_contain_text("6")
    expect(lead.get_by_test_id("home-actions-overdue")).to_contain_text("1")
    expect(lead.get_by_test_id("nav-actions")).to_contain_text("6")
    lead.get_by_test_id("home-actions").scroll_into_view_if_needed()
    shot(lead, "actions-home", full_page=False)
    lead.get_by_test_id("nav-actions").click()
    expect(rows(lead)).to_have_count(10)

    # The due dates as a calendar, the list as a workbook.
    with lead.expect_download(timeout=30_000) as download:
        lead.get_by_test_id("export-actions.ics").click()
    calendar = download.value.path().read_bytes().decode()
    assert "BEGIN:VCALENDAR" in calendar
    assert "Add product to the complaint form" in calendar
    assert "Name one approver" not in calendar  # done: nothing left to put in a calendar
    with lead.expect_download(timeout=30_000) as download:
        lead.get_by_test_id("export-actions.xlsx").click()
    assert download.value.path().read_bytes()[:2] == b"PK"

    # A viewer reads everything and changes nothing.
    viewer = people.page(width=1280, height=800)
    join(viewer, workshop.invite_link("viewer"), "Victor Viewer")
    open_actions(viewer, workshop)
    expect(rows(viewer)).to_have_count(10)
    expect(viewer.get_by_test_id("action-status")).to_have_count(0)
    expect(viewer.locator(".action-table select, .action-table input")).to_have_count(0)
    expect(viewer.get_by_test_id("action-new")).to_have_count(0)
    expect(viewer.get_by_test_id("action-remove")).to_have_count(0)
    open_board(viewer, workshop, fishbone)
    roots = viewer.get_by_test_id("fishbone-roots")
    expect(roots.get_by_test_id("action-badge").first).to_contain_text("2 actions")
    expect(viewer.get_by_test_id("action-add")).to_have_count(0)

    # The board with its badges, as the team sees it.
    open_board(lead, workshop, fishbone)
    lead.get_by_test_id("fishbone-roots").scroll_into_view_if_needed()
    shot(lead, "actions-fishbone-badges", full_page=False)


def test_a_kaizen_action_in_chinese_and_the_list_on_a_phone(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="zh-CN", title="客户投诉处理流程优化")
    desk = people.page(locale="zh-CN", width=1280, height=800)
    join(desk, workshop.facilitator_link, "林主持")
    vsm = workshop.board("vsm")["id"]
    open_board(desk, workshop, vsm)
    kaizen = desk.get_by_test_id("vsm-kaizen-all").locator("li", has_text="统一查询入口")
    control = kaizen.get_by_test_id("action-control")
    expect(control.get_by_test_id("action-badge")).to_have_count(0)
    new_action(desk, control, "上线统一查询界面", owner="林主持", due=SOON, badge="1 个行动项")
    kaizen.scroll_into_view_if_needed()
    shot(desk, "actions-vsm-badge-zh", full_page=False)

    open_actions(desk, workshop, heading="行动项")
    expect(rows(desk)).to_have_count(7)
    expect(row(desk, "上线统一查询界面").locator(".action-source")).to_contain_text("改善点")
    warnings = desk.get_by_test_id("action-warnings")
    expect(warnings).to_contain_text("“组建跨部门敏捷小组，每周复盘重复投诉”已逾期")

    # A free action, made on the page with nothing but its text: flagged for owner and date.
    desk.get_by_test_id("action-new").click()
    desk.get_by_test_id("action-form").locator("#action-what").fill("整理投诉分类标准")
    desk.get_by_test_id("action-save").click()
    expect(rows(desk)).to_have_count(8)
    expect(warnings).to_contain_text("“整理投诉分类标准”没有负责人")
    expect(warnings).to_contain_text("“整理投诉分类标准”没有截止日期")
    free = row(desk, "整理投诉分类标准")
    expect(free.locator(".action-source")).to_contain_text("独立行动项")
    shot(desk, "actions-page-zh", full_page=False)
    # Removing takes a second click: the first one only asks.
    free.get_by_test_id("action-remove").click()
    expect(rows(desk)).to_have_count(8)
    free.get_by_test_id("action-remove-confirm").click()
    expect(rows(desk)).to_have_count(7)

    phone = people.page(locale="zh-CN", width=390, height=844)
    join(phone, workshop.invite_link("editor"), "王芳")
    open_actions(phone, workshop, heading="行动项")
    expect(rows(phone)).to_have_count(7)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the actions page scrolls sideways on a phone ({width}px)"
    shot(phone, "actions-page-phone-zh")
