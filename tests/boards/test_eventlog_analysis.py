"""The event-log analysis of a generated log with a known structure (tests/support/eventlogs.py)
gives exactly the figures computed from the generated events with numpy, and the variants and
directly-follows counts PM4Py finds."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from boards.vsm.eventlog.analyse import FileInfo, import_log
from boards.vsm.eventlog.columns import guess
from boards.vsm.eventlog.model import EventLogAnalysis, Mapping
from boards.vsm.eventlog.readers import preview
from tests.support import eventlogs
from tests.support.eventlogs import Event

CASES = 500  # a multiple of 10: the shares are exact
TZ = "Asia/Shanghai"


def minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def run(path: Path, fmt: str = "csv", mapping: Mapping | None = None) -> EventLogAnalysis:
    shown = preview(path, path.name)
    mapping = mapping or guess(shown.columns)
    info = FileInfo(path.name, path.stat().st_size, "0" * 64, shown.format, "tester")  # type: ignore[arg-type]
    return import_log(path, info, mapping, TZ, path.parent)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Event], EventLogAnalysis]:
    rows = list(eventlogs.events(CASES))
    path = eventlogs.write_csv(tmp_path_factory.mktemp("log") / "tickets.csv", rows)
    return rows, run(path)


def by_case(rows: list[Event]) -> dict[str, list[Event]]:
    cases: dict[str, list[Event]] = {}
    for e in rows:
        cases.setdefault(e.case, []).append(e)
    return cases


def test_counts_variants_and_rework_are_exact(
    generated: tuple[list[Event], EventLogAnalysis],
) -> None:
    rows, analysis = generated
    assert analysis.source.events == len(rows)
    assert analysis.source.cases == CASES
    expected = Counter(tuple(eventlogs.trace(i)) for i in range(CASES))
    assert {tuple(v.activities): v.cases for v in analysis.variants} == dict(expected)
    assert analysis.variants_total == len(expected)
    assert analysis.variants_other_cases == 0
    # 20 % rework, exactly: the loop is back to 信息核实 through 退回
    assert analysis.rework.cases == CASES // 5
    assert analysis.rework.share == 0.2
    assert [(loop.activities, loop.cases) for loop in analysis.rework.loops] == [
        (["信息核实", "退回", "信息核实"], CASES // 5)
    ]
    verify = next(a for a in analysis.activities if a.name == "信息核实")
    assert verify.rework_cases == CASES // 5
    assert verify.events == CASES + CASES // 5
    # the routing share: 30 % of the cases pass 审批
    approve = next(a for a in analysis.activities if a.name == "审批")
    assert approve.cases / analysis.source.cases == 0.3
    into_approval = next(
        t for t in analysis.transitions if (t.source, t.target) == ("信息核实", "审批")
    )
    assert into_approval.cases == CASES * 3 // 10
    assert [a.name for a in analysis.activities] == [
        "受理",
        "信息核实",
        "退回",
        "审批",
        "处理",
        "回访",
    ]
    assert verify.department == "风控部"


def test_times_match_numpy_reference(generated: tuple[list[Event], EventLogAnalysis]) -> None:
    rows, analysis = generated
    processing: dict[str, list[float]] = {}
    waiting: dict[str, list[float]] = {}
    spent: Counter[str] = Counter()
    leads = []
    for events in by_case(rows).values():
        leads.append(minutes(events[-1].complete - events[0].start))
        for before, e in zip([None, *events], events, strict=False):
            processing.setdefault(e.activity, []).append(minutes(e.complete - e.start))
            spent[e.activity] += minutes(e.complete - e.start)
            if before is not None:
                wait = minutes(e.start - before.complete)
                waiting.setdefault(e.activity, []).append(wait)
                spent[e.activity] += wait
    for activity in analysis.activities:
        proc = processing[activity.name]
        assert activity.processing is not None
        assert activity.processing.median == pytest.approx(np.median(proc))
        assert activity.processing.p90 == pytest.approx(np.percentile(proc, 90))
        assert activity.processing.mean == pytest.approx(np.mean(proc))
        assert activity.processing.n == len(proc)
        if activity.name == "受理":
            assert activity.waiting is None  # always first
            continue
        assert activity.waiting is not None
        assert activity.waiting.median == pytest.approx(np.median(waiting[activity.name]))
        assert activity.waiting.p90 == pytest.approx(np.percentile(waiting[activity.name], 90))
        assert activity.share_of_lead_time == pytest.approx(
            spent[activity.name] / sum(leads), abs=1e-6
        )
    # the planted bottleneck: the biggest share of the lead time, by its waiting
    top = max(analysis.activities, key=lambda a: a.share_of_lead_time)
    assert top.name == "信息核实"
    assert analysis.throughput.median == pytest.approx(np.median(leads))
    assert analysis.throughput.p90 == pytest.approx(np.percentile(leads, 90))


def test_period_and_throughput_over_time(generated: tuple[list[Event], EventLogAnalysis]) -> None:
    rows, analysis = generated
    zone = ZoneInfo(TZ)
    first = min(e.start for e in rows).replace(tzinfo=zone).astimezone(UTC)
    last = max(e.complete for e in rows).replace(tzinfo=zone).astimezone(UTC)
    assert datetime.fromisoformat(analysis.period.start) == first
    assert datetime.fromisoformat(analysis.period.end) == last
    points = analysis.throughput.by_period
    days = (rows[-1].start.date() - rows[0].start.date()).days + 1
    assert [p.granularity for p in points] == ["day"] * days
    assert sum(p.cases for p in points) == CASES
    # the cases started on the first local day, by the generator's own clock
    first_day = [
        minutes(evs[-1].complete - evs[0].start)
        for evs in by_case(rows).values()
        if evs[0].start.date() == rows[0].start.date()
    ]
    assert points[0].period_start == rows[0].start.date().isoformat()
    assert points[0].cases == len(first_day)
    assert points[0].median == pytest.approx(np.median(first_day))


def test_variants_and_dfg_agree_with_pm4py(
    generated: tuple[list[Event], EventLogAnalysis],
) -> None:
    import pandas as pd
    import pm4py

    rows, analysis = generated
    frame = pd.DataFrame(
        {
            "case:concept:name": [e.case for e in rows],
            "concept:name": [e.activity for e in rows],
            "time:timestamp": [pd.Timestamp(e.start) for e in rows],
        }
    )
    variants = pm4py.get_variants(frame)
    assert {tuple(k): v for k, v in variants.items()} == {
        tuple(v.activities): v.cases for v in analysis.variants
    }
    dfg, starts, ends = pm4py.discover_dfg(frame)
    ours = {(t.source, t.target): t.cases for t in analysis.transitions}
    assert {k: v for k, v in ours.items() if "" not in k} == dict(dfg)
    assert {t: c for (s, t), c in ours.items() if s == ""} == dict(starts)
    assert {s: c for (s, t), c in ours.items() if t == ""} == dict(ends)


def test_same_analysis_from_xlsx_gbk_csv_and_semicolons(tmp_path: Path) -> None:
    rows = list(eventlogs.events(60))
    plain = run(eventlogs.write_csv(tmp_path / "a.csv", rows))
    others = [
        run(eventlogs.write_xlsx(tmp_path / "a.xlsx", rows)),
        run(eventlogs.write_csv(tmp_path / "gbk.csv", rows, encoding="gb18030", delimiter=";")),
        run(eventlogs.write_csv(tmp_path / "bom.csv", rows, encoding="utf-8-sig", delimiter="\t")),
        run(eventlogs.write_csv(tmp_path / "u16.csv", rows, encoding="utf-16")),
        run(
            eventlogs.write_csv(tmp_path / "cn.csv", rows, fmt="%Y年%m月%d日 %H:%M", delimiter="|")
        ),
    ]
    for other in others:
        assert other.model_dump(exclude={"source"}) == plain.model_dump(exclude={"source"})


def test_complete_only_log_measures_time_between_events(tmp_path: Path) -> None:
    rows = list(eventlogs.events(50))
    path = eventlogs.write_csv(tmp_path / "c.csv", rows)
    mapping = Mapping(case="工单号", activity="环节", complete="完成时间", department="部门")
    analysis = run(path, mapping=mapping)
    assert all(a.processing is None for a in analysis.activities)
    verify = next(a for a in analysis.activities if a.name == "信息核实")
    expected = []
    for events in by_case(rows).values():
        for before, e in itertools.pairwise(events):
            if e.activity == "信息核实":
                expected.append(minutes(e.complete - before.complete))
    assert verify.waiting is not None
    assert verify.waiting.median == pytest.approx(np.median(expected))


# PM4Py suggests an optional faster XES backend; not needed for a few hundred events
@pytest.mark.filterwarnings("ignore:Install the optional requirement:UserWarning")
def test_xes_round_trip_gives_the_same_analysis(tmp_path: Path) -> None:
    """The log written as XES by PM4Py (the field's reference writer) and by a plain writer
    reads back to the analysis of the CSV."""
    import pandas as pd
    import pm4py

    rows = list(eventlogs.events(80))
    plain = run(eventlogs.write_csv(tmp_path / "a.csv", rows))
    frame = pd.DataFrame(
        {
            "case:concept:name": [e.case for e in rows],
            "concept:name": [e.activity for e in rows],
            "start_timestamp": [pd.Timestamp(e.start, tz=TZ) for e in rows],
            "time:timestamp": [pd.Timestamp(e.complete, tz=TZ) for e in rows],
            "org:resource": [e.resource for e in rows],
            "org:group": [e.department for e in rows],
        }
    )
    pm4py.write_xes(frame, str(tmp_path / "pm4py.xes"))
    for path in (tmp_path / "pm4py.xes", eventlogs.write_xes(tmp_path / "plain.xes", rows)):
        shown = preview(path, path.name)
        assert shown.format == "xes"
        mapping = guess(shown.columns)
        assert (mapping.case, mapping.activity, mapping.start, mapping.complete) == (
            "case:concept:name", "concept:name", "start_timestamp", "time:timestamp",
        )  # fmt: skip
        analysis = run(path)
        assert analysis.model_dump(exclude={"source"}) == plain.model_dump(exclude={"source"})
    # and PM4Py reads our plain XES to the same variants
    log = pm4py.read_xes(str(tmp_path / "plain.xes"))
    assert {tuple(k): v for k, v in pm4py.get_variants(log).items()} == {
        tuple(v.activities): v.cases for v in plain.variants
    }


def test_xes_lifecycle_start_and_complete_events_fold_into_one(tmp_path: Path) -> None:
    rows = list(eventlogs.events(40))
    plain = run(eventlogs.write_csv(tmp_path / "a.csv", rows))
    path = eventlogs.write_xes(tmp_path / "bpi.xes", rows, lifecycle=True)
    shown = preview(path, path.name)
    mapping = guess(shown.columns)
    assert (mapping.start, mapping.complete) == ("time:start", "time:timestamp")
    analysis = run(path)
    assert analysis.model_dump(exclude={"source", "warnings"}) == plain.model_dump(
        exclude={"source", "warnings"}
    )
    assert analysis.source.events == len(rows)
    assert [w.model_dump() for w in analysis.warnings] == [
        {"code": "xes_events_folded", "params": {"transition": "schedule", "count": len(rows)}}
    ]
