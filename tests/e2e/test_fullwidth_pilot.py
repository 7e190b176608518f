"""A phone with a Chinese keyboard in full-width mode sends pilot readings: ``３０．５`` and
counts ``４`` of ``３１`` arrive as the numbers they say."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop
from .test_pilot import board_state, facilitator_on_pilot, participant
from .test_pilot_inputs import send_value

pytestmark = pytest.mark.e2e


def test_full_width_readings_from_a_phone_arrive_as_numbers(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="en")
    _, board_id = facilitator_on_pilot(people, workshop, "en-US")
    phone = participant(people, workshop, "en-US", "Pia Pilot")
    send_value(phone, "Average handling time", "３０．５")
    phone.get_by_test_id("reading-form").get_by_text("Repeat complaint rate", exact=True).click()
    phone.locator("#pilot-numerator").fill("４")
    phone.locator("#pilot-denominator").fill("３１")
    expect(phone.get_by_test_id("counts-hint")).to_contain_text("= 12.9 %")
    phone.get_by_test_id("send-reading").click()
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "sent")

    mine = [
        r
        for r in board_state(workshop, board_id)["snapshot"]["readings"]
        if r["display_name"] == "Pia Pilot"
    ]
    assert sorted((r["kpi_id"], r["value"]) for r in mine) == [
        ("handling_time", 30.5),
        ("repeat_rate", pytest.approx(4 / 31 * 100)),
    ]
