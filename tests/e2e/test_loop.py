"""The workshop loop on the home: the current phase leads to the boards that serve it (declared by
each kind, served by the workshop API), a phase without one offers a one-click "add", the
roll-out board's relapse alert shows on its card, and finishing says that sustain readings keep
coming in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, shot

pytestmark = pytest.mark.e2e


def test_the_home_leads_to_the_phase_boards_and_shows_the_relapse(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    phase_boards = page.get_by_test_id("phase-boards")
    # The demo workshop is rolling out: its roll-out board leads.
    rollout = workshop.board("rollout")
    link = phase_boards.locator(f".phase-board[data-board-id='{rollout['id']}']")
    expect(phase_boards.locator(".phase-board")).to_have_count(1)
    expect(link).to_contain_text(rollout["title"])
    # The demo's planted relapse on the handling time, on the phase link and on the board card.
    expect(link.locator("[data-alert=relapse]")).to_contain_text("Relapse: Average handling time")
    card = page.locator(f".board-card[data-board-id='{rollout['id']}']")
    expect(card.locator("[data-alert=relapse]")).to_contain_text("signals in the worse direction")
    # Boards that raise nothing show no alert.
    expect(page.locator(".board-card [data-alert]")).to_have_count(1)
    shot(page, "loop-home-rollout")

    # Back to analysing: its fishbone and RACI boards; then on to the roll-out again.
    page.get_by_role("button", name="Move the workshop to: Analyse").click()
    expect(phase_boards.locator(".phase-board")).to_have_count(2)
    expect(phase_boards).to_contain_text(workshop.board("fishbone")["title"])
    expect(phase_boards).to_contain_text(workshop.board("raci")["title"])
    page.get_by_role("button", name="Move the workshop to: Roll out").click()
    expect(phase_boards.locator(".phase-board")).to_have_count(1)

    link.click()
    page.wait_for_url(f"**/b/{rollout['id']}")


def test_a_phase_without_its_board_offers_to_add_it(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, demo=False, language="zh-CN")
    page = people.page(locale="zh-CN")
    join(page, workshop.facilitator_link, "陈丽")
    add = page.locator("[data-testid=phase-boards] [data-add-kind=vsm]")
    expect(add).to_contain_text("添加")
    shot(page, "loop-home-add")
    add.click()
    page.wait_for_url("**/b/**")
    vsm = workshop.board("vsm")
    assert page.url.endswith(f"/b/{vsm['id']}")

    # A viewer is led to existing boards but offered no "add".
    viewer = people.page(locale="zh-CN")
    join(viewer, workshop.invite_link("viewer"), "王五")
    phase_boards = viewer.get_by_test_id("phase-boards")
    expect(phase_boards.locator(f".phase-board[data-board-id='{vsm['id']}']")).to_be_visible()
    expect(phase_boards.locator("[data-add-kind]")).to_have_count(0)


def test_finishing_says_sustain_readings_keep_coming_in(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    page.get_by_role("button", name="Finish workshop").click()
    expect(page.get_by_test_id("finish-explain")).to_contain_text(
        "Only the roll-out's sustain readings keep coming in"
    )
    shot(page, "loop-finish-dialog", full_page=False)
    page.locator(".dialog-actions").get_by_role("button", name="Finish workshop").click()
    banner = page.locator(".banner-info")
    expect(banner).to_contain_text("This workshop is finished")
    expect(banner).to_contain_text("sustain readings keep coming in from the phone page")
    shot(page, "loop-finished-banner", full_page=False)
