"""The fishbone board in the browser: two people adding and renaming causes at once, the
keyboard outline, Chinese input, and screenshots of the demo (diagram, outline, Pareto)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from boards.fishbone import layout
from tests.support.server import ROOT, Server

from .conftest import Contexts
from .helpers import SCREENSHOTS, Workshop, create_workshop, join, open_board, shot

SECOND = 1000  # ms
FOLDER = ROOT / "client" / "src" / "boards" / "fishbone"


def _open(page: Page, workshop: Workshop, link: str, name: str) -> str:
    join(page, link, name)
    board = workshop.board("fishbone")
    open_board(page, workshop, board["id"])
    expect(page.get_by_test_id("fishbone-outline")).to_be_visible()
    return str(board["id"])


def _add_causes(page: Page, category: str, texts: list[str]) -> None:
    """Keyboard only: focus the bone's row, Enter opens a new cause, Enter the next one."""
    page.locator(f".fishbone-outline [data-row-key='cat:{category}'] input").click()
    page.keyboard.press("Enter")
    for i, text in enumerate(texts):
        page.keyboard.type(text)
        if i < len(texts) - 1:
            page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _outline_texts(page: Page, category: str) -> list[str]:
    """The cause texts listed under a bone in the outline, in order."""
    return list(
        page.evaluate(
            """(category) => {
                const rows = [...document.querySelectorAll('.fishbone-outline .fb-o-row')];
                const start = rows.findIndex((r) => r.dataset.rowKey === 'cat:' + category);
                const out = [];
                for (const row of rows.slice(start + 1)) {
                    if (row.classList.contains('fb-o-cat')) break;
                    out.push(row.querySelector('input').value);
                }
                return out;
            }""",
            category,
        )
    )


def _wait_for_texts(page: Page, texts: list[str]) -> None:
    page.wait_for_function(
        """(texts) => {
            const have = new Set([...document.querySelectorAll('.fishbone-outline .fb-o-cause input')]
                .map((i) => i.value));
            return texts.every((t) => have.has(t));
        }""",
        arg=texts,
        timeout=3 * SECOND,
    )


LAYOUT_CHECK = """() => {
    const svg = document.querySelector('[data-testid=fishbone-svg]');
    const box = svg.getBoundingClientRect();
    const head = svg.querySelector('.fb-head rect').getBoundingClientRect();
    const shrink = (r) => ({left: r.left + 1, right: r.right - 1, top: r.top + 1, bottom: r.bottom - 1});
    const texts = [...svg.querySelectorAll('.fb-row text, .fb-label text')]
        .map((t) => shrink(t.getBoundingClientRect()));
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return {
        outside: texts.filter((r) => r.left < box.left || r.right > box.right
            || r.top < box.top || r.bottom > box.bottom).length,
        on_head: texts.filter((r) => hit(r, head)).length,
        overlapping: texts.filter((r, i) => texts.some((q, j) => j !== i && hit(r, q))).length,
    };
}"""


def _assert_clean_layout(page: Page) -> None:
    """No text of the diagram leaves the drawing, covers the head or another text."""
    assert page.evaluate(LAYOUT_CHECK) == {"outside": 0, "on_head": 0, "overlapping": 0}


def _panel_shot(page: Page, selector: str, name: str) -> None:
    """A screenshot of one part of the page, without the sticky top bar painted over it."""
    size = page.viewport_size
    assert size is not None
    page.evaluate("() => document.activeElement?.blur()")
    height = int(page.evaluate("document.documentElement.scrollHeight"))
    page.set_viewport_size({"width": size["width"], "height": height})
    page.locator(selector).screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size(size)


def _server_causes(server: Server, workshop: Workshop, board_id: str) -> list[dict[str, Any]]:
    status, body = server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200, body
    return list(body["snapshot"]["causes"])


@pytest.mark.e2e
def test_two_people_add_causes_to_different_bones_at_once(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    alice, bob = people.page(), people.page()
    board_id = _open(alice, workshop, workshop.facilitator_link, "Alice Chen")
    _open(bob, workshop, workshop.invite_link("editor"), "Bob Wang")

    # Alice is cut off while both of them add causes: the edits are truly concurrent.
    alice.context.set_offline(True)
    ours = ["Scripts differ per shift", "Handover notes are lost"]
    theirs = ["Lookup tool times out", "No single customer view"]
    _add_causes(alice, "people", ours[:1])
    _add_causes(bob, "machines", theirs[:1])
    _add_causes(alice, "people", ours[1:])
    _add_causes(bob, "machines", theirs[1:])
    # ... and both add to the same bone and rename the same demo cause, at different places.
    _add_causes(alice, "methods", ["Alice's method cause"])
    _add_causes(bob, "methods", ["Bob's method cause"])
    alice.locator(".fishbone-outline [data-cause-id=c3] input").click()
    alice.keyboard.press("End")
    alice.keyboard.type(" (A)")
    bob.locator(".fishbone-outline [data-cause-id=c3] input").click()
    bob.keyboard.press("Home")
    bob.keyboard.type("(B) ")
    bob.keyboard.press("Escape")
    alice.keyboard.press("Escape")
    alice.context.set_offline(False)

    everything = [*ours, *theirs, "Alice's method cause", "Bob's method cause"]
    renamed = "(B) Cases are closed without a follow-up call (A)"
    for page in (alice, bob):
        _wait_for_texts(page, [*everything, renamed])
        assert _outline_texts(page, "people")[-2:] == ours
        assert _outline_texts(page, "machines")[-2:] == theirs
    assert _outline_texts(alice, "methods") == _outline_texts(bob, "methods")
    # The diagram draws every cause; the server read them all.
    expect(alice.locator("[data-testid=fishbone-svg] .fb-row")).to_have_count(11 + 6)
    expect(bob.locator("[data-testid=fishbone-svg] .fb-row")).to_have_count(11 + 6)
    _assert_clean_layout(alice)
    texts = {c["text"] for c in _server_causes(live_server, workshop, board_id)}
    assert {*everything, renamed} <= texts
    shot(bob, "fishbone-two-people", full_page=False)


@pytest.mark.e2e
def test_the_outline_is_keyboard_first(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    board_id = _open(page, workshop, workshop.facilitator_link, "Alice Chen")

    page.locator(".fishbone-outline [data-row-key='cat:environment'] input").click()
    for key in ["Enter", "Peak staffing", "Enter", "Too few agents", "Tab", "Enter", "Rota"]:
        if key in ("Enter", "Tab"):
            page.keyboard.press(key)
        else:
            page.keyboard.type(key)
    page.keyboard.press("Shift+Tab")  # "Rota" back up to the bone
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("F2")
    page.keyboard.type(" in peak")
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowDown")
    page.keyboard.type("Rota planned monthly")  # typing on a row replaces its text

    def shape() -> list[tuple[str, str]]:
        return [
            (str(row.get_attribute("aria-level")), row.locator("input").input_value())
            for row in page.locator(".fishbone-outline .fb-o-cause").all()
            if row.get_attribute("data-cause-id")
            and row.locator("input").input_value()
            in ("Peak staffing", "Too few agents in peak", "Rota planned monthly")
        ]

    expect(page.locator(".fishbone-outline [data-row-key^='cause:']").last).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.fishbone-outline input')]"
        ".some((i) => i.value === 'Rota planned monthly')"
    )
    assert shape() == [
        ("2", "Peak staffing"),
        ("3", "Too few agents in peak"),
        ("2", "Rota planned monthly"),
    ]
    # The server agrees: "Too few agents in peak" explains "Peak staffing".
    page.wait_for_timeout(300)
    causes = {c["text"]: c for c in _server_causes(live_server, workshop, board_id)}
    assert causes["Too few agents in peak"]["parent"] == causes["Peak staffing"]["id"]
    assert causes["Rota planned monthly"]["depth"] == 1

    # Mark a root cause and drill it down with the 5 whys; count it for the Pareto.
    peak = causes["Peak staffing"]["id"]
    page.locator(f".fishbone-outline [data-cause-id={peak}] input").click()
    page.get_by_test_id("fb-root-toggle").click()
    page.get_by_test_id("fb-add-why").click()
    page.keyboard.type("Rota ignores the season")
    page.keyboard.press("Enter")
    page.keyboard.type("Nobody owns peak planning")
    page.locator(f"#fb-count-{peak}").fill("12")
    expect(page.locator(".fb-roots")).to_contain_text("Peak staffing")
    expect(page.locator(".fb-roots")).to_contain_text("Nobody owns peak planning")
    expect(page.locator("[data-testid=fishbone-pareto] .fb-p-bar")).to_have_count(7)


@pytest.mark.e2e
def test_chinese_causes_are_typed_with_an_ime(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, language="zh-CN", title="鱼骨图测试")
    li, wang = people.page(locale="zh-CN"), people.page(locale="zh-CN")
    _open(li, workshop, workshop.facilitator_link, "李伟")
    _open(wang, workshop, workshop.invite_link("editor"), "王芳")
    li.locator(".fishbone-outline [data-row-key='cat:people'] input").click()
    li.keyboard.press("Enter")
    cdp = li.context.new_cdp_session(li)
    cdp.send("Input.imeSetComposition", {"text": "peixun", "selectionStart": 6, "selectionEnd": 6})
    li.wait_for_timeout(200)
    assert "peixun" not in wang.locator(".fishbone-outline").inner_text()
    cdp.send("Input.insertText", {"text": "培训不足"})
    _wait_for_texts(wang, ["培训不足"])
    # Enter after a composition adds the next cause (and the IME's own Enter does not).
    li.keyboard.press("Enter")
    li.keyboard.type("x")
    _wait_for_texts(wang, ["培训不足", "x"])


@pytest.mark.e2e
def test_screenshots_of_the_demo_fishbone(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, language="zh-CN", title="客户投诉处理流程优化")
    desk = people.page(locale="zh-CN", width=1440, height=900)
    _open(desk, workshop, workshop.facilitator_link, "林主持")
    svg = desk.get_by_test_id("fishbone-svg")
    expect(svg.locator(".fb-row")).to_have_count(11)
    expect(svg.locator(".fb-bone")).to_have_count(6)
    expect(svg.locator(".fb-row-root")).to_have_count(1)
    pareto = desk.get_by_test_id("fishbone-pareto")
    expect(pareto.locator(".fb-p-bar")).to_have_count(6)
    expect(pareto.locator(".fb-p-bar.vital")).to_have_count(4)  # 38+22+15+10 = 85 % >= 80 %
    expect(desk.get_by_test_id("fishbone-roots")).to_contain_text("投诉信息未同步到产品部")
    _assert_clean_layout(desk)
    _panel_shot(desk, ".fishbone-diagram-panel", "fishbone-diagram")
    _panel_shot(desk, ".fishbone-work", "fishbone-outline")
    _panel_shot(desk, ".fishbone-results", "fishbone-pareto")
    shot(desk, "fishbone-desktop")
    # the numbers behind the chart: the table's rows are built when it is opened
    table = desk.locator(".fishbone-pareto .fb-p-table")
    table.locator("summary").click()
    expect(table.locator("tbody tr")).to_have_count(6)
    expect(table.locator("tbody tr").first).to_contain_text("投诉信息未同步到产品部")
    expect(table.locator("tbody tr").first).to_contain_text("38")

    phone = people.page(locale="zh-CN", width=390, height=844)
    _open(phone, workshop, workshop.invite_link("editor"), "王芳")
    expect(phone.get_by_test_id("fishbone-svg").locator(".fb-row")).to_have_count(11)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(phone, "fishbone-phone")


@pytest.mark.e2e
def test_forty_causes_stay_readable(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    page = people.page(width=1440, height=900)
    _open(page, workshop, workshop.facilitator_link, "Alice Chen")
    words = [
        "refund",
        "approval",
        "waits",
        "for",
        "the",
        "regional",
        "manager",
        "who",
        "checks",
        "every",
        "case",
        "by",
        "hand",
    ]
    for b, bone in enumerate(["people", "machines", "materials", "methods", "environment"]):
        page.locator(f".fishbone-outline [data-row-key='cat:{bone}'] input").click()
        page.keyboard.press("Enter")
        for n in range(6):
            page.keyboard.type(" ".join(words[: 3 + (n * 5 + b) % 10]).capitalize() + f" {b}.{n}")
            page.keyboard.press("Enter")
            if n % 3 == 1:
                page.keyboard.press("Tab")  # some sub-causes
        page.keyboard.press("Backspace")  # the empty last one goes again
        page.keyboard.press("Escape")
    svg = page.get_by_test_id("fishbone-svg")
    expect(svg.locator(".fb-row")).to_have_count(11 + 30)
    _assert_clean_layout(page)
    fit = float(page.locator(".fishbone-zoom-value").inner_text().split()[0]) / 100
    assert fit >= 0.6, f"fitted at {fit:.0%}: too small to read"
    _panel_shot(page, ".fishbone-diagram-panel", "fishbone-many")


@pytest.mark.e2e
def test_the_service_set_replaces_the_6m_bones_and_keeps_every_cause(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    board_id = _open(page, workshop, workshop.facilitator_link, "Alice Chen")
    page.locator("#fb-new-bone").fill("Suppliers")
    page.locator("#fb-new-bone").press("Enter")
    _add_causes(page, "machines", ["Lookup tool times out"])
    _wait_for_texts(page, ["Lookup tool times out"])
    before = _server_causes(live_server, workshop, board_id)
    page.locator("[data-preset=service]").click()

    expect(page.get_by_text("to the nearest categor")).to_be_visible()
    expect(page.locator("[data-preset=service]")).to_be_disabled()
    expect(page.locator("[data-preset='6m']")).to_be_enabled()
    for gone in ("machines", "materials", "methods", "environment", "measurement"):
        expect(page.locator(f".fishbone-outline [data-row-key='cat:{gone}']")).to_have_count(0)
    assert "Lookup tool times out" in _outline_texts(page, "systems")
    status, body = live_server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200, body
    ids = [c["id"] for c in body["snapshot"]["categories"]]
    assert [i for i in ids if i in layout.PRESETS["service"]] == [
        "people",
        *[i for i in layout.PRESETS["service"] if i != "people"],
    ]
    assert len(ids) == 6  # the five service bones and the team's own "Suppliers"
    after = body["snapshot"]["causes"]
    assert sorted(c["id"] for c in after) == sorted(c["id"] for c in before)
    assert {c["category"] for c in after} <= set(ids)
    moved = {c["id"]: c["category"] for c in after}
    for cause in before:
        old = cause["category"]
        assert moved[cause["id"]] == (old if old in ids else layout.NEAREST[old])


# ---------- no browser: the view's catalogs and the schema mirror ----------


def test_fishbone_warning_codes_are_translated() -> None:
    en = json.loads((FOLDER / "i18n" / "en.json").read_text("utf-8"))
    codes = set(en["kinds"]["fishbone"]["warnings"]["codes"])
    documented = set(
        re.findall(r"^``(\w+)``", (ROOT / "boards/fishbone/analyse.py").read_text(), re.M)
    )
    documented |= {"invalid_value", "missing_parent", "parent_cycle"}
    assert documented <= codes


def test_fishbone_schema_mirrors_the_python_layout() -> None:
    source = (FOLDER / "schema.ts").read_text("utf-8")
    for name in ("PROBLEM", "CATEGORIES", "CATEGORY_ORDER", "CAUSES", "ORDER", "FIVE_W_ONE_H"):
        assert f'export const {name} = "{getattr(layout, name)}";' in source
    assert f"SCHEMA_VERSION = {layout.SCHEMA_VERSION};" in source
    for preset, ids in layout.PRESETS.items():
        assert json.dumps(list(ids)) in source, preset
    for bone, nearest in layout.NEAREST.items():
        assert f'  {bone}: "{nearest}",' in source, bone
    en = json.loads((FOLDER / "i18n" / "en.json").read_text("utf-8"))["kinds"]["fishbone"]
    zh = json.loads((FOLDER / "i18n" / "zh-CN.json").read_text("utf-8"))["kinds"]["fishbone"]
    assert en["presets"]["labels"] == layout.LABELS["en"]
    assert zh["presets"]["labels"] == layout.LABELS["zh-CN"]
