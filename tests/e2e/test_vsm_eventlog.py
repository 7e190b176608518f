"""The event-log import on the value-stream map in the browser: a generated log with a planted
bottleneck is uploaded, mapped and imported (progress polled); the analysis shows the
bottleneck's share of lead time computed here from the generated events; the map is drawn
from the data (routing badges, "from data"); the BPMN download parses; a bad file names its
problem. Screenshots in both languages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support import eventlogs
from tests.support.server import ROOT, Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, join, open_board, shot
from .test_vsm import add_vsm_board

CASES = 200
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
LANGS = {"en": "en-US", "zh-CN": "zh-CN"}


def expected_shares(rows: list[eventlogs.Event]) -> dict[str, float]:
    """Share of lead time per activity, by hand: its processing plus the wait before it, summed
    over all cases, over the summed case lead times (first start to last completion)."""
    by_case: dict[str, list[eventlogs.Event]] = defaultdict(list)
    for e in rows:
        by_case[e.case].append(e)
    spent: dict[str, float] = defaultdict(float)
    lead = 0.0
    for case in by_case.values():
        case.sort(key=lambda e: e.start)
        lead += (case[-1].complete - case[0].start).total_seconds() / 60
        for before, e in zip([None, *case], case, strict=False):
            wait = (e.start - before.complete).total_seconds() / 60 if before else 0.0
            spent[e.activity] += wait + (e.complete - e.start).total_seconds() / 60
    return {a: v / lead for a, v in spent.items()}


def open_vsm(page: Page, server: Server, language: str) -> tuple[Workshop, str]:
    workshop = create_workshop(server, language=language, demo=False)
    board = add_vsm_board(workshop)
    join(page, workshop.facilitator_link, "Lead")
    open_board(page, workshop, board)
    return workshop, board


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_log_to_analysis_map_and_bpmn(
    people: Contexts, live_server: Server, tmp_path: Path, language: str
) -> None:
    rows = list(eventlogs.events(CASES))
    log = eventlogs.write_csv(tmp_path / "tickets.csv", rows)
    shares = expected_shares(rows)
    bottleneck = max(shares, key=lambda a: shares[a])
    assert bottleneck == "信息核实"  # the planted one, by construction

    page = people.page(locale=LANGS[language], width=1400, height=1000)
    workshop, board = open_vsm(page, live_server, language)
    member = people.page(locale=LANGS[language])
    join(member, workshop.invite_link("editor"), "Member")
    open_board(member, workshop, board)
    page.get_by_test_id("vsm-open-eventlog").click()
    dialog = page.get_by_test_id("eventlog-import")
    dialog.get_by_test_id("eventlog-file").set_input_files(str(log))
    expect(dialog.get_by_test_id("eventlog-preview")).to_be_visible()
    # the server's guess from the Chinese headers is preselected
    expect(dialog.get_by_test_id("eventlog-map-case")).to_have_value("工单号")
    expect(dialog.get_by_test_id("eventlog-map-activity")).to_have_value("环节")
    expect(dialog.get_by_test_id("eventlog-map-start")).to_have_value("开始时间")
    expect(dialog.get_by_test_id("eventlog-map-complete")).to_have_value("完成时间")
    dialog.get_by_test_id("eventlog-timezone").select_option("Asia/Shanghai")
    shot(page, f"vsm-eventlog-mapping-{language}", full_page=False)
    dialog.get_by_test_id("eventlog-submit").click()

    panel = page.get_by_test_id("eventlog-analysis")
    expect(panel).to_be_visible(timeout=60_000)
    expect(dialog).to_have_count(0)
    expect(panel.get_by_test_id("eventlog-source")).to_contain_text("tickets.csv")
    expect(panel.get_by_test_id("eventlog-source")).to_contain_text(str(CASES))
    row = panel.locator(f'tr[data-activity="{bottleneck}"]')
    expect(row.get_by_test_id("eventlog-share")).to_have_text(f"{shares[bottleneck] * 100:.1f}%")
    expect(panel.get_by_test_id("eventlog-headline")).to_contain_text(bottleneck)
    expect(panel.get_by_test_id("eventlog-headline")).to_contain_text(
        f"{round(shares[bottleneck] * 100)}"
    )
    expect(panel.get_by_test_id("eventlog-pareto-chart")).to_be_visible()
    expect(panel.get_by_test_id("eventlog-throughput-chart")).to_be_visible()
    expect(panel.get_by_test_id("eventlog-loops")).to_contain_text("退回")
    # live for every peer: the member, who imported nothing, sees the same analysis
    expect(member.get_by_test_id("eventlog-headline")).to_contain_text(bottleneck)
    expect(member.get_by_test_id("vsm-bpmn")).to_have_count(0)  # exports are the facilitator's

    # 80 % of cases: the plain path (60 %) and the one through 审批 (20 %)
    panel.get_by_test_id("fromdata-draw").click()
    expect(panel.get_by_test_id("fromdata-result")).to_contain_text("审批")
    boxes = page.get_by_test_id("vsm-box")
    expect(boxes).to_have_count(5)
    routing = page.get_by_test_id("vsm-routing")
    expect(routing).to_have_count(1)
    expect(routing).to_contain_text("30%")  # 审批: 30 % of all cases pass it
    # the team renames a step drawn from data, then a newer log (more cases) is imported
    boxes.filter(has_text="审批").first.click()
    page.get_by_test_id("vsm-editor").get_by_test_id("vsm-field-name").fill("审批 (manager)")
    page.get_by_test_id("vsm-editor-close").click()
    expect(boxes.filter(has_text="审批 (manager)")).to_have_count(1)
    newer = eventlogs.write_csv(tmp_path / "tickets-december.csv", eventlogs.events(CASES + 40))
    panel.get_by_test_id("eventlog-reimport").click()
    dialog.get_by_test_id("eventlog-file").set_input_files(str(newer))
    expect(dialog.get_by_test_id("eventlog-map-case")).to_have_value("工单号")
    dialog.get_by_test_id("eventlog-submit").click()
    expect(panel.get_by_test_id("eventlog-source")).to_contain_text(
        "tickets-december.csv", timeout=60_000
    )
    expect(panel.get_by_test_id("fromdata-stale")).to_contain_text("tickets.csv")
    # every case: the rework through 退回 (20 % of cases) joins; the summary names it, and
    # says the renamed step kept its name
    panel.get_by_test_id("fromdata-coverage").fill("100")
    panel.get_by_test_id("fromdata-draw").click()
    result = panel.get_by_test_id("fromdata-result")
    expect(result).to_contain_text("退回")
    expect(result.get_by_test_id("fromdata-kept").filter(has_text="审批")).to_contain_text(
        "Step name" if language == "en" else "环节名称"
    )
    expect(panel.get_by_test_id("fromdata-stale")).to_have_count(0)
    expect(boxes.filter(has_text="审批 (manager)")).to_have_count(1)
    expect(boxes).to_have_count(6)
    expect(page.get_by_test_id("vsm-from-data")).to_have_count(6)
    expect(routing).to_have_count(2)
    expect(routing.filter(has_text="20%")).to_have_count(1)
    boxes.filter(has_text="信息核实").first.click()
    expect(page.get_by_test_id("vsm-editor-from-data")).to_contain_text("tickets-december.csv")
    page.get_by_test_id("vsm-editor-close").click()
    page.get_by_test_id("vsm-box").first.scroll_into_view_if_needed()
    shot(page, f"vsm-eventlog-analysis-{language}")

    with page.expect_download() as download:
        page.get_by_test_id("vsm-bpmn").click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith("current.bpmn")
    tree = ET.parse(path)
    tasks = [t.get("name") for t in tree.iter(f"{BPMN}task")]
    assert tasks[:2] == ["受理", "信息核实"] and len(tasks) == 6, tasks
    assert (
        len(list(tree.iter(f"{BPMN}exclusiveGateway"))) == 4
    )  # a split and a join per optional step


def test_bad_file_names_its_problem(people: Contexts, live_server: Server, tmp_path: Path) -> None:
    rows = list(eventlogs.events(40))
    log = eventlogs.write_csv(tmp_path / "broken.csv", rows)
    lines = log.read_text(encoding="utf-8").splitlines()
    # every fourth row's start time is not a date: 25 % of the column, over the 5 % tolerated
    for i in range(1, len(lines), 4):
        cells = lines[i].split(",")
        cells[2] = "not a date"
        lines[i] = ",".join(cells)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")

    page = people.page()
    open_vsm(page, live_server, "en")
    page.get_by_test_id("vsm-open-eventlog").click()
    dialog = page.get_by_test_id("eventlog-import")

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    dialog.get_by_test_id("eventlog-file").set_input_files(str(empty))
    expect(dialog.get_by_test_id("eventlog-problem")).to_have_attribute("data-code", "empty_file")
    expect(dialog.get_by_test_id("eventlog-problem")).to_have_text("The file is empty.")

    dialog.get_by_test_id("eventlog-file").set_input_files(str(log))
    expect(dialog.get_by_test_id("eventlog-problem")).to_have_count(0)
    dialog.get_by_test_id("eventlog-submit").click()
    problem = dialog.get_by_test_id("eventlog-problem")
    expect(problem).to_have_attribute("data-code", "bad_timestamps", timeout=60_000)
    expect(problem).to_contain_text("开始时间")
    expect(problem).to_contain_text("not a date")
    expect(problem).to_contain_text("row 2")
    expect(problem).to_contain_text("Rows: 2, 6, 10")
    shot(page, "vsm-eventlog-bad-file", full_page=False)
    # nothing was written: no analysis on the board
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("eventlog-analysis")).to_have_count(0)


def test_every_eventlog_code_is_translated() -> None:
    """Each problem and warning code the event-log import raises (read from its sources) has a
    sentence in both languages, so no refusal reaches a user as a bare code."""
    from .test_catalogs import kind_catalog, leaves

    sources = [
        *(ROOT / "boards" / "vsm" / "eventlog").glob("*.py"),
        *(ROOT / "server").glob("eventlog*.py"),
    ]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    problems = set(re.findall(r'LogProblem\(\s*"([a-z_]+)"', text))
    problems |= set(re.findall(r'Problem\(\s*\d+,\s*"([a-z_]+)"', text))
    problems |= set(re.findall(r'problem_body\(\s*"([a-z_]+)"', text))
    warnings = set(re.findall(r'LogWarning\(\s*code="([a-z_]+)"', text))
    warnings |= set(re.findall(r'code="([a-z_]+)",\s*\n?\s*params', text))
    warnings |= set(re.findall(r'\(\s*"([a-z_]+)",\s*\{', text)) - {"params"}  # (code, params)
    assert {"bad_timestamps", "negative_duration", "zip_bomb", "missing_column"} <= problems
    assert {"bad_timestamps_dropped", "date_order_assumed"} <= warnings
    wanted = {f"eventlog.problem.{c}" for c in problems} | {
        f"eventlog.warning.{c}" for c in warnings
    }
    wanted |= {
        f"fromData.error.{c}" for c in ("no_eventlog", "invalid_eventlog", "too_many_activities")
    }
    for lang in ("en", "zh-CN"):
        assert sorted(wanted - leaves(kind_catalog("vsm", lang))) == [], lang


def test_xes_log_imports_with_the_guessed_mapping(
    people: Contexts, live_server: Server, tmp_path: Path
) -> None:
    """An XES file (as process-mining tools write it) goes through the same dialog: its keys
    are guessed, nothing to choose by hand."""
    log = eventlogs.write_xes(tmp_path / "sample.xes", eventlogs.events(30))
    page = people.page(locale="zh-CN")
    open_vsm(page, live_server, "zh-CN")
    page.get_by_test_id("vsm-empty-eventlog").click()
    dialog = page.get_by_test_id("eventlog-import")
    dialog.get_by_test_id("eventlog-file").set_input_files(str(log))
    expect(dialog.get_by_test_id("eventlog-format")).to_contain_text("XES")
    expect(dialog.get_by_test_id("eventlog-mapping-missing")).to_have_count(0)
    dialog.get_by_test_id("eventlog-submit").click()
    panel = page.get_by_test_id("eventlog-analysis")
    expect(panel.get_by_test_id("eventlog-source")).to_contain_text("sample.xes", timeout=60_000)
    expect(panel.get_by_test_id("eventlog-source")).to_contain_text("30 个案例")
    expect(panel.get_by_test_id("eventlog-headline")).to_contain_text("信息核实")
