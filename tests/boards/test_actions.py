"""Actions on the workshop board: the reader (junk never stops it), the order, the counts, every
warning, and the commitments without an action."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map

from boards import actions, actions_demo
from boards.actions import Action, Commitment, missing_actions
from boards.ideas import analysis as ideas_analysis
from boards.ideas.analysis import RankEntry
from boards.registry import KINDS
from boards.workshop import WorkshopKind
from tests.support.junk import ROOTS, documents, write

KIND = WorkshopKind()
TODAY = date(2026, 12, 6)


def workshop_docs() -> tuple[Doc, Doc]:
    content: Doc = Doc()
    ledger: Doc = Doc()
    KIND.seed(content, ledger, language="en", demo=False)
    return content, ledger


def add(content: Doc, key: str, **fields: Any) -> None:
    actions.actions_map(content)[key] = Map(fields)


def test_a_full_action_reads_as_written() -> None:
    content, ledger = workshop_docs()
    written = {
        "what": "Call back within 24 h",
        "owner": "Li Wei",
        "owner_participant": "p1",
        "owner_department": "Service",
        "due": "2027-01-15",
        "status": "doing",
        "source_board": "b-fish",
        "source_kind": "fishbone",
        "source_type": "root_cause",
        "source_item": "c3",
        "source_label": "No call-back rule",
        "created_by": "Ana",
        "created_at": "2026-12-01T10:00:00+00:00",
        "done_at": "",
    }
    add(content, "a1", **written)
    snapshot = KIND.read(content, ledger)
    assert snapshot.read_warnings == []
    assert [a.model_dump() for a in snapshot.actions] == [{"id": "a1", **written}]


def test_an_empty_action_is_an_open_free_action() -> None:
    content, ledger = workshop_docs()
    add(content, "a1")
    (action,) = KIND.read(content, ledger).actions
    assert (action.status, action.source_type, action.due, action.owner) == ("open", "", "", "")


def test_actions_sort_by_due_date_none_last_then_by_creation_and_id() -> None:
    content, ledger = workshop_docs()
    add(content, "z", due="2027-02-01", created_at="2026-12-01")
    add(content, "y", due="", created_at="2026-11-01")
    add(content, "b", due="2027-01-01", created_at="2026-12-02")
    add(content, "a", due="2027-01-01", created_at="2026-12-02")
    add(content, "c", due="2027-01-01", created_at="2026-11-30")
    assert [a.id for a in KIND.read(content, ledger).actions] == ["c", "a", "b", "z", "y"]


def test_junk_fields_are_reported_and_read_as_unset() -> None:
    content, ledger = workshop_docs()
    add(
        content,
        "a1",
        what=["not", "text"],
        due="next week",
        status="finished",
        source_type="meeting",
        owner=True,
    )
    add(content, "a2", due="2027-02-30")  # no such day
    add(content, "a3", due="20270331")  # a date, but not as clients write it
    actions.actions_map(content)["a4"] = "not a map"
    snapshot = KIND.read(content, ledger)
    by_id = {a.id: a for a in snapshot.actions}
    assert (by_id["a1"].what, by_id["a1"].due, by_id["a1"].status) == ("", "", "open")
    assert (by_id["a1"].source_type, by_id["a1"].owner) == ("", "")
    assert by_id["a2"].due == by_id["a3"].due == ""
    assert "a4" not in by_id
    said = {(w.code, w.field) for w in snapshot.read_warnings}
    assert said == {
        ("invalid_text", "actions.a1.what"),
        ("invalid_text", "actions.a1.owner"),
        ("invalid_date", "actions.a1.due"),
        ("invalid_choice", "actions.a1.status"),
        ("invalid_choice", "actions.a1.source_type"),
        ("invalid_date", "actions.a2.due"),
        ("invalid_date", "actions.a3.due"),
        ("invalid_record", "actions.a4"),
    }


def test_every_source_type_of_the_spec_is_accepted() -> None:
    content, ledger = workshop_docs()
    kinds = ["root_cause", "why", "idea", "vsm_marker", "raci_finding", "risk", "readiness", ""]
    for i, kind in enumerate(kinds):
        add(content, f"a{i}", source_type=kind)
    snapshot = KIND.read(content, ledger)
    assert snapshot.read_warnings == []
    assert sorted(a.source_type for a in snapshot.actions) == sorted(kinds)


# --- analysis: counts and warnings ------------------------------------------------------


def action(key: str, **fields: Any) -> Action:
    return Action(id=key, **{"what": f"do {key}", "owner": "Li", "due": "2027-01-01", **fields})


def test_counts_by_status_overdue_and_owner() -> None:
    listed = [
        action("a", status="open", due="2026-12-05"),  # overdue
        action("b", status="doing", due="2026-12-06"),  # due today: not overdue
        action("c", status="done", due="2026-01-01"),  # done: never overdue
        action("d", status="dropped", owner="Ana"),
        action("e", status="open", owner="Ana"),
        action("f", status="doing", owner=" "),
    ]
    counts = actions.counts(listed, TODAY)
    assert counts.model_dump() == {
        "open": 2,
        "doing": 2,
        "done": 1,
        "dropped": 1,
        "overdue": 1,
        "by_owner": {"Li": 2, "": 1, "Ana": 1},
    }


def test_each_warning_names_the_action() -> None:
    listed = [
        action("fine"),
        action("nobody", owner=""),
        action("whenever", due=""),
        action("late", due="2026-11-30"),
        action("lost", owner="", due=""),
    ]
    found = [(w.code, w.params["action"]) for w in actions.warnings(listed, TODAY)]
    assert found == [
        ("action_no_owner", "nobody"),
        ("action_no_due", "whenever"),
        ("action_overdue", "late"),
        ("action_no_owner", "lost"),
        ("action_no_due", "lost"),
    ]
    assert actions.warnings(listed, TODAY)[0].params == {"action": "nobody", "what": "do nobody"}


def test_done_and_dropped_actions_owe_nothing() -> None:
    listed = [
        action("d", status="done", owner="", due=""),
        action("x", status="dropped", owner="", due="2020-01-01"),
    ]
    assert actions.warnings(listed, TODAY) == []
    assert actions.counts(listed, TODAY).overdue == 0


def test_the_workshop_analysis_carries_counts_and_warnings() -> None:
    content, ledger = workshop_docs()
    add(content, "a1", what="Publish the call-back rule", owner="", due="2026-12-01")
    add(content, "a2", what="Train the team", owner="Ana", due="2027-01-10", status="done")
    analysis = KIND.analyse(KIND.read(content, ledger), TODAY)
    assert (analysis.actions.open, analysis.actions.done, analysis.actions.overdue) == (1, 1, 1)
    assert [w.code for w in analysis.action_warnings] == ["action_no_owner", "action_overdue"]
    assert analysis.action_warnings[0].params["what"] == "Publish the call-back rule"


# --- commitments ------------------------------------------------------------------------


def test_missing_actions_lists_commitments_no_live_action_points_at() -> None:
    commitments = {
        "fish": [
            Commitment(source_type="root_cause", item_id="c1", label="No rule"),
            Commitment(source_type="root_cause", item_id="c2", label="No training"),
        ],
        "ideas": [
            Commitment(source_type="idea", item_id="c1", label="Same id, other board"),
            Commitment(source_type="idea", item_id="i2", label="Call-back script"),
        ],
    }
    listed = [
        action("a1", source_board="fish", source_item="c1", source_type="why"),
        action("a2", source_board="ideas", source_item="i2", status="done"),
        action("a3", source_board="fish", source_item="c2", status="dropped"),
    ]
    missing = missing_actions(commitments, listed)
    assert [(m.board_id, m.item_id, m.label) for m in missing] == [
        ("fish", "c2", "No training"),
        ("ideas", "c1", "Same id, other board"),
    ]
    assert {m.code for m in missing} == {"missing_action"}
    assert missing_actions({}, listed) == []
    assert len(missing_actions(commitments, [])) == 4


# --- whatever a client writes -----------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents("workshop"), today=st.dates())
def test_any_actions_root_reads_and_analyses(document: Any, today: date) -> None:
    assert "actions" in ROOTS["workshop"]
    client: Doc = Doc()
    write(client, document)
    content: Doc = Doc()
    content.apply_update(client.get_update())
    _, ledger = workshop_docs()
    snapshot = KIND.read(content, ledger)
    analysis = KIND.analyse(snapshot, today)
    json.dumps(analysis.model_dump(mode="json"), allow_nan=False)
    for a in snapshot.actions:
        assert a.status in actions.STATUSES and a.source_type in actions.SOURCE_TYPES
        assert a.due == "" or date.fromisoformat(a.due)
    counted = analysis.actions
    assert counted.open + counted.doing + counted.done + counted.dropped == len(snapshot.actions)
    assert counted.overdue <= counted.open + counted.doing
    assert sum(counted.by_owner.values()) == counted.open + counted.doing
    missing_actions({"b": [Commitment(source_type="idea", item_id="x")]}, snapshot.actions)


# --- commitments in the kinds' analyses -------------------------------------------------


def demo(kind: str) -> Any:
    content: Doc = Doc()
    ledger: Doc = Doc()
    impl = KINDS[kind]
    impl.seed(content, ledger, language="en", demo=True)
    return impl.read(content, ledger), impl.analyse(impl.read(content, ledger))


def test_fishbone_commits_to_every_cause_marked_root() -> None:
    snapshot, analysis = demo("fishbone")
    roots = [c for c in snapshot.causes if c.root]
    assert roots  # the demo confirms a root cause
    assert analysis.commitments == [
        Commitment(source_type="root_cause", item_id=c.id, label=c.text) for c in roots
    ]


def test_ideas_commit_to_the_chosen_ideas_only_once_results_show() -> None:
    snapshot, analysis = demo("ideas")
    top = [r for r in analysis.ranking if r.dots][: ideas_analysis.CHOSEN]
    assert top and ideas_analysis.chosen(analysis.ranking) == top
    assert [(c.source_type, c.item_id, c.label) for c in analysis.commitments] == [
        ("idea", r.idea_id, r.title) for r in top
    ]
    hidden = snapshot.model_copy(
        update={"round": snapshot.round.model_copy(update={"hidden": True, "revealed": False})}
    )
    assert ideas_analysis.analyse(hidden).commitments == []


def test_chosen_skips_ideas_without_dots() -> None:
    ranked = [
        RankEntry(idea_id=i, title=i, category="", dots=d, rank=n)
        for n, (i, d) in enumerate([("a", 5), ("b", 0), ("c", 0)], 1)
    ]
    assert [r.idea_id for r in ideas_analysis.chosen(ranked)] == ["a"]


# --- the demo's actions -----------------------------------------------------------------


def demo_items(language: str) -> dict[tuple[str, str], str]:
    """(kind, item id) -> the item's text on the demo boards."""
    items: dict[tuple[str, str], str] = {}
    for kind in ("fishbone", "ideas", "vsm"):
        content: Doc = Doc()
        ledger: Doc = Doc()
        KINDS[kind].seed(content, ledger, language=language, demo=True)
        snap: Any = KINDS[kind].read(content, ledger)
        if kind == "fishbone":
            items.update({(kind, c.id): c.text for c in snap.causes})
        elif kind == "ideas":
            items.update({(kind, c.id): c.title for c in snap.cards})
        else:
            markers = snap.current.markers + snap.future.markers
            items.update({(kind, m.id): m.text for m in markers})
    return items


def test_demo_actions_answer_every_demo_commitment_with_an_owner_and_a_date() -> None:
    ids = {"fishbone": "b-fish", "ideas": "b-ideas", "vsm": "b-vsm"}
    for language in ("zh-CN", "en"):
        items = demo_items(language)
        written = actions_demo.demo_actions(language, ids, today=TODAY)
        content, ledger = workshop_docs()
        for key, fields in written.items():
            add(content, key, **fields)
        listed = KIND.read(content, ledger).actions
        for a in listed:
            assert a.owner and a.owner_department and a.due and a.what
            if a.source_type:  # the label is the item's text on the demo board
                assert items[(a.source_kind, a.source_item)] == a.source_label
                assert a.source_board == ids[a.source_kind]
        commitments = {ids[kind]: demo(kind)[1].commitments for kind in ("fishbone", "ideas")}
        assert all(commitments.values())
        assert missing_actions(commitments, listed) == []
        found = [(w.code, w.params["action"]) for w in actions.warnings(listed, TODAY)]
        assert found == [("action_overdue", "act-squad")]
        counts = actions.counts(listed, TODAY)
        assert (counts.open, counts.doing, counts.done, counts.overdue) == (2, 2, 2, 1)


def test_demo_actions_without_their_boards_are_free_actions() -> None:
    written = actions_demo.demo_actions("en", {}, today=TODAY)
    assert {f["source_type"] for f in written.values()} == {""}
    assert {f["source_board"] for f in written.values()} == {""}
