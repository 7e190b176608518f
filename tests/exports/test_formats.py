"""Markdown, CSV and XLSX parse back; the cause -> idea -> owner -> KPI chain appears
wherever the boards link it."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

from openpyxl import load_workbook

from exports import csv_zip, raci_xlsx, render_html, render_json, render_markdown
from tests.exports.helpers import board


def md_tables(text: str) -> list[list[list[str]]]:
    tables, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
        elif current:
            tables.append(current)
            current = []
    return tables + ([current] if current else [])


def test_markdown_tables_are_well_formed(snapshot: dict[str, Any]) -> None:
    board(snapshot, "fishbone")["snapshot"]["causes"][0]["text"] = "a | b\nc"
    board(snapshot, "pilot")["snapshot"]["kpis"][0]["name"] = "时长 | 小时"
    board(snapshot, "pilot")["analysis"]["kpis"][0]["name"] = "时长 | 小时"
    text = render_markdown(snapshot)
    tables = md_tables(text)
    assert len(tables) >= 3
    for table in tables:
        assert all(len(row) == len(table[0]) for row in table), table
        assert set("".join(table[1])) <= {"-"}
    # the summary's key metrics (the A3's action table comes first)
    metrics = next(
        rows
        for rows in ({row[0]: row[1:] for row in table[2:]} for table in tables)
        if "交付周期（自然时间）" in rows
    )
    assert metrics["交付周期（自然时间）"] == ["48 小时", "24 小时", "−50 %"]
    assert "时长 \\| 小时" in text
    assert text.startswith("# 客户投诉处理流程优化\n")


def test_csv_zip_is_well_formed(snapshot: dict[str, Any]) -> None:
    board(snapshot, "fishbone")["snapshot"]["causes"][0]["text"] = (
        '=HYPERLINK("http://x","点我"),\n"引号"'
    )
    archive = zipfile.ZipFile(io.BytesIO(csv_zip(snapshot)))
    names = set(archive.namelist())
    assert names == {
        "vsm_steps.csv",
        "fishbone_causes.csv",
        "raci_matrix.csv",
        "idea_ranking.csv",
        "pilot_readings.csv",
        "pilot_feedback.csv",
        "rollout_waves.csv",
        "rollout_readiness.csv",
        "rollout_risks.csv",
        "rollout_readings.csv",
        "actions.csv",
    }
    parsed = {}
    for name in names:
        raw = archive.read(name)
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert rows and all(len(r) == len(rows[0]) for r in rows), name
        parsed[name] = rows
    assert len(parsed["vsm_steps.csv"]) == 1 + 12
    assert (
        len(parsed["pilot_readings.csv"]) == 1 + 20 and len(parsed["pilot_feedback.csv"]) == 1 + 8
    )
    assert parsed["raci_matrix.csv"][0][2:] == [
        "客服专员",
        "客服主管",
        "产品经理",
        "物流调度",
        "质量经理",
    ]
    assert parsed["raci_matrix.csv"][4][:2] == ["部门审批(仅超额补偿)", "f4"]
    cause = next(r for r in parsed["fishbone_causes.csv"] if r[0] == "c8")
    assert cause[4] == '\'=HYPERLINK("http://x","点我"),\n"引号"'  # not a formula, quoted intact


def test_csv_header_is_neutralised_too(snapshot: dict[str, Any]) -> None:
    board(snapshot, "raci")["snapshot"]["roles"][0]["name"] = '=HYPERLINK("http://x","y")'
    board(snapshot, "raci")["snapshot"]["roles"][1]["name"] = " @SUM(1)"
    raw = zipfile.ZipFile(io.BytesIO(csv_zip(snapshot))).read("raci_matrix.csv")
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert header[2:4] == ['\'=HYPERLINK("http://x","y")', "' @SUM(1)"]


def test_raci_xlsx(snapshot: dict[str, Any]) -> None:
    raci = board(snapshot, "raci")
    raci["snapshot"]["activities"][0]["name"] = "=1+1"
    raci["snapshot"]["roles"][4]["name"] = '=HYPERLINK("http://x","y")'
    body = raci_xlsx(snapshot, raci)
    book = load_workbook(io.BytesIO(body))
    sheet = book["RACI"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][2:-1] == ["客服专员", "客服主管", "产品经理", "物流调度"]
    for formula in (sheet.cell(row=2, column=1), sheet.cell(row=1, column=7)):
        # stored as text, and kept as text when edited (Excel's leading apostrophe)
        assert formula.data_type == "s" and formula.quotePrefix, formula
    assert rows[1][0] == "=1+1" and rows[0][6] == '=HYPERLINK("http://x","y")'
    assert not sheet.cell(row=1, column=3).quotePrefix
    sheets = zipfile.ZipFile(io.BytesIO(body))
    assert not any(b"<f>" in sheets.read(n) for n in sheets.namelist() if "worksheets" in n)
    assert rows[4][2:] == ["I", "A", "RA", None, None]
    findings = [r[1] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert any("有 2 个 A" in f for f in findings)


def test_json_is_the_snapshot(snapshot: dict[str, Any]) -> None:
    import json

    assert json.loads(render_json(snapshot)) == snapshot


def test_chain_follows_the_links(snapshot: dict[str, Any]) -> None:
    cards = board(snapshot, "ideas")["snapshot"]["cards"]
    cards[0].update(cause_id="c4", step_id="f3")  # one lookup screen: manual lookups, verification
    cards[3].update(cause_id="c1", step_id="")  # cross-department squad: root cause, no step
    html = render_html(snapshot)
    chain = html[html.index('id="chain"') : html.index('id="s1"')]
    assert "专员需手动查询 3 个系统" in chain and "统一查询入口" in chain
    assert "客服主管 (A)" in chain and "客服专员 (R)" in chain  # a3 links f3: lead A, agent R
    assert "投诉信息未同步到产品部" in chain and "显著改善" in chain
    assert chain.index("统一查询入口") < chain.index("跨部门敏捷小组")  # in vote order
    assert render_markdown(snapshot).count("统一查询入口") >= 2


def test_an_idea_on_a_current_step_is_owned_through_its_future_step(
    snapshot: dict[str, Any],
) -> None:
    """The RACI was made from the future state: the current step alone names no owner."""
    for card in board(snapshot, "ideas")["snapshot"]["cards"]:
        card.update(cause_id="", step_id="", future_step_id="")
    card = board(snapshot, "ideas")["snapshot"]["cards"][0]
    card.update(step_id="c3")  # information verification, today
    chain = render_html(snapshot)
    chain = chain[chain.index('id="chain"') : chain.index('id="s1"')]
    assert "信息核实" in chain and "客服主管 (A)" not in chain
    card.update(future_step_id="f3")  # ... lands on the single lookup screen of the future
    chain = render_html(snapshot)
    chain = chain[chain.index('id="chain"') : chain.index('id="s1"')]
    assert "信息核实" in chain
    assert "客服主管 (A)" in chain and "客服专员 (R)" in chain
    assert chain.count("客服主管 (A)") == 1


def test_no_links_no_chain(snapshot: dict[str, Any]) -> None:
    assert 'id="chain"' in render_html(snapshot)  # the demo's ideas are linked
    for card in board(snapshot, "ideas")["snapshot"]["cards"]:
        card.update(cause_id="", step_id="")
    assert 'id="chain"' not in render_html(snapshot)


def test_raci_xlsx_takes_control_characters(snapshot: dict[str, Any]) -> None:
    """XML 1.0 cannot hold them; openpyxl raised and the export failed (found by hypothesis)."""
    raci = board(snapshot, "raci")
    raci["snapshot"]["activities"][0]["name"] = "a\x1fb\x00"
    raci["snapshot"]["roles"][0]["name"] = "\x07role"
    sheet = load_workbook(io.BytesIO(raci_xlsx(snapshot, raci)))["RACI"]
    assert sheet.cell(row=2, column=1).value == "a\ufffdb\ufffd"
    assert sheet.cell(row=1, column=3).value == "\ufffdrole"
