"""A facilitator types a goal on the workshop home and watches the server's SMART check
update letter by letter, each with its reason, in English and Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, shot

pytestmark = pytest.mark.e2e
LIVE = 5000  # ms: the analysis is debounced on the server


def letter(goal: Locator, name: str) -> Locator:
    return goal.locator(f".smart-letter[data-letter={name}]")


def passes(goal: Locator, name: str, reason: str) -> None:
    expect(letter(goal, name)).to_have_attribute("data-ok", "true", timeout=LIVE)
    expect(letter(goal, name)).to_contain_text(reason)


def fails(goal: Locator, name: str, reason: str) -> None:
    expect(letter(goal, name)).to_have_attribute("data-ok", "false", timeout=LIVE)
    expect(letter(goal, name)).to_contain_text(reason)


def new_goal(page: Page, add: str) -> Locator:
    page.get_by_role("button", name=add).click()
    return page.locator(".goal-edit").last


def test_typing_a_goal_updates_each_smart_letter(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, demo=False)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    goal = new_goal(page, "Add goal")
    page.keyboard.type("TBD")
    fails(goal, "S", "“TBD” is a placeholder, not a metric.")
    fails(goal, "M", "Baseline and target missing or not numbers.")
    fails(goal, "R", "Not linked to a KPI, pilot or value-stream step.")
    fails(goal, "T", "No deadline.")

    goal.locator(".field-metric input").fill("First response time")
    goal.locator(".field-unit input").fill("h")
    goal.locator(".field input[id$=-baseline]").fill("1,200")
    goal.locator(".field input[id$=-target]").fill("1,200")
    passes(goal, "S", "Metric named: First response time.")
    fails(goal, "M", "Target equals the baseline (1,200 h): nothing to improve.")
    goal.locator(".field input[id$=-target]").fill("900 h")
    passes(goal, "M", "Baseline 1,200 h and target 900 h are numbers.")
    passes(goal, "A", "only the direction is checked")

    goal.locator(".field-deadline input").fill("ASAP")
    fails(goal, "T", "“ASAP” does not read as a date with a year")
    goal.locator(".field-deadline input").fill("March 2020")
    fails(goal, "T", "Deadline Mar 31, 2020 has passed or is today")
    goal.locator(".field-deadline input").fill("Q1 2030")
    passes(goal, "T", "Due Mar 31, 2030, in")
    expect(goal.get_by_test_id("deadline-reads")).to_have_text("reads as Mar 31, 2030")

    goal.locator(".field-link input").fill("VSM step: first response")
    passes(goal, "R", "Linked to VSM step: first response.")
    expect(goal.locator(".goal-foot .chip-ok")).to_contain_text("SMART", timeout=LIVE)

    # Declaring the other direction contradicts the target: A fails and says why.
    goal.locator(".field-better select").select_option("higher")
    fails(goal, "A", "Higher is declared better, but target 900 h is not above baseline 1,200 h")
    expect(goal.locator(".goal-foot .chip-warn")).to_contain_text("Not SMART yet: A")
    goal.locator(".field-better select").select_option("lower")
    expect(goal.locator(".goal-foot .chip-ok")).to_contain_text("SMART", timeout=LIVE)
    page.locator(".goals-panel").scroll_into_view_if_needed()
    shot(page, "goals-smart-en")


def test_chinese_goal_and_deadline_forms(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, language="zh-CN", title="SMART 目标", demo=False)
    page = people.page(locale="zh-CN")
    join(page, workshop.facilitator_link, "李伟")
    goal = new_goal(page, "添加目标")
    page.keyboard.type("待定")
    fails(goal, "S", "“待定”是占位词，不是指标。")
    goal.locator(".field-metric input").fill("重复投诉率")
    goal.locator(".field-unit input").fill("%")
    goal.locator(".field input[id$=-baseline]").fill("20%")
    goal.locator(".field input[id$=-target]").fill("10%")
    goal.locator(".field-deadline input").fill("2030年第一季度")
    goal.locator(".field-link input").fill("试点 KPI：重复投诉率")
    passes(goal, "S", "指标已明确：重复投诉率。")
    passes(goal, "M", "基线 20 % 和目标 10 % 均为数值。")
    passes(goal, "A", "与“越低越好”一致")
    passes(goal, "R", "已关联：试点 KPI：重复投诉率。")
    passes(goal, "T", "截止 2030年3月31日，还有")
    expect(goal.locator(".goal-foot .chip-ok")).to_contain_text("符合 SMART", timeout=LIVE)
    goal.locator(".field-deadline input").fill("2020年底")
    fails(goal, "T", "截止日期 2020年12月31日 已到或已过")
    page.locator(".goals-panel").scroll_into_view_if_needed()
    shot(page, "goals-smart-zh")


def test_a_viewer_reads_the_demo_goals_letters_and_reasons(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    viewer = people.page()
    join(viewer, workshop.invite_link("viewer"), "Victor Viewer")
    goals = viewer.locator(".goal-read")
    expect(goals).to_have_count(2)
    for goal in (goals.first, goals.last):
        expect(goal.locator(".smart-letter[data-ok=true]")).to_have_count(5, timeout=LIVE)
        expect(goal.locator(".chip-ok")).to_contain_text("SMART")
    passes(goals.first, "R", "Linked to pilot KPI: average handling time.")
    passes(goals.first, "T", "Due Mar 31, 2027, in")
    goals.first.scroll_into_view_if_needed()
    shot(viewer, "goals-smart-viewer")


def test_what_is_typed_right_after_add_goal_lands_in_the_new_goal(
    live_server: Server, people: Contexts
) -> None:
    """Goals are listed by id; a new goal's id may sort before an existing one's. Typing right
    after "Add goal" once went into the metric of the goal listed last, overwriting it."""
    workshop = create_workshop(live_server, demo=False)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    # the first goal gets an id from a clock far ahead, so the second one is listed before it
    page.evaluate("() => { window.__now = Date.now; Date.now = () => 1e14; }")
    page.get_by_role("button", name="Add goal").click()
    page.keyboard.type("First response time")
    page.evaluate("() => { Date.now = window.__now; }")
    first = page.locator(".goal-edit").last
    expect(first.locator(".field-metric input")).to_have_value("First response time")

    page.get_by_role("button", name="Add goal").click()
    page.keyboard.type("Repeat complaint rate")
    metrics = page.locator(".goal-edit .field-metric input")
    expect(metrics).to_have_count(2)
    expect(metrics.nth(0)).to_have_value("Repeat complaint rate")  # the new one, listed first
    expect(metrics.nth(1)).to_have_value("First response time")  # untouched
