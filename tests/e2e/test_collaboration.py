"""Two people on one board: each sees the other's presence and edits within a second."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, facilitator_and_editor, join, open_board, shot

pytestmark = pytest.mark.e2e
SECOND = 1000  # ms: the promise to users


def test_two_people_see_each_others_presence_and_edits(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    notes = workshop.board("notes")
    alice, bob = people.page(), people.page()
    join(alice, workshop.facilitator_link, "Alice Chen")
    join(bob, workshop.invite_link("editor"), "Bob Wang")

    # Presence on the workshop home: each sees the other online.
    expect(alice.locator("[data-testid=people-online] [data-name='Bob Wang']")).to_be_visible()
    expect(bob.locator("[data-testid=people-online] [data-name='Alice Chen']")).to_be_visible()

    open_board(alice, workshop, notes["id"])
    open_board(bob, workshop, notes["id"])
    expect(alice.locator(".board-presence [data-peer='Bob Wang']")).to_be_visible(timeout=SECOND)
    expect(bob.locator(".board-presence [data-peer='Alice Chen']")).to_be_visible(timeout=SECOND)

    # Free text: Alice types at the end, Bob sees it.
    text_a, text_b = alice.locator(".notes-textarea"), bob.locator(".notes-textarea")
    text_a.click()
    alice.keyboard.press("Control+End")
    alice.keyboard.type(" Alice was here.")
    typed = text_a.input_value()
    assert typed.endswith("Alice was here.")
    expect(text_b).to_have_value(typed, timeout=SECOND)

    # Sticky notes: Bob adds one and writes on it, Alice sees both.
    bob.get_by_test_id("add-sticky").click()
    bob.keyboard.type("Bob's idea: one lookup screen")
    expect(alice.locator(".sticky-text")).to_have_count(3, timeout=SECOND)
    expect(alice.locator(".sticky-text").last).to_have_value(
        "Bob's idea: one lookup screen", timeout=SECOND
    )
    # ... and who is editing it.
    expect(alice.locator(".sticky-peer", has_text="Bob Wang")).to_be_visible(timeout=SECOND)
    shot(alice, "board-notes-two-people")

    # Undo takes back Alice's own edit only, for both of them.
    alice.get_by_role("button", name="Undo").click()
    expect(text_a).not_to_contain_text("Alice was here.")
    expect(text_b).to_have_value(text_a.input_value(), timeout=SECOND)
    assert "Alice was here." not in text_b.input_value()
    expect(bob.locator(".sticky-text").last).to_have_value("Bob's idea: one lookup screen")
    alice.get_by_role("button", name="Redo").click()
    expect(text_b).to_have_value(text_a.input_value(), timeout=SECOND)
    assert text_b.input_value().endswith("Alice was here.")


def test_goals_are_co_edited_on_the_workshop_home(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    alice, bob = people.page(), people.page()
    join(alice, workshop.facilitator_link, "Alice Chen")
    join(bob, workshop.invite_link("editor"), "Bob Wang")
    alice.get_by_role("button", name="Add goal").click()
    alice.keyboard.type("First response time")
    expect(bob.locator(".goal-edit .field-metric input").last).to_have_value(
        "First response time", timeout=SECOND
    )
    # The server's SMART check names what is missing, live.
    expect(bob.locator(".goal-edit").last.locator(".chip-warn")).to_contain_text("Baseline")
    shot(alice, "home-facilitator")


def test_chinese_ime_input_is_shared_once_composed(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, language="zh-CN", title="输入法测试")
    notes = workshop.board("notes")
    li, wang = people.page(locale="zh-CN"), people.page(locale="zh-CN")
    facilitator_and_editor(workshop, notes["id"], li, wang, ("李伟", "王芳"))
    text = li.locator(".notes-textarea")
    text.click()
    li.keyboard.press("Control+End")
    cdp = li.context.new_cdp_session(li)
    # Pinyin being composed is not sent; the committed characters are.
    cdp.send("Input.imeSetComposition", {"text": "xinxi", "selectionStart": 5, "selectionEnd": 5})
    li.wait_for_timeout(200)
    assert "xinxi" not in wang.locator(".notes-textarea").input_value()
    cdp.send("Input.insertText", {"text": "信息"})
    expect(wang.locator(".notes-textarea")).to_have_value(text.input_value(), timeout=SECOND)
    assert wang.locator(".notes-textarea").input_value().endswith("信息")


def test_a_dragged_sticky_note_moves_for_everyone(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    notes = workshop.board("notes")
    alice, bob = people.page(), people.page()
    facilitator_and_editor(workshop, notes["id"], alice, bob, ("Alice Chen", "Bob Wang"))
    grip = alice.locator(".sticky").first.locator(".sticky-grip")
    box = grip.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    alice.mouse.move(x, y)
    alice.mouse.down()
    for step in range(1, 11):
        alice.mouse.move(x + 30 * step, y + 20 * step)
    alice.mouse.up()
    moved = bob.locator(".sticky").first
    expect(moved).to_have_attribute("style", re.compile(r"--x: 340px; --y: 240px"), timeout=SECOND)
    # Arrow keys on the grip move it too.
    grip.focus()
    alice.keyboard.press("ArrowLeft")
    expect(moved).to_have_attribute("style", re.compile(r"--x: 332px"), timeout=SECOND)


def test_typing_right_after_adding_a_sticky_loses_nothing(
    live_server: Server, people: Contexts
) -> None:
    """A fast typist (or a busy laptop) types before the new note has focus: the keys typed
    in that gap must land in the note, not on the button."""
    workshop = create_workshop(live_server)
    notes = workshop.board("notes")
    page = people.page()
    join(page, workshop.facilitator_link, "Fast Typist")
    open_board(page, workshop, notes["id"])
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 12})  # a slow machine: renders lag
    page.get_by_test_id("add-sticky").click()
    page.keyboard.type("Quick idea")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    expect(page.locator(".sticky-text").last).to_have_value("Quick idea")
