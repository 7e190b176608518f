"""The current state drawn from an event log's analysis: exact steps, routing and units; a
re-import that keeps the team's edits; the map reads and exports (BPMN) as any other."""

from __future__ import annotations

from typing import Any

import pytest
from pycrdt import Doc, Map

from boards.vsm import layout
from boards.vsm.analysis import analyse
from boards.vsm.fromdata import apply, chosen_variants, unit_for
from boards.vsm.read import read_snapshot
from tests.boards.eventlog_samples import first_log, second_log

SOURCE_1 = "tickets.csv · abababab · 2026-12-01T08:00:00Z"
SOURCE_2 = "tickets-december.csv · cdcdcdcd · 2026-12-01T08:00:00Z"
SHOWN = ("name", "department", "cycle_time", "cycle_unit", "wait_time", "wait_unit", "routing_pct")


def _doc() -> Doc:
    doc = Doc()
    layout.declare(doc)
    return doc


def _steps(doc: Doc) -> list[dict[str, Any]]:
    return [{f: getattr(s, f) for f in SHOWN} for s in read_snapshot(doc).current.steps]


def test_units_are_the_largest_that_keep_the_figure_at_least_one() -> None:
    assert unit_for(0.25) == (0.2, "min")  # round half to even
    assert unit_for(59.94) == (59.9, "min")
    assert unit_for(60) == (1.0, "h")
    assert unit_for(90) == (1.5, "h")
    assert unit_for(1439) == (23.98, "h")
    assert unit_for(1440) == (1.0, "d")
    assert unit_for(2880 + 720) == (2.5, "d")


def test_variants_are_taken_until_they_cover_the_share() -> None:
    log = first_log()
    assert chosen_variants(log, 0.5) == ([["Receive", "Verify", "Close"]], 0.65)
    assert chosen_variants(log, 0.65)[1] == 0.65
    assert chosen_variants(log, 0.66)[1] == pytest.approx(0.95)
    assert chosen_variants(log, 1.0)[1] == 1.0


def test_the_dominant_path_becomes_the_current_state() -> None:
    doc = _doc()
    result = apply(doc, first_log(), 0.5)
    assert result.added == ["Receive", "Verify", "Close"] and result.variants == 1
    assert result.coverage == 0.65
    assert _steps(doc) == [
        {
            "name": "Receive",
            "department": "Front desk",
            "cycle_time": 10.0,
            "cycle_unit": "min",
            "wait_time": None,
            "wait_unit": "min",
            "routing_pct": 100.0,
        },
        {
            "name": "Verify",
            "department": "Back office",
            "cycle_time": 1.5,
            "cycle_unit": "h",
            "wait_time": 2.0,
            "wait_unit": "d",
            "routing_pct": 100.0,
        },
        {
            "name": "Close",
            "department": "",
            "cycle_time": 5.0,
            "cycle_unit": "min",
            "wait_time": 30.0,
            "wait_unit": "min",
            "routing_pct": 100.0,
        },
    ]
    step = read_snapshot(doc).current.steps[1]
    assert step.time_basis == "calendar"  # the log's clock runs day and night
    assert (step.data_activity, step.data_source) == ("Verify", SOURCE_1)
    assert step.data_values == {
        "name": "Verify",
        "department": "Back office",
        "routing_pct": 100.0,
        "time_basis": "calendar",
        "cycle_time": 1.5,
        "cycle_unit": "h",
        "wait_time": 2.0,
        "wait_unit": "d",
    }


def test_a_wider_coverage_adds_the_steps_only_some_cases_pass() -> None:
    doc = _doc()
    apply(doc, first_log(), 0.9)
    steps = _steps(doc)
    assert [s["name"] for s in steps] == ["Receive", "Verify", "Approve", "Close"]
    assert steps[2] | {} == {
        "name": "Approve",
        "department": "Finance",
        "cycle_time": 45.0,
        "cycle_unit": "min",
        "wait_time": 2.0,
        "wait_unit": "h",
        "routing_pct": 30.0,
    }
    doc = _doc()
    apply(doc, first_log(), 1.0)
    assert [(s["name"], s["routing_pct"]) for s in _steps(doc)] == [
        ("Receive", 100.0),
        ("Verify", 100.0),
        ("Approve", 30.0),
        ("Escalate", 5.0),
        ("Close", 100.0),
    ]
    # the map's analysis weighs the optional steps by their share and converts the log's
    # elapsed times into the map's working time (8 h days: 24 elapsed h = 8 working h)
    metrics = analyse(read_snapshot(doc)).current
    assert metrics is not None
    expected_elapsed = (10) + (90 + 2880) + 0.3 * (45 + 120) + 0.05 * (30 + 600) + (5 + 30)
    assert metrics.lead_minutes == pytest.approx(expected_elapsed * 8 / 24, rel=1e-6)


def test_a_reimport_updates_the_figures_and_keeps_the_teams_edits() -> None:
    doc = _doc()
    apply(doc, first_log(), 0.9)
    ids = {s.data_activity: s.id for s in read_snapshot(doc).current.steps}
    steps = layout.steps(doc, "current")
    with doc.transaction():  # what a team member does in the editor
        steps[ids["Verify"]]["name"] = "信息核实"
        steps[ids["Verify"]]["klass"] = "nnva"
        steps[ids["Verify"]]["notes"] = "两次核对"
        steps[ids["Approve"]]["cycle_time"] = "40"  # typed: same unit, another figure
        steps[ids["Receive"]]["department"] = "客服部"
        steps[ids["Receive"]]["wait_time"] = "5"  # the team knows better than the log
        layout.add_step(doc, "current", "mine", {"name": "Team step"}, 1)

    result = apply(doc, second_log(), 1.0)
    assert result.added == ["Check docs"]
    assert result.updated == ["Receive", "Verify", "Approve"]
    assert result.kept == {
        "Receive": ["department", "wait_time", "wait_unit"],
        "Verify": ["name"],
        "Approve": ["cycle_time", "cycle_unit"],
    }
    assert result.missing == ["Close"]  # kept on the map, not deleted
    snap = read_snapshot(doc).current.steps
    assert [s.name for s in snap] == [
        "Receive",
        "Check docs",
        "Team step",
        "信息核实",
        "Approve",
        "Close",
    ]
    by = {s.name: s for s in snap}
    receive, verify, approve = by["Receive"], by["信息核实"], by["Approve"]
    assert (receive.department, receive.wait_time, receive.cycle_time) == ("客服部", 5.0, 12.0)
    assert (verify.klass, verify.notes) == ("nnva", "两次核对")
    assert (verify.cycle_time, verify.cycle_unit, verify.wait_time, verify.wait_unit) == (
        2.0,
        "h",
        1.0,
        "d",
    )
    assert (approve.cycle_time, approve.cycle_unit) == (40.0, "min")  # the team's figure
    assert (approve.wait_time, approve.wait_unit, approve.routing_pct) == (3.0, "h", 50.0)
    assert verify.data_source == SOURCE_2 and by["Close"].data_source == SOURCE_1
    # an edited field keeps what the import once wrote, so it stays "edited" next time too
    assert verify.data_values["name"] == "Verify" and verify.data_values["cycle_time"] == 2.0
    assert by["Team step"].data_activity == ""

    again = apply(doc, second_log(), 1.0)  # the same log again changes nothing
    assert again.added == [] and again.kept == result.kept
    assert [s.model_dump() for s in read_snapshot(doc).current.steps] == [
        s.model_dump() for s in snap
    ]


def test_one_transaction_one_update() -> None:
    doc, peer = _doc(), Doc()
    updates: list[bytes] = []
    doc.observe(lambda event: updates.append(event.update))
    apply(doc, first_log(), 1.0)
    assert len(updates) == 1
    peer.apply_update(updates[0])
    assert [s.name for s in read_snapshot(peer).current.steps] == [
        "Receive",
        "Verify",
        "Approve",
        "Escalate",
        "Close",
    ]


def test_hostile_documents_do_not_stop_a_reimport() -> None:
    doc = _doc()
    apply(doc, first_log(), 0.5)
    ids = {s.data_activity: s.id for s in read_snapshot(doc).current.steps}
    steps = layout.steps(doc, "current")
    with doc.transaction():
        steps[ids["Receive"]]["data_values"] = "junk"
        steps[ids["Verify"]]["data_values"] = Map({"cycle_time": [1, 2], "name": None})
        steps[ids["Close"]]["cycle_time"] = Map({"x": 1})
        steps["junk"] = "not a step"
        layout.order(doc, "current").append(7)
    result = apply(doc, first_log(), 0.5)
    assert result.updated == ["Receive", "Verify", "Close"]
    by = {s.data_activity: s for s in read_snapshot(doc).current.steps}
    assert by["Close"].cycle_time is None and "cycle_time" in result.kept["Close"]
    assert by["Receive"].cycle_time == 10.0


def test_coverage_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        apply(_doc(), first_log(), 0.4)


def test_steps_the_team_drew_by_hand_are_adopted_not_doubled() -> None:
    """A team maps from memory first, then imports: a step named like an activity comes to
    stand for it; what the team filled in stays, the empty fields are filled from the data."""
    doc = _doc()
    layout.add_step(doc, "current", "h1", {"name": "  verify ", "notes": "by hand"})
    layout.add_step(doc, "current", "h2", {"name": "Approve", "cycle_time": 1, "cycle_unit": "h"})
    layout.add_step(doc, "current", "h3", {"name": "Phone the customer"})
    result = apply(doc, first_log(), 0.9)
    assert result.adopted == ["Verify", "Approve"]
    assert result.added == ["Receive", "Close"]
    # Approve keeps the team's 1 h (working time): the data's elapsed wait would change what
    # that hour means under the step's one time basis, so the times stay the team's
    assert result.kept == {
        "Verify": ["name"],
        "Approve": ["cycle_time", "cycle_unit", "wait_time", "wait_unit"],
    }
    steps = read_snapshot(doc).current.steps
    # the new steps go before the first step standing for data, and after their predecessor
    assert [s.data_activity or s.id for s in steps] == [
        "Receive",
        "Verify",
        "Approve",
        "Close",
        "h3",
    ]
    assert [s.id for s in steps][1:3] == ["h1", "h2"]
    by = {s.id: s for s in steps}
    verify, approve = by["h1"], by["h2"]
    assert (verify.data_activity, verify.notes, verify.department) == (
        "Verify",
        "by hand",
        "Back office",
    )
    assert (verify.cycle_time, verify.cycle_unit, verify.wait_time, verify.wait_unit) == (
        1.5,
        "h",
        2.0,
        "d",
    )
    assert verify.time_basis == "calendar"
    assert (approve.cycle_time, approve.cycle_unit, approve.wait_time, approve.time_basis) == (
        1.0,
        "h",
        None,
        None,
    )
    assert (approve.routing_pct, approve.department) == (30.0, "Finance")
    assert by["h3"].data_activity == ""
    # the adopted steps are matched by activity from now on: a re-import adds nothing
    assert apply(doc, first_log(), 0.9).added == []
