"""Pasting a 5-whys chain into the first why offers one why per line, in order, in one undo
step; nothing pasted is dropped."""

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
