"""``rollout``: the reader on junk, the XmR limits and run rules by hand, relapse direction,
readiness and override rules, exactly-once sustain readings, the frozen pilot of a decision
and the demo's planted relapse."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Array, Doc, Map

from boards.kind import Actor, RelatedBoard, Role
from boards.pilot import PilotKind
from boards.pilot.layout import kpis_map, pilot_map
from boards.pilot.layout import readings_map as pilot_readings
from boards.rollout import RolloutKind, spc
from boards.rollout.analysis import analyse, risk_level
from boards.rollout.layout import (
    decisions_array,
    readiness_map,
    readings_map,
    risks_map,
    sustain_map,
    waves_map,
)
from tests.support.commands import KindBoard
from tests.support.junk import documents, json_values, ledgers, write

KIND = RolloutKind()
NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
FAC = Actor("p-fac", Role.facilitator, "Wang Fang")
ED = Actor("p-ed", Role.editor, "Li Qiang")
LI = Actor("p-li", Role.pilot, "Li Wei")
MEI = Actor("p-mei", Role.pilot, "Mei")


def received(write_into: Doc) -> Doc:
    doc: Doc = Doc()
    doc.apply_update(write_into.get_update())
    return doc


def finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list):
        return all(finite(v) for v in value)
    return True


# --- the reader on junk ---------------------------------------------------------------

pilot_jsons = st.one_of(
    json_values.map(json.dumps),
    st.text(max_size=30),
    st.fixed_dictionaries(
        {},
        optional={
            "name": json_values,
            "kpis": st.lists(
                st.fixed_dictionaries(
                    {"id": st.sampled_from(["k1", "k2", "", 3])},
                    optional={
                        "better": st.sampled_from(["lower", "higher", "up", None]),
                        "baseline_sample": st.lists(json_values, max_size=4),
                        "readings": st.lists(
                            st.tuples(st.sampled_from(["2026-11-01", 5]), json_values).map(list)
                            | json_values,
                            max_size=6,
                        ),
                        "measure": json_values,
                        "min": json_values,
                    },
                ),
                max_size=3,
            )
            | json_values,
            "changes": json_values,
        },
    ).map(json.dumps),
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_documents_read_and_analyse(data: st.DataObject) -> None:
    content, ledger = Doc(), Doc()
    write(content, data.draw(documents("rollout"), label="content"))
    write(ledger, data.draw(ledgers("rollout"), label="ledger"))
    if data.draw(st.booleans(), label="with a decision"):
        decisions_array(ledger).append(
            Map({"verdict": "go", "pilot_json": data.draw(pilot_jsons, label="pilot_json")})
        )
        for i, value in enumerate(data.draw(st.lists(json_values, max_size=12), label="values")):
            readings_map(ledger)[f"r{i}"] = Map(
                {"kpi_id": "k1", "wave_id": "a", "date": f"2026-11-{i + 1:02d}", "value": value}
            )
    snapshot = KIND.read(received(content), received(ledger))
    analysis = KIND.analyse(snapshot)
    dumped = json.loads(json.dumps(analysis.model_dump(mode="json"), allow_nan=False))
    assert finite(dumped)
    json.dumps(snapshot.model_dump(mode="json"), allow_nan=False)


def test_junk_is_reported_not_trusted() -> None:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language="en", demo=False)
    waves_map(content)["w1"] = Map({"name": 7, "scope": "planet", "order": "x", "golive": []})
    risks_map(content)["r1"] = Map({"text": "RPA", "likelihood": 9, "impact": "4"})
    sustain_map(content)["k1"] = Map({"limits_from": "moon"})
    decisions_array(ledger).append(Map({"verdict": "go", "pilot_json": "{not json"}))
    decisions_array(ledger).append(Map({"verdict": "maybe"}))
    snapshot = KIND.read(content, ledger)
    wave = snapshot.waves[0]
    assert (wave.name, wave.scope, wave.order, wave.golive) == ("7", "department", 0.0, "")
    assert (snapshot.risks[0].likelihood, snapshot.risks[0].impact) == (None, 4)
    assert snapshot.sustain[0].limits_from == "pilot"
    assert snapshot.decision is not None and snapshot.decision.pilot.kpis == []
    assert len(snapshot.decision_history) == 1  # the verdict-less one is skipped
    codes = {(w.code, w.field) for w in snapshot.read_warnings}
    assert {
        ("invalid_choice", "waves.w1.scope"),
        ("invalid_number", "waves.w1.order"),
        ("invalid_text", "waves.w1.golive"),
        ("out_of_range", "risks.r1.likelihood"),
        ("invalid_choice", "sustain.k1.limits_from"),
        ("invalid_record", "decisions.0.pilot_json"),
        ("invalid_choice", "decisions.1.verdict"),
    } <= codes


# --- control limits and run rules by hand ---------------------------------------------

# Reference series 10, 12, 11, 14, 13:
#   centre = 60 / 5 = 12
#   moving ranges |12-10|, |11-12|, |14-11|, |13-14| = 2, 1, 3, 1 -> MR-bar = 7 / 4 = 1.75
#   sigma-hat = 1.75 / 1.128 = 1.55142
#   UCL = 12 + 2.66 * 1.75 = 16.655, LCL = 12 - 4.655 = 7.345
#   zones: 1 sigma 10.449 .. 13.551, 2 sigma 8.897 .. 15.103
REFERENCE = [10.0, 12.0, 11.0, 14.0, 13.0]


def test_xmr_limits_by_hand() -> None:
    lim = spc.limits(REFERENCE)
    assert lim is not None
    assert lim.centre == pytest.approx(12.0)
    assert lim.mr_bar == pytest.approx(1.75)
    assert lim.sigma == pytest.approx(1.551418, abs=1e-6)
    assert lim.ucl == pytest.approx(16.655)
    assert lim.lcl == pytest.approx(7.345)
    assert lim.n == 5
    assert spc.limits([3.0]) is None


def test_the_chart_constants() -> None:
    # d2 = E(range of two standard normals) = 2 / sqrt(pi); 2.66 = 3 / d2 rounded
    assert pytest.approx(2 / math.sqrt(math.pi), abs=5e-4) == spc.D2
    assert pytest.approx(3 / spc.D2, abs=5e-3) == spc.E2


def rules(points: list[float]) -> set[tuple[str, str, int, int]]:
    lim = spc.limits(REFERENCE)
    assert lim is not None
    return {(h.rule, h.side, h.first, h.last) for h in spc.check(points, lim)}


@pytest.mark.parametrize(
    ("points", "hit", "miss"),
    [
        # beyond_3s: 16.7 > UCL 16.655; 16.6 is not, nor 7.4 > LCL 7.345
        ([12, 16.7, 12], ("beyond_3s", "up", 1, 1), None),
        ([12, 7.3, 12], ("beyond_3s", "down", 1, 1), None),
        ([12, 16.6, 12, 7.4], None, "beyond_3s"),
        # two_of_three: 15.5 > 15.103 twice within 3 points; 4 points apart is no hit
        ([15.5, 12, 15.5], ("two_of_three", "up", 0, 2), None),
        ([15.5, 12, 12, 15.5], None, "two_of_three"),
        ([15.5, 8.5, 12], None, "two_of_three"),  # one each side
        # four_of_five: 14 > 13.551 four times within 5 points
        ([14, 14, 12, 14, 14], ("four_of_five", "up", 0, 4), None),
        ([10, 10, 12, 10, 10], ("four_of_five", "down", 0, 4), None),
        ([14, 14, 12, 12, 14, 14], None, "four_of_five"),
        # eight_side: 8 points above 12, all inside 1 sigma; 7 then one below is none
        ([12.5, 13, 12.5, 13, 12.5, 13, 12.5, 13], ("eight_side", "up", 0, 7), None),
        ([12.5, 13, 12.5, 13, 12.5, 13, 12.5, 11.5], None, "eight_side"),
        # trend_six: 6 points each above the last; a tie breaks the run
        ([10, 10.5, 11, 11.5, 12, 12.5], ("trend_six", "up", 0, 5), None),
        ([13, 12.5, 12, 11.5, 11, 10.5], ("trend_six", "down", 0, 5), None),
        ([10, 10.5, 11, 11, 11.5, 12], None, "trend_six"),
        ([10, 10.5, 11, 11.5, 12], None, "trend_six"),
    ],
)
def test_run_rules_hit_and_miss(
    points: list[float], hit: tuple[str, str, int, int] | None, miss: str | None
) -> None:
    found = rules(points)
    if hit is not None:
        assert hit in found
    if miss is not None:
        assert all(rule != miss for rule, *_ in found)


def test_points_in_control_raise_nothing() -> None:
    assert rules([12, 11, 13, 12, 10.8, 13.2, 12, 11.5, 12.4]) == set()


def test_overlapping_windows_of_a_rule_are_one_signal() -> None:
    # 9 points above centre: windows 0-7 and 1-8 are one stretch 0-8
    assert ("eight_side", "up", 0, 8) in rules([12.5, 13] * 4 + [12.5])


def test_without_variation_only_the_sigma_free_rules_apply() -> None:
    lim = spc.limits([5.0, 5.0, 5.0])
    assert lim is not None and lim.mr_bar == 0
    hits = spc.check([5.1] * 8, lim)
    assert {h.rule for h in hits} == {"eight_side"}


# --- charts on the board: direction, limits source -------------------------------------


def pilot_json(better: str = "lower", sample: list[float] | None = None) -> str:
    return json.dumps(
        {
            "name": "P",
            "kpis": [
                {
                    "id": "k1",
                    "name": "Handling time",
                    "unit": "h",
                    "better": better,
                    "baseline_sample": sample or [],
                    "readings": [[f"2026-10-0{i + 1}", v] for i, v in enumerate(REFERENCE)],
                    "min": 0,
                    "max": 100,
                },
                {
                    "id": "rate",
                    "name": "Repeat rate",
                    "measure": "rate",
                    "percent": True,
                    "readings": [["2026-10-01", 20.0], ["2026-10-02", 10.0]],
                    "min": 0,
                    "max": 100,
                },
            ],
            "changes": [{"date": "2026-10-03", "text": "Tiered approvals", "reason": "why"}],
        }
    )


def board_with(
    sustain: list[float], better: str = "lower", limits_from: str = "pilot", **extra: Any
) -> tuple[Doc, Doc]:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language="en", demo=False)
    decisions_array(ledger).append(
        Map({"verdict": "go", "pilot_json": pilot_json(better, **extra)})
    )
    sustain_map(content)["k1"] = Map({"limits_from": limits_from})
    for i, value in enumerate(sustain):
        readings_map(ledger)[f"s{i:02d}"] = Map(
            {"kpi_id": "k1", "wave_id": "w1", "date": f"2026-11-{i + 1:02d}", "value": value}
        )
    return content, ledger


def chart_of(content: Doc, ledger: Doc, kpi: str = "k1") -> Any:
    analysis = analyse(KIND.read(content, ledger), date(2026, 12, 6))
    return next(c for c in analysis.charts if c.kpi_id == kpi), analysis


def test_a_rise_relapses_a_lower_is_better_kpi() -> None:
    chart, analysis = chart_of(*board_with([12, 16.7]))
    assert (chart.centre, chart.limit_points, chart.provisional) == (12.0, 5, True)
    assert chart.signals[0].direction == "worse" and chart.signals[0].rule == "beyond_3s"
    assert chart.relapse and not chart.holding and analysis.relapse
    assert chart.points[1].signals == ["beyond_3s"] and chart.points[0].signals == []
    assert any(f.code == "relapse" for f in analysis.findings)


def test_the_same_rise_is_a_gain_for_a_higher_is_better_kpi() -> None:
    chart, analysis = chart_of(*board_with([12, 16.7], better="higher"))
    assert chart.signals[0].direction == "better"
    assert not chart.relapse and chart.holding and not analysis.relapse


def test_a_fall_relapses_a_higher_is_better_kpi() -> None:
    chart, _ = chart_of(*board_with([12, 7.3], better="higher"))
    assert chart.relapse and chart.signals[0].direction == "worse"


def test_limits_from_the_baseline_sample_and_the_fallback() -> None:
    # baseline sample 20, 24, 22: centre 22, MR-bar (4 + 2) / 2 = 3, UCL 22 + 7.98 = 29.98
    chart, _ = chart_of(*board_with([20], limits_from="baseline", sample=[20, 24, 22]))
    assert (chart.limits_from, chart.limits_fallback) == ("baseline", False)
    assert chart.centre == pytest.approx(22.0) and chart.ucl == pytest.approx(29.98)
    chart, analysis = chart_of(*board_with([20], limits_from="baseline", sample=[20]))
    assert (chart.limits_from, chart.limits_fallback, chart.centre) == ("pilot", True, 12.0)
    assert any(f.code == "baseline_too_short" for f in analysis.findings)


def test_a_rate_kpi_charts_each_readings_counts() -> None:
    content, ledger = board_with([])
    readings_map(ledger)["r1"] = Map(
        {
            "kpi_id": "rate",
            "wave_id": "w1",
            "date": "2026-11-01",
            "value": 99.0,
            "numerator": 3.0,
            "denominator": 30.0,
        }
    )
    chart, _ = chart_of(content, ledger, "rate")
    # limits from 20 and 10: centre 15, MR-bar 10
    assert (chart.centre, chart.mr_bar) == (15.0, 10.0)
    assert chart.points[0].value == pytest.approx(10.0)


def test_no_decision_no_charts() -> None:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language="en", demo=False)
    analysis = KIND.analyse(KIND.read(content, ledger))
    assert analysis.charts == [] and analysis.decision is None and not analysis.relapse
    assert [f.code for f in analysis.findings] == ["no_decision"]


def test_risk_heat_map_and_levels() -> None:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language="en", demo=False)
    for key, (li, im, status) in {
        "a": (4, 4, "open"),
        "b": (1, 5, "open"),
        "c": (2, 2, "closed"),
        "d": (3, 4, "mitigating"),
    }.items():
        risks_map(content)[key] = Map(
            {"text": key, "likelihood": float(li), "impact": float(im), "status": status}
        )
    analysis = KIND.analyse(KIND.read(content, ledger))
    assert analysis.risk_matrix[3][3] == 1 and analysis.risk_matrix[0][4] == 1
    assert analysis.risk_matrix[1][1] == 0  # closed risks leave the heat map
    assert [(r.id, r.score, r.level) for r in analysis.risks] == [
        ("a", 16, "high"),
        ("d", 12, "medium"),
        ("b", 5, "medium"),
        ("c", 4, "low"),
    ]
    assert [risk_level(s) for s in (4, 5, 12, 15)] == ["low", "medium", "medium", "high"]


# --- commands --------------------------------------------------------------------------


def pilot_board() -> RelatedBoard:
    kind = PilotKind()
    content, ledger = Doc(), Doc()
    kind.seed(content, ledger, language="en", demo=False)
    pilot_map(content).update({"name": "Complaints", "start": "2026-10-01", "end": "2026-10-05"})
    kpis_map(content)["k1"] = Map(
        {
            "name": "Handling time",
            "unit": "h",
            "better": "lower",
            "baseline": 48.0,
            "baseline_sample": Array([46.0, 52.0, 44.0]),
            "min": 0.0,
            "max": 100.0,
        }
    )
    kpis_map(content)["rate"] = Map({"name": "Repeats", "measure": "rate", "baseline": 20.0})
    for i, value in enumerate(REFERENCE):
        pilot_readings(ledger)[f"p{i}"] = Map(
            {"kpi_id": "k1", "date": f"2026-10-0{i + 1}", "value": value}
        )
    snapshot = kind.read(content, ledger)
    return RelatedBoard("pilot", "Pilot", snapshot, kind.analyse(snapshot))


class Board(KindBoard):
    def __init__(self) -> None:
        super().__init__(KIND, NOW)
        self.related = {"pilot-1": pilot_board()}
        waves_map(self.content)["w1"] = Map({"name": "Team 1", "golive": "2026-11-20"})
        for std in ("training", "sop"):
            readiness_map(self.content)[f"w1-{std}"] = Map(
                {"wave_id": "w1", "std": std, "label": "", "done": std == "training"}
            )
        readiness_map(self.content)["w1-qa"] = Map(
            {"wave_id": "w1", "std": "", "label": "QA checks", "done": False}
        )

    def done(self, item: str) -> None:
        readiness_map(self.content)[item]["done"] = True

    def live(self) -> None:
        self.done("w1-sop")
        self.done("w1-qa")
        self.run(ED, "rollout.wave_live", wave_id="w1", date="2026-11-20")

    def decide(self, verdict: str = "go_with_changes") -> dict[str, Any]:
        return self.run(
            FAC, "rollout.decide", verdict=verdict, rationale="gain holds", pilot_board_id="pilot-1"
        )


def test_command_roles_and_declared_reads() -> None:
    specs = KIND.commands
    assert specs["rollout.decide"].reads == ("pilot",)
    assert specs["rollout.decide"].roles == {Role.facilitator}
    assert specs["rollout.decide"].allowed_when_locked
    assert specs["rollout.wave_reopen"].roles == {Role.facilitator}
    assert specs["rollout.wave_live"].roles == {Role.facilitator, Role.editor}
    assert specs["rollout.reading"].roles == {Role.pilot, Role.editor, Role.facilitator}
    assert specs["rollout.reading"].allowed_when_locked
    assert all(spec.reads == () for n, spec in specs.items() if n != "rollout.decide")


def test_decide_copies_the_pilot_summary() -> None:
    board = Board()
    assert (
        board.fails(FAC, "rollout.decide", verdict="go", rationale="x", pilot_board_id="other").code
        == "unknown_pilot_board"
    )
    assert (
        board.fails(
            FAC, "rollout.decide", verdict="go", rationale="   ", pilot_board_id="pilot-1"
        ).code
        == "rationale_required"
    )
    result = board.decide()
    assert result["verdict"] == "go_with_changes" and result["revision"] == 1
    decision = KIND.read(board.content, board.ledger).decision
    assert decision is not None
    assert (decision.decided_by, decision.participant_id) == ("Wang Fang", "p-fac")
    assert decision.decided_at == NOW.isoformat() and decision.pilot_board_id == "pilot-1"
    pilot = decision.pilot
    assert (pilot.name, pilot.start, pilot.end) == ("Complaints", "2026-10-01", "2026-10-05")
    k1 = next(k for k in pilot.kpis if k.id == "k1")
    assert [p.value for p in k1.readings] == REFERENCE
    assert k1.baseline_sample == [46.0, 52.0, 44.0] and (k1.min, k1.max) == (0.0, 100.0)
    assert k1.verdict == "significant_improvement"
    assert next(k for k in pilot.kpis if k.id == "rate").measure == "rate"
    # the pilot board changes later: the decision keeps what it was taken on
    board.related = {}
    snapshot = KIND.read(board.content, board.ledger)
    assert snapshot.decision is not None and snapshot.decision.pilot.kpis[0].readings == k1.readings


def test_a_new_decision_keeps_the_old_one_as_history() -> None:
    board = Board()
    board.decide("go")
    board.decide("stop")
    snapshot = KIND.read(board.content, board.ledger)
    assert [d.verdict for d in snapshot.decision_history] == ["go", "stop"]
    assert snapshot.decision is not None and snapshot.decision.verdict == "stop"
    assert KIND.analyse(snapshot).decision.revisions == 1  # type: ignore[union-attr]


def test_a_wave_with_open_items_goes_live_only_with_a_recorded_override() -> None:
    board = Board()
    assert board.fails(ED, "rollout.wave_live", wave_id="nope").code == "unknown_wave"
    error = board.fails(ED, "rollout.wave_live", wave_id="w1")
    assert error.code == "readiness_open"
    assert error.params["items"] == ["readiness.sop", "QA checks"]
    error = board.fails(ED, "rollout.wave_live", wave_id="w1", override=True, reason="  ")
    assert error.code == "reason_required"
    assert board.fails(ED, "rollout.wave_live", wave_id="w1", date="2026-12-08").code == (
        "date_in_future"
    )
    result = board.run(
        ED, "rollout.wave_live", wave_id="w1", date="2026-11-21", override=True, reason="SOP late"
    )
    assert result == {"wave_id": "w1", "date": "2026-11-21", "override": True}
    snapshot = KIND.read(board.content, board.ledger)
    golive = snapshot.golive["w1"]
    assert (golive.override, golive.reason, golive.by) == (True, "SOP late", "Li Qiang")
    assert golive.open_items == ["readiness.sop", "QA checks"]
    wave = KIND.analyse(snapshot).waves[0]
    assert (wave.status, wave.overridden, wave.golive_actual) == ("live", True, "2026-11-21")
    assert board.fails(ED, "rollout.wave_live", wave_id="w1").code == "wave_already_live"


def test_a_ready_wave_goes_live_without_override_and_reopen_is_logged() -> None:
    board = Board()
    board.live()
    snapshot = KIND.read(board.content, board.ledger)
    assert snapshot.golive["w1"].override is False and snapshot.golive["w1"].open_items == []
    assert ED.role not in KIND.commands["rollout.wave_reopen"].roles
    board.run(FAC, "rollout.wave_reopen", wave_id="w1")
    assert board.fails(FAC, "rollout.wave_reopen", wave_id="w1").code == "wave_not_live"
    snapshot = KIND.read(board.content, board.ledger)
    assert "w1" not in snapshot.golive
    assert [(e.wave_id, e.action) for e in snapshot.golive_log] == [
        ("w1", "live"),
        ("w1", "reopen"),
    ]
    assert KIND.analyse(snapshot).waves[0].status == "planned"


READING = {"submission_id": "sustain-0001", "kpi_id": "k1", "wave_id": "w1",
           "date": "2026-11-25", "value": 13.0}  # fmt: skip


def test_reading_rules() -> None:
    board = Board()
    assert board.fails(LI, "rollout.reading", **READING).code == "no_rollout_decision"
    board.decide("stop")
    assert board.fails(LI, "rollout.reading", **READING).code == "no_rollout_decision"
    board.decide("go")
    for change, code in (
        ({"kpi_id": "nope"}, "unknown_kpi"),
        ({"wave_id": "nope"}, "unknown_wave"),
        ({}, "wave_not_live"),
    ):
        assert board.fails(LI, "rollout.reading", **{**READING, **change}).code == code
    board.live()
    for change, code in (
        ({"date": "2026-11-19"}, "date_before_golive"),
        ({"date": "2026-12-08"}, "date_in_future"),
        ({"value": 101.0}, "value_out_of_range"),
        ({"kpi_id": "rate", "value": None}, "counts_required"),
        (
            {"kpi_id": "rate", "value": None, "numerator": 5, "denominator": 4},
            "numerator_above_denominator",
        ),
    ):
        assert board.fails(LI, "rollout.reading", **{**READING, **change}).code == code
    board.run(LI, "rollout.reading", **{**READING, "date": "2026-11-20"})  # go-live day counts
    board.run(LI, "rollout.reading", **{**READING, "submission_id": "sustain-0002",
                                       "date": "2026-12-07"})  # fmt: skip  # tomorrow counts
    rate = {**READING, "submission_id": "sustain-0003", "kpi_id": "rate", "value": None,
            "numerator": 3, "denominator": 30}  # fmt: skip
    board.run(LI, "rollout.reading", **rate)
    readings = KIND.read(board.content, board.ledger).readings
    assert [(r.date, r.kpi_id, r.value, r.numerator) for r in readings] == [
        ("2026-11-20", "k1", 13.0, None),
        ("2026-11-25", "rate", 10.0, 3),
        ("2026-12-07", "k1", 13.0, None),
    ]


def test_a_repeated_reading_returns_the_first_result_and_adds_nothing() -> None:
    board = Board()
    board.decide()
    board.live()
    first = board.run(LI, "rollout.reading", **READING)
    assert first == {"id": "sustain-0001", "type": "reading", "submitted_at": NOW.isoformat()}
    # a repeat (the phone never saw the answer) with other numbers: the first result, no row
    again = board.run(LI, "rollout.reading", **{**READING, "value": 99.0})
    assert again == first
    readings = KIND.read(board.content, board.ledger).readings
    assert [(r.id, r.value, r.display_name) for r in readings] == [("sustain-0001", 13.0, "Li Wei")]
    assert board.fails(MEI, "rollout.reading", **READING).code == "submission_id_taken"
    anonymous = Actor("", Role.pilot, "link")
    assert board.fails(anonymous, "rollout.reading", **READING).code == "participant_required"
    chart, _ = chart_of(board.content, board.ledger)
    assert len(chart.points) == 1


def test_overdue_waves_are_late() -> None:
    board = Board()
    snapshot = KIND.read(board.content, board.ledger)
    assert analyse(snapshot, date(2026, 11, 21)).waves[0].late
    assert not analyse(snapshot, date(2026, 11, 20)).waves[0].late
    board.live()
    assert not analyse(KIND.read(board.content, board.ledger), date(2026, 12, 1)).waves[0].late


# --- demo ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_demo_flags_its_planted_relapse(language: str) -> None:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language=language, demo=True)
    snapshot = KIND.read(content, ledger)
    assert snapshot.read_warnings == []
    analysis = KIND.analyse(snapshot)
    assert analysis.decision is not None and analysis.decision.verdict == "go_with_changes"
    assert analysis.decision.plan_changes == 2
    assert [w.status for w in analysis.waves] == ["live", "live", "preparing"]
    assert [w.overridden for w in analysis.waves] == [False, True, False]
    assert snapshot.golive["wave-2"].reason
    assert len(snapshot.resources) == 5 and analysis.resources["compliance"]
    assert len(analysis.risks) == 5
    assert len({r.level for r in analysis.risks}) >= 2
    handling = next(c for c in analysis.charts if c.kpi_id == "handling_time")
    repeat = next(c for c in analysis.charts if c.kpi_id == "repeat_rate")
    assert len(handling.points) == 14 and len(repeat.points) == 14
    # pilot limits by hand (docs/boards/rollout.md): centre 326 / 10 = 32.6, MR-bar 42 / 9
    assert handling.centre == pytest.approx(32.6)
    assert handling.mr_bar == pytest.approx(42 / 9)
    assert handling.ucl == pytest.approx(32.6 + 2.66 * 42 / 9)
    worse = {s.rule for s in handling.signals if s.direction == "worse"}
    assert {"beyond_3s", "two_of_three", "trend_six"} <= worse
    assert handling.relapse and not repeat.relapse and repeat.holding and analysis.relapse
    assert handling.points[-1].signals and "beyond_3s" in handling.points[-1].signals


# --- catalogs --------------------------------------------------------------------------


def test_every_code_has_its_catalog_text() -> None:
    import re
    from pathlib import Path

    from boards.rollout.analysis import FINDING_CODES
    from boards.rollout.layout import STANDARDS, VERDICTS

    root = Path(__file__).resolve().parents[2]
    raised = set(
        re.findall(
            r'CommandError\(\s*"(\w+)"',
            "".join(
                (root / p).read_text(encoding="utf-8")
                for p in ("boards/rollout/commands.py", "boards/submissions.py")
            ),
        )
    )
    # the pilot's reading rules, which sustain readings reuse
    raised |= {"value_out_of_range", "counts_required", "numerator_above_denominator"}
    raised |= {"value_required"}
    for language in ("en", "zh-CN"):
        client = json.loads(
            (root / f"client/src/boards/rollout/i18n/{language}.json").read_text(encoding="utf-8")
        )["kinds"]["rollout"]
        report = json.loads((root / f"exports/i18n/{language}.json").read_text(encoding="utf-8"))
        assert raised <= set(client["errors"]), language
        assert set(FINDING_CODES) <= set(client["codes"]), language
        assert set(spc.RULES) <= set(client["rules"]), language
        assert set(STANDARDS) <= set(client["readiness"]), language
        assert set(VERDICTS) <= set(client["verdict"]), language
        for prefix, codes in (
            ("finding", FINDING_CODES),
            ("rule", spc.RULES),
            ("readiness", STANDARDS),
            ("verdict", VERDICTS),
        ):
            assert all(f"rollout.{prefix}.{c}" in report for c in codes), (language, prefix)
