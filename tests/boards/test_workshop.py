"""The workshop kind: its layout and demo, typed goals read as people type them, junk state
read to defaults, the SMART analysis per goal. Its commands: tests/server/test_commands.py."""

from __future__ import annotations

from datetime import date

from pycrdt import Doc, Map

from boards.workshop import DEMO_PHASE, PHASES, WorkshopKind, goals_map, state

KIND = WorkshopKind()
TODAY = date(2026, 12, 1)


def seeded(demo: bool, language: str = "en") -> tuple[Doc, Doc]:
    content: Doc = Doc()
    ledger: Doc = Doc()
    KIND.seed(content, ledger, language=language, demo=demo)
    return content, ledger


def test_empty_workshop_starts_diagnosing_without_goals() -> None:
    snapshot = KIND.read(*seeded(demo=False))
    assert snapshot.goals == [] and snapshot.read_warnings == []
    assert snapshot.state.phase == "diagnose" and not snapshot.state.finished
    assert snapshot.actions == []
    analysis = KIND.analyse(snapshot, TODAY).model_dump()
    assert (analysis["goals"], analysis["phase_index"], analysis["action_warnings"]) == ([], 0, [])
    assert analysis["actions"]["open"] == analysis["actions"]["overdue"] == 0


def test_demo_goals_are_smart_in_both_languages() -> None:
    for language in ("en", "zh-CN"):
        snapshot = KIND.read(*seeded(demo=True, language=language))
        assert snapshot.state.phase == DEMO_PHASE
        assert len(snapshot.goals) >= 2
        analysis = KIND.analyse(snapshot, TODAY)
        assert analysis.phase_index == PHASES.index(DEMO_PHASE)
        assert all(check.smart and check.missing == [] for check in analysis.goals)
        assert {check.deadline_date for check in analysis.goals} == {"2027-03-31"}


def test_goal_numbers_read_as_typed_and_missing_parts_named() -> None:
    content, ledger = seeded(demo=False)
    goals_map(content)["g1"] = Map(
        {"metric": "repeat rate", "baseline": "20%", "target": "1,200", "better": "sideways"}
    )
    snapshot = KIND.read(content, ledger)
    goal = snapshot.goals[0]
    assert (goal.baseline, goal.target, goal.better) == (20.0, 1200.0, "lower")
    assert [w.field for w in snapshot.read_warnings] == ["goals.g1.better"]
    check = KIND.analyse(snapshot, TODAY).goals[0]
    assert check.missing == ["deadline"] and not check.smart


def test_junk_state_reads_as_defaults_and_is_reported() -> None:
    content, ledger = seeded(demo=False)
    with ledger.transaction():
        state(ledger).update({"phase": "party", "timer_seconds": "soon", "finished": "yes"})
    snapshot = KIND.read(content, ledger)
    assert (snapshot.state.phase, snapshot.state.timer_seconds, snapshot.state.finished) == (
        "diagnose",
        0,
        False,
    )
    assert {w.field for w in snapshot.read_warnings} == {
        "state.phase",
        "state.timer_seconds",
        "state.finished",
    }
