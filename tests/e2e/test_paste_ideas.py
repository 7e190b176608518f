"""Pasting several lines into an idea's title offers one idea per line: public ideas are
created in one undo step; private ideas are sent one by one, and when the author's limit of
waiting private cards refuses some, the form says how many were sent and keeps every line
that was not."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board
from .test_ideas import private_writing
from .test_paste_lines import paste
from .test_rollout import eventually

pytestmark = pytest.mark.e2e
LIMIT = 100  # boards/ideas/cards.py MAX_PRIVATE_CARDS


def test_pasted_lines_in_an_idea_title_become_one_idea_each(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page(width=1440, height=900)
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, workshop.board("ideas")["id"])
    column = page.locator(".ideas-column[data-category=technology]")
    expect(column.locator(".ideas-card").first).to_be_visible()  # the demo's ideas
    before = column.locator(".ideas-card").count()
    column.get_by_test_id("add-idea").click()
    editor = page.get_by_test_id("card-editor")
    editor.get_by_label("Title", exact=True).click()
    lines = ["Self-service status page", "Callback within the hour", "One lookup screen"]
    paste(page, "\n".join(f"{i + 1}. {line}" for i, line in enumerate(lines)))
    expect(editor.get_by_test_id("paste-lines")).to_contain_text("3 lines pasted")
    editor.get_by_test_id("paste-lines-create").click()
    expect(editor.get_by_label("Title", exact=True)).to_have_value(lines[0])
    editor.get_by_test_id("editor-done").click()
    cards = column.locator(".ideas-card")
    expect(cards).to_have_count(before + 3)
    for line in lines:
        expect(column).to_contain_text(line)

    page.keyboard.press("Control+z")  # one step takes every pasted idea back
    eventually(lambda: cards.count() < before + 3)


def test_private_lines_over_the_limit_are_kept_and_said(
    live_server: Server, people: Contexts
) -> None:
    _lead, writer = private_writing(live_server, people)
    workshop_id = writer.url.split("/w/")[1].split("/")[0]
    board_id = writer.url.split("/b/")[1].split("?")[0]
    token = writer.evaluate(
        f"JSON.parse(localStorage.getItem('obeya.membership.{workshop_id}')).token"
    )
    for i in range(LIMIT - 2):  # the writer already has all but two of the cards allowed
        status, body = live_server.request(
            "POST",
            f"/api/boards/{board_id}/commands",
            {
                "command": "ideas.add_private",
                "payload": {"id": f"p{i}", "title": f"Earlier idea {i}", "category": "technology"},
                "idempotency_key": str(uuid.uuid4()),
            },
            token=token,
        )
        assert status == 200, body

    writer.locator(".ideas-column[data-category=technology]").get_by_test_id("add-idea").click()
    form = writer.get_by_test_id("private-form")
    title = form.get_by_label("Title", exact=True)
    title.click()
    lines = ["Weekly review", "Template replies", "Shared inbox", "Escalation rota"]
    paste(writer, "\n".join(lines))
    form.get_by_test_id("paste-lines-create").click()
    expect(form.get_by_test_id("private-error")).to_contain_text(
        "2 of 4 private ideas sent; the rest were not: You have 100 private cards waiting"
    )
    expect(form.get_by_test_id("private-lines-left")).to_have_text(
        "".join(lines[2:]), use_inner_text=False
    )
    expect(title).to_have_value(lines[2])
    expect(writer.get_by_test_id("my-private-cards")).to_contain_text(lines[1])
