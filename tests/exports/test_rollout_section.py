"""The report's roll-out section, its CSV tables and its calendar file: from the demo (go with
changes, three waves, an override, a planted relapse), from an empty or sparse board (which
says so and never claims the gain holds), and from any junk a document may hold."""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from pycrdt import Array, Doc, Map

import exports
from boards.registry import get_kind
from exports import csv_zip, render_html, render_markdown
from exports.catalog import Catalog
from exports.projection import project
from exports.rollout_calendar import rollout_ics
from exports.sections.rollout import point_directions, section
from exports.typed import typed
from server.reports import export_command
from tests.exports.helpers import board as board_of
from tests.exports.helpers import download as get
from tests.support import junk
from tests.support.server import Server
from tests.support.services import unavailable

PHRASES = {
    "en": {
        "verdict": "Go with changes",
        "relapse": "the chart signals a shift in the worse direction",
        "summary": "Possible relapse on",
        "override": "went live with open items",
    },
    "zh-CN": {
        "verdict": "调整后推广",
        "relapse": "控制图显示向变差方向的偏移",
        "summary": "可能回退",
        "override": "带未完成项上线",
    },
}
HOLDS = {"en": "no sign of a relapse so far", "zh-CN": "目前未见回退迹象"}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def rollout_section(snapshot: dict[str, Any]) -> dict[str, Any]:
    t = Catalog(snapshot["workshop"]["language"])
    return section(t, typed(board_of(snapshot, "rollout")))


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_demo_section_states_the_decision_waves_and_relapse(
    demo: dict[str, dict[str, Any]], language: str
) -> None:
    s = rollout_section(demo[language])
    decision = s["decision"]
    assert decision is not None and decision["verdict_code"] == "go_with_changes"
    assert decision["rationale"] and decision["kpis"] and decision["changes"]
    assert len(s["waves"]) == 3
    overridden = [w for w in s["waves"] if w["overridden"]]
    assert len(overridden) == 1 and overridden[0]["reason"] and overridden[0]["override_items"]
    assert s["timeline"] is not None and len(s["timeline"]["rows"]) == 3
    assert s["risks"]["rows"] and sum(c["count"] for r in s["risks"]["matrix"] for c in r["cells"])
    assert any(g["category_code"] == "compliance" for g in s["resources"])
    assert s["relapse"]
    relapsed = [c for c in s["charts"] if c["relapse"]]
    assert relapsed and all(c["signals"] and c["svg"] for c in relapsed)
    # a chart with a relapse never also says the gain holds
    assert not any(c["holding"] for c in relapsed)

    report = text(render_html(demo[language]))
    missing = [phrase for phrase in PHRASES[language].values() if phrase not in report]
    assert not missing


def test_the_control_chart_marks_the_points_the_rules_flag(
    demo: dict[str, dict[str, Any]],
) -> None:
    """Points of a worse-direction signal are red, of a better-direction one green: the demo's
    sustained gain (better) and its planted relapse (worse) look different."""
    board = typed(board_of(demo["en"], "rollout"))
    n = next(i for i, c in enumerate(board.analysis.charts) if c.relapse)
    chart = board.analysis.charts[n]
    directions = point_directions(chart)
    assert "worse" in directions and directions[-1] == "worse"
    svg = str(rollout_section(demo["en"])["charts"][n]["svg"])
    assert svg.count('class="dots" style="fill: #b5533c') == directions.count("worse")
    assert svg.count('class="dots" style="fill: #3f8f5f') == directions.count("better")


def _empty_board(snapshot: dict[str, Any]) -> dict[str, Any]:
    kind = get_kind("rollout")
    empty = kind.read(Doc(), Doc())
    board = board_of(snapshot, "rollout")
    board["snapshot"] = empty.model_dump(mode="json")
    board["analysis"] = kind.analyse(empty).model_dump(mode="json")
    return board


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_an_empty_board_says_no_data_and_claims_nothing(
    demo: dict[str, dict[str, Any]], language: str
) -> None:
    snapshot = copy.deepcopy(demo[language])
    _empty_board(snapshot)
    s = rollout_section(snapshot)
    assert s["decision"] is None and not s["waves"] and not s["charts"] and not s["relapse"]
    t = Catalog(language)
    report = text(render_html(snapshot))
    # a board with nothing yet is one line of the summary's "not started yet" list
    assert s["missing"] == t("missing.rollout") and t("missing.rollout") in report
    assert HOLDS[language] not in report and PHRASES[language]["relapse"] not in report
    assert t("summary.rollout_none") in report


def test_a_decision_without_readings_says_no_data_yet(snapshot: dict[str, Any]) -> None:
    s = _reanalysed(snapshot, lambda snap: snap.update(readings=[]))
    assert s["charts"] and not s["relapse"]
    assert all(not c["holding"] and c["svg"] is None for c in s["charts"])
    report = text(render_html(snapshot))
    assert "暂无数据" in report and HOLDS["zh-CN"] not in report
    assert "尚无持续改进读数" in report


def test_csv_tables(snapshot: dict[str, Any]) -> None:
    files = zipfile.ZipFile(io.BytesIO(csv_zip(snapshot)))
    names = set(files.namelist())
    assert {f"rollout_{n}.csv" for n in ("waves", "readiness", "risks", "readings")} <= names

    def rows(name: str) -> list[dict[str, str]]:
        raw = files.read(f"{name}.csv").decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(raw)))

    waves = rows("rollout_waves")
    assert len(waves) == 3 and sum(w["override"] == "True" for w in waves) == 1
    assert all(w["status"] in ("planned", "preparing", "paused", "live") for w in waves)
    readiness = rows("rollout_readiness")
    assert readiness and all(r["item"] for r in readiness)
    risks = rows("rollout_risks")
    scored = [int(r["score"]) for r in risks if r["score"]]
    assert len(risks) == 5 and scored == sorted(scored, reverse=True)
    readings = rows("rollout_readings")
    board = typed(board_of(snapshot, "rollout"))
    assert len(readings) == len(board.snapshot.readings)
    flagged = sum(bool(p.signals) for c in board.analysis.charts for p in c.points)
    assert flagged and sum(bool(r["signals"]) for r in readings) == flagged


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_calendar_of_the_waves(demo: dict[str, dict[str, Any]], language: str) -> None:
    snapshot = demo[language]
    board = board_of(snapshot, "rollout")
    data = exports.render_board(snapshot, board, "rollout.ics")
    cal = Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    waves = typed(board).analysis.waves
    # each wave: its span from start to planned go-live, and its go-live day
    assert len(events) == 2 * len(waves) == 6
    for event in events:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is date and type(end) is date and end > start  # all-day
    summaries = [str(e["summary"]) for e in events]
    for wave in waves:
        assert any(wave.name in s for s in summaries)
    if language == "zh-CN":
        assert any("上线：" in s for s in summaries) and "推广批次" in data.decode("utf-8")
    live = [w for w in waves if w.golive_actual]
    assert live
    for wave in live:
        golive = next(e for e in events if str(e["uid"]).endswith(f"{wave.id}-golive@obeya"))
        assert golive.decoded("dtstart") == date.fromisoformat(wave.golive_actual)

    # exported again later: the same UIDs, so a calendar updates its events
    later = {**snapshot, "exported_at": "2030-01-01T00:00:00+00:00"}
    again = Calendar.from_ical(rollout_ics(later, board)).walk("VEVENT")
    assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in events]
    assert len({str(e["uid"]) for e in events}) == len(events)


BAD_SNAPSHOTS = st.one_of(
    junk.json_values,
    st.fixed_dictionaries(
        {},
        optional={
            name: junk.json_values
            for name in ("waves", "readiness", "risks", "decision", "golive", "readings")
        },
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(snap=BAD_SNAPSHOTS, analysis=BAD_SNAPSHOTS)
def test_any_snapshot_or_analysis_exports(
    snapshot: dict[str, Any], snap: Any, analysis: Any
) -> None:
    """Whatever a stored snapshot holds, the report, the tables and the calendar come out."""
    data = copy.deepcopy(snapshot)
    board = board_of(data, "rollout")
    board["snapshot"], board["analysis"] = snap, analysis
    assert "<html" in render_html(data)
    assert csv_zip(data)
    assert Calendar.from_ical(rollout_ics(data, board))


def test_exports_name_no_participant_and_viewers_no_person(snapshot: dict[str, Any]) -> None:
    """Who sent a sustain reading: named for facilitators, nobody for viewers (as on the pilot
    board); who decided or took a wave live: public acts the board shows everyone, kept;
    participant ids for nobody, in the snapshot, the analysis and the documents."""
    rollout = board_of(snapshot, "rollout")
    snap = rollout["snapshot"]
    ids = {r["participant_id"] for r in snap["readings"]} | {snap["decision"]["participant_id"]}
    ids |= {g["participant_id"] for g in snap["golive"].values()}
    decided_by = snap["decision"]["decided_by"]
    senders = {r["display_name"] for r in snap["readings"]}
    assert all(ids) and decided_by and all(senders)
    for role in ("facilitator", "viewer"):
        view = board_of(project(snapshot, role), "rollout")
        dumped = json.dumps([view["snapshot"], view["analysis"]], ensure_ascii=False)
        ledger = Doc()
        ledger.apply_update(base64.b64decode(view["documents"]["ledger"]))
        stored = get_kind("rollout").read(Doc(), ledger)
        raw = base64.b64decode(view["documents"]["ledger"])
        for pid in ids:
            assert pid not in dumped and pid.encode() not in raw, (role, pid)
        named = role == "facilitator"
        for seen in (view["snapshot"], stored.model_dump()):
            assert seen["decision"]["decided_by"] == decided_by
            assert {r["display_name"] for r in seen["readings"]} == (senders if named else {""})
            assert all(g["by"] for g in seen["golive"].values())
        assert view["analysis"]["decision"]["decided_by"] == decided_by


def test_calendar_over_http_and_the_command_line(
    server: Server, tmp_path: Path, demo_ids: dict[str, str], engine: Any
) -> None:
    status, created = server.request(
        "POST",
        "/api/workshops",
        {"title": "推广", "process": "p", "boundary": "b", "language": "zh-CN", "demo": True},
    )
    assert status == 201, created
    wid, token = created["id"], created["token"]
    path = f"/api/workshops/{wid}/export/rollout.ics"
    status, headers, body = get(server, path, token)
    assert status == 200 and headers["content-type"].startswith("text/calendar")
    assert '.rollout.ics"' in headers["content-disposition"]
    events = Calendar.from_ical(body).walk("VEVENT")
    assert len(events) == 6 and any("客服一部" in str(e["summary"]) for e in events)
    board_id = next(
        str(e["uid"]).split("-wave-")[0].removeprefix("rollout-")
        for e in events
        if "-wave-" in str(e["uid"])
    )

    # the same calendar (DTSTAMP is each export's own time, so a second may pass between them)
    def events_of(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(b"DTSTAMP")]

    assert events_of(get(server, f"{path}?board={board_id}", token)[2]) == events_of(body)
    assert get(server, f"{path}?board=nope", token)[0] == 404

    out = tmp_path / "waves.rollout.ics"
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        export_command, [demo_ids["en"], "-o", str(out), "--database-url", url]
    )
    assert result.exit_code == 0, result.output
    summaries = [str(e["summary"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    assert len(summaries) == 6 and "Go-live: Customer Service team 1" in summaries


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_section_pages_saved_as_png(
    pdfs: dict[str, bytes], language: str, artifacts: Path, tmp_path: Path
) -> None:
    """The section's pages of the demo PDF, for a person to look at (artifacts/report)."""
    if not shutil.which("pdftoppm"):  # skipped on a bare machine, a failure under CI
        unavailable("poppler-utils (pdftoppm) is not installed: run ./setup.sh install")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(pdfs[language])
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    t = Catalog(language)
    first = next(n for n, page in enumerate(pages, 1) if t("rollout.decision") in page)
    last = next(n for n, page in enumerate(pages, 1) if t("rollout.findings") in page)
    section_text = " ".join(" ".join(pages[first - 1 : last]).split())
    assert t("rollout.relapse") in section_text and t("rollout.timeline") in section_text
    for old in artifacts.glob(f"rollout-{language}-*.png"):
        old.unlink()
    prefix = artifacts / f"rollout-{language}"
    pages_to_png = ["pdftoppm", "-png", "-r", "80", "-f", str(first), "-l", str(last)]
    subprocess.run([*pages_to_png, str(pdf), str(prefix)], check=True)
    pngs = sorted(artifacts.glob(f"rollout-{language}-*.png"))
    assert len(pngs) == last - first + 1 and all(p.stat().st_size > 5_000 for p in pngs)


def _demo_decision(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The demo's decision record as its ledger holds it (with the frozen pilot's JSON)."""
    ledger = Doc()
    ledger.apply_update(base64.b64decode(board_of(snapshot, "rollout")["documents"]["ledger"]))
    decision: dict[str, Any] = ledger.get("decisions", type=Array)[0].to_py()
    return decision


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=junk.documents("rollout"), ledger=junk.ledgers("rollout"), decided=st.booleans())
def test_any_documents_export(
    snapshot: dict[str, Any], content: dict[str, Any], ledger: dict[str, Any], decided: bool
) -> None:
    """Whatever clients (content) or a broken store (ledger) hold, read and analysed as the
    server does, the report, the tables and the calendar come out. ``decided`` adds the demo's
    decision, so junk readings reach the control charts."""
    docs = Doc(), Doc()
    junk.write(docs[0], content)
    if decided and "decisions" not in ledger:
        docs[1].get("decisions", type=Array).append(Map(_demo_decision(snapshot)))
    junk.write(docs[1], ledger)
    kind = get_kind("rollout")
    read = kind.read(*docs)
    data = copy.deepcopy(snapshot)
    board = board_of(data, "rollout")
    board["snapshot"] = read.model_dump(mode="json")
    board["analysis"] = kind.analyse(read).model_dump(mode="json")
    assert "<html" in render_html(data)
    assert csv_zip(data)
    assert Calendar.from_ical(rollout_ics(data, board))


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_markdown_summary_states_decision_and_relapse(
    demo: dict[str, dict[str, Any]], language: str
) -> None:
    markdown = render_markdown(demo[language])
    t = Catalog(language)
    block = markdown.split(f"### {t('summary.rollout')}", 1)[1].split("###", 1)[0]
    assert PHRASES[language]["verdict"] in block and PHRASES[language]["summary"] in block
    assert f"{t('findings.title')}: {t('kind.rollout')}" in markdown


def _reanalysed(snapshot: dict[str, Any], change: Any) -> dict[str, Any]:
    """The section after ``change`` edits the rollout board's snapshot (then analysed anew)."""
    board = board_of(snapshot, "rollout")
    change(board["snapshot"])
    kind = get_kind("rollout")
    parsed = kind.read(Doc(), Doc()).model_validate(board["snapshot"])
    board["analysis"] = kind.analyse(parsed).model_dump(mode="json")
    return rollout_section(snapshot)


def test_few_reference_points_make_provisional_limits_said_in_words(
    snapshot: dict[str, Any],
) -> None:
    def shorten(snap: dict[str, Any]) -> None:
        for kpi in snap["decision"]["pilot"]["kpis"]:
            kpi["readings"] = kpi["readings"][:3]

    s = _reanalysed(snapshot, shorten)
    t = Catalog("zh-CN")
    for chart in s["charts"]:
        assert t("rollout.chart.provisional", n=3) in chart["caveats"]
    assert "临时控制限" in text(render_html(snapshot))


def test_a_stop_decision_claims_no_sustained_gain(snapshot: dict[str, Any]) -> None:
    def stop(snap: dict[str, Any]) -> None:
        snap["decision"]["verdict"] = "stop"
        snap["decision_history"][-1]["verdict"] = "stop"
        snap["readings"] = []

    s = _reanalysed(snapshot, stop)
    assert s["decision"] is not None and s["decision"]["verdict_code"] == "stop"
    assert not s["relapse"] and not any(c["holding"] for c in s["charts"])
    report = text(render_html(snapshot))
    assert "决策为停止" in report and HOLDS["zh-CN"] not in report
    assert "目前没有控制图显示回退" not in report
