"""Issue 23's "done when": the complaint-handling workshop, replayed from an empty workshop
twice in one real browser, needs markedly fewer inputs with what the issue added, and drops
nothing.

- **before** is how the issue's user had to work: one item at a time (add, type the name, type
  each field), the service-industry fishbone categories typed on top of the 6M bones and the
  6M bones deleted by hand, the pilot's KPIs typed field by field although the goals hold them.
- **after** uses what issue 23 added: several pasted lines become one step / cause / why / idea
  each, the service category set replaces 6M in one click, the KPIs are taken from the goals.

Both paths go through one counting ``Hands`` (tests/e2e/inputs.py), make no write behind the
UI's back, and must leave the same content on the server. Goals and the 5W1H are typed the
same way in both (issue 23 did not change them), and each board is made the same way from the
home's "Add board" (the phase suggestions are not used), so all of these count against the
saving.

The old service preset added its five bones to the 6M set in one click; that button now
replaces instead, so *before* types the four new bones' names (~35 keystrokes more than the old
click). The counts per board are in artifacts/replay/counts.json so this stays visible.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import ARTIFACTS, Workshop, create_workshop, join
from .inputs import Counts, Hands

pytestmark = pytest.mark.e2e

# ---------- the workshop's content (the seed's complaint-handling example, in English) ----------

# name, department, cycle, unit, wait, unit: the demo map's current state
STEPS = [
    ("Receive complaint", "Customer service", "15", "min", "30", "min"),
    ("Classify complaint", "Customer service", "20", "min", "2", "h"),
    ("Information verification", "Customer service", "3", "h", "16", "h"),
    ("Department approval", "Product", "30", "min", "12", "h"),
    ("Solution & reply to customer", "Logistics", "2", "h", "8", "h"),
    ("Close & archive", "Customer service", "25", "min", "3", "h"),
]
PROBLEM = "Repeat complaints at 20 % (goal: under 10 % within 3 months)"
FIVE_W = {
    "what": "Customers complain again about the same issue within 30 days",
    "why": "Complaint information never reaches the product team",
    "when": "Within 30 days of closing, worst in peak season",
    "where": "Hand-over from the service centre to the product team",
    "who": "Agents and product managers",
    "how": "Agents check 3 systems by hand and skip the follow-up call",
}
SERVICE = ["People", "Policies", "Procedures", "Place", "Systems"]  # the service set, in order
SIX_M = ["Machines", "Materials", "Methods", "Environment", "Measurement"]  # besides People
# the demo's causes, each on the service bone nearest its 6M bone
CAUSES = {
    "Procedures": [
        "Complaint information is not synced to the product team",
        "No step feeds complaint causes back",
        "Cases are closed without a follow-up call",
    ],
    "Systems": [
        "Agents query 3 systems by hand",
        "CRM, order and logistics systems have no single entry",
    ],
    "Place": [
        "No unified knowledge base",
        "Fixes live in personal notes and group chats",
        "Complaint volume doubles in peak season",
    ],
    "People": [
        "Agents judge product issues inconsistently",
        "New agents get 2 days of training",
    ],
    "Policies": ["Only closing speed is measured, not first-contact resolution"],
}
WHY_CAUSE = CAUSES["Procedures"][0]
WHYS = [
    "The product team does not know the same issue keeps recurring",
    "Complaint details are recorded only in the service desk system",
    "The service desk system has no link to the product team's backlog",
    "No step of the process says who reports complaint causes to the product team",
    "The product team was left out when the complaint process was designed",
]
IDEAS = {
    "technology": ["One lookup screen", "Auto-classify complaints"],
    "model": ["Proactive alerts", "Follow-up call before closing"],
    "organisational": ["Cross-department squad", "Delegate approvals"],
}
# metric, unit, baseline, target, deadline (lower is better: the form's default)
GOALS = [
    ("Average handling time", "h", "48", "24", "2027-03-31"),
    ("Repeat complaint rate", "%", "20", "10", "2027-03-31"),
]
BOARDS = ("vsm", "fishbone", "ideas", "pilot")

# The team's notes, as a document holds them: one item per line, some numbered.
STEP_LINES = "\n".join(f"{i + 1}. {s[0]}" for i, s in enumerate(STEPS))
WHY_LINES = "\n".join(f"{i + 1}) {w}" for i, w in enumerate(WHYS))


def lines(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


# ---------- shared steps (the same inputs in both paths) ----------


def make_boards(hands: Hands, workshop: Workshop) -> dict[str, str]:
    """Each board from the home's "Add board": open the form, pick the kind, create."""
    page = hands.page
    ids: dict[str, str] = {}
    for kind in BOARDS:
        hands.on(kind)
        hands.go(workshop.home_url)
        hands.click(page.get_by_test_id("add-board"))
        # Always picked: which kind the form preselects depends on when the kind list arrives.
        hands.click(page.locator(".kind-option", has=page.locator(f"input[value={kind}]")))
        hands.click(page.locator("form.add-board button[type=submit]"))
        page.wait_for_url(lambda url: "/b/" in url)
        ids[kind] = page.url.split("/b/")[1].split("?")[0].split("#")[0]
        expect(page.locator(".board-page [data-status=live]")).to_be_visible()
    return ids


def open_board(hands: Hands, workshop: Workshop, board_id: str) -> None:
    hands.go(workshop.board_url(board_id))
    expect(hands.page.locator(".board-page [data-status=live]")).to_be_visible()


def type_goals(hands: Hands, workshop: Workshop) -> None:
    page = hands.page
    hands.on("goals")
    hands.go(workshop.home_url)
    for added, (metric, unit, baseline, target, deadline) in enumerate(GOALS, start=1):
        hands.click(page.get_by_role("button", name="Add goal"))
        expect(page.locator(".goal-edit")).to_have_count(added)
        # a new goal opens on its metric (goals are listed by id: not necessarily the last)
        opened = page.locator(".goal-edit:has(.field-metric input:focus)")
        expect(opened).to_have_count(1)
        goal = page.locator(f'.goal-edit[data-goal-id="{opened.get_attribute("data-goal-id")}"]')
        expect(goal.locator(".field-metric input")).to_have_value("")
        hands.write(goal.locator(".field-metric input"), metric)
        hands.write(goal.locator(".field-unit input"), unit)
        hands.write(goal.locator("input[id$=-baseline]"), baseline)
        hands.write(goal.locator("input[id$=-target]"), target)
        hands.write(goal.locator(".field-deadline input"), deadline)


def type_problem(hands: Hands) -> None:
    page = hands.page
    hands.write(page.locator("#fb-problem"), PROBLEM)
    for key, text in FIVE_W.items():
        hands.write(page.locator(f"#fb-5w-{key}"), text)


def _outline_input(page: Page, row: str, key: str, value: str) -> Locator:
    """The input of the fishbone outline's ``row`` (a CSS class) holding ``value``, found by
    the row's ``data-<key>`` (a typed bone or a pasted cause has no id known beforehand)."""
    found = page.evaluate(
        """([row, key, value]) => [...document.querySelectorAll(`.fishbone-outline .${row}`)]
            .find((r) => r.querySelector('input').value === value)?.dataset[key]""",
        [row, key, value],
    )
    assert found, f"no {row} {value!r}"
    attr = "".join(f"-{c.lower()}" if c.isupper() else c for c in key)
    return page.locator(f".fishbone-outline [data-{attr}='{found}'] input")


def bone_row(page: Page, label: str) -> Locator:
    return _outline_input(page, "fb-o-cat", "rowKey", label)


def cause_row(page: Page, text: str) -> Locator:
    return _outline_input(page, "fb-o-cause", "causeId", text)


# ---------- before: one item at a time ----------


def before_vsm(hands: Hands) -> None:
    page = hands.page
    for i, (name, dept, cycle, cycle_unit, wait, wait_unit) in enumerate(STEPS):
        hands.click(page.get_by_test_id("vsm-add-step"))
        expect(page.get_by_test_id("vsm-box")).to_have_count(i + 1)
        name_field = page.get_by_test_id("vsm-field-name")
        expect(name_field).to_be_focused()  # a new step's editor opens on its name
        hands.type(name)
        fill_step_figures(hands, dept, cycle, cycle_unit, wait, wait_unit)


def fill_step_figures(
    hands: Hands, dept: str, cycle: str, cycle_unit: str, wait: str, wait_unit: str
) -> None:
    editor = hands.page.get_by_test_id("vsm-editor")
    hands.write(editor.get_by_test_id("vsm-field-department"), dept)
    hands.write(editor.get_by_test_id("vsm-field-cycle"), cycle)
    hands.choose(editor.get_by_test_id("vsm-field-cycle-unit"), cycle_unit)
    hands.write(editor.get_by_test_id("vsm-field-wait"), wait)
    hands.choose(editor.get_by_test_id("vsm-field-wait-unit"), wait_unit)


def before_fishbone(hands: Hands) -> None:
    page = hands.page
    type_problem(hands)
    # The old service preset added its bones to the 6M set; the 6M bones went by hand.
    new_bone = page.locator("#fb-new-bone")
    for label in SERVICE[1:]:
        hands.write(new_bone, label)
        hands.press("Enter")
        expect(new_bone).to_have_value("")
    bones = page.locator(".fishbone-outline .fb-o-cat")
    for label in SIX_M:
        row = bone_row(page, label)
        # Deleting a bone selects the next one: no click needed when it is the next to go.
        if (
            page.locator(".fishbone-outline .fb-o-cat[aria-selected=true]").filter(has=row).count()
            == 0
        ):
            hands.click(row)
        hands.click(page.get_by_role("button", name="Delete category"))
        expect(bones).to_have_count(len(SIX_M) + len(SERVICE) - 1 - SIX_M.index(label))
    for label, texts in CAUSES.items():
        hands.click(bone_row(page, label))
        hands.press("Enter")  # a new cause under the bone, its text focused
        for i, text in enumerate(texts):
            if i:
                hands.press("Enter")  # the next cause
            hands.type(text)
        hands.press("Escape")
    hands.click(cause_row(page, WHY_CAUSE))
    hands.click(page.get_by_test_id("fb-add-why"))
    for i, why in enumerate(WHYS):
        if i:
            hands.press("Enter")  # the next why
        hands.type(why)


def before_ideas(hands: Hands) -> None:
    page = hands.page
    for category, titles in IDEAS.items():
        column = page.locator(f".ideas-column[data-category={category}]")
        for title in titles:
            hands.click(column.get_by_test_id("add-idea"))
            editor = page.get_by_test_id("card-editor")
            expect(editor.get_by_label("Title", exact=True)).to_be_focused()  # opens on it
            hands.type(title)
            hands.click(editor.get_by_test_id("editor-done"))
            expect(editor).to_have_count(0)


def before_pilot(hands: Hands) -> None:
    page = hands.page
    hands.click(page.get_by_test_id("edit-definition"))
    for n, (metric, unit, baseline, target, _deadline) in enumerate(GOALS):
        hands.click(page.get_by_test_id("add-kpi"))
        kpi = page.locator(".pilot-kpi-edit").nth(n)
        name = kpi.locator("input[id$=-name]")
        expect(name).to_be_focused()
        hands.type(metric)
        hands.write(kpi.locator("input[id$=-unit]"), unit)
        hands.write(kpi.locator("input[id$=-baseline]"), baseline)
        hands.write(kpi.locator("input[id$=-target]"), target)


# ---------- after: what issue 23 added ----------


def after_vsm(hands: Hands) -> None:
    page = hands.page
    hands.click(page.get_by_test_id("vsm-add-step"))
    editor = page.get_by_test_id("vsm-editor")
    # The department first: the pasted steps take the department of the step they came from.
    hands.write(editor.get_by_test_id("vsm-field-department"), STEPS[0][1])
    hands.into(editor.get_by_test_id("vsm-field-name"))
    hands.paste(STEP_LINES)
    expect(editor.get_by_test_id("paste-lines")).to_contain_text("6 lines pasted")
    hands.click(editor.get_by_test_id("paste-lines-create"))
    boxes = page.get_by_test_id("vsm-box")
    expect(boxes).to_have_count(len(STEPS))
    for i, (_name, dept, cycle, cycle_unit, wait, wait_unit) in enumerate(STEPS):
        if i:
            hands.click(boxes.nth(i))
        expect(editor.get_by_test_id("vsm-field-name")).to_have_value(STEPS[i][0])
        fill_step_figures(hands, dept, cycle, cycle_unit, wait, wait_unit)


def after_fishbone(hands: Hands) -> None:
    page = hands.page
    type_problem(hands)
    hands.click(page.locator("[data-preset=service]"))  # replaces the 6M bones
    expect(page.locator(".fishbone-outline .fb-o-cat input")).to_have_count(len(SERVICE))
    for label, texts in CAUSES.items():
        hands.click(bone_row(page, label))
        hands.press("Enter")
        if len(texts) == 1:
            hands.type(texts[0])
            hands.press("Escape")
            continue
        # the paste goes to the focused field: wait for the new cause to have the focus
        expect(page.locator(".fishbone-outline .fb-o-cause input:focus")).to_have_count(1)
        hands.paste(lines(texts))
        prompt = page.get_by_test_id("paste-lines")
        expect(prompt).to_contain_text(f"{len(texts)} lines pasted")
        hands.click(page.get_by_test_id("paste-lines-create"))
        expect(prompt).to_have_count(0)
    hands.click(cause_row(page, WHY_CAUSE))
    hands.click(page.get_by_test_id("fb-add-why"))
    expect(page.locator(".fb-whys-list .fb-why input").first).to_be_focused()
    hands.paste(WHY_LINES)
    expect(page.get_by_test_id("paste-lines")).to_contain_text(f"{len(WHYS)} lines pasted")
    hands.click(page.get_by_test_id("paste-lines-create"))
    expect(page.locator(".fb-whys-list .fb-why input")).to_have_count(len(WHYS))


def after_ideas(hands: Hands) -> None:
    page = hands.page
    for category, titles in IDEAS.items():
        column = page.locator(f".ideas-column[data-category={category}]")
        hands.click(column.get_by_test_id("add-idea"))
        editor = page.get_by_test_id("card-editor")
        expect(editor.get_by_label("Title", exact=True)).to_be_focused()
        hands.paste(lines(titles))
        expect(editor.get_by_test_id("paste-lines")).to_contain_text(f"{len(titles)} lines")
        hands.click(editor.get_by_test_id("paste-lines-create"))
        hands.click(editor.get_by_test_id("editor-done"))
        expect(editor).to_have_count(0)
        expect(column.locator(".ideas-card")).to_have_count(len(titles))


def after_pilot(hands: Hands) -> None:
    page = hands.page
    hands.click(page.get_by_test_id("edit-definition"))
    hands.click(page.get_by_test_id("kpis-from-goals"))
    box = page.get_by_test_id("from-goals")
    # the goals come live from the workshop document: wait for all of them before ticking
    expect(box.locator("li")).to_have_count(len(GOALS))
    for goal in box.locator("li").all():
        hands.check(goal.locator("input"))
    hands.click(page.get_by_test_id("take-goals"))
    expect(page.locator(".pilot-kpi-edit")).to_have_count(len(GOALS))


PATHS: dict[str, dict[str, Callable[[Hands], None]]] = {
    "before": {
        "vsm": before_vsm,
        "fishbone": before_fishbone,
        "ideas": before_ideas,
        "pilot": before_pilot,
    },
    "after": {
        "vsm": after_vsm,
        "fishbone": after_fishbone,
        "ideas": after_ideas,
        "pilot": after_pilot,
    },
}


def replay(server: Server, people: Contexts, path: str) -> tuple[Workshop, dict[str, str], Hands]:
    workshop = create_workshop(server, demo=False, title=f"Complaint handling ({path})")
    page = people.page(width=1440, height=900)
    join(page, workshop.facilitator_link, "Fay Facilitator")
    hands = Hands(page)
    boards = make_boards(hands, workshop)
    type_goals(hands, workshop)
    for kind in BOARDS:
        hands.on(kind)
        open_board(hands, workshop, boards[kind])
        PATHS[path][kind](hands)
        # Nothing typed was refused on the way: no field is left invalid with its reason.
        expect(page.locator("[aria-invalid=true]")).to_have_count(0)
    return workshop, boards, hands


# ---------- reading the boards back from the server ----------


def read(workshop: Workshop, board_id: str) -> dict[str, Any]:
    status, body = workshop.server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200, body
    return dict(body)


def snapshot(workshop: Workshop, board_id: str) -> dict[str, Any]:
    return dict(read(workshop, board_id)["snapshot"])


def content(workshop: Workshop, boards: dict[str, str]) -> dict[str, Any]:
    """What the team made, as the server reads it (ids and authors left out)."""
    vsm_board = read(workshop, boards["vsm"])
    vsm = vsm_board["snapshot"]
    figures = (vsm_board["analysis"] or {}).get("current", {})
    fish = snapshot(workshop, boards["fishbone"])
    ideas = snapshot(workshop, boards["ideas"])
    pilot = snapshot(workshop, boards["pilot"])
    goals = snapshot(workshop, workshop.workshop_board_id)["goals"]
    labels = {c["id"]: c["label"] for c in fish["categories"]}
    return {
        "steps": [
            [
                s["name"],
                s["department"],
                s["cycle_time"],
                s["cycle_unit"],
                s["wait_time"],
                s["wait_unit"],
            ]
            for s in vsm["current"]["steps"]
        ],
        # the server's analysis of the map, as the team reads it on the board
        "minutes": [figures.get(k) for k in ("lead_minutes", "cycle_minutes", "wait_minutes")],
        "problem": fish["problem"],
        "five_w_one_h": fish["five_w_one_h"],
        "bones": [c["label"] for c in fish["categories"]],
        "causes": sorted(
            [labels.get(c["category"], "?"), c["text"], c["parent"] != "", c["whys"]]
            for c in fish["causes"]
        ),
        "ideas": sorted([i["category"], i["title"]] for i in ideas["cards"]),
        "goals": sorted(
            [g["metric"], g["unit"], g["baseline"], g["target"], g["better"], g["deadline"]]
            for g in (goals.values() if isinstance(goals, dict) else goals)
        ),
        "kpis": sorted(
            [k["name"], k["unit"], k["better"], k["baseline"], k["target"]] for k in pilot["kpis"]
        ),
    }


def intended() -> dict[str, Any]:
    """The workshop as the team meant it: every line they had, nothing cut or lost."""
    minutes = {"min": 1.0, "h": 60.0}
    cycle = [float(c) * minutes[cu] for _, _, c, cu, _, _ in STEPS]
    wait = [float(w) * minutes[wu] for _, _, _, _, w, wu in STEPS]
    return {
        "steps": [[n, d, float(c), cu, float(w), wu] for n, d, c, cu, w, wu in STEPS],
        "minutes": [sum(cycle) + sum(wait), sum(cycle), sum(wait)],
        "problem": PROBLEM,
        "five_w_one_h": FIVE_W,
        "bones": SERVICE,
        "causes": sorted(
            [bone, text, False, WHYS if text == WHY_CAUSE else []]
            for bone, texts in CAUSES.items()
            for text in texts
        ),
        "ideas": sorted([c, t] for c, titles in IDEAS.items() for t in titles),
        "goals": sorted([m, u, float(b), float(t), "lower", d] for m, u, b, t, d in GOALS),
        "kpis": sorted([m, u, "lower", float(b), float(t)] for m, u, b, t, _ in GOALS),
    }


def settled(workshop: Workshop, boards: dict[str, str]) -> dict[str, Any]:
    """The content once the server has every edit (they arrive over the websocket)."""
    want = intended()
    deadline = time.monotonic() + 10
    while True:
        got = content(workshop, boards)
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.1)


# ---------- the test ----------


def table(counts: dict[str, dict[str, Counts]], totals: dict[str, Counts]) -> str:
    head = ("board", "path", "clicks", "keys", "pastes", "pasted chars", "inputs")
    rows = [f"{head[0]:<10}{head[1]:<8}" + "".join(f"{h:>14}" for h in head[2:])]
    for board in [*counts["before"], "total"]:
        for path in ("before", "after"):
            c = totals[path] if board == "total" else counts[path][board]
            figures = (c.clicks, c.keystrokes, c.pastes, c.pasted_chars, c.inputs)
            rows.append(f"{board:<10}{path:<8}" + "".join(f"{f:>14}" for f in figures))
    return "\n".join(rows)


# Two whole workshops typed key by key: ~45 s at load average 8, ~90 s at 18 (the suite's
# 120 s per test is too tight for a loaded CI machine).
@pytest.mark.timeout(300)
def test_the_workshop_replayed_needs_markedly_fewer_inputs(
    live_server: Server, people: Contexts
) -> None:
    started = time.monotonic()
    runs = {path: replay(live_server, people, path) for path in ("before", "after")}
    wall = time.monotonic() - started

    made = {path: settled(workshop, boards) for path, (workshop, boards, _) in runs.items()}
    # Both paths end with the same boards, and that is the workshop as meant: every pasted
    # line is an item of its own (none joined, cut or dropped), every figure where it was typed.
    assert made["before"] == intended()
    assert made["after"] == made["before"]

    counts = {path: hands.counts for path, (_, _, hands) in runs.items()}
    before, after = (runs[path][2].total() for path in ("before", "after"))
    load = os.getloadavg()
    report: dict[str, Any] = {
        path: {
            **{board: c.as_dict() for board, c in counts[path].items()},
            "total": runs[path][2].total().as_dict(),
        }
        for path in counts
    }
    report["wall_seconds"] = round(wall, 1)
    report["load_average"] = [round(x, 2) for x in load]
    out = ARTIFACTS / "replay"
    out.mkdir(parents=True, exist_ok=True)
    (out / "counts.json").write_text(json.dumps(report, indent=2) + "\n")
    print("\n" + table(counts, {"before": before, "after": after}))
    print(
        f"total: before {before.inputs} inputs ({before.clicks} clicks, {before.keystrokes}"
        f" keys); after {after.inputs} ({after.clicks} clicks, {after.keystrokes} keys,"
        f" {after.pastes} pastes of {after.pasted_chars} characters)."
        f" Replayed in {wall:.0f} s at load average {load[0]:.1f}"
    )

    # Measured: after needs 38 % of the inputs and 33 % of the keystrokes of before. The counts
    # do not depend on timing or load; the thresholds leave room for small changes to the UI
    # and sit below the "markedly fewer" reading of 60 % / 50 %.
    assert after.inputs <= 0.5 * before.inputs
    assert after.keystrokes <= 0.4 * before.keystrokes
    # Every board issue 23 touched needs fewer inputs; the goals, which it did not, the same.
    for board in BOARDS:
        assert counts["after"][board].inputs < counts["before"][board].inputs, board
    assert counts["after"]["goals"] == counts["before"]["goals"]
