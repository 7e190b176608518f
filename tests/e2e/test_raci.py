"""The RACI board in the browser: two people filling cells at once with the live checks
updating for both, keyboard entry, import from the value-stream map, exports, a 40 x 15
matrix, and screenshots."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from boards.raci import layout
from tests.support.server import ROOT, Server

from .conftest import Contexts
from .helpers import SCREENSHOTS, Workshop, create_workshop, join, open_board, shot

SECOND = 1000  # ms
FOLDER = ROOT / "client" / "src" / "boards" / "raci"


def _open(page: Page, workshop: Workshop, link: str, name: str, board_id: str = "") -> str:
    join(page, link, name)
    board_id = board_id or str(workshop.board("raci")["id"])
    open_board(page, workshop, board_id)
    expect(page.get_by_test_id("raci-board")).to_be_visible()
    return board_id


def _cell(page: Page, activity: str, role: str) -> Locator:
    return page.locator(f".raci-cell[data-a='{activity}'][data-r='{role}']")


def _count(page: Page, severity: str) -> Locator:
    return page.locator(f"[data-testid=raci-counts] [data-severity={severity}]")


@pytest.mark.e2e
def test_two_people_fill_cells_and_the_checks_update_for_both(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    alice, bob = people.page(), people.page()
    _open(alice, workshop, workshop.facilitator_link, "Alice Chen")
    _open(bob, workshop, workshop.invite_link("editor"), "Bob Wang")
    # The demo's two deliberate breaks, seen by both.
    for page in (alice, bob):
        expect(page.locator(".raci-finding[data-code=multiple_a]")).to_be_visible()
        expect(page.locator(".raci-finding[data-code=no_a]")).to_be_visible()
        expect(_count(page, "error")).to_have_attribute("data-count", "2")
        expect(_cell(page, "a4", "product")).to_have_class(re.compile(r"\bmark-error\b"))

    # At the same time (Alice's edits travel only when she is back online): Alice takes the
    # second A away from the product manager, Bob makes the quality manager accountable for a5.
    alice.context.set_offline(True)
    _cell(alice, "a4", "product").click()  # RA -> empty (a combination cycles to empty)
    _cell(bob, "a5", "quality").click()  # empty -> R
    alice.keyboard.press("r")
    bob.keyboard.press("a")
    expect(_cell(bob, "a4", "product")).to_have_attribute("data-letters", "RA")
    alice.context.set_offline(False)

    for page in (alice, bob):
        expect(_cell(page, "a4", "product")).to_have_attribute(
            "data-letters", "R", timeout=3 * SECOND
        )
        expect(_cell(page, "a5", "quality")).to_have_attribute(
            "data-letters", "A", timeout=3 * SECOND
        )
        expect(page.get_by_test_id("raci-no-findings")).to_be_visible(timeout=3 * SECOND)
        expect(_count(page, "error")).to_have_attribute("data-count", "0")
        expect(_cell(page, "a4", "product")).not_to_have_class(re.compile(r"\bmark-error\b"))
    shot(bob, "raci-two-people", full_page=False)

    # And a break made by one is flagged for the other at once.
    _cell(bob, "a6", "agent").focus()
    bob.keyboard.press("Shift+A")  # R -> RA: the agent signs off its own work ...
    _cell(bob, "a6", "quality").focus()
    bob.keyboard.press("Delete")  # ... and quality no longer does
    expect(alice.locator(".raci-finding[data-code=same_role_r_and_a_everywhere]")).to_be_visible(
        timeout=3 * SECOND
    )


@pytest.mark.e2e
def test_keyboard_and_click_entry(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    _open(page, workshop, workshop.facilitator_link, "Alice Chen")
    cell = _cell(page, "a7", "logistics")
    for expected in ["R", "A", "C", "I", ""]:  # click cycles R -> A -> C -> I -> empty
        cell.click()
        expect(cell).to_have_attribute("data-letters", expected)
    cell.click(modifiers=["Shift"])  # empty -> R
    cell.click(modifiers=["Shift"])  # R -> R + a second letter
    expect(cell).to_have_attribute("data-letters", "RA")
    page.keyboard.press("Delete")
    expect(cell).to_have_attribute("data-letters", "")
    page.keyboard.press("a")
    page.keyboard.press("r")  # two letters typed quickly make a combination
    expect(cell).to_have_attribute("data-letters", "RA")
    page.keyboard.press("Shift+C")
    expect(cell).to_have_attribute("data-letters", "RAC")
    page.wait_for_timeout(1300)
    page.keyboard.press("i")  # later, a letter replaces
    expect(cell).to_have_attribute("data-letters", "I")
    # Arrows move; a letter lands where the focus is.
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("c")
    expect(_cell(page, "a6", "product")).to_have_attribute("data-letters", "C")
    # On the row's name: F2 renames, Alt+ArrowUp moves the row.
    page.keyboard.press("Home")
    page.keyboard.press("F2")
    page.keyboard.type("Close and archive the case")
    page.keyboard.press("Enter")
    page.keyboard.press("Alt+ArrowUp")
    names = page.locator(".raci-activity-name")
    expect(names.nth(4)).to_contain_text("Close and archive the case")
    # Typing new activities one after the other.
    page.get_by_test_id("raci-new-activity").fill("Monthly RACI review")
    page.keyboard.press("Enter")
    page.keyboard.type("Train new agents")
    page.keyboard.press("Enter")
    expect(names).to_have_count(9)
    expect(page.locator(".raci-finding[data-code=orphaned]")).to_have_count(2, timeout=3 * SECOND)


@pytest.mark.e2e
def test_import_from_the_value_stream_map_and_export(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    status, board = live_server.request(
        "POST",
        f"/api/workshops/{workshop.id}/boards",
        {"kind": "raci", "title": "RACI from the map"},
        token=workshop.token,
    )
    assert status == 201, board
    page = people.page()
    _open(page, workshop, workshop.facilitator_link, "Alice Chen", str(board["id"]))
    expect(page.locator(".raci-empty")).to_be_visible()
    page.get_by_test_id("raci-import").first.click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator(".raci-import-steps li")).to_have_count(6)
    shot(page, "raci-import", full_page=False)
    dialog.get_by_test_id("raci-import-run").click()
    expect(page.locator(".raci-activity")).to_have_count(6)
    expect(page.locator(".raci-step")).to_have_count(6)  # each linked to its step
    expect(page.locator(".raci-dept").first).to_be_visible()  # the swimlanes as columns
    # Imported once: the steps are now "already in the matrix".
    page.get_by_test_id("raci-import").click()
    expect(dialog.locator("input[type=checkbox]:disabled")).to_have_count(6)
    dialog.get_by_role("button", name="Cancel").click()

    first_role = page.locator(".raci-role").first.get_attribute("data-r")
    _cell(
        page, page.locator(".raci-activity").first.get_attribute("data-a") or "", first_role or ""
    ).click()
    with page.expect_download() as csv_download:
        page.get_by_test_id("raci-export-csv").click()
    csv = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0].startswith("Activity,") and len(lines) == 7
    assert lines[1].split(",")[1] == "R"
    with page.expect_download() as xlsx_download:
        page.get_by_test_id("raci-export-xlsx").click()
    assert Path(xlsx_download.value.path()).read_bytes()[:2] == b"PK"


@pytest.mark.e2e
def test_a_large_matrix_keeps_its_headers_in_view(
    live_server: Server, people: Contexts, perf_record: dict[str, object]
) -> None:
    workshop = create_workshop(live_server)
    page = people.page(width=1440, height=900)
    _open(page, workshop, workshop.facilitator_link, "Alice Chen")
    page.get_by_test_id("raci-new-activity").click()
    for n in range(8, 41):
        page.keyboard.type(f"Activity {n}: check the case file")
        page.keyboard.press("Enter")
    for n in range(6, 16):
        page.get_by_test_id("raci-add-role").click()
        page.keyboard.type(f"Team {n}")
        page.keyboard.press("Enter")
    expect(page.locator(".raci-activity")).to_have_count(40)
    expect(page.locator(".raci-role")).to_have_count(15)
    # Fill a diagonal by keyboard and time it.
    _cell(page, "a1", "agent").click()
    started = time.perf_counter()
    for _ in range(14):
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("r")
    perf_record["raci_40x15_keyboard_fill_ms"] = round((time.perf_counter() - started) * 1000)
    scroller = page.get_by_test_id("raci-scroll")
    scroller.evaluate("el => { el.scrollTop = el.scrollHeight; el.scrollLeft = el.scrollWidth; }")
    page.wait_for_timeout(200)
    box = scroller.bounding_box()
    header = page.locator(".raci-role").last.bounding_box()
    name = page.locator(".raci-activity").last.bounding_box()
    assert box and header and name
    assert abs(header["y"] - box["y"]) < 3, "the role names scrolled away"
    assert abs(name["x"] - box["x"]) < 3, "the activity names scrolled away"
    page.locator(".raci-cell").last.focus()
    shot(page, "raci-large", full_page=False)


@pytest.mark.e2e
def test_screenshots_of_the_demo_raci(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, language="zh-CN", title="客户投诉处理流程优化")
    desk = people.page(locale="zh-CN", width=1440, height=900)
    _open(desk, workshop, workshop.facilitator_link, "林主持")
    expect(desk.locator(".raci-finding")).to_have_count(2)
    expect(desk.locator(".raci-finding").first).to_contain_text("部门审批")
    shot(desk, "raci-desktop")
    phone = people.page(locale="zh-CN", width=390, height=844)
    _open(phone, workshop, workshop.invite_link("editor"), "王芳")
    expect(phone.locator(".raci-cell").first).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(phone, "raci-phone")
    assert (SCREENSHOTS / "raci-phone.png").exists()


# ---------- no browser ----------


def test_raci_finding_codes_are_translated() -> None:
    catalogs = [
        json.loads((FOLDER / "i18n" / f"{lang}.json").read_text("utf-8"))["kinds"]["raci"]
        for lang in ("en", "zh-CN")
    ]
    doc = (ROOT / "boards" / "raci" / "analyse.py").read_text("utf-8")
    codes = set(re.findall(r"^``(\w+)``", doc, re.M)) | set(re.findall(r"``(invalid_\w+)``", doc))
    assert {"orphaned", "no_a", "multiple_a", "too_many_c", "role_a_bottleneck"} <= codes
    for catalog in catalogs:
        assert codes <= set(catalog["codes"])


def test_raci_schema_mirrors_the_python_layout() -> None:
    source = (FOLDER / "schema.ts").read_text("utf-8")
    for name in ("ACTIVITIES", "ACTIVITY_ORDER", "ROLES", "ROLE_ORDER", "CELLS", "LETTERS"):
        assert f'export const {name} = "{getattr(layout, name)}";' in source
    assert f"SCHEMA_VERSION = {layout.SCHEMA_VERSION};" in source
