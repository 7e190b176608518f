"""The pilot kind: every submission rule, idempotent repeats, evaluation by hand, demo."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pycrdt import Array, Doc, Map
from pydantic import ValidationError
from scipy import stats

from boards.kind import Actor, CommandContext, CommandError, Role
from boards.pilot import PilotAnalysis, PilotKind
from boards.pilot.demo import shift
from boards.pilot.evaluate import evaluate_kpi, significance, summarise_feedback
from boards.pilot.layout import Feedback, Kpi, Reading, kpis_map, pilot_map, sites_array

KIND = PilotKind()
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
LI = Actor("p-li", Role.pilot, "Li Wei")
MEI = Actor("p-mei", Role.pilot, "Mei")
INVITE = Actor("", Role.pilot, "Invite link")


class Board:
    def __init__(
        self,
        sites: tuple[str, ...] = ("East", "South"),
        start: str = "2026-03-02",
        end: str = "2026-03-15",
    ) -> None:
        self.content, self.ledger = Doc(), Doc()
        self.private: dict[str, Any] = {}
        KIND.seed(self.content, self.ledger, language="en", demo=False)
        pilot_map(self.content).update({"name": "P", "start": start, "end": end})
        sites_array(self.content).extend(list(sites))
        kpis_map(self.content)["ht"] = Map(
            {
                "name": "Handling time",
                "unit": "h",
                "better": "lower",
                "baseline": 48,
                "target": 24,
                "min": 0,
                "max": 240,
            }
        )

    def run(self, actor: Actor, name: str, **payload: Any) -> dict[str, Any]:
        spec = KIND.commands[name]
        assert actor.role in spec.roles
        ctx = CommandContext(actor, self.content, self.ledger, self.private, NOW)
        result = spec.handler(ctx, spec.payload.model_validate(payload))
        self.private = json.loads(json.dumps(ctx.private))  # persisted as JSON
        return result

    def fails(self, actor: Actor, name: str, **payload: Any) -> CommandError:
        before = self.ledger_py(), json.dumps(self.private)
        with pytest.raises(CommandError) as caught:
            self.run(actor, name, **payload)
        assert (self.ledger_py(), json.dumps(self.private)) == before
        return caught.value

    def reading(self, actor: Actor = LI, **payload: Any) -> dict[str, Any]:
        return self.run(actor, "pilot.reading", **{**READING, **payload})

    def ledger_py(self) -> dict[str, Any]:
        return {root: self.ledger.get(root, type=Map).to_py() for root in ("readings", "feedback")}


READING = {
    "submission_id": "3f0e1c9a-0000-4000-8000-000000000001",
    "kpi_id": "ht",
    "date": "2026-03-09",
    "value": 30.5,
    "site": "East",
}
FEEDBACK = {
    "submission_id": "3f0e1c9a-0000-4000-8000-0000000000f1",
    "kind": "problem",
    "ratings": {"satisfaction": 2, "ease": 4},
    "text": "  RPA misreads cases  ",
}


def test_roles_and_lock() -> None:
    for name in ("pilot.reading", "pilot.feedback"):
        spec = KIND.commands[name]
        assert spec.roles == {Role.pilot, Role.editor, Role.facilitator}
        assert spec.allowed_when_locked


# --- readings ---------------------------------------------------------------------------


def test_reading_is_recorded_and_attributed() -> None:
    board = Board()
    result = board.reading()
    assert result == {
        "id": READING["submission_id"],
        "type": "reading",
        "submitted_at": NOW.isoformat(),
    }
    assert board.ledger_py()["readings"] == {
        READING["submission_id"]: {
            "kpi_id": "ht",
            "date": "2026-03-09",
            "value": 30.5,
            "site": "East",
            "participant_id": "p-li",
            "display_name": "Li Wei",
            "submitted_at": NOW.isoformat(),
        }
    }


def test_repeated_reading_returns_the_first_result_and_adds_nothing() -> None:
    board = Board()
    first = board.reading()
    assert board.reading() == first
    # a repeat is answered whatever changed since (here the KPI is gone) or was resent
    del kpis_map(board.content)["ht"]
    assert board.reading(value=31.0) == first
    assert len(board.ledger_py()["readings"]) == 1
    assert board.ledger_py()["readings"][READING["submission_id"]]["value"] == 30.5
    assert len(KIND.private_view(board.private, LI)["submissions"]) == 1


def test_submission_id_of_someone_else_or_other_type_is_refused() -> None:
    board = Board()
    board.reading()
    error = board.fails(MEI, "pilot.reading", **READING)
    assert (error.code, error.status) == ("submission_id_taken", 409)
    assert error.params == {"submission_id": READING["submission_id"]}
    same_id = {**FEEDBACK, "submission_id": READING["submission_id"]}
    assert board.fails(LI, "pilot.feedback", **same_id).code == "submission_id_taken"


def test_unknown_kpi() -> None:
    error = Board().fails(LI, "pilot.reading", **{**READING, "kpi_id": "nope"})
    assert (error.code, error.params) == ("unknown_kpi", {"kpi_id": "nope"})


@pytest.mark.parametrize("value", [-0.5, 240.01, 1e9])
def test_value_out_of_plausible_range(value: float) -> None:
    error = Board().fails(LI, "pilot.reading", **{**READING, "value": value})
    assert error.code == "value_out_of_range"
    assert error.params == {"kpi_id": "ht", "value": value, "min": 0.0, "max": 240.0}


def test_range_bounds_are_inclusive_and_optional() -> None:
    board = Board()
    board.reading(submission_id="sub-000001", value=0)
    board.reading(submission_id="sub-000002", value=240)
    kpis_map(board.content)["free"] = Map({"name": "No range", "baseline": 1})
    board.reading(submission_id="sub-000003", kpi_id="free", value=-1e6)


@pytest.mark.parametrize("day", ["2026-03-01", "2026-03-16"])
def test_date_outside_period(day: str) -> None:
    error = Board().fails(LI, "pilot.reading", **{**READING, "date": day})
    assert error.code == "date_outside_period"
    assert error.params == {"date": day, "start": "2026-03-02", "end": "2026-03-15"}


def test_period_ends_are_inclusive_and_may_be_open() -> None:
    board = Board()
    board.reading(submission_id="sub-000001", date="2026-03-02")
    board = Board(start="", end="")
    board.reading(submission_id="sub-000002", date="2020-01-01")


def test_date_in_the_future() -> None:
    board = Board(end="2026-12-31")
    board.reading(submission_id="sub-000001", date="2026-03-11")  # NOW + 1 day: time zones
    error = board.fails(LI, "pilot.reading", **{**READING, "date": "2026-03-12"})
    assert (error.code, error.params) == (
        "date_in_future",
        {"date": "2026-03-12", "latest": "2026-03-11"},
    )


def test_site_must_be_one_of_the_pilot_sites() -> None:
    error = Board().fails(LI, "pilot.reading", **{**READING, "site": "North"})
    assert (error.code, error.params) == (
        "unknown_site",
        {"site": "North", "sites": ["East", "South"]},
    )
    assert Board().fails(LI, "pilot.reading", **{**READING, "site": ""}).code == "unknown_site"
    board = Board(sites=("Only",))
    board.reading(site="")
    assert board.ledger_py()["readings"][READING["submission_id"]]["site"] == "Only"
    board = Board(sites=())
    board.reading(site=" Anywhere ")
    assert board.ledger_py()["readings"][READING["submission_id"]]["site"] == "Anywhere"


@pytest.mark.parametrize(
    "change",
    [
        {"value": float("nan")},
        {"value": float("inf")},
        {"value": "lots"},
        {"submission_id": "short"},
        {"submission_id": "has spaces in it"},
        {"submission_id": "x" * 65},
        {"date": "2026-02-30"},
        {"kpi_id": ""},
    ],
)
def test_reading_payload_is_validated(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        KIND.commands["pilot.reading"].payload.model_validate({**READING, **change})


def test_submitting_needs_a_participant_id() -> None:
    error = Board().fails(INVITE, "pilot.reading", **READING)
    assert (error.code, error.status) == ("participant_required", 403)
    assert Board().fails(INVITE, "pilot.feedback", **FEEDBACK).code == "participant_required"


# --- feedback ---------------------------------------------------------------------------


def test_feedback_is_recorded_and_attributed() -> None:
    board = Board()
    result = board.run(LI, "pilot.feedback", **FEEDBACK)
    assert result == {
        "id": FEEDBACK["submission_id"],
        "type": "feedback",
        "submitted_at": NOW.isoformat(),
    }
    assert board.ledger_py()["feedback"][FEEDBACK["submission_id"]] == {
        "kind": "problem",
        "satisfaction": 2,
        "ease": 4,
        "text": "RPA misreads cases",
        "anonymous": False,
        "participant_id": "p-li",
        "display_name": "Li Wei",
        "submitted_at": NOW.isoformat(),
    }
    assert board.run(LI, "pilot.feedback", **FEEDBACK) == result  # repeat
    assert len(board.ledger_py()["feedback"]) == 1


def test_anonymous_feedback_keeps_its_author_in_the_store_only() -> None:
    board = Board()
    board.run(LI, "pilot.feedback", **{**FEEDBACK, "anonymous": True})
    record = board.ledger_py()["feedback"][FEEDBACK["submission_id"]]
    assert (record["participant_id"], record["display_name"], record["anonymous"]) == ("", "", True)
    assert "p-li" not in json.dumps(board.ledger_py())
    # the author still sees it as theirs, and only they can repeat it
    mine = KIND.private_view(board.private, LI)["submissions"]
    assert [(m["id"], m["type"], m["anonymous"]) for m in mine] == [
        (FEEDBACK["submission_id"], "feedback", True)
    ]
    assert KIND.private_view(board.private, MEI) == {"submissions": []}
    assert board.run(LI, "pilot.feedback", **{**FEEDBACK, "anonymous": True})["id"]
    assert board.fails(MEI, "pilot.feedback", **FEEDBACK).code == "submission_id_taken"


def test_feedback_needs_text_or_a_rating() -> None:
    error = Board().fails(LI, "pilot.feedback", **{**FEEDBACK, "text": "   ", "ratings": {}})
    assert error.code == "empty_feedback"
    board = Board()
    board.run(LI, "pilot.feedback", **{**FEEDBACK, "text": "", "ratings": {"ease": 5}})
    board.run(LI, "pilot.feedback", submission_id="sub-000009", kind="praise", text="Great")
    saved = board.ledger_py()["feedback"]["sub-000009"]
    assert (saved["satisfaction"], saved["ease"]) == (None, None)


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "complaint"},
        {"ratings": {"satisfaction": 6}},
        {"ratings": {"ease": 0}},
        {"ratings": {"satisfaction": True}},
        {"ratings": {"ease": 4.5}},
        {"text": "x" * 2001},
    ],
)
def test_feedback_payload_is_validated(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        KIND.commands["pilot.feedback"].payload.model_validate({**FEEDBACK, **change})


def test_private_view_lists_my_submissions_oldest_first() -> None:
    board = Board()
    board.reading(submission_id="sub-000002")
    board.run(MEI, "pilot.feedback", **FEEDBACK)
    board.run(LI, "pilot.feedback", **{**FEEDBACK, "submission_id": "sub-000001"})
    mine = KIND.private_view(board.private, LI)["submissions"]
    # same submitted_at (NOW): id order
    assert [(m["id"], m["type"]) for m in mine] == [
        ("sub-000001", "feedback"),
        ("sub-000002", "reading"),
    ]
    assert KIND.private_view(board.private, INVITE) == {"submissions": []}


# --- evaluation -------------------------------------------------------------------------


def readings(
    values: list[float], days: list[str] | None = None, sites: list[str] | None = None
) -> list[Reading]:
    days = days or [f"2026-03-{i + 2:02d}" for i in range(len(values))]
    sites = sites or ["East"] * len(values)
    return [
        Reading(id=f"r{i}", kpi_id="k", date=d, value=v, site=s)
        for i, (v, d, s) in enumerate(zip(values, days, sites, strict=True))
    ]


LOWER = Kpi(id="k", name="Handling time", better="lower", baseline=40, target=33)
HIGHER = Kpi(id="k", name="Satisfaction", better="higher", baseline=3.0, target=4.0)


def test_evaluation_lower_is_better_by_hand() -> None:
    # values 30, 32, 34, 36, 38 on 2 Mar .. 6 Mar (one a day), baseline 40, target 33
    result = evaluate_kpi(LOWER, readings([38, 36, 34, 32, 30]))
    assert result.mean == 34  # (38+36+34+32+30) / 5 = 170 / 5
    assert result.median == 34
    assert result.change_pct == pytest.approx(-15.0)  # (34 - 40) / 40 x 100
    assert result.improved is True
    assert result.target_met is False  # 34 > 33 and lower is better
    assert result.slope_per_day == pytest.approx(-2.0)  # falls 2 h a day exactly
    assert result.trend == "improving"
    # t = (34 - 40) / (s / sqrt 5); s^2 = (16+4+0+4+16) / 4 = 10; s / sqrt 5 = sqrt 2
    # t = -6 / 1.41421 = -4.24264, 4 degrees of freedom, one-sided "less"
    assert result.p_value == pytest.approx(stats.t.cdf(-4.242640687, df=4))
    assert result.p_value == pytest.approx(0.00662, abs=5e-5)
    assert result.verdict == "significant_improvement"


def test_evaluation_higher_is_better_by_hand() -> None:
    # satisfaction 4, 5, 4, 4 and 5 on two days: mean 22 / 5 = 4.4 >= target 4
    result = evaluate_kpi(
        HIGHER,
        readings(
            [4, 5, 4, 4, 5],
            days=["2026-03-02"] * 3 + ["2026-03-04"] * 2,
            sites=["East", "East", "South", "South", "South"],
        ),
    )
    assert result.mean == pytest.approx(4.4) and result.median == 4
    assert result.change_pct == pytest.approx(46.6667, abs=1e-4)  # (4.4 - 3) / 3 x 100
    assert result.target_met is True and result.improved is True
    # with only two distinct days the least-squares line joins the two days' means:
    # 2 Mar (4+5+4)/3 = 13/3, 4 Mar (4+5)/2 = 4.5 -> slope (4.5 - 13/3) / 2 days
    assert result.slope_per_day == pytest.approx((4.5 - 13 / 3) / 2)
    assert result.trend == "improving"
    # s^2 = (0.16+0.36+0.16+0.16+0.36) / 4 = 0.3; t = 1.4 / sqrt(0.3 / 5) = 5.7155
    assert result.p_value == pytest.approx(stats.t.sf(5.715476, df=4), rel=1e-5)
    assert result.verdict == "significant_improvement"
    assert {site: (s.readings, s.mean) for site, s in result.by_site.items()} == {
        "East": (2, 4.5),
        "South": (3, pytest.approx(13 / 3)),
    }


def test_significant_worsening_and_no_change() -> None:
    worse = evaluate_kpi(LOWER, readings([44, 46, 45, 47, 43]))  # all above baseline 40
    assert worse.verdict == "significant_worsening" and worse.improved is False
    assert worse.p_value is not None and worse.p_value > 0.95
    same = evaluate_kpi(LOWER, readings([35, 45, 38, 42, 40]))  # mean 40 = baseline
    assert same.verdict == "no_significant_change" and same.p_value == pytest.approx(0.5)
    assert same.change_pct == 0


def test_too_few_readings_and_no_baseline() -> None:
    few = evaluate_kpi(LOWER, readings([10, 11, 12, 13]))
    assert (few.verdict, few.p_value) == ("too_few_readings", None)
    assert few.mean == 11.5 and few.median == 11.5
    no_base = evaluate_kpi(Kpi(id="k"), readings([1, 2, 3, 4, 5]))
    assert (no_base.verdict, no_base.change_pct, no_base.improved) == ("no_baseline", None, None)
    empty = evaluate_kpi(LOWER, [])
    assert (empty.readings, empty.mean, empty.median, empty.target_met) == (0, None, None, None)
    assert (empty.slope_per_day, empty.trend, empty.verdict) == (None, None, "too_few_readings")


def test_readings_that_never_vary() -> None:
    # no variance: a t-test is undefined; decide by direction without scipy's warning
    assert significance([30.0] * 5, LOWER) == ("significant_improvement", 0.0)
    assert significance([50.0] * 5, LOWER) == ("significant_worsening", 1.0)
    assert significance([40.0] * 5, LOWER) == ("no_significant_change", None)
    flat = evaluate_kpi(LOWER, readings([33.0] * 5))
    assert (flat.slope_per_day, flat.trend, flat.target_met) == (0.0, "flat", True)


def test_one_day_has_no_trend_and_zero_baseline_has_no_percentage() -> None:
    one_day = evaluate_kpi(LOWER, readings([30, 31], days=["2026-03-03"] * 2))
    assert (one_day.slope_per_day, one_day.trend) == (None, None)
    zero = evaluate_kpi(Kpi(id="k", baseline=0, better="higher"), readings([1, 2]))
    assert zero.change_pct is None and zero.improved is True


def test_feedback_summary_by_hand() -> None:
    items = [
        Feedback(id="a", kind="problem", satisfaction=2, ease=3),
        Feedback(id="b", kind="praise", satisfaction=5),
        Feedback(id="c", kind="problem", text="x"),
        Feedback(id="d", kind="suggestion", satisfaction=4, ease=4),
    ]
    summary = summarise_feedback(items)
    assert summary.by_kind == {"problem": 2, "suggestion": 1, "praise": 1}
    assert summary.avg_satisfaction == pytest.approx(11 / 3)  # (2 + 5 + 4) / 3
    assert summary.avg_ease == 3.5  # (3 + 4) / 2
    assert (summary.total, summary.rated_satisfaction, summary.rated_ease) == (4, 3, 2)
    assert summarise_feedback([]).avg_satisfaction is None


def test_board_analysis_end_to_end() -> None:
    board = Board()
    for i, value in enumerate([40, 36, 30, 26, 22]):
        board.reading(submission_id=f"sub-00000{i}", date=f"2026-03-0{i + 2}", value=value)
    board.run(LI, "pilot.feedback", **FEEDBACK)
    # a reading whose KPI was deleted since is counted apart
    kpis_map(board.content)["gone"] = Map({"name": "Gone"})
    board.reading(submission_id="sub-000099", kpi_id="gone")
    del kpis_map(board.content)["gone"]
    board.content.get("changes", type=Array).append(
        Map({"date": "2026-03-05", "text": "Tiered approvals", "reason": "Unclear rights"})
    )
    analysis = KIND.analyse(KIND.read(board.content, board.ledger))
    (ht,) = analysis.kpis
    assert (ht.readings, ht.mean, ht.median) == (5, 30.8, 30)  # 154 / 5; sorted middle 30
    assert ht.target_met is False and ht.verdict == "significant_improvement"
    assert (analysis.readings, analysis.unknown_kpi_readings) == (6, 1)
    assert (analysis.plan_changes, analysis.period_days, analysis.targets_met) == (1, 14, 0)
    assert analysis.feedback.by_kind["problem"] == 1


def test_client_typed_kpi_numbers_are_read_leniently() -> None:
    board = Board()
    kpis_map(board.content)["x"] = Map(
        {"name": "X", "baseline": "12.5", "target": "abc", "min": True, "better": "sideways"}
    )
    kpi = next(k for k in KIND.read(board.content, board.ledger).kpis if k.id == "x")
    assert (kpi.baseline, kpi.target, kpi.min, kpi.better) == (12.5, None, None, "lower")


# --- demo -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_demo_seed(language: str) -> None:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language=language, demo=True)
    snapshot = KIND.read(content, ledger)
    assert len(snapshot.readings) == 20 and len(snapshot.feedback) == 8
    assert len(snapshot.changes) == 2 and len(snapshot.definition.sites) == 2
    # the demo pilot is running today: started twelve days ago, last readings today, ends tomorrow
    today = datetime.now(UTC).date()
    assert (snapshot.definition.start, snapshot.definition.end) == (
        (today - timedelta(days=12)).isoformat(),
        (today + timedelta(days=1)).isoformat(),
    )
    assert max(r.date for r in snapshot.readings) == today.isoformat()
    assert shift("2026-03-02") == snapshot.definition.start
    analysis: PilotAnalysis = KIND.analyse(snapshot)
    ht, rr = analysis.kpis  # sorted by id: handling_time, repeat_rate
    # handling time: 40 34 30 27 25 | 44 38 33 29 26 -> 326 / 10 = 32.6 h;
    # sorted 25 26 27 29 30 | 33 34 38 40 44 -> median (30 + 33) / 2 = 31.5
    assert (ht.kpi_id, ht.mean, ht.median) == ("handling_time", pytest.approx(32.6), 31.5)
    assert ht.change_pct == pytest.approx(-32.0833, abs=1e-4)  # (32.6 - 48) / 48 x 100
    assert ht.target_met is False  # 32.6 > 24
    # days 0 3 6 9 12, both sites: day sums 84 72 63 56 51; sum (x - 6) y = -246;
    # sum (x - 6)^2 = 2 x 90 = 180 -> slope -246 / 180 = -1.3667 h a day
    assert ht.slope_per_day == pytest.approx(-246 / 180)
    # s^2 = 368.4 / 9 = 40.933; t = -15.4 / sqrt(40.933 / 10) = -7.6117 (9 df)
    assert ht.p_value == pytest.approx(stats.t.cdf(-7.6117, df=9), rel=1e-3)
    assert ht.verdict == "significant_improvement"
    # repeat rate: 17 15 13 12 11 | 18 16 14 12 10 -> 138 / 10 = 13.8 %; median 13.5
    assert (rr.mean, rr.median) == (pytest.approx(13.8), 13.5)
    assert rr.change_pct == pytest.approx(-31.0)  # (13.8 - 20) / 20 x 100
    # day sums 35 31 27 24 21: sum (x - 6) y = -210 - 93 + 72 + 126 = -105 -> -105 / 180
    assert rr.slope_per_day == pytest.approx(-105 / 180)
    assert rr.verdict == "significant_improvement" and rr.target_met is False
    fb = analysis.feedback
    assert fb.by_kind == {"problem": 3, "suggestion": 2, "praise": 3}
    # satisfaction 3 5 2 4 4 _ 3 5 = 26 / 7; ease 2 4 3 4 5 _ 2 4 = 24 / 7
    assert fb.avg_satisfaction == pytest.approx(26 / 7)
    assert fb.avg_ease == pytest.approx(24 / 7)
    assert analysis.plan_changes == 2 and analysis.period_days == 14
    anonymous = [f for f in snapshot.feedback if f.anonymous]
    assert len(anonymous) == 2 and all(f.participant_id == "" for f in anonymous)
    site = "华东客服中心" if language == "zh-CN" else "East service centre"
    assert site in ht.by_site


def test_demo_submission_ids_are_taken() -> None:
    board = Board()
    board.content, board.ledger = Doc(), Doc()
    KIND.seed(board.content, board.ledger, language="en", demo=True)
    error = board.fails(LI, "pilot.reading", **{**READING, "submission_id": "demo-reading-01"})
    assert error.code == "submission_id_taken"
    # the demo participant repeating their own submission gets its result back
    demo_agent = Actor("demo-p1", Role.pilot, "Wang Fang")
    assert board.run(
        demo_agent, "pilot.reading", **{**READING, "submission_id": "demo-reading-01"}
    ) == {
        "id": "demo-reading-01",
        "type": "reading",
        "submitted_at": f"{shift('2026-03-02')}T10:00:00+00:00",
    }
