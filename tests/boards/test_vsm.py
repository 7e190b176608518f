"""The value-stream map kind: reading, analysis (hand-checked numbers), demo, concurrency."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pycrdt import Array, Doc, Map

from boards.vsm import DataWarning, VsmAnalysis, VsmKind, VsmSnapshot, layout
from boards.vsm.analysis import StateAnalysis
from boards.vsm.model import WARNING_CODES
from boards.vsm.read import parse_number
from tests.support.replicas import sync

KIND = VsmKind()


def make(
    current: dict[str, dict[str, Any]] | None = None,
    future: dict[str, dict[str, Any]] | None = None,
    settings: dict[str, Any] | None = None,
) -> Doc:
    content = Doc()
    KIND.seed(content, Doc(), language="en", demo=False)
    for state, steps in (("current", current or {}), ("future", future or {})):
        for step_id, fields in steps.items():
            layout.add_step(content, state, step_id, fields)  # type: ignore[arg-type]
    layout.settings(content).update(settings or {})
    return content


def run(content: Doc) -> tuple[VsmSnapshot, VsmAnalysis]:
    snapshot = KIND.read(content, Doc())
    return snapshot, KIND.analyse(snapshot)


def codes(warnings: list[DataWarning]) -> list[tuple[str, Any, Any]]:
    return [(w.code, w.params.get("step"), w.params.get("field")) for w in warnings]


def step(
    wait: float, cycle: float, klass: str = "va", dept: str = "A", unit: str = "min", **extra: Any
) -> dict[str, Any]:
    return {
        "name": "s",
        "department": dept,
        "wait_time": wait,
        "wait_unit": unit,
        "cycle_time": cycle,
        "cycle_unit": unit,
        "klass": klass,
        "pct_ca": 100.0,
        **extra,
    }


THREE = {  # the worked example used by several tests
    "a": step(10, 20, "va", "A", pct_ca=90.0),
    "b": step(30, 15, "nnva", "B", pct_ca=80.0),
    "c": step(60, 45, "waste", "A", pct_ca=None, waste_type="waiting"),
}


# -- the empty board ---------------------------------------------------------------------------


def test_empty_board_has_zero_metrics_and_no_warnings() -> None:
    snapshot, analysis = run(make())
    assert snapshot.current.steps == snapshot.future.steps == []
    assert snapshot.settings.day_hours == 8.0
    state = analysis.current
    assert (state.steps, state.lead_minutes, state.va_minutes) == (0, 0.0, 0.0)
    assert state.pce_pct is None and state.rolled_pct_ca is None and state.bottleneck is None
    assert [s.share_pct for s in state.by_class] == [None] * 5
    assert all(c.current is None and c.change is None for c in analysis.comparison)
    assert analysis.takt_minutes is None and analysis.warnings == []


def test_seed_without_demo_writes_only_the_layout() -> None:
    content = Doc()
    KIND.seed(content, Doc(), language="zh-CN", demo=False)
    assert set(layout.ROOTS) <= set(content.keys())
    assert layout.settings(content).to_py() == {
        "day_hours": 8.0,
        "time_basis": "working",
        "available_unit": "h",
    }


# -- metrics, checked by hand ------------------------------------------------------------------


def test_hand_checked_metrics() -> None:
    _, analysis = run(make(THREE))
    s = analysis.current
    # lead = (10+20) + (30+15) + (60+45) = 30 + 45 + 105 = 180 min; VA = 20 (step a)
    assert (s.lead_minutes, s.cycle_minutes, s.wait_minutes) == (180, 80, 100)
    assert (s.va_minutes, s.nnva_minutes, s.waste_minutes) == (20, 15, 45)
    assert s.pce_pct == pytest.approx(11.1111)  # 20 / 180 = 11.11 %
    assert s.rolled_pct_ca == pytest.approx(72.0)  # 0.9 × 0.8; c has no %C&A and is skipped
    assert s.pct_ca_skipped == ["c"]
    shares = {x.key: x.share_pct for x in s.by_class}
    # va 20/180, nnva 15/180, waste 45/180, wait 100/180, unclassified 0
    assert shares == pytest.approx(
        {"va": 11.1111, "nnva": 8.3333, "waste": 25.0, "wait": 55.5556, "unclassified": 0.0}
    )
    # department A: a (30) + c (105) = 135 = 75 %; B: 45 = 25 %
    assert [(x.key, x.minutes, x.share_pct) for x in s.by_department] == [
        ("A", 135, 75.0),
        ("B", 45, 25.0),
    ]
    assert (s.bottleneck, s.bottleneck_minutes) == ("c", 45)  # largest cycle
    assert [m.lead_share_pct for m in s.step_metrics] == pytest.approx([16.6667, 25.0, 58.3333])
    assert codes(analysis.warnings) == [("missing_pct_ca", "c", None)]


def test_mixed_units_with_a_custom_day_length() -> None:
    content = make(
        {
            "x": step(2, 1.5, cycle_unit="h", unit="d"),
            "y": step(0.5, 30, unit="min", wait_unit="d"),
        },
        settings={"day_hours": 7.5},
    )
    _, analysis = run(content)
    # x: cycle 1.5 h = 90 min, wait 2 d = 2 × 7.5 × 60 = 900 min
    # y: cycle 30 min, wait 0.5 d = 0.5 × 450 = 225 min; lead = 90 + 900 + 30 + 225 = 1245
    assert [(m.cycle_minutes, m.wait_minutes) for m in analysis.current.step_metrics] == [
        (90, 900),
        (30, 225),
    ]
    assert analysis.current.lead_minutes == 1245
    assert analysis.current.va_minutes == 120  # both VA: 90 + 30
    assert analysis.day_hours == 7.5


def test_zero_times_give_no_ratios_and_no_bottleneck() -> None:
    _, analysis = run(make({"a": step(0, 0), "b": step(0, 0, "nnva")}))
    s = analysis.current
    assert (s.lead_minutes, s.pce_pct, s.bottleneck) == (0, None, None)
    assert all(m.lead_share_pct is None for m in s.step_metrics)
    assert analysis.warnings == []  # 0 is a value, not a gap


def test_takt_time_and_steps_over_it() -> None:
    settings = {"day_hours": 7.5, "available_time": 7.5, "available_unit": "h", "demand": 5}
    content = make(
        {"a": step(0, 90), "b": step(0, 91), "c": step(0, 2, unit="h")}, settings=settings
    )
    _, analysis = run(content)
    assert analysis.takt_minutes == 90  # 7.5 h = 450 min / 5 units
    assert analysis.current.over_takt == ["b", "c"]  # 90 is not over, 91 and 120 are
    assert [m.over_takt for m in analysis.current.step_metrics] == [False, True, True]
    assert analysis.current.bottleneck == "c"


def test_takt_in_working_days() -> None:
    settings = {"day_hours": 8, "available_time": "1", "available_unit": "d", "demand": "4"}
    _, analysis = run(make({"a": step(0, 100)}, settings=settings))
    assert analysis.takt_minutes == 120  # 1 d × 8 h × 60 = 480 min / 4
    assert analysis.current.over_takt == []


def test_takt_needs_both_demand_and_available_time() -> None:
    _, analysis = run(make({"a": step(0, 100)}, settings={"demand": 10}))
    assert analysis.takt_minutes is None
    assert [(w.code, w.params) for w in analysis.warnings] == [
        ("takt_incomplete", {"missing": "available_time"})
    ]


def test_future_against_current() -> None:
    future = {"a": step(5, 20, "va", pct_ca=90.0), "b": step(10, 15, "nnva", pct_ca=90.0)}
    _, analysis = run(make(THREE, future))
    by_metric = {c.metric: c for c in analysis.comparison}
    lead = by_metric["lead_minutes"]
    # future lead = 25 + 25 = 50; 50 - 180 = -130; -130 / 180 = -72.22 %
    assert (lead.current, lead.future, lead.change) == (180, 50, -130)
    assert lead.change_pct == pytest.approx(-72.2222) and lead.improved is True
    pce = by_metric["pce_pct"]
    # PCE 20/180 = 11.11 % -> 20/50 = 40 %: +28.89 points, +260 % relative (40/11.11 = 3.6)
    assert pce.future == 40.0 and pce.change == pytest.approx(28.8889)
    assert pce.change_pct == pytest.approx(260.0) and pce.improved is True
    assert by_metric["rolled_pct_ca"].future == pytest.approx(81.0)  # 0.9 × 0.9
    waste = by_metric["waste_minutes"]
    assert (waste.change, waste.change_pct, waste.improved) == (-45, -100, True)
    assert by_metric["va_minutes"].improved is None  # no better direction
    assert analysis.comparison[0].metric == "lead_minutes"


def test_an_unchanged_metric_is_unchanged_not_worse() -> None:
    same = {"a": step(10, 20, "va", pct_ca=90.0), "b": step(30, 15, "nnva", pct_ca=80.0)}
    _, analysis = run(make(same, dict(same)))
    outcomes = {c.metric: (c.change, c.outcome, c.improved) for c in analysis.comparison}
    assert outcomes["lead_minutes"] == (0, "unchanged", None)
    assert outcomes["pce_pct"] == (0, "unchanged", None)
    assert outcomes["steps"] == (0, "unchanged", None)  # no better direction, still unchanged
    slower = {**same, "b": step(30, 25, "nnva", pct_ca=80.0)}
    _, analysis = run(make(same, slower))
    by_metric = {c.metric: c for c in analysis.comparison}
    assert (by_metric["lead_minutes"].outcome, by_metric["lead_minutes"].improved) == (
        "worse",
        False,
    )
    assert by_metric["va_minutes"].outcome == "unchanged"
    assert by_metric["cycle_minutes"].outcome == "worse"  # 35 -> 45 min


# -- fidelity: %C&A as a fraction, routing, takt per operator, time basis ----------------------


@pytest.mark.parametrize(
    ("value", "read_as", "warned"),
    [
        (0.95, 95, True),  # what a spreadsheet stores for 95 %
        ("0.95", 95, True),
        ("1", 100, True),
        ("0.95%", 0.95, False),  # the % sign says what it means
        (95, 95, False),
        ("85%", 85, False),
        (0, 0, False),
    ],
)
def test_pct_ca_written_as_a_fraction_is_read_as_a_percentage(
    value: Any, read_as: float, warned: bool
) -> None:
    snapshot, analysis = run(make({"a": step(0, 10, pct_ca=value)}))
    assert snapshot.current.steps[0].pct_ca == pytest.approx(read_as)
    assert analysis.current.rolled_pct_ca == pytest.approx(read_as)
    fraction = [w for w in analysis.warnings if w.code == "pct_fraction"]
    if warned:
        assert [w.params for w in fraction] == [
            {"state": "current", "step": "a", "field": "pct_ca", "value": str(value),
             "read_as": read_as}
        ]  # fmt: skip
    else:
        assert fraction == []


def test_routing_weights_lead_time_and_yield() -> None:
    """An approval only above a refund limit: 30 % of the cases pass it."""
    content = make(
        {
            "a": step(10, 20, "va", pct_ca=90.0),
            "b": step(100, 50, "nnva", pct_ca=80.0, routing_pct=0.3),  # a fraction: 30 %
            "c": step(30, 10, "waste", pct_ca="50%", routing_pct="50%"),
        }
    )
    snapshot, analysis = run(content)
    assert [s.routing_pct for s in snapshot.current.steps] == [100, 30, 50]
    s = analysis.current
    # lead = 1 × 30 + 0.3 × 150 + 0.5 × 40 = 30 + 45 + 20 = 95 min per case on average
    assert s.lead_minutes == 95
    assert [m.lead_minutes for m in s.step_metrics] == [30, 45, 20]
    assert [m.cycle_minutes for m in s.step_metrics] == [20, 50, 10]  # as entered
    # wait = 10 + 0.3 × 100 + 0.5 × 30 = 55; cycle = 20 + 15 + 5 = 40; nnva 15, waste 5
    assert (s.wait_minutes, s.cycle_minutes, s.nnva_minutes, s.waste_minutes) == (55, 40, 15, 5)
    assert s.pce_pct == pytest.approx(100 * 20 / 95, abs=1e-4)
    # yield: 0.9 × (1 − 0.3 + 0.3 × 0.8) × (1 − 0.5 + 0.5 × 0.5) = 0.9 × 0.94 × 0.75 = 0.6345
    assert s.rolled_pct_ca == pytest.approx(63.45)
    assert [(w.code, w.params["field"]) for w in analysis.warnings] == [
        ("pct_fraction", "routing_pct")
    ]


def test_routing_out_of_range_is_ignored_with_a_warning() -> None:
    snapshot, analysis = run(make({"a": step(10, 20, routing_pct=150), "b": step(0, 5)}))
    assert snapshot.current.steps[0].routing_pct == 100
    assert analysis.current.lead_minutes == 35
    assert codes(analysis.warnings) == [("out_of_range", "a", "routing_pct")]


def test_takt_is_compared_with_cycle_time_per_operator() -> None:
    settings = {"available_time": 8, "available_unit": "h", "demand": 6}  # takt 80 min
    content = make(
        {
            "verify": step(0, 3, unit="h", operators=2),  # 180 ÷ 2 = 90 > 80: over
            "reply": step(0, 2, unit="h", operators=3),  # 120 ÷ 3 = 40
            "approve": step(0, 100, operators=1, routing_pct=30),  # 100 < 80 ÷ 0.3 = 266.7
            "close": step(0, 85),  # no operators given: one person, 85 > 80
            "rare": step(0, 500, routing_pct=0),  # no case passes it: no takt
        },
        settings=settings,
    )
    _, analysis = run(content)
    assert analysis.takt_minutes == 80
    metrics = {m.id: m for m in analysis.current.step_metrics}
    assert {k: m.effective_cycle_minutes for k, m in metrics.items()} == {
        "verify": 90, "reply": 40, "approve": 100, "close": 85, "rare": 500,
    }  # fmt: skip
    assert metrics["approve"].step_takt_minutes == pytest.approx(266.6667)
    assert metrics["rare"].step_takt_minutes is None and not metrics["rare"].over_takt
    assert analysis.current.over_takt == ["verify", "close"]
    # the least capacity: verify 90 (approve carries 0.3 × 100 = 30 per case)
    assert (analysis.current.bottleneck, analysis.current.bottleneck_minutes) == ("verify", 90)


def test_working_and_calendar_time_are_converted_with_a_warning() -> None:
    """A calendar map with one step kept in working time (8-hour days)."""
    content = make(
        {
            "a": step(1, 2, unit="d"),  # calendar: 1 d = 1440, 2 d = 2880
            "b": step(1, 30, wait_unit="d", time_basis="working"),  # 1 working day = 8 h
        },
        settings={"time_basis": "calendar", "day_hours": 8},
    )
    _, analysis = run(content)
    metrics = analysis.current.step_metrics
    assert [m.time_basis for m in metrics] == ["calendar", "working"]
    assert [(m.wait_minutes, m.cycle_minutes) for m in metrics] == [
        (1440, 2880),
        # 480 working min × 24 / 8 = 1440 elapsed; 30 × 3 = 90
        (1440, 90),
    ]
    assert analysis.current.lead_minutes == 1440 + 2880 + 1440 + 90
    assert metrics[1].effective_cycle_minutes == 30  # takt compares time of work, unconverted
    assert [(w.code, w.params) for w in analysis.warnings] == [
        (
            "time_basis_converted",
            {"state": "current", "step": "b", "basis": "working", "to": "calendar",
             "day_hours": 8.0},
        )
    ]  # fmt: skip
    # the other way: a working map, one step in elapsed time: 24 h elapsed = 8 working h
    content = make({"a": step(24, 0, unit="h", time_basis="calendar")}, settings={"day_hours": 8})
    _, analysis = run(content)
    assert analysis.time_basis == "working" and analysis.current.lead_minutes == 480


def test_a_schema_1_map_reads_as_working_time_through_every_step() -> None:
    """Schema 1 had no time basis and no routing: their absence means what it meant then."""
    content = Doc()
    layout.declare(content)
    layout.settings(content).update({"day_hours": 8.0, "available_unit": "h"})
    layout.add_step(content, "current", "a", step(1, 2, unit="d"))
    snapshot, analysis = run(content)
    assert snapshot.settings.time_basis == "working"
    assert (snapshot.current.steps[0].routing_pct, snapshot.current.steps[0].time_basis) == (
        100,
        None,
    )
    assert analysis.current.lead_minutes == 3 * 8 * 60 and analysis.warnings == []
    assert analysis.schema_version == snapshot.schema_version == 2


def test_unknown_time_basis_is_a_warning() -> None:
    content = make({"a": step(0, 10, time_basis="lunar")}, settings={"time_basis": "工作时间"})
    snapshot, analysis = run(content)
    assert snapshot.settings.time_basis == "working"
    assert snapshot.current.steps[0].time_basis is None
    assert codes(analysis.warnings) == [("invalid_choice", "a", "time_basis")]


def test_comparison_is_empty_while_the_future_state_is_empty() -> None:
    _, analysis = run(make(THREE))
    lead = analysis.comparison[0]
    assert lead.current == 180 and lead.future is None and lead.change is None


# -- tolerant reading --------------------------------------------------------------------------


def test_parse_number() -> None:
    assert [parse_number(v) for v in (None, "", " 12 ", "3.5", "85%", 7, "１２")] == [
        None,
        None,
        12.0,
        3.5,
        85.0,
        7.0,
        12.0,
    ]
    for bad in ("abc", True, [1], "nan", "inf"):
        with pytest.raises(ValueError):
            parse_number(bad)


def test_garbage_fields_become_none_and_warnings() -> None:
    content = make(
        {
            "a": {
                "name": 42,
                "department": " CS ",
                "cycle_time": "12",
                "cycle_unit": "hours",
                "wait_time": " 30 ",
                "wait_unit": "分钟",
                "pct_ca": "85%",
                "klass": "VA",
                "systems": "CRM, ERP，WMS、CRM",
                "operators": "2",
            },
            "b": {
                "name": "b",
                "department": "CS",
                "cycle_time": "abc",
                "wait_time": -5,
                "pct_ca": 150,
                "klass": "gold",
                "waste_type": "Non-utilised talent",
                "wait_unit": "fortnight",
                "systems": 7,
            },
        },
        settings={"day_hours": "0", "demand": "x"},
    )
    layout.steps(content, "current")["junk"] = "not a map"
    snapshot, analysis = run(content)
    a, b = snapshot.current.steps
    assert (a.name, a.department, a.cycle_time, a.cycle_unit) == ("42", "CS", 12.0, "h")
    assert (a.wait_time, a.wait_unit, a.pct_ca, a.klass, a.operators) == (30, "min", 85, "va", 2)
    assert a.systems == ["CRM", "ERP", "WMS"]
    assert (b.cycle_time, b.wait_time, b.pct_ca, b.klass, b.wait_unit) == (None,) * 5
    assert b.waste_type == "non_utilised_talent" and b.systems == []
    assert snapshot.settings.day_hours == 8.0 and snapshot.settings.demand is None
    assert codes(snapshot.warnings) == [
        ("out_of_range", None, "day_hours"),
        ("invalid_number", None, "demand"),
        ("invalid_number", "b", "cycle_time"),
        ("out_of_range", "b", "wait_time"),
        ("out_of_range", "b", "pct_ca"),
        ("invalid_choice", "b", "wait_unit"),
        ("invalid_text", "b", "systems"),
        ("invalid_choice", "b", "klass"),
        ("invalid_step", "junk", None),
    ]
    assert snapshot.warnings[2].params == {
        "state": "current",
        "step": "b",
        "field": "cycle_time",
        "value": "abc",
    }
    # unreadable fields are not reported a second time as missing
    assert codes(analysis.warnings)[len(snapshot.warnings) :] == []
    assert analysis.current.lead_minutes == 12 * 60 + 30  # b contributes nothing readable


def test_systems_as_an_array_and_text_fields_as_text() -> None:
    content = make({"a": {"name": "a", "systems": ["CRM", " ", "OMS", 3]}})
    (a,) = run(content)[0].current.steps
    assert a.systems == ["CRM", "OMS"] and a.cycle_unit == "min"


def test_missing_fields_are_reported_as_gaps() -> None:
    _, analysis = run(make({"a": {"waste_type": "motion", "klass": "nnva"}}))
    assert [c for c, _, _ in codes(analysis.warnings)] == [
        "missing_name",
        "missing_department",
        "missing_cycle_time",
        "missing_wait_time",
        "missing_pct_ca",
        "waste_type_not_waste",
    ]


def test_order_skips_unknown_ids_keeps_first_duplicate_appends_unordered() -> None:
    content = make({"a": step(0, 1), "b": step(0, 1), "c": step(0, 1)})
    ids = layout.order(content, "current")
    with content.transaction():
        ids.clear()
        ids.extend(["c", "ghost", 3.0, "a", "c"])
        ids.append(Map({"junk": 1.0}))
    assert [s.id for s in run(content)[0].current.steps] == ["c", "a", "b"]


def test_markers_attach_to_steps() -> None:
    content = make({"a": step(0, 1)})
    layout.add_marker(content, "current", "k1", "a", "idea!", "idea", "i7", "board-9")
    layout.add_marker(content, "current", "k2", "gone", "", None)
    layout.markers(content, "current")["k3"] = Map({"step": "a", "text": "x", "link_kind": "?"})
    snapshot, analysis = run(content)
    k1 = snapshot.current.markers[0]
    assert (k1.step, k1.link_kind, k1.link_id, k1.link_board) == ("a", "idea", "i7", "board-9")
    assert snapshot.current.markers[1].link_kind is None
    assert [w.code for w in snapshot.warnings] == ["marker_unknown_step", "invalid_choice"]
    assert "marker_empty" in [w.code for w in analysis.warnings]
    assert analysis.current.step_metrics[0].markers == 2  # k1 and k3


def test_remove_step_takes_its_markers_and_order_entries() -> None:
    content = make({"a": step(0, 1), "b": step(0, 1)})
    layout.add_marker(content, "current", "k1", "a", "x")
    layout.remove_step(content, "current", "a")
    snapshot = run(content)[0]
    assert [s.id for s in snapshot.current.steps] == ["b"] and snapshot.current.markers == []
    assert list(layout.order(content, "current")) == ["b"]


def test_add_step_rejects_unknown_fields_and_states() -> None:
    with pytest.raises(ValueError, match="unknown step fields"):
        layout.add_step(Doc(), "current", "a", {"colour": "red"})
    with pytest.raises(ValueError, match="expected a state"):
        layout.add_step(Doc(), "past", "a", {})  # type: ignore[arg-type]


# -- concurrency -------------------------------------------------------------------------------


def test_concurrent_edits_of_different_fields_of_one_step_both_survive() -> None:
    one = Doc()
    KIND.seed(one, Doc(), language="en", demo=True)
    two = Doc()
    sync(one, two)
    steps_one, steps_two = layout.steps(one, "current"), layout.steps(two, "current")
    steps_one["c3"]["cycle_time"] = 1.0  # one shortens the cycle ...
    steps_two["c3"]["name"] = "Verify (renamed)"  # ... while two renames the step
    layout.add_step(one, "current", "n1", step(0, 5))
    layout.add_step(two, "current", "n2", step(0, 5))
    sync(one, two)
    snap_one, snap_two = run(one)[0], run(two)[0]
    assert snap_one == snap_two
    c3 = next(s for s in snap_one.current.steps if s.id == "c3")
    assert (c3.name, c3.cycle_time, c3.cycle_unit) == ("Verify (renamed)", 1.0, "h")
    assert {"n1", "n2"} <= {s.id for s in snap_one.current.steps}


def test_concurrent_moves_of_one_step_keep_it_once() -> None:
    one = make({"a": step(0, 1), "b": step(0, 1), "c": step(0, 1)})
    two = Doc()
    sync(one, two)
    layout.move_step(one, "current", "c", 0)
    layout.move_step(two, "current", "c", 1)
    sync(one, two)
    ids_one = [s.id for s in run(one)[0].current.steps]
    assert ids_one == [s.id for s in run(two)[0].current.steps]
    assert sorted(ids_one) == ["a", "b", "c"]


def test_systems_array_merges_concurrent_additions() -> None:
    one = make({"a": {"systems": ["CRM"]}})
    two = Doc()
    sync(one, two)
    systems_one = layout.steps(one, "current")["a"]["systems"]
    systems_two = layout.steps(two, "current")["a"]["systems"]
    assert isinstance(systems_one, Array) and isinstance(systems_two, Array)
    systems_one.append("OMS")
    systems_two.append("WMS")
    sync(one, two)
    assert sorted(run(one)[0].current.steps[0].systems) == ["CRM", "OMS", "WMS"]


# -- the demo ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "department"), [("zh-CN", "客服部"), ("en", "Customer service")]
)
def test_demo_reads_and_analyses(language: str, department: str) -> None:
    content = Doc()
    KIND.seed(content, Doc(), language=language, demo=True)
    snapshot, analysis = run(content)
    assert snapshot.warnings == [] and analysis.warnings == []
    current, future = analysis.current, analysis.future
    assert analysis.time_basis == "calendar" and analysis.takt_minutes == 80  # 480 min / 6
    assert_demo_current(current)
    # future (elapsed): 25 + 40 + 150 + 0.3 × (1440 + 20) + 360 + 427 = 1440 min = 24 h
    assert future.lead_minutes == 24 * 60 and future.pce_pct == pytest.approx(8.3333)
    approval = future.step_metrics[3]
    assert (approval.id, approval.routing_pct, approval.lead_minutes) == ("f4", 30, 438)
    assert approval.step_takt_minutes == pytest.approx(266.6667)  # 80 / 0.3
    # 0.98 × 0.90 × 0.95 × (1 − 0.3 + 0.3 × 0.90) × 0.95 × 0.99 = 0.764404
    assert future.rolled_pct_ca == pytest.approx(76.4404)
    assert future.over_takt == [] and future.bottleneck == "f5"  # 120 min ÷ 2 = 60
    assert analysis.comparison[0].change_pct == -50.0
    assert current.by_department[0].key == department
    assert len(snapshot.current.steps) == len(snapshot.future.steps) == 6
    assert snapshot.current.markers[0].link_id == "g1"
    assert VsmAnalysis.model_validate_json(analysis.model_dump_json()) == analysis


def assert_demo_current(current: StateAnalysis) -> None:
    # elapsed: 45 + 140 + 1140 + 750 + 600 + 205 = 2880 min = 48 h (not six working days)
    assert current.lead_minutes == 48 * 60
    # information verification: wait 16 h = 960 + cycle 3 h = 180 -> 1140 / 2880 = 39.58 %
    verify = current.step_metrics[2]
    assert verify.id == "c3" and verify.lead_share_pct == pytest.approx(39.5833)
    # 180 min ÷ 2 agents = 90 min per case, over the 80 min takt; the bottleneck
    assert verify.effective_cycle_minutes == 90 and verify.step_takt_minutes == 80
    assert current.bottleneck == "c3" and current.over_takt == ["c3"]
    assert current.bottleneck_minutes == 90
    assert current.pce_pct == pytest.approx(4.1667)  # VA 120 / 2880
    # 0.95 × 0.70 × 0.75 × 0.85 × 0.90 × 0.98 = 0.373913
    assert current.rolled_pct_ca == pytest.approx(37.3913)


def test_demo_falls_back_to_english() -> None:
    content = Doc()
    KIND.seed(content, Doc(), language="fr", demo=True)
    assert run(content)[0].current.steps[0].name == "Receive complaint"


def test_kind_contract() -> None:
    assert (KIND.name, KIND.schema_version, list(KIND.commands)) == (
        "vsm",
        2,
        ["vsm.map_from_data"],
    )
    assert KIND.private_view({"x": 1}, None) == {}  # type: ignore[arg-type]


def test_docs_list_every_name_and_warning_code() -> None:
    """docs/boards/vsm.md is what the TypeScript client mirrors: it must not drift."""
    docs = (Path(__file__).parents[2] / "docs" / "boards" / "vsm.md").read_text("utf-8")
    names = [
        *layout.ROOTS,
        *layout.STEP_FIELDS,
        *layout.DATA_FIELDS,
        *layout.MARKER_FIELDS,
        *layout.SETTINGS_FIELDS,
        *layout.UNITS,
        *layout.CLASSES,
        *layout.WASTE_TYPES,
        *layout.LINK_KINDS,
    ]
    assert [n for n in names if f'"{n}"' not in docs and f"`{n}`" not in docs] == []
    assert [c for c in WARNING_CODES if f"| `{c}` |" not in docs] == []
    assert f"schema {layout.SCHEMA_VERSION}" in docs


@pytest.mark.parametrize("seed", range(5))
def test_random_edits_on_three_peers_converge(seed: int) -> None:
    """Random step edits, adds, moves and removals with random delivery, then one snapshot."""
    rng = random.Random(seed)
    peers = [Doc() for _ in range(3)]
    KIND.seed(peers[0], Doc(), language="en", demo=True)
    sync(*peers)
    for n in range(60):
        doc = rng.choice(peers)
        state = rng.choice(layout.STATES)
        ids = [str(i) for i in layout.order(doc, state)]
        op = rng.random()
        if op < 0.2 or not ids:
            layout.add_step(doc, state, f"r{seed}-{n}", step(rng.randint(0, 9), rng.randint(1, 9)))
        elif op < 0.6:
            target = layout.steps(doc, state).get(rng.choice(ids))
            if isinstance(target, Map):
                field = rng.choice(["cycle_time", "wait_time", "name", "pct_ca", "klass"])
                target[field] = rng.choice([1.0, "7", "x", "va", 50.0, None])
        elif op < 0.85:
            layout.move_step(doc, state, rng.choice(ids), rng.randint(0, len(ids)))
        else:
            layout.remove_step(doc, state, rng.choice(ids))
        if rng.random() < 0.3:
            a, b = rng.sample(peers, 2)
            sync(a, b)
    sync(*peers)
    sync(*peers)
    results = [run(doc) for doc in peers]
    assert all(r == results[0] for r in results)
    assert results[0][1].model_dump_json() == results[-1][1].model_dump_json()
