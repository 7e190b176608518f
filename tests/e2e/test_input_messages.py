"""No input is dropped without a word: length limits are announced before they cut (and say
what a cut left out), and every value a SMART goal does not take says why, at its field,
marked ``aria-invalid`` and tied to the message by ``aria-describedby``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, join, open_board

pytestmark = pytest.mark.e2e
LIVE = 6000  # ms: the SMART analysis is debounced on the server


def _goal_deadline(page: Page, workshop: Workshop) -> Locator:
    page.get_by_role("button", name="Add goal").click()
    return page.locator(".goal-edit").last.locator(".field-deadline input")


def _free_action(page: Page, workshop: Workshop) -> Locator:
    page.goto(f"{workshop.home_url}/actions")
    page.get_by_test_id("action-new").click()
    return page.locator("#action-what")


def _fishbone_cause(page: Page, workshop: Workshop) -> Locator:
    open_board(page, workshop, workshop.board("fishbone")["id"])
    page.locator(".fishbone-outline [data-row-key='cat:environment'] input").click()
    page.keyboard.press("Enter")  # a new, empty cause with its text field focused
    focused = page.locator(".fishbone-outline .fb-o-input:focus")
    expect(focused).to_have_count(1)
    key = focused.evaluate("(el) => el.closest('[data-row-key]').dataset.rowKey")
    return page.locator(f".fishbone-outline [data-row-key='{key}'] .fb-o-input")


FIELDS: list[tuple[str, Callable[[Page, Workshop], Locator], int]] = [
    ("goal deadline", _goal_deadline, 60),
    ("free action", _free_action, 300),
    ("fishbone cause", _fishbone_cause, 300),
]


@pytest.mark.parametrize(("name", "open_field", "limit"), FIELDS, ids=[f[0] for f in FIELDS])
def test_a_length_limit_is_announced_before_it_cuts(
    live_server: Server,
    people: Contexts,
    name: str,
    open_field: Callable[[Page, Workshop], Locator],
    limit: int,
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    field = open_field(page, workshop)
    expect(field).to_have_attribute("maxlength", str(limit))
    field.click()
    note = page.locator("#length-watch")

    page.keyboard.insert_text("x" * (limit * 7 // 10))
    expect(note).to_have_count(0)  # below 80 %: nothing in the way
    page.keyboard.insert_text("x" * (limit // 10 + 1))
    count = limit * 7 // 10 + limit // 10 + 1
    expect(note).to_have_text(f"{count} / {limit} characters")
    expect(field).to_have_attribute("aria-describedby", "length-watch")

    page.keyboard.insert_text("y" * (limit - count + 12))  # a paste 12 characters too long
    expect(field).to_have_value("x" * count + "y" * (limit - count))
    expect(note).to_have_text(
        f"{limit} / {limit} characters: 12 characters did not fit and were left out"
    )
    page.keyboard.press("Backspace")
    expect(note).to_have_text(f"{limit - 1} / {limit} characters")
    page.keyboard.type("z")
    expect(note).to_have_text(
        f"{limit} / {limit} characters: limit reached: further characters are not added"
    )
    page.keyboard.type("z")  # refused by the full field: said, not silently swallowed
    expect(note).to_have_text(
        f"{limit} / {limit} characters: 1 character did not fit and was left out"
    )

    field.blur()  # leaving the field takes the note away
    expect(note).to_have_count(0)
    expect(field).not_to_have_attribute("aria-describedby", "length-watch")


def _error(field: Locator) -> Locator:
    """The message a field is described by, after checking the field is marked invalid."""
    expect(field).to_have_attribute("aria-invalid", "true", timeout=LIVE)
    described = field.get_attribute("aria-describedby")
    assert described
    return field.page.locator(f"#{described}")


def test_every_value_a_goal_does_not_take_says_why_at_its_field(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, demo=False)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    page.get_by_role("button", name="Add goal").click()
    goal = page.locator(".goal-edit").last

    def field(name: str) -> Locator:
        return goal.locator(f"input[id$=-{name}]")

    field("metric").fill("TBD")
    expect(_error(field("metric"))).to_have_text("“TBD” is a placeholder, not a metric.")

    # a baseline that is no number: kept as typed, not taken, and said so
    field("baseline").fill("about thirty")
    expect(_error(field("baseline"))).to_contain_text("“about thirty” is not a number")
    expect(field("baseline")).to_have_value("about thirty")
    # numbers without a unit
    field("baseline").fill("３０．５")
    expect(field("baseline")).not_to_have_attribute("aria-invalid", "true")
    field("target").fill("30.5")
    expect(_error(field("unit"))).to_contain_text("Unit missing")
    expect(_error(field("target"))).to_have_text(
        "Target equals the baseline (30.5): nothing to improve.", timeout=LIVE
    )
    field("unit").fill("min")
    expect(field("unit")).not_to_have_attribute("aria-invalid", "true")
    # a target going the wrong way for "lower is better"
    field("target").fill("45")
    expect(_error(field("target"))).to_have_text(
        "Lower is declared better, but target 45 min is not below baseline 30.5 min: "
        "check the direction or the target.",
        timeout=LIVE,
    )
    field("target").fill("twelve")
    expect(_error(field("target"))).to_contain_text("“twelve” is not a number")
    field("target").fill("12")
    expect(field("target")).not_to_have_attribute("aria-invalid", "true", timeout=LIVE)

    field("deadline").fill("someday")
    expect(_error(field("deadline"))).to_contain_text(
        "“someday” does not read as a date with a year", timeout=LIVE
    )
    field("deadline").fill("2020-01-31")
    expect(_error(field("deadline"))).to_contain_text("has passed", timeout=LIVE)
    field("deadline").fill("2099-03-31")
    expect(field("deadline")).not_to_have_attribute("aria-invalid", "true", timeout=LIVE)
    field("metric").fill("First response time")
    expect(field("metric")).not_to_have_attribute("aria-invalid", "true", timeout=LIVE)
    expect(goal.get_by_test_id("field-error")).to_have_count(0)
