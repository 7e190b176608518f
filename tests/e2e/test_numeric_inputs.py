"""Every number field on the boards, walked with the same awkward values: letters, a negative,
150 %, full-width digits and 1e9. Each value is either taken (and shown as read) or refused
with an inline message tied to the field (``aria-invalid``, ``aria-describedby``); an outlier
the map cannot rule out asks first. Nothing is dropped or kept silently."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, join, open_board

pytestmark = pytest.mark.e2e
LIVE = 6000  # ms


@dataclass(frozen=True)
class Field:
    name: str
    open: Callable[[Page, Workshop], Locator]
    # typed -> ("error", part of the message) | ("taken", value shown) | ("asks", question)
    outcomes: dict[str, tuple[str, str]]
    submit: str = "Tab"  # the key that hands the value over


def _goal_baseline(page: Page, workshop: Workshop) -> Locator:
    page.get_by_role("button", name="Add goal").click()
    return page.locator(".goal-edit").last.locator("input[id$=-baseline]")


def _map_share(page: Page, workshop: Workshop) -> Locator:
    open_board(page, workshop, workshop.board("vsm")["id"])
    page.get_by_test_id("vsm-box").first.click()
    return page.get_by_test_id("vsm-field-pct")


def _map_cycle(page: Page, workshop: Workshop) -> Locator:
    open_board(page, workshop, workshop.board("vsm")["id"])
    page.get_by_test_id("vsm-box").first.click()
    return page.get_by_test_id("vsm-field-cycle")


def _kpi_target(page: Page, workshop: Workshop) -> Locator:
    open_board(page, workshop, workshop.board("pilot")["id"])
    page.get_by_test_id("edit-definition").click()
    return page.locator("#kpi-handling_time-target")


def _timer(page: Page, workshop: Workshop) -> Locator:
    return page.locator("#timer-minutes")


def _dots(page: Page, workshop: Workshop) -> Locator:
    open_board(page, workshop, workshop.board("ideas")["id"])
    page.get_by_test_id("open-round").click()
    return page.get_by_test_id("open-round-form").get_by_label("Dots per person")


NOT_A_NUMBER = ("error", "is not a number")
FIELDS = [
    Field(
        "goal baseline",
        _goal_baseline,
        {
            "abc": NOT_A_NUMBER,
            "-5": ("taken", "-5"),  # a baseline may be negative (a balance, a margin)
            "150%": ("taken", "150"),
            "３０．５": ("taken", "30.5"),
            "1e9": ("error", "“1e9” is not a number"),
        },
    ),
    Field(
        "map share complete and accurate",
        _map_share,
        {
            "abc": ("error", "Enter a number"),
            "-5": ("error", "Between 0 and 100"),
            "150%": ("error", "Between 0 and 100"),
            "1e9": ("error", "Between 0 and 100"),
            "３０．５": ("taken", "30.5"),
        },
    ),
    Field(
        "map cycle time",
        _map_cycle,
        {
            "abc": ("error", "Enter a number"),
            "-5": ("error", "Must be 0 or more"),
            "150%": ("taken", "150"),  # the map reads a number before any unit typed after it
            "1e9": ("asks", "Really 1,000,000,000"),
            "３０．５": ("taken", "30.5"),
        },
    ),
    Field(
        "pilot KPI target",
        _kpi_target,
        {
            "abc": ("error", "“abc” is not a number"),
            "-5": ("taken", "-5"),
            "150%": ("error", "“150%” is not a number"),
            "1e9": ("error", "“1e9” is not a number (e.g. 30.5 or 1,200). The KPI keeps -5."),
            "３０．５": ("taken", "30.5"),
        },
    ),
    Field(
        "timer minutes",
        _timer,
        {
            "abc": ("error", "“abc” is not a number of minutes from 1 to 1440"),
            "-5": ("error", "“-5” is not a number of minutes"),
            "150%": ("error", "“150%” is not a number of minutes"),
            "1e9": ("error", "“1e9” is not a number of minutes"),
            "３０．５": ("taken", "timer"),
        },
        submit="Enter",
    ),
    Field(
        "dots per person",
        _dots,
        {
            "abc": ("error", "“abc” is not a whole number from 1 to 100"),
            "-5": ("error", "“-5” is not a whole number"),
            "150%": ("error", "“150%” is not a whole number"),
            "1e9": ("error", "“1e9” is not a whole number"),
            "３０": ("taken", "round"),
        },
        submit="Enter",
    ),
]


@pytest.mark.parametrize("field", FIELDS, ids=[f.name for f in FIELDS])
def test_awkward_numbers_are_taken_or_refused_out_loud(
    live_server: Server, people: Contexts, field: Field
) -> None:
    workshop = create_workshop(live_server)
    page = people.page(width=1440, height=900)
    join(page, workshop.facilitator_link, "Alice Chen")
    box = field.open(page, workshop)
    for typed, (outcome, text) in field.outcomes.items():
        box.fill(typed)
        box.press(field.submit)
        if outcome in ("error", "asks"):
            expect(box).to_have_attribute("aria-invalid", "true", timeout=LIVE)
            described = box.get_attribute("aria-describedby") or ""
            message = page.locator(f"#{described.split()[0]}")
            expect(message).to_contain_text(text)
            expect(box).to_have_value(typed)  # what was typed stays in view
        elif text == "timer":  # the countdown started from 30.5 minutes
            expect(page.get_by_test_id("timer-big")).to_contain_text("30:")
        elif text == "round":  # the round opened with the dots as read
            expect(page.get_by_test_id("open-round-form")).to_have_count(0)
        else:
            expect(box).not_to_have_attribute("aria-invalid", "true", timeout=LIVE)
            expect(box).to_have_value(text)


def test_a_go_live_before_the_start_is_said_at_the_field(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page(width=1440, height=900)
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, workshop.board("rollout")["id"])
    form = page.get_by_test_id("add-wave")
    form.locator("#wave-new-name").fill("Branch offices")
    form.locator("#wave-new-start").fill("2027-05-10")
    golive = form.locator("#wave-new-golive")
    golive.fill("2027-05-01")
    expect(golive).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#wave-new-golive-error")).to_have_text(
        "Go-live May 1, 2027 is before the start May 10, 2027: check the dates."
    )
    form.get_by_test_id("add-wave-submit").click()  # kept as planned, and still said on the wave
    wave_golive = page.locator("input[id^=wave-golive-]").last
    expect(wave_golive).to_have_value("2027-05-01")
    expect(wave_golive).to_have_attribute("aria-invalid", "true")
    wave_golive.fill("2027-06-01")
    expect(wave_golive).not_to_have_attribute("aria-invalid", "true")
