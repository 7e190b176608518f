"""Issue 19: tables that cannot overflow. A 250-character URL in the step, department and
systems of a value-stream step, in a cause and its evidence, in a RACI activity and in an
action; a 60 x 15 RACI matrix; a 100-step map. The PDF (rendered once, from a demo workshop
changed through its CRDT documents and re-read like an import) keeps every word inside the
page's margins, clips nothing, and splits what is too wide or too long."""

from __future__ import annotations

import base64
import copy
import re
from collections.abc import Callable
from typing import Any

import pymupdf
import pytest
from pycrdt import Array, Doc
from sqlalchemy import Engine
from sqlmodel import Session

from boards.actions import actions_map
from boards.fishbone.layout import CATEGORY_ORDER, add_cause
from boards.raci import demo as raci_demo
from boards.raci.layout import add_activity, add_role, set_cell
from boards.vsm.layout import add_step
from exports import render_pdf
from exports.pdf import render_html
from server import snapshots
from tests.support import pdfcheck

URL = (
    "https://intranet.example.com/quality/complaints/handling/2026/process-improvement/"
    "value-stream/attachments/evidence?ticket=CMP-2026-000123456789&view=full&lang=en"
    "&from=rep&session=8f3a9c2d4b6e1f7a0c5d9e3b2a8f6c4d1e7b9a3c5f2d8e6b4a1c9f7d3e5b2a8c6f4"
)
ROLES, ACTIVITIES, STEPS = 15, 60, 100  # roles in all: the demo's and the ones added
DEMO_ROLES = len(raci_demo.ROLES)
MARGIN = 17 * 72 / 25.4  # report.css: @page margin left and right, in points


def _vsm(doc: Doc) -> None:
    add_step(doc, "current", "url-step", {"name": URL, "department": URL, "systems": [URL]})
    for i in range(STEPS):
        fields = {
            "name": f"Verify the customer's complaint record and escalate it, step {i}",
            "department": "Customer Service Department" if i % 2 else "客户服务部（华东区）",
            "cycle_time": 5,
            "cycle_unit": "min",
        }
        add_step(doc, "future", f"many-{i}", fields)


def _fishbone(doc: Doc) -> None:
    category = str(doc.get(CATEGORY_ORDER, type=Array)[0])
    add_cause(doc, "url-cause", text=URL, category=category, figure=URL, source=URL)


def _raci(doc: Doc) -> None:
    for r in range(ROLES - DEMO_ROLES):
        add_role(doc, f"wide-{r}", f"Site QM {r}")
    add_activity(doc, "url-activity", URL)
    for a in range(ACTIVITIES):
        add_activity(doc, f"many-{a}", f"Activity {a} with a realistic long descriptive name")
        set_cell(doc, f"many-{a}", f"wide-{a % (ROLES - DEMO_ROLES)}", "A")


def _workshop(doc: Doc) -> None:
    action = actions_map(doc)[next(iter(actions_map(doc).keys()))]
    action["what"], action["owner"], action["owner_department"] = URL, URL, URL


EDITS: dict[str, Callable[[Doc], None]] = {
    "vsm": _vsm,
    "fishbone": _fishbone,
    "raci": _raci,
    "workshop": _workshop,
}


@pytest.fixture(scope="module")
def wide(engine: Engine, demo: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The English demo with the hard content, re-read from its documents by an import."""
    snapshot = copy.deepcopy(demo["en"])
    for board in snapshot["boards"]:
        if board["kind"] in EDITS:
            doc = Doc()
            doc.apply_update(base64.b64decode(board["documents"]["content"]))
            EDITS[board["kind"]](doc)
            board["documents"]["content"] = base64.b64encode(doc.get_update()).decode()
    with Session(engine) as session:
        created = snapshots.import_workshop(session, snapshot)
        session.commit()
        return snapshots.workshop_snapshot(session, created.workshop.id)


@pytest.fixture(scope="module")
def wide_pdf(wide: dict[str, Any]) -> bytes:
    return render_pdf(wide)


@pytest.mark.timeout(900)  # a 40-page render and its check, on a shared 2-core box
def test_no_word_leaves_the_margins_and_nothing_is_clipped(wide_pdf: bytes) -> None:
    problems = [
        p for p in pdfcheck.check(wide_pdf) if p.kind in ("outside", "clipped", "missing glyph")
    ]
    assert not problems, "\n".join(map(str, problems[:20]))
    past = []
    with pymupdf.open(stream=wide_pdf, filetype="pdf") as doc:
        for number, page in enumerate(doc, start=1):
            width, height = page.rect.width, page.rect.height
            if width > height or number == 2:  # the landscape A3 and the full-bleed cover
                continue
            for x0, _, x1, _, word, *_ in page.get_text("words"):
                if x0 < MARGIN - 1 or x1 > width - MARGIN + 1:
                    past.append(f"page {number}: {word[:40]!r} at x {x0:.0f}-{x1:.0f}")
    assert not past, "\n".join(past[:20])
    # the URL is all there, broken across lines
    text = re.sub(r"\s+", "", pdfcheck.text(wide_pdf))
    assert text.count(URL) >= 4


def test_a_wide_raci_matrix_splits_with_the_activity_column_in_every_part(
    wide: dict[str, Any],
) -> None:
    raci_board = next(b for b in wide["boards"] if b["kind"] == "raci")
    assert len(raci_board["snapshot"]["roles"]) == ROLES
    html = render_html(wide)
    raci = html[html.index('<table class="raci') : html.rindex("</table>")]
    parts = re.findall(r'<table class="raci[^"]*">(.*?)</table>', raci, re.S)
    assert len(parts) == 2  # 15 roles: at most 10 a part, balanced (8 and 7)
    for part, roles in zip(parts, (8, 7), strict=True):
        head = part[part.index("<thead>") : part.index("</thead>")]
        assert head.count('<th class="role">') == roles
        assert "Activity" in head
        assert part.count("Activity 59 with a realistic long descriptive name") == 1
    # the column budget: the activity column and equal role columns, 100 % in all
    widths = [float(w) for w in re.findall(r"width: ([\d.]+)%", parts[0])]
    assert widths[0] == 28 and len(set(widths[1:])) == 1 and abs(sum(widths) - 100) < 0.1


def test_a_100_step_map_is_drawn_in_rows_at_one_scale(wide: dict[str, Any]) -> None:
    vsm = next(b for b in wide["boards"] if b["kind"] == "vsm")
    steps = len(vsm["snapshot"]["future"]["steps"])
    assert steps > STEPS
    html = render_html(wide)
    future = html[html.index("<h2>Future state</h2>") :]
    figure = future[future.index('<figure class="diagram">') : future.index("</figure>")]
    rows = re.findall(r'<svg [^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"', figure)
    assert len(rows) == -(-steps // 7)  # rows of at most 7 steps
    assert len({w for w, _ in rows}) == 1  # every row as wide as the others: one scale
    assert figure.count('fill="#f3d98b"') == steps  # every step's queue triangle is drawn
    assert figure.count("Lead time") == 1  # the totals end the last row only
