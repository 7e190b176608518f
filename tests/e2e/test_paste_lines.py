"""Pasting several lines into a fishbone cause offers one cause per line; accepting creates
them all, in order and in one undo step, and nothing pasted is dropped."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board
from .test_fishbone import _open, _outline_texts
from .test_rollout import eventually


def paste(page: Page, text: str) -> None:
    """A real paste event carrying ``text``, sent to the focused field."""
    page.evaluate(
        """(text) => {
            const data = new DataTransfer();
            data.setData('text/plain', text);
            document.activeElement.dispatchEvent(
                new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }""",
        text,
    )


@pytest.mark.e2e
def test_thirty_pasted_lines_become_thirty_causes_in_one_undo_step(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    _open(page, workshop, workshop.facilitator_link, "Alice Chen")
    before = _outline_texts(page, "environment")
    lines = [f"Cause number {i} with a longer description of what goes wrong" for i in range(1, 31)]

    page.locator(".fishbone-outline [data-row-key='cat:environment'] input").click()
    page.keyboard.press("Enter")  # a new, empty cause with its text field focused
    paste(page, "\r\n".join(["- " + lines[0], *lines[1:], ""]))
    prompt = page.get_by_test_id("paste-lines")
    expect(prompt).to_contain_text("30 lines pasted: create one item per line?")
    page.get_by_test_id("paste-lines-create").click()
    expect(prompt).to_have_count(0)
    eventually(lambda: _outline_texts(page, "environment") == [*before, *lines])

    page.keyboard.press("Escape")
    page.keyboard.press("Control+z")  # one step undoes every pasted cause
    eventually(lambda: len(_outline_texts(page, "environment")) < len(before) + 2)


@pytest.mark.e2e
def test_pasting_lines_as_one_keeps_every_line(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    _open(page, workshop, workshop.facilitator_link, "Alice Chen")
    before = _outline_texts(page, "environment")
    page.locator(".fishbone-outline [data-row-key='cat:environment'] input").click()
    page.keyboard.press("Enter")
    paste(page, "Peak staffing\nToo few agents")
    page.get_by_test_id("paste-lines-as-one").click()
    eventually(
        lambda: _outline_texts(page, "environment") == [*before, "Peak staffing Too few agents"]
    )


@pytest.mark.e2e
def test_pasted_lines_on_a_sticky_become_one_sticky_each(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, workshop.board("notes")["id"])
    stickies = page.locator(".sticky-text")
    before = stickies.count()
    page.get_by_test_id("add-sticky").click()
    expect(stickies).to_have_count(before + 1)
    lines = ["One lookup screen", "Callback within a day", "Template replies", "Weekly review"]
    paste(page, "\n".join(lines))
    page.get_by_test_id("paste-lines-create").click()
    expect(stickies).to_have_count(before + 4)
    eventually(lambda: set(lines) <= {stickies.nth(i).input_value() for i in range(before + 4)})
