"""The value-stream map board in the browser: building a map together, read-only viewers,
table import, the demo map's screenshots, and every domain code in the board's catalogs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.server import ROOT, Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, facilitator_and_editor, join, open_board, shot
from .test_catalogs import kind_catalog, leaves

SECOND = 1000  # ms
LIVE = 5000  # ms: the server's debounced analysis, then the ledger update
VSM_SRC = ROOT / "client" / "src" / "boards" / "vsm"

MINUTES = {"min": 1, "h": 60, "d": 8 * 60}  # 8-hour working days (the board's default)

# (name, department, cycle, cycle unit, wait, wait unit, %C&A, class, waste type)
STEPS: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    ("Receive complaint", "Customer service", "15", "min", "30", "min", "95", "nnva", ""),
    (
        "Verify information",
        "Customer service",
        "3",
        "h",
        "2",
        "d",
        "75",
        "waste",
        "extra_processing",
    ),
    ("Reply to customer", "Logistics", "2", "h", "8", "h", "90", "va", ""),
]


def hand_calculation() -> dict[str, float]:
    """What a practitioner computes on paper for STEPS."""
    lead = sum(float(c) * MINUTES[cu] + float(w) * MINUTES[wu] for _, _, c, cu, w, wu, *_ in STEPS)
    va = sum(float(c) * MINUTES[cu] for _, _, c, cu, _, _, _, k, _ in STEPS if k == "va")
    rolled = 1.0
    for step in STEPS:
        rolled *= float(step[6]) / 100
    return {"lead": lead, "va": va, "pce": va / lead * 100, "rolled": rolled * 100}


def add_vsm_board(workshop: Workshop, title: str = "Value stream") -> str:
    status, body = workshop.server.request(
        "POST",
        f"/api/workshops/{workshop.id}/boards",
        {"kind": "vsm", "title": title},
        token=workshop.token,
    )
    assert status == 201, body
    return str(body["id"])


def fill_step(page: Page, step: tuple[str, ...]) -> None:
    """Fill the open step editor, one field at a time (each is its own CRDT write)."""
    name, dept, cycle, cycle_unit, wait, wait_unit, pct, klass, waste = step
    editor = page.get_by_test_id("vsm-editor")
    editor.get_by_test_id("vsm-field-name").fill(name)
    editor.get_by_test_id("vsm-field-department").fill(dept)
    editor.get_by_test_id("vsm-field-cycle").fill(cycle)
    editor.get_by_test_id("vsm-field-cycle-unit").select_option(cycle_unit)
    editor.get_by_test_id("vsm-field-wait").fill(wait)
    editor.get_by_test_id("vsm-field-wait-unit").select_option(wait_unit)
    editor.get_by_test_id("vsm-field-pct").fill(pct)
    editor.get_by_test_id(f"vsm-class-{klass}").check()
    if waste:
        editor.get_by_test_id("vsm-field-waste").select_option(waste)


def add_step(page: Page, step: tuple[str, ...], count_after: int) -> None:
    page.get_by_test_id("vsm-add-step").click()
    expect(page.get_by_test_id("vsm-box")).to_have_count(count_after)
    # The new step's editor opens with the name field focused.
    expect(page.get_by_test_id("vsm-field-name")).to_be_focused()
    fill_step(page, step)
    page.get_by_test_id("vsm-editor-close").click()
    expect(page.get_by_test_id("vsm-editor")).to_have_count(0)


def kpi(page: Page, name: str) -> Locator:
    return page.get_by_test_id(f"vsm-kpi-{name}")


@pytest.mark.e2e
def test_two_people_build_a_three_step_map_and_read_the_same_figures(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, demo=False)
    board_id = add_vsm_board(workshop)
    alice, bob = people.page(), people.page()
    facilitator_and_editor(workshop, board_id, alice, bob, ("Alice Chen", "Bob Wang"))
    expect(alice.get_by_test_id("vsm-empty")).to_be_visible()

    # Each adds and fills steps; the other sees them appear, in order.
    add_step(alice, STEPS[0], 1)
    expect(bob.get_by_test_id("vsm-box")).to_have_count(1, timeout=SECOND)
    add_step(bob, STEPS[1], 2)
    expect(alice.get_by_test_id("vsm-box")).to_have_count(2, timeout=SECOND)
    add_step(alice, STEPS[2], 3)
    names = [s[0] for s in STEPS]
    for page in (alice, bob):
        expect(page.locator("[data-testid=vsm-box] .vsm-box-name")).to_have_text(
            names, timeout=SECOND
        )

    # Both read the same live figures, and they match the hand calculation.
    expected = hand_calculation()
    assert expected["lead"] == 1785  # 45 + 1140 + 600 minutes
    for page in (alice, bob):
        expect(kpi(page, "lead")).to_have_attribute("data-value", "1785", timeout=LIVE)
        expect(kpi(page, "lead")).to_contain_text("29.8 h")
        expect(kpi(page, "va")).to_have_attribute("data-value", "120")
        pce = float(kpi(page, "pce").get_attribute("data-value") or "nan")
        assert pce == pytest.approx(expected["pce"], abs=1e-3)
        expect(kpi(page, "pce")).to_contain_text("6.7%")
        rolled = float(kpi(page, "rolled").get_attribute("data-value") or "nan")
        assert rolled == pytest.approx(expected["rolled"], abs=1e-3)
        expect(kpi(page, "rolled")).to_contain_text("64.1%")
        expect(kpi(page, "bottleneck")).to_contain_text("Verify information")
        expect(page.get_by_test_id("vsm-ladder-totals")).to_contain_text("29.8 h")
    shot(alice, "vsm-built-together")

    # Two people edit different fields of one step at the same time: both edits survive.
    alice.get_by_test_id("vsm-box").nth(0).click()
    bob.get_by_test_id("vsm-box").nth(0).click()
    alice.get_by_test_id("vsm-field-operators").fill("4")
    bob.get_by_test_id("vsm-field-systems").fill("Call centre, CRM")
    for page in (alice, bob):
        expect(page.get_by_test_id("vsm-field-operators")).to_have_value("4", timeout=SECOND)
        box = page.get_by_test_id("vsm-box").nth(0)
        expect(box.locator(".vsm-box-systems")).to_have_text("Call centre · CRM", timeout=SECOND)
    # ... and each sees who else is on that step.
    expect(alice.get_by_test_id("vsm-box").nth(0).locator(".vsm-peer")).to_have_text(
        "Bob Wang", timeout=SECOND
    )
    alice.get_by_test_id("vsm-editor-close").click()
    bob.get_by_test_id("vsm-editor-close").click()

    # Reorder from the keyboard (Shift+Right on the box) and with the editor's buttons.
    alice.get_by_test_id("vsm-box").nth(0).focus()
    alice.keyboard.press("Shift+ArrowRight")
    reordered = [names[1], names[0], names[2]]
    expect(bob.locator("[data-testid=vsm-box] .vsm-box-name")).to_have_text(
        reordered, timeout=SECOND
    )
    expect(alice.get_by_test_id("vsm-box").nth(1)).to_be_focused()
    bob.get_by_test_id("vsm-box").nth(1).click()
    bob.get_by_test_id("vsm-move-left").click()
    expect(alice.locator("[data-testid=vsm-box] .vsm-box-name")).to_have_text(names, timeout=SECOND)
    bob.get_by_test_id("vsm-editor-close").click()

    # Drag a box to the end with the mouse.
    first = alice.get_by_test_id("vsm-box").nth(0)
    last = alice.get_by_test_id("vsm-box").nth(2)
    start, end = first.bounding_box(), last.bounding_box()
    assert start and end
    alice.mouse.move(start["x"] + 40, start["y"] + 40)
    alice.mouse.down()
    for i in range(1, 13):
        alice.mouse.move(start["x"] + 40 + (end["x"] - start["x"] + 30) * i / 12, start["y"] + 44)
    alice.mouse.up()
    dragged = [names[1], names[2], names[0]]
    expect(bob.locator("[data-testid=vsm-box] .vsm-box-name")).to_have_text(dragged, timeout=SECOND)

    # Delete, then undo: the step and the figures come back for both.
    target = alice.get_by_test_id("vsm-box").filter(has_text="Verify information")
    target.click()
    alice.get_by_test_id("vsm-delete-step").click()
    expect(bob.get_by_test_id("vsm-box")).to_have_count(2, timeout=SECOND)
    expect(kpi(bob, "lead")).to_have_attribute("data-value", "645", timeout=LIVE)
    alice.get_by_role("button", name="Undo").click()
    expect(bob.get_by_test_id("vsm-box")).to_have_count(3, timeout=SECOND)
    expect(kpi(bob, "lead")).to_have_attribute("data-value", "1785", timeout=LIVE)


@pytest.mark.e2e
def test_a_viewer_sees_the_map_but_cannot_edit_it(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    vsm = workshop.board("vsm")
    viewer = people.page()
    join(viewer, workshop.invite_link("viewer"), "Victor Viewer")
    open_board(viewer, workshop, vsm["id"])

    expect(viewer.get_by_test_id("readonly-banner")).to_be_visible()
    expect(viewer.get_by_test_id("vsm-box")).to_have_count(6)
    expect(kpi(viewer, "lead")).to_have_attribute("data-value", "2880", timeout=LIVE)
    for control in ("vsm-add-step", "vsm-open-import"):
        expect(viewer.get_by_test_id(control)).to_have_count(0)

    # Details open read-only: no move, delete or kaizen buttons; typing changes nothing.
    viewer.get_by_test_id("vsm-box").nth(2).click()
    editor = viewer.get_by_test_id("vsm-editor")
    expect(editor).to_be_visible()
    for control in ("vsm-move-left", "vsm-move-right", "vsm-delete-step", "vsm-add-marker"):
        expect(editor.get_by_test_id(control)).to_have_count(0)
    name = editor.get_by_test_id("vsm-field-name")
    expect(name).to_have_attribute("readonly", "")
    before = name.input_value()
    name.click()
    viewer.keyboard.type("changed")
    expect(name).to_have_value(before)
    expect(editor.get_by_test_id("vsm-class-waste")).to_be_disabled()
    # information verification: 180 min ÷ 2 agents against the 80 min takt; routing and basis
    expect(editor.get_by_test_id("vsm-editor-per-operator")).to_have_text("1.5 h / 1.3 h")
    expect(editor.get_by_test_id("vsm-field-routing")).to_have_value("")
    expect(editor.get_by_test_id("vsm-field-basis")).to_contain_text("elapsed time")
    expect(kpi(viewer, "lead")).to_contain_text("Lead time (elapsed time)")
    expect(kpi(viewer, "takt")).to_contain_text("of working time per case")
    # Shift+arrows on a box do not reorder either.
    box = viewer.get_by_test_id("vsm-box").nth(0)
    first_name = box.locator(".vsm-box-name").inner_text()
    box.focus()
    viewer.keyboard.press("Shift+ArrowRight")
    expect(viewer.get_by_test_id("vsm-box").nth(0).locator(".vsm-box-name")).to_have_text(
        first_name
    )
    # Settings open, read-only.
    viewer.get_by_test_id("vsm-editor-close").click()
    viewer.get_by_test_id("vsm-open-settings").click()
    expect(viewer.get_by_test_id("vsm-demand")).to_have_attribute("readonly", "")
    expect(viewer.get_by_test_id("vsm-settings-takt")).to_contain_text(
        "1.3 h"
    )  # the demo: 8 h for 6 complaints = 80 min


@pytest.mark.e2e
def test_routing_share_time_basis_and_a_fraction_are_shown_on_the_map(
    live_server: Server, people: Contexts
) -> None:
    """The demo's approval step applies to 30 % of cases; its map counts elapsed time; a
    %C&A typed as 0.95 is read as 95 % and says so on the box, in the editor and the list."""
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, workshop.board("vsm")["id"])
    expect(kpi(page, "lead")).to_have_attribute("data-value", "2880", timeout=LIVE)

    routed = page.get_by_test_id("vsm-routing")
    expect(routed).to_have_count(0)  # every current step applies to all cases
    page.get_by_test_id("vsm-mode-future").click()
    expect(routed).to_have_count(1)
    expect(routed).to_have_text("applies to 30% of cases")
    approval = page.locator("[data-step-id=f4]")
    expect(approval.get_by_test_id("vsm-routing")).to_be_visible()
    expect(approval).to_have_attribute("aria-label", re.compile("applies to 30% of cases"))
    shot(page, "vsm-routing-badge")
    page.get_by_test_id("vsm-mode-current").click()
    expect(routed).to_have_count(0)
    # lead time and VA time name the map's clock wherever they are shown
    expect(page.get_by_test_id("vsm-totals-lead-label")).to_have_text("Lead time (elapsed time)")
    expect(page.get_by_test_id("vsm-ladder-totals")).to_contain_text("VA time (elapsed time)")
    expect(kpi(page, "lead")).to_contain_text("Lead time (elapsed time)")
    # takt against cycle per operator, side by side, both in hours here
    takt = kpi(page, "takt")
    expect(takt.locator(".vsm-kpi-value")).to_have_text("1.3 h")
    expect(takt.locator(".vsm-kpi-sub")).to_have_text(
        "of working time per case · cycle ÷ operators up to 1.5 h · 1 step over takt"
    )

    page.locator("[data-step-id=c1]").click()
    editor = page.get_by_test_id("vsm-editor")
    expect(editor).to_contain_text("Wait + cycle (elapsed time)")
    expect(page.get_by_test_id("vsm-step-basis")).to_have_count(0)
    editor.get_by_test_id("vsm-field-pct").fill("0.95")
    editor.get_by_test_id("vsm-field-basis").select_option("working")
    expect(editor.get_by_test_id("vsm-pct-fraction")).to_contain_text("Read as 95%")
    box = page.locator("[data-step-id=c1]")
    expect(box.get_by_test_id("vsm-box-fraction")).to_be_visible()
    expect(box).to_have_attribute(
        "aria-label", re.compile("%C&A entered as a fraction, read as 95%")
    )
    expect(box.get_by_test_id("vsm-step-basis")).to_have_text("working time")
    # the server's analysis flags it too, in the board's list of data warnings
    expect(page.get_by_text(re.compile(r"0\.95 read as 95% \(a fraction\)"))).to_be_visible(
        timeout=LIVE
    )
    page.get_by_test_id("vsm-editor-close").click()
    shot(page, "vsm-routing-basis-fraction")

    # a viewer reads the same marks
    viewer = people.page()
    join(viewer, workshop.invite_link("viewer"), "Victor Viewer")
    open_board(viewer, workshop, workshop.board("vsm")["id"])
    first = viewer.locator("[data-step-id=c1]")
    expect(first.get_by_test_id("vsm-step-basis")).to_have_text("working time", timeout=LIVE)
    expect(first.get_by_test_id("vsm-box-fraction")).to_be_visible()


BAD_CSV = (
    "Step,Department,Cycle time,Cycle unit,Wait time,Wait unit,%C&A,Class\n"
    "Receive complaint,Customer service,15,min,30,min,95,NNVA\n"
    "Verify information,Customer service,three,h,2,d,75,waste\n"
    "Reply,Logistics,2,h,8,hours,140,VA\n"
)
GOOD_CSV = (
    "Step,Department,Cycle time,Cycle unit,Wait time,Wait unit,%C&A,Class,Waste type\n"
    "Receive complaint,Customer service,15,min,30,min,95,NNVA,\n"
    "Verify information,Customer service,3,h,2,d,75,waste,extra processing\n"
    "Reply to customer,Logistics,2,h,8,hours,90,VA,\n"
)


def upload(page: Page, name: str, text: str) -> None:
    page.get_by_test_id("vsm-import-file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}
    )
    page.get_by_test_id("vsm-import-submit").click()


@pytest.mark.e2e
def test_import_reports_bad_rows_by_line_and_imports_nothing_then_a_good_file(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, demo=False)
    board_id = add_vsm_board(workshop)
    alice, bob = people.page(), people.page()
    facilitator_and_editor(workshop, board_id, alice, bob, ("Alice Chen", "Bob Wang"))

    alice.get_by_test_id("vsm-open-import").click()
    upload(alice, "steps-bad.csv", BAD_CSV)
    problems = alice.get_by_test_id("vsm-import-problems")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("2 problems found: nothing was imported")
    expect(problems.locator("tr[data-line='3']")).to_contain_text("Cycle time")
    expect(problems.locator("tr[data-line='3']")).to_contain_text("“three” is not a number")
    expect(problems.locator("tr[data-line='4']")).to_contain_text("%C&A")
    expect(problems.locator("tr[data-line='4']")).to_contain_text("140 is out of range")
    shot(alice, "vsm-import-problems", full_page=False)
    # Nothing was half-imported, for anyone.
    status, body = live_server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200 and body["snapshot"]["current"]["steps"] == []
    expect(bob.get_by_test_id("vsm-empty")).to_be_visible()

    upload(alice, "steps.csv", GOOD_CSV)
    expect(alice.get_by_test_id("vsm-import")).to_have_count(0)
    for page in (alice, bob):
        expect(page.get_by_test_id("vsm-box")).to_have_count(3, timeout=SECOND)
        expect(kpi(page, "lead")).to_have_attribute("data-value", "1785", timeout=LIVE)
    expect(alice.get_by_test_id("vsm-box").nth(1)).to_contain_text("Extra processing")


def _demo_page(people: Contexts, workshop: Workshop, width: int, height: int) -> Page:
    page = people.page(locale="zh-CN", width=width, height=height)
    join(page, workshop.facilitator_link, "李伟")
    open_board(page, workshop, workshop.board("vsm")["id"])
    expect(kpi(page, "lead")).to_have_attribute("data-value", "2880", timeout=LIVE)
    return page


@pytest.mark.e2e
def test_demo_map_screenshots(live_server: Server, people: Contexts) -> None:
    """The demo's complaint-handling map (zh-CN): current, future, comparison, editor, phone."""
    workshop = create_workshop(live_server, language="zh-CN", title="客户投诉处理流程优化")
    page = _demo_page(people, workshop, 1440, 900)
    expect(kpi(page, "lead")).to_contain_text("48 小时")
    expect(kpi(page, "pce")).to_contain_text("4.2%")
    expect(kpi(page, "rolled")).to_contain_text("37.4%")
    expect(kpi(page, "bottleneck")).to_contain_text("信息核实")
    expect(page.locator(".vsm-box.is-bottleneck")).to_contain_text("信息核实")
    expect(page.get_by_test_id("vsm-burst")).to_have_count(2)
    expect(page.get_by_test_id("vsm-no-warnings")).to_be_visible()
    expect(page.get_by_test_id("vsm-totals-lead-label")).to_have_text("交付周期（自然时间）")
    expect(page.get_by_test_id("vsm-routing")).to_have_count(0)
    shot(page, "vsm-current")
    page.get_by_test_id("vsm-zoom-fit").click()
    shot(page, "vsm-current-fit", full_page=False)
    page.get_by_test_id("vsm-zoom-fit").click()

    page.locator("[data-step-id=c3]").click()
    expect(page.get_by_test_id("vsm-editor")).to_contain_text("信息核实")
    expect(page.get_by_test_id("vsm-marker")).to_have_count(1)
    shot(page, "vsm-editor", full_page=False)
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("vsm-editor")).to_have_count(0)
    expect(page.locator("[data-step-id=c3]")).to_be_focused()

    page.get_by_test_id("vsm-mode-future").click()
    expect(kpi(page, "lead")).to_have_attribute("data-value", "1440")
    expect(kpi(page, "lead")).to_contain_text("−50%")
    expect(page.locator("[data-step-id=f4]").get_by_test_id("vsm-routing")).to_have_text(
        "30% 的案件经过"
    )
    shot(page, "vsm-future")

    page.get_by_test_id("vsm-mode-compare").click()
    table = page.get_by_test_id("vsm-compare-table")
    expect(table.locator("tr[data-metric=lead_minutes]")).to_contain_text("48 小时")
    expect(table.locator("tr[data-metric=lead_minutes]")).to_contain_text("24 小时")
    expect(table.locator("tr[data-metric=pce_pct]")).to_contain_text("8.3%")
    expect(table.locator("tr[data-metric=lead_minutes] .vsm-delta-good")).to_be_visible()
    shot(page, "vsm-compare")

    phone = _demo_page(people, workshop, 390, 844)
    shot(phone, "vsm-phone")
    phone.locator("[data-step-id=c1]").click()
    expect(phone.get_by_test_id("vsm-editor")).to_be_visible()
    shot(phone, "vsm-phone-editor", full_page=False)
    phone.get_by_test_id("vsm-editor-close").click()
    phone.get_by_test_id("vsm-mode-compare").click()
    shot(phone, "vsm-phone-compare")


# ---- the board's own catalogs (no browser) ----


def _catalog(lang: str) -> set[str]:
    return leaves(kind_catalog("vsm", lang))


def test_every_domain_code_is_translated() -> None:
    """Warning codes, classes, waste types and import problems from boards/vsm."""
    from boards.vsm.analysis import COMPARED
    from boards.vsm.layout import CLASSES, STEP_FIELDS, WASTE_TYPES
    from boards.vsm.model import WARNING_CODES

    en = _catalog("en")
    wanted = {f"warning.{c}" for c in WARNING_CODES}
    wanted |= {f"class.{c}" for c in CLASSES} | {f"waste.{w}" for w in WASTE_TYPES}
    wanted |= {f"field.{f}" for f in STEP_FIELDS} | {f"metric.{m}" for m, _ in COMPARED}
    importer = (ROOT / "boards" / "vsm" / "importer.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'ImportProblem\(\s*[^,]+,\s*"([a-z_]+)"', importer))
    assert codes >= {"empty_file", "unknown_column", "missing_column", "missing_value"}
    wanted |= {f"import.problem.{c}" for c in codes}
    wanted |= {f"import.problem.{c}" for c in ("invalid_number", "out_of_range", "invalid_choice")}
    assert sorted(wanted - en) == []
