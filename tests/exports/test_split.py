"""Issue 19: a report rendered by the worker and a fork of it at once (exports/split.py) is the
report one render makes -- the same pages pixel for pixel, the same text, outline and links --
through the real worker process; a fork that dies costs the worker time, not the report; a
report too small to gain renders in one piece."""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pikepdf
import pymupdf
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from boards.kind import Role
from exports.worker import RenderProcess
from server import snapshots, workshops
from server.reports import prepare
from tests.support import corpus
from tests.support.server import Server

DPI = 50


@pytest.fixture(scope="module")
def reports(engine: Engine, demo: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Projected snapshots (what the server sends its worker): the demo in both languages,
    the corpus's hostile workshop and a new, empty one."""
    made = {f"demo-{lang}": snap for lang, snap in demo.items()}
    with Session(engine) as session:
        hostile = corpus.hostile_snapshot(prepare(demo["zh-CN"], "json", Role.facilitator))
        ids = {
            "hostile-zh-CN": snapshots.import_workshop(session, hostile).workshop.id,
            "empty-en": workshops.create_workshop(
                session, title="New workshop", process="", boundary="", language="en"
            ).workshop.id,
        }
        session.commit()
        made |= {name: snapshots.workshop_snapshot(session, wid) for name, wid in ids.items()}
    return {name: prepare(snap, "pdf", Role.facilitator) for name, snap in made.items()}


def render(snapshot: dict[str, Any], fork: bool) -> bytes:
    worker = RenderProcess()
    try:
        return worker.render(snapshot, fork=fork)
    finally:
        worker.close()


def drawn_from_a_half(pdf: bytes) -> list[bool]:
    """Per page: is the page's content a whole page of another PDF drawn on it (the frame's
    page with its half's page on top)?"""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        found = []
        for page in document.pages:
            box = [float(v) for v in page.MediaBox]
            forms = page.Resources.get("/XObject", {})
            drawn = [
                operands[0]
                for operands, operator in pikepdf.parse_content_stream(page)
                if str(operator) == "Do"
            ]
            found.append(
                any(
                    forms[name].get("/Subtype") == "/Form"
                    and [float(v) for v in forms[name].get("/BBox", [])] == box
                    for name in drawn
                )
            )
        return found


def pages(pdf: bytes) -> list[dict[str, Any]]:
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return [
            {
                "pixels": page.get_pixmap(dpi=DPI, alpha=False).samples,
                "text": page.get_text(),
                "links": [
                    (link["kind"], link.get("page"), link.get("uri")) for link in page.get_links()
                ],
            }
            for page in document
        ]


def outline(pdf: bytes) -> list[Any]:
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return [
            (level, title, page, round(dest["to"].y, 1))
            for level, title, page, dest in document.get_toc(simple=False)
        ]


def _same_pages(single: bytes, split: bytes, exact: bool) -> None:
    halves = drawn_from_a_half(split)
    # every page but the contents (the frame's own) came from a half; none does in one render
    assert halves.count(False) == 1 and len(halves) > 10, halves
    assert not any(drawn_from_a_half(single))
    one, two = pages(single), pages(split)
    assert len(one) == len(two)
    for number, (a, b) in enumerate(zip(one, two, strict=True), start=1):
        assert a["links"] == b["links"], f"page {number}: links differ"
        if exact:
            assert a["text"] == b["text"], f"page {number}: text differs"
            assert a["pixels"] == b["pixels"], f"page {number} is drawn differently"
        else:
            changed = [abs(x - y) for x, y in zip(a["pixels"], b["pixels"], strict=True) if x != y]
            assert max(changed, default=0) < 64 and len(changed) < len(a["pixels"]) // 500, (
                f"page {number}: {len(changed)} values differ, by up to {max(changed)}"
            )
    # the outline: every heading, on its page and at its height
    assert outline(split) == outline(single)
    assert len(outline(single)) > 20


@pytest.mark.parametrize("name", ["demo-zh-CN", "demo-en"])
def test_a_report_rendered_in_two_processes_is_the_report_one_makes(
    reports: dict[str, dict[str, Any]], name: str
) -> None:
    _same_pages(render(reports[name], fork=False), render(reports[name], fork=True), exact=True)


def test_a_hostile_report_in_two_processes_differs_by_antialiasing_at_most(
    reports: dict[str, dict[str, Any]],
) -> None:
    """Right-to-left and emoji text, placed by Pango's fallback fonts, can land a fraction of a
    pixel apart depending on what the same document laid out before it (a render of either
    kind is the same every time): a few antialiased pixels per page, nothing a reader sees;
    glyphs clipped away in a narrow cell may differ too, so the text is not compared."""
    snapshot = reports["hostile-zh-CN"]
    _same_pages(render(snapshot, fork=False), render(snapshot, fork=True), exact=False)


def test_a_new_workshops_short_report_is_rendered_in_one_piece(
    reports: dict[str, dict[str, Any]],
) -> None:
    pdf = render(reports["empty-en"], fork=True)
    assert pdf.startswith(b"%PDF")
    assert not any(drawn_from_a_half(pdf))


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def test_a_fork_killed_mid_render_costs_time_not_the_report(
    reports: dict[str, dict[str, Any]],
) -> None:
    snapshot = reports["demo-zh-CN"]
    expected = pages(render(snapshot, fork=False))
    worker = RenderProcess()
    killed: list[int] = []

    def kill_the_fork() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            for child in _children(worker.process.pid):
                os.kill(child, signal.SIGKILL)
                killed.append(child)
            time.sleep(0.005)

    killer = threading.Thread(target=kill_the_fork)
    killer.start()
    try:
        pdf = worker.render(snapshot, fork=True)
    finally:
        killer.join()
        worker.close()
    assert killed, "the worker never forked"
    got = pages(pdf)
    assert [p["text"] for p in got] == [p["text"] for p in expected]
    assert [p["pixels"] for p in got] == [p["pixels"] for p in expected]


@pytest.mark.parametrize("split", [True, False])
def test_an_export_over_http_takes_two_cores_unless_told_not_to(
    tmp_path: Path, split: bool
) -> None:
    env = {} if split else {"OBEYA_EXPORT_SPLIT": "off"}
    server = Server(tmp_path / "data", env=env).start(timeout=60)
    try:
        pdf = corpus.pdf(server, corpus.demo(server, "en"))
    finally:
        server.stop()
    halves = drawn_from_a_half(pdf)
    assert len(halves) > 10
    assert halves.count(True) == (len(halves) - 1 if split else 0)
