"""The workshop's actions as CSV (in the zip), XLSX and iCalendar, and the report's Actions
chapter: from actions written into the workshop board's content document (read and analysed
as the server does) and, end to end, written by a real websocket client into a real server."""

from __future__ import annotations

import copy
import csv
import io
import re
import zipfile
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import anyio
import pytest
from click.testing import CliRunner
from icalendar import Calendar
from openpyxl import load_workbook
from pycrdt import Doc, Map

from boards.actions import actions_map
from boards.workshop import WorkshopKind
from exports import actions_ics, actions_xlsx, csv_zip, render_html, render_markdown
from server.reports import export_command
from tests.exports.helpers import board
from tests.exports.helpers import download as get
from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

EXPORTED_AT = "2026-12-06T12:00:00+00:00"
TODAY = date(2026, 12, 6)


def fishbone_root(snapshot: dict[str, Any]) -> dict[str, Any]:
    fish = board(snapshot, "fishbone")
    return next(c for c in fish["snapshot"]["causes"] if c["root"])


def sample(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    root = fishbone_root(snapshot)
    return {
        "late": {
            "what": '=HYPERLINK("x") 统一回访规则',  # a formula-looking text stays text
            "owner": "李伟",
            "owner_department": "客服部",
            "due": "2026-12-01",
            "status": "doing",
            "source_board": board(snapshot, "fishbone")["id"],
            "source_kind": "fishbone",
            "source_type": "root_cause",
            "source_item": root["id"],
            "source_label": root["text"],
            "created_at": "2026-11-20T09:00:00+00:00",
        },
        "soon": {"what": "培训一线", "owner": "王芳", "due": "2027-01-15", "status": "open"},
        "nobody": {"what": "更新知识库", "owner": "", "due": "", "status": "open"},
        "closed": {"what": "旧流程归档", "owner": "王芳", "due": "2026-11-01", "status": "done"},
        "gone": {"what": "外包评估", "owner": "", "due": "2026-10-01", "status": "dropped"},
    }


def with_actions(snapshot: dict[str, Any], written: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The snapshot with the workshop board's actions replaced, read and analysed as the server
    does it (through a content document and the workshop kind)."""
    snapshot = copy.deepcopy(snapshot)
    content: Doc = Doc()
    ledger: Doc = Doc()
    kind = WorkshopKind()
    kind.seed(content, ledger, language="zh-CN", demo=True)
    for key, fields in written.items():
        actions_map(content)[key] = Map(fields)
    read = kind.read(content, ledger)
    workshop = board(snapshot, "workshop")
    workshop["snapshot"] = read.model_dump(mode="json")
    workshop["analysis"] = kind.analyse(read, today=TODAY).model_dump(mode="json")
    snapshot["exported_at"] = EXPORTED_AT
    return snapshot


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_csv_lists_every_action_with_overdue_and_source(snapshot: dict[str, Any]) -> None:
    snap = with_actions(snapshot, sample(snapshot))
    archive = zipfile.ZipFile(io.BytesIO(csv_zip(snap)))
    rows = list(csv.DictReader(io.StringIO(archive.read("actions.csv").decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ["gone", "closed", "late", "soon", "nobody"]  # by due
    by_id = {r["id"]: r for r in rows}
    late = by_id["late"]
    assert late["what"].startswith("'=HYPERLINK")
    assert (late["owner"], late["owner_department"], late["status"]) == ("李伟", "客服部", "doing")
    assert late["overdue"] == "yes" and late["source_type"] == "root_cause"
    assert late["source_board"] == board(snap, "fishbone")["title"]
    assert late["source_label"] == fishbone_root(snap)["text"]
    # done and dropped are never overdue, whatever their date; "soon" is not due yet
    assert [r["id"] for r in rows if r["overdue"]] == ["late"]


def test_xlsx_translates_headers_and_marks_overdue_rows(snapshot: dict[str, Any]) -> None:
    snap = with_actions(snapshot, sample(snapshot))
    book = load_workbook(io.BytesIO(actions_xlsx(snap, board(snap, "workshop"))))
    sheet = book["行动项"]
    header = [c.value for c in sheet[1]]
    assert header[:7] == ["编号", "事项", "负责人", "部门", "截止日期", "状态", "逾期"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    late = rows["late"]
    assert late[1].value.startswith("=HYPERLINK") and late[1].data_type == "s"
    assert late[1].quotePrefix  # stays text when edited in Excel
    assert late[4].value.date() == date(2026, 12, 1)  # a real date cell
    assert (late[5].value, late[6].value, late[8].value) == ("进行中", "已逾期", "根本原因")
    assert late[0].fill.fgColor.rgb.endswith("F6E1DC")
    assert rows["soon"][6].value in (None, "") and rows["soon"][8].value == "独立行动项"
    assert rows["soon"][0].fill.fgColor.rgb != late[0].fill.fgColor.rgb
    assert set(rows) == {"late", "soon", "nobody", "closed", "gone"}


def events(data: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(data)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_ics_has_one_all_day_event_per_open_action_with_a_date(snapshot: dict[str, Any]) -> None:
    snap = with_actions(snapshot, sample(snapshot))
    found = events(actions_ics(snap, board(snap, "workshop")))
    wid = snap["workshop"]["id"]
    assert set(found) == {f"action-{wid}-late@obeya", f"action-{wid}-soon@obeya"}
    late = found[f"action-{wid}-late@obeya"]
    assert late.decoded("dtstart") == date(2026, 12, 1)
    assert late.decoded("dtend") == date(2026, 12, 2)  # exclusive end: one whole day
    assert "李伟" in str(late["summary"]) and "统一回访规则" in str(late["summary"])
    assert "根本原因" in str(late["description"])
    # Exported again later, after the due date moved: the same UID, so calendars update it.
    moved = sample(snapshot)
    moved["soon"]["due"] = "2027-02-01"
    again = with_actions(snapshot, moved)
    again["exported_at"] = "2026-12-20T08:00:00+00:00"
    later = events(actions_ics(again, board(again, "workshop")))
    assert set(later) == set(found)
    assert later[f"action-{wid}-soon@obeya"].decoded("dtstart") == date(2027, 2, 1)
    # a workshop title with a line break still names the calendar on one line
    again["workshop"]["title"] = "投诉\n处理"
    calendar = Calendar.from_ical(actions_ics(again, board(again, "workshop")))
    assert str(calendar["x-wr-calname"]) == "投诉 处理：行动项"


def test_report_chapter_says_who_does_what_by_when_and_what_is_owed(
    snapshot: dict[str, Any],
) -> None:
    snap = with_actions(snapshot, sample(snapshot))
    html = render_html(snap)
    page = text(html)
    chapter = page.split("行动项 谁在何时之前做什么", 1)[1]
    assert "统一回访规则" in chapter and "李伟" in chapter and "客服部" in chapter
    assert "2026年12月1日 已逾期" in chapter
    assert "外包评估" not in chapter  # dropped
    assert "“更新知识库”没有负责人。" in chapter and "“更新知识库”没有截止日期。" in chapter
    assert "统一回访规则 统一回访规则" not in chapter
    # the root cause has an action; the demo's chosen ideas have none yet
    root = fishbone_root(snap)["text"]
    assert f"已确认的根本原因“{root}”" not in chapter
    assert "入选的创新点“" in chapter
    assert '<a href="#actions">' in html  # in the table of contents
    md = render_markdown(snap)
    assert "## 行动项" in md and "| 李伟 (客服部) | 2026年12月1日 (已逾期) | 进行中 |" in md
    assert "- “更新知识库”没有负责人。" in md


def test_root_cause_without_a_live_action_is_flagged(snapshot: dict[str, Any]) -> None:
    written = sample(snapshot)
    written["late"]["status"] = "dropped"
    chapter = text(render_html(with_actions(snapshot, written))).split("谁在何时之前做什么", 1)[1]
    root = fishbone_root(snapshot)["text"]
    assert f"已确认的根本原因“{root}”" in chapter


def test_a_workshop_without_actions_or_commitments_has_no_chapter(
    snapshot: dict[str, Any],
) -> None:
    snap = with_actions(snapshot, {})
    snap["boards"] = [b for b in snap["boards"] if b["kind"] not in ("fishbone", "ideas")]
    assert 'id="actions"' not in render_html(snap)


# --- end to end: a websocket client writes, HTTP and the CLI export -----------------------


@pytest.mark.anyio
async def test_actions_written_by_a_client_export_over_http_and_cli(
    server: Server, tmp_path: Path
) -> None:
    setup = make_workshop(server, kind="fishbone")
    url = setup.ws(setup.facilitator, board_id=setup.workshop_board_id)
    async with YClient(url) as client:
        await client.synced.wait()
        with client.doc.transaction():
            actions_map(client.doc)["a1"] = Map(
                {"what": "回访规则", "owner": "李伟", "due": "2027-01-15", "status": "open"}
            )
            actions_map(client.doc)["a2"] = Map({"what": "无日期", "status": "doing"})
        path = f"/api/workshops/{setup.workshop_id}/export/actions.ics"
        for _ in range(50):  # the server applies the update as it arrives
            status, headers, body = get(server, path, setup.facilitator)
            if status != 200 or events(body):
                break
            await anyio.sleep(0.1)
    assert status == 200 and headers["content-type"].startswith("text/calendar")
    assert ".actions.ics" in headers["content-disposition"]
    found = events(body)
    assert list(found) == [f"action-{setup.workshop_id}-a1@obeya"]
    status, headers, body = get(
        server, f"/api/workshops/{setup.workshop_id}/export/actions.xlsx", setup.facilitator
    )
    assert status == 200 and body[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    assert [r[1].value for r in sheet.iter_rows(min_row=2)] == ["回访规则", "无日期"]
    status, _, body = get(
        server, f"/api/workshops/{setup.workshop_id}/export/zip", setup.facilitator
    )
    table = zipfile.ZipFile(io.BytesIO(body)).read("actions.csv").decode("utf-8-sig")
    assert "回访规则" in table and "无日期" in table
    editor, _ = setup.join("editor", "编辑")
    assert get(server, f"/api/workshops/{setup.workshop_id}/export/actions.ics", editor)[0] == 403

    out = tmp_path / "plan.actions.ics"
    result = CliRunner().invoke(
        export_command,
        [setup.workshop_id, "-o", str(out), "--data-dir", str(server.data_dir)],
    )
    assert result.exit_code == 0, result.output
    assert list(events(out.read_bytes())) == [f"action-{setup.workshop_id}-a1@obeya"]


def test_the_demo_report_says_who_does_what_by_when(demo: dict[str, dict[str, Any]]) -> None:
    for language, title, late in (
        ("zh-CN", "行动项 谁在何时之前做什么", "“组建跨部门敏捷小组，每周复盘重复投诉”已逾期。"),
        ("en", "Actions Who does what by when", "“Set up the cross-department squad; review"),
    ):
        snap = demo[language]
        listed = board(snap, "workshop")["snapshot"]["actions"]
        assert len(listed) == 6 and all(a["owner"] and a["due"] for a in listed)
        chapter = text(render_html(snap)).split(title, 1)[1]
        assert late in chapter
        # every commitment of the demo has its action: nothing else to settle
        assert "has no action" not in chapter and "尚无行动项" not in chapter
        assert "no owner" not in chapter and "没有负责人" not in chapter
