"""The pilot kind: every submission rule, idempotent repeats, evaluation by hand, demo."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pycrdt import Doc, Map
from pydantic import ValidationError

from boards.kind import Actor, Role
from boards.pilot import PilotKind
from boards.pilot.demo import shift
from boards.pilot.evaluate import summarise_feedback
from boards.pilot.layout import Feedback, kpis_map, pilot_map, sites_array
from tests.support.commands import KindBoard

KIND = PilotKind()
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
LI = Actor("p-li", Role.pilot, "Li Wei")
MEI = Actor("p-mei", Role.pilot, "Mei")
INVITE = Actor("", Role.pilot, "Invite link")


class Board(KindBoard):
    def __init__(
        self,
        sites: tuple[str, ...] = ("East", "South"),
        start: str = "2026-03-02",
        end: str = "2026-03-15",
    ) -> None:
        super().__init__(KIND, NOW)
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


# --- evaluation (the statistics: test_pilot_stats.py) -----------------------------------


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


def test_client_typed_kpi_numbers_are_read_leniently() -> None:
    board = Board()
    kpis_map(board.content)["x"] = Map(
        {"name": "X", "baseline": "12.5", "target": "abc", "min": True, "better": "sideways"}
    )
    kpi = next(k for k in KIND.read(board.content, board.ledger).kpis if k.id == "x")
    assert (kpi.baseline, kpi.target, kpi.min, kpi.better) == (12.5, None, None, "lower")


# --- demo (its evaluation: test_pilot_stats.py) ----------------------------------------


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


def test_a_kpi_keeps_the_goal_it_was_taken_from() -> None:
    board = Board()
    kpis_map(board.content)["x"] = Map({"name": "Repeat rate", "unit": "%", "goal": "g2"})
    # any JSON: read as text, never fatal
    kpis_map(board.content)["y"] = Map({"name": "Odd", "goal": 42})
    kpis = {k.id: k for k in KIND.read(board.content, board.ledger).kpis}
    assert (kpis["x"].goal, kpis["ht"].goal, kpis["y"].goal) == ("g2", "", "42")
