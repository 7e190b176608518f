"""The ideas board in the browser: a dot-voting round run by the facilitator (three people vote,
the reveal, the same ranking everywhere), budgets that hold from the UI, private writing."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.server import ROOT, Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, facilitator_and_editor, join, open_board, shot

pytestmark = pytest.mark.e2e
SECOND = 1000
DESKTOP = (1440, 900)
PHONE = (390, 844)
KIND = ROOT / "client" / "src" / "boards" / "ideas"


# --- helpers ------------------------------------------------------------------------------


def command(workshop: Workshop, board_id: str, name: str, payload: dict[str, Any]) -> Any:
    """A facilitator command over HTTP with the facilitator's invite token."""
    status, body = workshop.server.request(
        "POST",
        f"/api/boards/{board_id}/commands",
        {"command": name, "payload": payload, "idempotency_key": str(uuid.uuid4())},
        token=workshop.token,
    )
    assert status == 200, body
    return body["result"]


def board_state(workshop: Workshop, board_id: str) -> dict[str, Any]:
    status, body = workshop.server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200, body
    return dict(body)


def participant_token(page: Page, workshop: Workshop) -> str:
    raw = page.evaluate(f"localStorage.getItem('obeya.membership.{workshop.id}')")
    return str(json.loads(raw)["token"])


def card(page: Page, idea: str) -> Locator:
    return page.locator(f".ideas-card[data-card-id='{idea}']")


def vote(page: Page, idea: str, times: int = 1) -> None:
    dots = card(page, idea).locator(".ideas-dot.is-mine")
    for _ in range(times):
        before = dots.count()
        card(page, idea).get_by_test_id("vote").click()
        expect(dots).to_have_count(before + 1)


def ranking(page: Page) -> list[tuple[str, int]]:
    rows = page.locator("[data-testid=ranking] > li")
    return [
        (
            str(rows.nth(i).get_attribute("data-idea-id")),
            int(rows.nth(i).get_attribute("data-dots") or -1),
        )
        for i in range(rows.count())
    ]


# --- tests --------------------------------------------------------------------------------


def test_three_people_vote_the_facilitator_reveals_everyone_sees_the_same_ranking(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    ideas = workshop.board("ideas")
    lead = people.page(width=DESKTOP[0], height=DESKTOP[1])
    join(lead, workshop.facilitator_link, "Fay Facilitator")
    voters = [people.page(width=DESKTOP[0], height=DESKTOP[1]) for _ in range(3)]
    names = ["Ana Alves", "Ben Bauer", "Chen Jing"]
    for page, name in zip(voters, names, strict=True):
        join(page, workshop.invite_link("editor"), name)
        open_board(page, workshop, ideas["id"])
    open_board(lead, workshop, ideas["id"])

    # The facilitator opens a hidden round: 3 dots each, at most 2 on one idea.
    lead.get_by_test_id("open-round").click()
    form = lead.get_by_test_id("open-round-form")
    form.get_by_label("Dots per person").fill("3")
    form.get_by_label("Most dots on one idea").fill("2")
    expect(form.get_by_label("Hide the counts until I reveal them")).to_be_checked()
    shot(lead, "ideas-open-round", full_page=False)
    form.get_by_test_id("open-round-submit").click()
    for page in voters:
        expect(page.get_by_test_id("round-panel")).to_have_attribute("data-round-status", "open")
        expect(page.get_by_test_id("my-dots")).to_have_attribute("data-remaining", "3")

    # Everyone places their dots; nobody sees counts yet.
    plan = {0: {"i1": 2, "i4": 1}, 1: {"i1": 1, "i2": 2}, 2: {"i4": 2, "i5": 1}}
    for who, dots in plan.items():
        for idea, n in dots.items():
            vote(voters[who], idea, n)
        expect(voters[who].get_by_test_id("my-dots")).to_have_attribute("data-remaining", "0")
        expect(voters[who].get_by_test_id("my-dots")).to_contain_text("0 of 3 left")
    shot(voters[0], "ideas-voting")
    for page in [lead, *voters]:
        expect(page.get_by_test_id("tally")).to_have_count(0)
        expect(page.get_by_test_id("results-hidden")).to_be_visible()
    expect(lead.get_by_test_id("round-progress")).to_contain_text("3 of 4 people have voted")
    expect(lead.get_by_test_id("round-progress")).to_contain_text("9 dots placed")
    assert (
        board_state(workshop, ideas["id"])["analysis"]["ranking"] == []
    )  # hidden in the ledger too

    # The reveal: everyone gets the moment and the same ranking, zero-vote ideas included.
    lead.get_by_test_id("reveal-votes").click()
    expected = [("i1", 3), ("i4", 3), ("i2", 2), ("i5", 1), ("i3", 0), ("i6", 0)]
    for page in [lead, *voters]:
        expect(page.get_by_test_id("reveal-banner")).to_be_visible(timeout=2 * SECOND)
        expect(page.locator("[data-testid=ranking] > li")).to_have_count(6)
        expect(page.locator("[data-testid=ranking] > li[data-idea-id=i6]")).to_have_attribute(
            "data-dots", "0"
        )
        expect(card(page, "i1").get_by_test_id("tally")).to_have_text(re.compile("^3"))
    lead.wait_for_timeout(400)
    shot(lead, "ideas-reveal", full_page=False)
    rankings = [ranking(page) for page in [lead, *voters]]
    assert all(r == expected for r in rankings), rankings
    server_ranking = board_state(workshop, ideas["id"])["analysis"]["ranking"]
    assert [(r["idea_id"], r["dots"]) for r in server_ranking] == expected
    assert [r["rank"] for r in server_ranking] == [1, 1, 3, 4, 5, 5]
    # Named round: who voted shows under the idea.
    expect(card(voters[1], "i2")).to_contain_text("Ben Bauer ×2")

    # Closing freezes the round: the dot buttons go away.
    lead.get_by_test_id("close-round").click()
    for page in voters:
        expect(page.get_by_test_id("round-panel")).to_have_attribute("data-round-status", "closed")
        expect(page.get_by_test_id("vote")).to_have_count(0)
    lead.evaluate("window.scrollTo(0, 0)")
    shot(lead, "ideas-board")


def test_a_participant_cannot_spend_more_dots_than_the_budget(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="zh-CN")
    ideas = workshop.board("ideas")
    command(workshop, ideas["id"], "ideas.open_round", {"budget": 3, "cap": 3, "hidden": True})
    page = people.page(locale="zh-CN", width=DESKTOP[0], height=DESKTOP[1])
    join(page, workshop.invite_link("editor"), "王芳")
    open_board(page, workshop, ideas["id"])
    expect(page.get_by_test_id("my-dots")).to_have_attribute("data-remaining", "3")

    vote(page, "i1", 3)
    expect(page.get_by_test_id("my-dots")).to_have_attribute("data-remaining", "0")
    expect(page.get_by_test_id("my-dots")).to_contain_text("剩余 0/3 票")
    # Every "+" is off once the budget is spent; a forced click does nothing.
    plus = page.get_by_test_id("vote")
    for i in range(plus.count()):
        expect(plus.nth(i)).to_be_disabled()
    plus.nth(3).click(force=True)

    # Take one back, then a burst of three quick taps on another idea: one dot is placed, the
    # server refuses the other two and says why, in Chinese.
    card(page, "i1").get_by_test_id("unvote").click()
    expect(page.get_by_test_id("my-dots")).to_have_attribute("data-remaining", "1")
    page.evaluate(
        "() => { const b = document.querySelector(\".ideas-card[data-card-id='i2'] [data-testid=vote]\");"
        " b.click(); b.click(); b.click(); }"
    )
    expect(page.get_by_test_id("vote-error")).to_contain_text("票已用完")
    expect(page.get_by_test_id("vote-error")).to_contain_text("3 票已投出 3 票")
    expect(page.get_by_test_id("my-dots")).to_have_attribute("data-remaining", "0")
    expect(card(page, "i2").locator(".ideas-dot.is-mine")).to_have_count(1)
    shot(page, "ideas-budget-refused", full_page=False)

    # The server agrees: three dots, no more.
    status, mine = live_server.request(
        "GET", f"/api/boards/{ideas['id']}/private", token=participant_token(page, workshop)
    )
    assert status == 200, mine
    assert mine["used"] == 3 and mine["remaining"] == 0
    assert mine["votes"] == {"i1": 2, "i2": 1}
    assert board_state(workshop, ideas["id"])["snapshot"]["round"]["dots_cast"] == 3

    # The same board on a phone.
    phone = people.page(locale="zh-CN", width=PHONE[0], height=PHONE[1])
    join(phone, workshop.invite_link("editor"), "李强")
    open_board(phone, workshop, ideas["id"])
    vote(phone, "i4", 2)
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "ideas-phone")


def private_writing(
    live_server: Server, people: Contexts, mode: str = "moderated"
) -> tuple[Page, Page]:
    """A facilitator and a writer on an ideas board, private writing just turned on."""
    workshop = create_workshop(live_server)
    ideas = workshop.board("ideas")
    lead = people.page(width=DESKTOP[0], height=DESKTOP[1])
    writer = people.page(width=DESKTOP[0], height=DESKTOP[1])
    facilitator_and_editor(workshop, ideas["id"], lead, writer, ("Fay Facilitator", "Wen Writer"))
    lead.get_by_test_id("private-mode").select_option(mode)
    lead.get_by_test_id("private-writing").click()
    expect(writer.get_by_test_id("private-banner")).to_be_visible(timeout=SECOND)
    return lead, writer


@pytest.mark.parametrize("mode", ["moderated", "blind", "blindNamed"])
def test_authors_are_told_who_sees_a_private_card_before_writing(
    live_server: Server, people: Contexts, mode: str
) -> None:
    lead, writer = private_writing(live_server, people, mode)
    facilitator_sees = mode == "moderated"
    banner = writer.get_by_test_id("private-banner")
    told = {
        "moderated": "the facilitator can see them, with your name",
        "blind": "nobody, the facilitator included",
        "blindNamed": "shown with your name unless you tick anonymous",
    }[mode]
    expect(banner).to_contain_text(told)
    writer.locator(".ideas-column[data-category=technology]").get_by_test_id("add-idea").click()
    form = writer.get_by_test_id("private-form")
    promise = form.get_by_test_id("private-promise")
    if facilitator_sees:
        expect(promise).to_contain_text("The facilitator can read it, with your name")
    else:
        expect(promise).to_contain_text("Nobody, the facilitator included, sees this card")
        expect(promise).to_contain_text(
            "with your name unless" if mode == "blindNamed" else "without your name"
        )
    form.get_by_label("Title", exact=True).fill("Callback within the hour")
    form.get_by_role("button", name="Keep it private for now").click()
    expect(writer.get_by_test_id("my-private-cards")).to_contain_text("Callback within the hour")
    expect(lead.get_by_test_id("reveal-cards")).to_contain_text("Reveal 1 private card")
    lead_banner = lead.get_by_test_id("private-banner")
    expect(lead_banner).to_contain_text(
        "writers were told" if facilitator_sees else "never their text or authors"
    )
    expect(lead.get_by_test_id("moderation-queue")).to_have_count(1 if facilitator_sees else 0)
    if facilitator_sees:
        expect(lead.get_by_test_id("moderation-queue")).to_contain_text("Wen Writer")
    else:
        expect(lead.locator("body")).not_to_contain_text("Callback within the hour")
    shot(writer, f"ideas-private-{mode}", full_page=False)

    lead.get_by_test_id("reveal-cards").click()
    card = lead.locator(".ideas-card", has_text="Callback within the hour")
    expect(card).to_be_visible(timeout=2 * SECOND)
    if mode == "blind":
        expect(card).not_to_contain_text("Wen Writer")
    else:
        expect(card).to_contain_text("Wen Writer")


def test_private_writing_keeps_cards_hidden_until_the_reveal(
    live_server: Server, people: Contexts
) -> None:
    lead, writer = private_writing(live_server, people)
    writer.locator(".ideas-column[data-category=technology]").get_by_test_id("add-idea").click()
    form = writer.get_by_test_id("private-form")
    form.get_by_label("Title", exact=True).fill("Chatbot for order status")
    form.get_by_label("Description", exact=True).fill(
        "Answers 'where is my order' questions at night."
    )
    form.locator("label.ideas-seg:has(input[name=private-impact][value='4'])").click()
    form.locator("label.ideas-seg:has(input[name=private-effort][value='2'])").click()
    expect(form.locator(".ideas-q-note")).to_contain_text("Quick wins")
    shot(writer, "ideas-private-form", full_page=False)
    form.get_by_role("button", name="Keep it private for now").click()
    mine = writer.get_by_test_id("my-private-cards")
    expect(mine).to_contain_text("Chatbot for order status")
    # Only its author has it on the board; the facilitator sees it waiting, to moderate.
    expect(lead.get_by_test_id("reveal-cards")).to_contain_text("Reveal 1 private card")
    expect(lead.get_by_test_id("moderation-queue")).to_contain_text("Chatbot for order status")
    expect(lead.locator(".ideas-layout").get_by_text("Chatbot for order status")).to_have_count(0)

    lead.get_by_test_id("reveal-cards").click()
    for page in (lead, writer):
        expect(page.locator(".ideas-column[data-category=technology]")).to_contain_text(
            "Chatbot for order status", timeout=2 * SECOND
        )
        expect(page.get_by_test_id("private-banner")).to_have_count(0)
    expect(writer.get_by_test_id("my-private-cards")).to_have_count(0)

    # A revealed card is edited live like any other: the facilitator retitles it and moves it
    # on the matrix; the writer sees both.
    revealed = lead.locator(".ideas-card", has_text="Chatbot for order status")
    revealed.get_by_test_id("edit-card").click()
    editor = lead.get_by_test_id("card-editor")
    editor.get_by_label("Title", exact=True).fill("Night chatbot for order status")
    editor.get_by_test_id("editor-done").click()
    expect(writer.locator(".ideas-card", has_text="Night chatbot for order status")).to_be_visible(
        timeout=SECOND
    )
    expect(writer.locator(".ideas-mx-cell[data-impact='4'][data-effort='2']")).to_contain_text(
        "Night chatbot"
    )
    chip = lead.locator(".ideas-mx-chip", has_text="Night chatbot")
    chip.focus()
    lead.keyboard.press("ArrowUp")
    expect(writer.locator(".ideas-mx-cell[data-impact='5'][data-effort='2']")).to_contain_text(
        "Night chatbot", timeout=SECOND
    )
    writer.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    shot(writer, "ideas-matrix", full_page=False)


def test_the_facilitator_takes_a_private_card_out_before_the_reveal(
    live_server: Server, people: Contexts
) -> None:
    lead, writer = private_writing(live_server, people)
    for title, anonymous in (("Self-service refund status", False), ("Fire the night shift", True)):
        writer.locator(".ideas-column[data-category=model]").get_by_test_id("add-idea").click()
        form = writer.get_by_test_id("private-form")
        form.get_by_label("Title", exact=True).fill(title)
        if anonymous:
            form.get_by_label("Post anonymously").check()
        form.get_by_role("button", name="Keep it private for now").click()
        expect(writer.get_by_test_id("my-private-cards")).to_contain_text(title)

    queue = lead.get_by_test_id("moderation-queue")
    expect(queue.get_by_test_id("moderation-card")).to_have_count(2, timeout=2 * SECOND)
    named = queue.get_by_test_id("moderation-card").filter(has_text="Self-service refund status")
    hidden = queue.get_by_test_id("moderation-card").filter(has_text="Fire the night shift")
    expect(named).to_contain_text("Wen Writer")
    expect(hidden).to_contain_text("Anonymous")
    expect(hidden).not_to_contain_text("Wen Writer")
    shot(lead, "ideas-moderation", full_page=False)

    hidden.get_by_role("button", name="Take out").click()
    queue.get_by_role("button", name="Take it out").click()
    expect(queue.get_by_test_id("moderation-card")).to_have_count(1, timeout=2 * SECOND)
    mine = writer.get_by_test_id("my-private-cards")
    expect(mine).not_to_contain_text("Fire the night shift", timeout=2 * SECOND)
    expect(mine).to_contain_text("Self-service refund status")
    expect(lead.get_by_test_id("reveal-cards")).to_contain_text("Reveal 1 private card")

    lead.get_by_test_id("reveal-cards").click()
    for page in (lead, writer):
        column = page.locator(".ideas-column[data-category=model]")
        expect(column).to_contain_text("Self-service refund status", timeout=2 * SECOND)
        expect(column).not_to_contain_text("Fire the night shift")
    expect(lead.get_by_test_id("moderation-queue")).to_have_count(0)

    # Once revealed it is a card like any other: the writer deletes it, for everyone.
    card = writer.locator(".ideas-card", has_text="Self-service refund status")
    card.get_by_role("button", name="Delete idea: Self-service refund status").click()
    expect(writer.get_by_text("Idea deleted for everyone.")).to_be_visible(timeout=SECOND)
    for page in (lead, writer):
        expect(page.locator(".ideas-column[data-category=model]")).not_to_contain_text(
            "Self-service refund status", timeout=2 * SECOND
        )


def test_an_idea_links_a_current_step_and_the_future_step_it_lands_on(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    ideas = workshop.board("ideas")
    page = people.page()
    join(page, workshop.facilitator_link, "Fay Facilitator")
    open_board(page, workshop, ideas["id"])
    card = page.locator(".ideas-card[data-card-id=i4]")
    card.get_by_test_id("edit-card").click()
    editor = page.get_by_test_id("card-editor")
    editor.get_by_label("Improves process step").select_option("c3")
    future = editor.get_by_label("Lands on future-state step")
    # Only future-state steps are offered where the idea lands.
    values = future.locator("option").evaluate_all("(os) => os.map((o) => o.value)")
    assert "f3" in values and not any(v.startswith("c") for v in values)
    future.select_option("f3")
    editor.get_by_test_id("editor-done").click()
    expect(card.locator("[data-future-step=f3]")).to_contain_text("Future step:")

    deadline = time.monotonic() + 5
    while True:
        status, body = live_server.request(
            "GET", f"/api/boards/{ideas['id']}", token=workshop.token
        )
        assert status == 200, body
        (saved,) = [c for c in body["snapshot"]["cards"] if c["id"] == "i4"]
        if saved["future_step_id"] == "f3":
            break
        assert time.monotonic() < deadline, saved
        time.sleep(0.05)
    assert saved["step_id"] == "c3" and saved["cause_id"] == "c1"


def board_snapshot(workshop: Workshop, board_id: str) -> dict[str, Any]:
    status, body = workshop.server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200, body
    return dict(body["snapshot"])


def test_what_is_typed_right_after_add_idea_names_the_idea(
    live_server: Server, people: Contexts
) -> None:
    """The editor's dialog opens on the title (it used to focus its close button, so the
    first words typed after "Add idea" went nowhere and the empty card was dropped on Done)."""
    workshop = create_workshop(live_server)
    ideas = workshop.board("ideas")
    page = people.page(width=DESKTOP[0], height=DESKTOP[1])
    join(page, workshop.facilitator_link, "Fay Facilitator")
    open_board(page, workshop, ideas["id"])
    column = page.locator(".ideas-column[data-category=model]")
    column.get_by_test_id("add-idea").click()
    editor = page.get_by_test_id("card-editor")
    expect(editor.get_by_label("Title", exact=True)).to_be_focused()
    page.keyboard.type("Follow-up call before closing")
    editor.get_by_test_id("editor-done").click()
    expect(column.locator(".ideas-card", has_text="Follow-up call before closing")).to_have_count(1)
    deadline = time.monotonic() + 5
    while "Follow-up call before closing" not in {
        c["title"] for c in board_snapshot(workshop, ideas["id"])["cards"]
    }:
        assert time.monotonic() < deadline, "the server never read the typed title"
        time.sleep(0.05)

    # The private form too: its title has the caret when it opens.
    _lead, writer = private_writing(live_server, people)
    writer.locator(".ideas-column[data-category=technology]").get_by_test_id("add-idea").click()
    form = writer.get_by_test_id("private-form")
    expect(form.get_by_label("Title", exact=True)).to_be_focused()
    writer.keyboard.type("Shared inbox")
    expect(form.get_by_label("Title", exact=True)).to_have_value("Shared inbox")
