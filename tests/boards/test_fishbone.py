"""The fishbone kind: layout, forgiving reader, nesting, Pareto (hand-checked), warnings,
concurrent editors and the demo in both languages."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pycrdt import Array, Doc, Map, Text

from boards.fishbone import (
    FishboneAnalysis,
    FishboneKind,
    FishboneSnapshot,
    add_category,
    add_cause,
    append_why,
    pareto,
    preset_labels,
    remove_cause,
    use_preset,
)
from boards.fishbone.layout import CAUSES, FIVE_W_ONE_H, ORDER, PROBLEM
from boards.fishbone.model import Cause
from tests.support.replicas import edit_concurrently, sync

KIND = FishboneKind()


def board(language: str = "en", demo: bool = False) -> Doc:
    content: Doc = Doc()
    KIND.seed(content, Doc(), language=language, demo=demo)
    return content


def run(content: Doc) -> tuple[FishboneSnapshot, FishboneAnalysis]:
    snapshot = KIND.read(content, Doc())
    return snapshot, KIND.analyse(snapshot)


def codes(analysis: FishboneAnalysis) -> list[str]:
    return [w.code for w in analysis.warnings]


def counted(*counts: int) -> list[Cause]:
    return [Cause(id=f"x{i}", category="methods", count=n) for i, n in enumerate(counts)]


# -- layout and the empty board ----------------------------------------------------------------


def test_kind_contract() -> None:
    assert (KIND.name, KIND.schema_version, dict(KIND.commands)) == ("fishbone", 1, {})
    assert KIND.private_view({"x": 1}, None) == {}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["People", "Machines", "Materials", "Methods", "Environment", "Measurement"]),
        ("zh-CN", ["人", "机", "料", "法", "环", "测"]),
        ("fr", ["People", "Machines", "Materials", "Methods", "Environment", "Measurement"]),
    ],
)
def test_empty_board_has_the_6m_bones(language: str, labels: list[str]) -> None:
    snapshot, analysis = run(board(language))
    assert [c.id for c in snapshot.categories] == [
        "people",
        "machines",
        "materials",
        "methods",
        "environment",
        "measurement",
    ]
    assert [c.label for c in snapshot.categories] == labels
    assert snapshot.problem == "" and snapshot.causes == [] and snapshot.issues == []
    assert analysis.causes == 0 and analysis.max_depth == 0
    assert analysis.pareto.bars == [] and analysis.pareto.total == 0
    assert codes(analysis) == ["no_problem", "no_causes", "five_w_one_h_incomplete"]
    assert analysis.warnings[-1].params == {
        "missing": ["what", "why", "when", "where", "who", "how"]
    }


def test_unseeded_document_reads_as_empty() -> None:
    snapshot, analysis = run(Doc())
    assert snapshot.categories == [] and snapshot.causes == []
    assert analysis.categories == []


def test_service_preset_and_custom_bones() -> None:
    assert preset_labels("service", "zh-CN") == [
        ("policies", "政策"),
        ("procedures", "程序"),
        ("people", "人"),
        ("place", "场所"),
        ("systems", "系统"),
    ]
    with pytest.raises(ValueError, match="expected a preset"):
        preset_labels("7m", "en")
    content: Doc = Doc()
    use_preset(content, "service", "en")
    add_category(content, "suppliers", "Suppliers")
    add_category(content, "people", "renamed?")  # existing id: no change
    snapshot, _ = run(content)
    assert [(c.id, c.label) for c in snapshot.categories] == [
        ("policies", "Policies"),
        ("procedures", "Procedures"),
        ("people", "People"),
        ("place", "Place"),
        ("systems", "Systems"),
        ("suppliers", "Suppliers"),
    ]
    with pytest.raises(ValueError, match="without ':'"):
        add_category(content, "a:b", "x")


# -- nesting and order -------------------------------------------------------------------------


def nested() -> Doc:
    content = board()
    add_cause(content, "m2", text="second on methods", category="methods")
    add_cause(content, "m1", text="first", category="methods", count=4)
    add_cause(content, "s1", text="sub", category="methods", parent="m1", count=2)
    # a sub-cause's own category is ignored: it sits on its ancestor's bone
    add_cause(content, "s2", text="sub-sub", category="people", parent="s1")
    add_cause(content, "p1", text="on people", category="people")
    return content


def test_nesting_depth_and_display_order() -> None:
    snapshot, analysis = run(nested())
    assert [(c.id, c.depth, c.category, c.parent) for c in snapshot.causes] == [
        ("p1", 1, "people", ""),
        ("m2", 1, "methods", ""),
        ("m1", 1, "methods", ""),
        ("s1", 2, "methods", "m1"),
        ("s2", 3, "methods", "s1"),
    ]
    assert analysis.max_depth == 3
    stats = {s.id: (s.causes, s.top_level, s.counted) for s in analysis.categories}
    assert stats["methods"] == (4, 2, 6) and stats["people"] == (1, 1, 0)
    assert stats["machines"] == (0, 0, 0)
    assert "nested_counts" in codes(analysis)
    assert next(w for w in analysis.warnings if w.code == "nested_counts").causes == ["s1"]


def test_order_lists_only_sort_and_never_hide_a_cause() -> None:
    content = nested()
    methods = content.get(ORDER, type=Map)["cat:methods"]
    methods.clear()
    methods.extend(["m1", "gone", "m1"])  # stale and duplicate ids, m2 missing
    del content.get(ORDER, type=Map)["cause:m1"]  # a lost sibling list
    snapshot, _ = run(content)
    assert [c.id for c in snapshot.causes] == ["p1", "m1", "s1", "s2", "m2"]


def test_remove_cause_takes_its_subtree() -> None:
    content = nested()
    assert sorted(remove_cause(content, "m1")) == ["m1", "s1", "s2"]
    assert remove_cause(content, "m1") == []
    snapshot, _ = run(content)
    assert [c.id for c in snapshot.causes] == ["p1", "m2"] and snapshot.issues == []
    order = content.get(ORDER, type=Map)
    assert list(order["cat:methods"]) == ["m2"]
    assert "cause:m1" not in order and "cause:s1" not in order and "cause:m2" in order


def test_missing_parent_puts_the_cause_on_its_bone() -> None:
    content = board()
    add_cause(content, "a", text="a", category="methods", parent="deleted")
    snapshot, analysis = run(content)
    assert (snapshot.causes[0].parent, snapshot.causes[0].depth) == ("", 1)
    warning = next(w for w in analysis.warnings if w.code == "missing_parent")
    assert warning.causes == ["a"] and warning.params == {"field": "parent", "raw": "deleted"}


def test_parent_cycle_is_cut_at_its_smallest_id() -> None:
    content = board()
    add_cause(content, "b", text="b", category="methods", parent="c")
    add_cause(content, "c", text="c", category="methods", parent="b")
    add_cause(content, "d", text="d", category="methods", parent="c")
    snapshot, analysis = run(content)
    assert [(c.id, c.parent, c.depth) for c in snapshot.causes] == [
        ("b", "", 1),
        ("c", "b", 2),
        ("d", "c", 3),
    ]
    assert [(w.code, w.causes) for w in analysis.warnings if w.code == "parent_cycle"] == [
        ("parent_cycle", ["b"])
    ]


def test_self_parent_and_very_deep_nesting() -> None:
    content = board()
    add_cause(content, "self", text="x", category="methods", parent="self")
    causes = content.get(CAUSES, type=Map)
    with content.transaction():
        for i in range(3000):  # deeper than Python's recursion limit
            causes[f"n{i:04}"] = Map(
                {"text": "n", "category": "methods", "parent": f"n{i - 1:04}" if i else ""}
            )
    _snapshot, analysis = run(content)
    assert analysis.max_depth == 3000 and analysis.causes == 3001
    assert [w.causes for w in analysis.warnings if w.code == "parent_cycle"] == [["self"]]


def test_unknown_category_is_reported_and_shown_last() -> None:
    content = board()
    add_cause(content, "z", text="z", category="gone")
    add_cause(content, "m", text="m", category="methods")
    snapshot, analysis = run(content)
    assert [c.id for c in snapshot.causes] == ["m", "z"]
    warning = next(w for w in analysis.warnings if w.code == "unknown_category")
    assert (warning.causes, warning.categories) == (["z"], ["gone"])


# -- forgiving reader --------------------------------------------------------------------------


def test_values_from_any_client_are_coerced_or_reported() -> None:
    content = board()
    causes = content.get(CAUSES, type=Map)
    rows: dict[str, dict[str, Any]] = {
        "a": {"text": "plain str", "count": 12.0, "weight": "2.5", "votes": 3.0},
        "b": {"text": Text("text"), "count": "7", "root": "yes"},
        "c": {"text": 5, "count": -1, "weight": True, "votes": 1.5},
        "d": {"count": "abc", "weight": float("inf"), "evidence": "not a map", "whys": "no"},
    }
    for key, row in rows.items():
        causes[key] = Map({"category": "methods", **row})
    snapshot, analysis = run(content)
    by_id = {c.id: c for c in snapshot.causes}
    assert (by_id["a"].text, by_id["a"].count, by_id["a"].weight, by_id["a"].votes) == (
        "plain str",
        12,
        2.5,
        3,
    )
    assert (by_id["b"].text, by_id["b"].count, by_id["b"].root) == ("text", 7, False)
    # a number where text belongs reads as typed; shapes of the wrong type are read warnings
    assert by_id["c"].text == "5" and by_id["c"].count is None and by_id["c"].weight is None
    assert by_id["d"].evidence.figure == "" and by_id["d"].whys == []
    assert {(w.code, w.field) for w in analysis.read_warnings} == {
        ("invalid_choice", "causes.b.root"),
        ("invalid_record", "causes.d.evidence"),
        ("invalid_list", "causes.d.whys"),
    }
    invalid = [
        (w.causes[0], w.params["field"]) for w in analysis.warnings if w.code == "invalid_value"
    ]
    assert sorted(invalid) == [
        ("c", "count"),
        ("c", "votes"),
        ("c", "weight"),
        ("d", "count"),
        ("d", "weight"),
    ]


def test_snapshot_round_trips_through_json() -> None:
    snapshot, _ = run(board("zh-CN", demo=True))
    assert FishboneSnapshot.model_validate(snapshot.model_dump(mode="json")) == snapshot


# -- Pareto ------------------------------------------------------------------------------------


def test_pareto_hand_checked() -> None:
    result = pareto(counted(6, 38, 9, 22, 10, 15))
    assert result.total == 100
    assert [(b.count, b.share_pct, b.cumulative_pct, b.vital) for b in result.bars] == [
        (38, 38.0, 38.0, True),
        (22, 22.0, 60.0, True),
        (15, 15.0, 75.0, True),
        (10, 10.0, 85.0, True),
        (9, 9.0, 94.0, False),
        (6, 6.0, 100.0, False),
    ]
    assert result.vital_few == ["x1", "x3", "x5", "x4"]


def test_pareto_cut_off_exactly_at_80_percent_stops_there() -> None:
    assert pareto(counted(50, 30, 20)).vital_few == ["x0", "x1"]  # 80.0 reaches the cut-off
    assert pareto(counted(40, 39, 21)).vital_few == ["x0", "x1", "x2"]  # 79 does not
    assert pareto(counted(5)).vital_few == ["x0"]
    assert pareto(counted(50, 30, 20), cutoff_pct=50).vital_few == ["x0"]


def test_pareto_rounding_ties_and_uncounted() -> None:
    causes = [*counted(1, 1, 1), Cause(id="zero", count=0), Cause(id="none")]
    result = pareto(causes)
    assert [b.id for b in result.bars] == ["x0", "x1", "x2"]  # ties keep display order
    assert [b.share_pct for b in result.bars] == [33.3, 33.3, 33.3]
    assert [b.cumulative_pct for b in result.bars] == [33.3, 66.7, 100.0]
    assert result.vital_few == ["x0", "x1", "x2"]
    assert pareto([Cause(id="none")]).bars == []


def test_pareto_ties_at_the_cut_off_line_are_all_in() -> None:
    # 40, 20, 20, 20: the prefix reaching 80 % ends at the second 20 (40+20+20 = 80 %); the
    # third 20 has the same count, so it is vital too -- display order must not split a tie.
    tied = pareto(counted(40, 20, 20, 20))
    assert [b.vital for b in tied.bars] == [True, True, True, True]
    assert tied.vital_few == ["x0", "x1", "x2", "x3"]
    # 30, 30, 25, 5, 5, 5: 85 % is reached at 25; the 5s are below the line and all out.
    below = pareto(counted(30, 30, 25, 5, 5, 5))
    assert below.vital_few == ["x0", "x1", "x2"]
    # 50, 10, 10, 10, 10, 10: 80 % is reached at the fourth 10; every 10 is in.
    assert len(pareto(counted(50, 10, 10, 10, 10, 10)).vital_few) == 6
    # A tie entirely before the line changes nothing: 35, 35, 10, 10, 10 reaches 80 at the 10
    # (70 + 10 = 80 %), so all three 10s are in and the order among them does not matter.
    assert pareto(counted(35, 35, 10, 10, 10)).vital_few == ["x0", "x1", "x2", "x3", "x4"]
    # No tie at the line: the cut stays where it was.
    assert pareto(counted(50, 30, 15, 5)).vital_few == ["x0", "x1"]


@pytest.mark.parametrize("seed", range(20))
def test_pareto_tied_causes_are_always_alike(seed: int) -> None:
    rng = random.Random(seed)
    counts = [rng.choice([1, 2, 3, 5, 8]) for _ in range(rng.randint(1, 9))]
    result = pareto(counted(*counts))
    by_count: dict[int, set[bool]] = {}
    for bar in result.bars:
        by_count.setdefault(bar.count, set()).add(bar.vital)
    assert all(len(flags) == 1 for flags in by_count.values()), result.bars
    vital_total = sum(b.count for b in result.bars if b.vital)
    assert vital_total * 100 >= 80 * result.total  # still reaches the cut-off
    # ... and is the smallest set closed under ties that does: dropping the lowest tied
    # group (when there is a vital group below another) falls short of the line.
    vital_counts = sorted({b.count for b in result.bars if b.vital})
    if len(vital_counts) > 1:
        without = vital_total - sum(b.count for b in result.bars if b.count == vital_counts[0])
        assert without * 100 < 80 * result.total


# -- whys, root causes, weights and warnings ---------------------------------------------------


def test_why_chain_root_causes_and_top_weighted() -> None:
    content = board()
    content.get(PROBLEM, type=Text).insert(0, "Late deliveries")
    add_cause(content, "a", text="a", category="methods", root=True, weight=1.0, whys=["w1", "  "])
    append_why(content, "a", "w2")
    add_cause(content, "b", text="b", category="methods", votes=9)
    add_cause(content, "c", text="c", category="methods", weight=3.0, votes=1)
    add_cause(content, "d", text="d", category="methods", weight=3.0, votes=4)
    add_cause(content, "e", text="e", category="methods", root=True, source="audit 2026")
    snapshot, analysis = run(content)
    assert snapshot.causes[0].whys == ["w1", "w2"]  # blank whys are not part of the chain
    assert [(c.cause, c.length, c.root) for c in analysis.chains] == [("a", 2, "w2")]
    assert analysis.without_whys == ["b", "c", "d", "e"]
    assert analysis.root_causes == ["a", "e"]
    assert [r.id for r in analysis.top_weighted] == ["d", "c", "a"]
    assert "no_root_cause" not in codes(analysis) and "root_unsupported" not in codes(analysis)


def test_cause_warnings() -> None:
    content = board()
    add_cause(content, "r", text="  ", category="methods", root=True)
    add_cause(content, "n", text="n", category="people")
    _, analysis = run(content)
    found = {w.code: w for w in analysis.warnings}
    assert found["empty_cause"].causes == ["r"]
    assert found["root_unsupported"].causes == ["r"]
    assert found["empty_category"].categories == [
        "machines",
        "materials",
        "environment",
        "measurement",
    ]
    content.get(CAUSES, type=Map)["r"]["root"] = False
    assert "no_root_cause" in codes(run(content)[1])


def test_append_why_needs_a_whys_array() -> None:
    content = board()
    content.get(CAUSES, type=Map)["x"] = Map({"text": "x", "category": "methods"})
    with pytest.raises(ValueError, match="whys Array"):
        append_why(content, "x", "why")


# -- concurrent editors ------------------------------------------------------------------------


def test_concurrent_editors_keep_both_causes_and_both_renames() -> None:
    a = board()
    add_cause(a, "c1", text="manual lookup", category="machines")
    del a.get(ORDER, type=Map)["cause:c1"]  # as a client that made no sub-cause list would
    b: Doc = Doc()
    b.apply_update(a.get_update())
    add_cause(a, "fromA", text="no knowledge base", category="materials")
    add_cause(b, "fromB", text="peak season", category="environment")
    add_cause(a, "subA", text="A's sub", category="machines", parent="c1")  # both create the
    add_cause(b, "subB", text="B's sub", category="machines", parent="c1")  # same order list
    text_a = a.get(CAUSES, type=Map)["c1"]["text"]
    text_a.insert(0, "agent ")
    text_b = b.get(CAUSES, type=Map)["c1"]["text"]
    text_b += " in 3 systems"
    append_why(b, "c1", "no single entry")
    # not ``table["what"] += ...``: that re-assigns the integrated Text and empties it
    a.get(FIVE_W_ONE_H, type=Map)["what"].insert(0, "what A typed")
    b.get(FIVE_W_ONE_H, type=Map)["who"].insert(0, "who B typed")
    sync(a, b)
    snap_a, snap_b = KIND.read(a, Doc()), KIND.read(b, Doc())
    assert snap_a == snap_b
    by_id = {c.id: c for c in snap_a.causes}
    assert set(by_id) == {"c1", "fromA", "fromB", "subA", "subB"}
    assert by_id["c1"].text == "agent manual lookup in 3 systems"
    assert by_id["c1"].whys == ["no single entry"]
    assert {by_id["subA"].parent, by_id["subB"].parent} == {"c1"}
    assert (snap_a.five_w_one_h.what, snap_a.five_w_one_h.who) == ("what A typed", "who B typed")
    assert KIND.analyse(snap_a) == KIND.analyse(snap_b)


def test_concurrent_moves_into_a_cycle_still_converge() -> None:
    a = board()
    add_cause(a, "x", text="x", category="methods")
    add_cause(a, "y", text="y", category="methods")
    b: Doc = Doc()
    b.apply_update(a.get_update())
    a.get(CAUSES, type=Map)["x"]["parent"] = "y"
    b.get(CAUSES, type=Map)["y"]["parent"] = "x"
    sync(a, b)
    snap_a, snap_b = KIND.read(a, Doc()), KIND.read(b, Doc())
    assert snap_a == snap_b
    assert {c.id for c in snap_a.causes} == {"x", "y"}
    assert [i.code for i in snap_a.issues] == ["parent_cycle"]


# -- demo --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "problem", "first_text"),
    [
        ("zh-CN", "客户重复投诉率达 20 %", "专员对产品问题判断不一致"),
        ("en", "Repeat complaints at 20 %", "Agents judge product issues inconsistently"),
    ],
)
def test_demo(language: str, problem: str, first_text: str) -> None:
    snapshot, analysis = run(board(language, demo=True))
    assert snapshot.problem.startswith(problem)
    assert snapshot.causes[0].text == first_text
    assert all(
        getattr(snapshot.five_w_one_h, k) for k in ("what", "why", "when", "where", "who", "how")
    )
    assert analysis.warnings == []
    assert analysis.causes == 11 and analysis.max_depth == 2
    assert analysis.pareto.total == 100
    assert analysis.pareto.vital_few == ["c1", "c4", "c6", "c3"]
    assert [b.cumulative_pct for b in analysis.pareto.bars] == [38, 60, 75, 85, 94, 100]
    assert analysis.root_causes == ["c1"]
    assert [(c.cause, c.length) for c in analysis.chains] == [("c1", 5)]
    assert [r.id for r in analysis.top_weighted] == ["c1", "c4", "c6"]
    c4 = next(c for c in snapshot.causes if c.id == "c4")
    assert c4.evidence.figure == "40 %" and "2026-10" in c4.evidence.source
    assert isinstance(board(language, demo=True).get(ORDER, type=Map)["cat:methods"], Array)


def random_edit(rng: random.Random, doc: Doc, step: int) -> None:
    causes = doc.get(CAUSES, type=Map)
    ids = sorted(causes.keys())
    op = rng.random()
    if op < 0.4 or not ids:
        parent = rng.choice([*ids, "", ""]) if ids else ""
        category = rng.choice(["people", "methods", "machines", "custom"])
        add_cause(
            doc,
            f"n{step}",
            text=f"t{step}",
            category=category,
            parent=parent,
            count=rng.choice([None, 1, 5, 20]),
        )
    elif op < 0.6:
        text = causes[rng.choice(ids)]["text"]
        text.insert(rng.randint(0, len(str(text))), f"+{step}")
    elif op < 0.75:  # a move, which may close a loop with a concurrent one
        causes[rng.choice(ids)]["parent"] = rng.choice([*ids, ""])
    elif op < 0.85:
        del causes[rng.choice(ids)]
    else:
        causes[rng.choice(ids)]["count"] = float(rng.randint(0, 30))


@pytest.mark.parametrize("seed", range(6))
def test_random_concurrent_edits_converge(seed: int) -> None:
    docs = edit_concurrently(board(), random_edit, seed)
    snapshots = [KIND.read(doc, Doc()) for doc in docs]
    assert all(snapshot == snapshots[0] for snapshot in snapshots)
    assert len({KIND.analyse(s).model_dump_json() for s in snapshots}) == 1
    assert sorted(c.id for c in snapshots[0].causes) == sorted(docs[0].get(CAUSES, type=Map).keys())
