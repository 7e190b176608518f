"""The RACI kind: letters, every rule on its own, load, junk, concurrency, demo."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pycrdt import Array, Doc, Map, Text

from boards.raci import (
    Finding,
    RaciAnalysis,
    RaciKind,
    RaciSnapshot,
    add_activity,
    add_role,
    analyse,
    normalise_letters,
    set_cell,
)
from boards.raci.layout import ACTIVITY_ORDER, CELLS, ROLES
from tests.support.replicas import edit_concurrently, sync

KIND = RaciKind()


def matrix(rows: dict[str, dict[str, str]], roles: list[str] | None = None) -> Doc:
    """Activities (in order) -> {role: letters}; roles default to every role mentioned."""
    content: Doc = Doc()
    KIND.seed(content, Doc(), language="en", demo=False)
    mentioned = roles if roles is not None else sorted({r for row in rows.values() for r in row})
    for role_id in mentioned:
        add_role(content, role_id, role_id.upper())
    for activity_id, cells in rows.items():
        add_activity(content, activity_id, activity_id.upper())
        for role_id, letters in cells.items():
            set_cell(content, activity_id, role_id, letters)
    return content


def run(content: Doc) -> tuple[RaciSnapshot, RaciAnalysis]:
    snapshot = KIND.read(content, Doc())
    return snapshot, KIND.analyse(snapshot)


def found(content: Doc, **options: Any) -> list[tuple[str, str, list[str], list[str]]]:
    analysis = analyse(KIND.read(content, Doc()), **options)
    return [(f.code, f.severity, f.activity_ids, f.role_ids) for f in analysis.findings]


def only(content: Doc, code: str) -> Finding:
    matches = [f for f in run(content)[1].findings if f.code == code]
    assert len(matches) == 1, matches
    return matches[0]


GOOD = {
    "x": {"doer": "R", "boss": "A", "expert": "C", "fyi": "I"},
    "y": {"doer": "R", "expert": "A", "fyi": "I"},
    "z": {"expert": "R", "doer": "A"},
}


# -- letters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("R", ("R", True)),
        ("ar", ("RA", True)),
        ("IcaR", ("RACI", True)),
        ("RR", ("R", True)),
        ("R/A", ("RA", True)),
        ("a, r", ("RA", True)),
        ("R\uff0cA", ("RA", True)),
        ("R、A", ("RA", True)),
        ("", ("", True)),
        ("RX", ("R", False)),
        ("负责", ("", False)),
        ("A?", ("A", False)),
    ],
)
def test_normalise_letters(raw: str, expected: tuple[str, bool]) -> None:
    assert normalise_letters(raw) == expected


def test_set_cell_writes_canonical_letters_and_clears() -> None:
    content = matrix({"x": {"r": "ca"}})
    assert content.get(CELLS, type=Map)["x:r"] == "AC"
    set_cell(content, "x", "r", "")
    assert "x:r" not in content.get(CELLS, type=Map)
    set_cell(content, "x", "r", "")  # clearing an empty cell is fine
    with pytest.raises(ValueError, match="expected letters"):
        set_cell(content, "x", "r", "Z")
    with pytest.raises(ValueError, match="role kind"):
        add_role(content, "q", "Q", "team")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="without ':'"):
        add_activity(content, "a:b", "bad id")


# -- the empty board and a clean matrix --------------------------------------------------------


def test_kind_contract() -> None:
    assert (KIND.name, KIND.schema_version, dict(KIND.commands)) == ("raci", 1, {})
    assert KIND.private_view({}, None) == {}  # type: ignore[arg-type]


def test_empty_board() -> None:
    snapshot, analysis = run(matrix({}))
    assert snapshot == RaciSnapshot()
    assert analysis.findings == [] and analysis.load == []
    assert analysis.counts == {"error": 0, "warning": 0, "info": 0}
    assert run(Doc())[1].findings == []


def test_sound_matrix_flags_only_the_role_without_r_or_a() -> None:
    snapshot, analysis = run(matrix(GOOD, roles=["doer", "boss", "expert", "fyi"]))
    fyi = only(matrix(GOOD), "role_without_r_or_a")  # fyi is only ever informed
    assert fyi.severity == "info" and fyi.role_ids == ["fyi"]
    assert fyi.cells == ["x:fyi", "y:fyi"] and fyi.activity_ids == ["x", "y"]
    assert [(f.code, f.role_ids) for f in analysis.findings] == [("role_without_r_or_a", ["fyi"])]
    assert [(x.role, x.r, x.a, x.c, x.i) for x in analysis.load] == [
        ("doer", 2, 1, 0, 0),
        ("boss", 0, 1, 0, 0),
        ("expert", 1, 1, 1, 0),
        ("fyi", 0, 0, 0, 2),
    ]
    assert [c.letters for c in snapshot.cells if c.activity == "x"] == ["R", "A", "C", "I"]


# -- one test per rule -------------------------------------------------------------------------


def test_no_a() -> None:
    finding = only(matrix({"x": {"doer": "R", "fyi": "I"}, "y": {"doer": "RA"}}), "no_a")
    assert (finding.severity, finding.activity_ids, finding.cells) == ("error", ["x"], [])


def test_multiple_a() -> None:
    content = matrix({"x": {"doer": "R", "boss": "A", "other": "ai"}})
    finding = only(content, "multiple_a")
    assert (finding.severity, finding.activity_ids) == ("error", ["x"])
    assert finding.role_ids == ["boss", "other"] and finding.cells == ["x:boss", "x:other"]
    assert finding.params == {"count": 2}


def test_no_r() -> None:
    finding = only(matrix({"x": {"boss": "A", "fyi": "C"}, "y": {"boss": "RA"}}), "no_r")
    assert (finding.severity, finding.activity_ids) == ("error", ["x"])


def test_orphaned_replaces_no_a_and_no_r() -> None:
    content = matrix({"x": {"a": "C", "b": "I"}, "y": {"a": "RA", "b": "R"}})
    codes = [code for code, *_ in found(content)]
    assert "no_a" not in codes and "no_r" not in codes
    finding = only(content, "orphaned")
    assert (finding.severity, finding.activity_ids, finding.cells) == (
        "error",
        ["x"],
        ["x:a", "x:b"],
    )
    # an activity nobody has touched is orphaned too
    empty = matrix({"x": {}, "y": {"a": "RA"}}, roles=["a"])
    assert only(empty, "orphaned").activity_ids == ["x"]


def test_too_many_c_above_three_by_default() -> None:
    four = {"x": {"d": "R", "b": "A", "c1": "C", "c2": "C", "c3": "C", "c4": "CI"}}
    finding = only(matrix(four), "too_many_c")
    assert finding.severity == "warning" and finding.params == {"count": 4, "max": 3}
    assert finding.role_ids == ["c1", "c2", "c3", "c4"]
    three = {"x": {"d": "R", "b": "A", "c1": "C", "c2": "C", "c3": "C"}}
    assert "too_many_c" not in [code for code, *_ in found(matrix(three))]
    assert ("too_many_c", "warning", ["x"], ["c1", "c2", "c3"]) in found(
        matrix(three), max_consulted=2
    )


def test_role_without_r_or_a() -> None:
    content = matrix({"x": {"d": "R", "b": "A", "c": "C"}}, roles=["d", "b", "c", "idle"])
    findings = [f for f in run(content)[1].findings if f.code == "role_without_r_or_a"]
    assert [(f.severity, f.role_ids, f.cells) for f in findings] == [
        ("info", ["c"], ["x:c"]),
        ("info", ["idle"], []),
    ]
    # with no activities there is nothing to judge roles by
    assert run(matrix({}, roles=["idle"]))[1].findings == []


def test_role_a_bottleneck() -> None:
    rows = {
        "x": {"d": "R", "boss": "A"},
        "y": {"d": "R", "boss": "A"},
        "z": {"d": "R", "other": "A"},
    }
    finding = only(matrix(rows), "role_a_bottleneck")
    assert (finding.severity, finding.role_ids, finding.activity_ids) == (
        "warning",
        ["boss"],
        ["x", "y"],
    )
    assert finding.params == {"count": 2, "activities": 3} and finding.cells == ["x:boss", "y:boss"]
    # exactly half is not more than half
    rows["w"] = {"d": "R", "other": "A"}
    assert "role_a_bottleneck" not in [code for code, *_ in found(matrix(rows))]
    # a matrix of two activities is too small to call anyone a bottleneck
    two = {"x": {"d": "R", "boss": "A"}, "y": {"d": "R", "boss": "A"}}
    assert "role_a_bottleneck" not in [code for code, *_ in found(matrix(two))]


def test_same_role_r_and_a_everywhere() -> None:
    rows = {"x": {"solo": "RA", "fyi": "I"}, "y": {"solo": "AR"}, "z": {"d": "R", "b": "A"}}
    finding = only(matrix(rows), "same_role_r_and_a_everywhere")
    assert (finding.severity, finding.role_ids, finding.activity_ids) == (
        "warning",
        ["solo"],
        ["x", "y"],
    )
    assert finding.params == {"count": 2}
    # once is a small activity signed off by its doer, not a pattern
    once = {"x": {"solo": "RA"}, "z": {"d": "R", "b": "A"}}
    assert "same_role_r_and_a_everywhere" not in [c for c, *_ in found(matrix(once))]
    # accountable twice but someone else does one of them: there is oversight
    mixed = {"x": {"solo": "RA"}, "y": {"solo": "A", "d": "R"}}
    assert "same_role_r_and_a_everywhere" not in [c for c, *_ in found(matrix(mixed))]


def test_findings_follow_row_order_with_counts() -> None:
    analysis = run(matrix({"b": {"x": "C"}, "a": {"x": "A", "y": "A"}}))[1]
    assert [(f.code, f.activity_ids, f.role_ids) for f in analysis.findings] == [
        ("orphaned", ["b"], ["x"]),
        ("multiple_a", ["a"], ["x", "y"]),
        ("no_r", ["a"], []),
    ]
    assert analysis.counts == {"error": 3, "warning": 0, "info": 0}


# -- forgiving reader --------------------------------------------------------------------------


def test_junk_cells_are_reported_and_their_letters_kept() -> None:
    content = matrix({"x": {"d": "R", "b": "A"}})
    cells = content.get(CELLS, type=Map)
    cells["x:d"] = "r x"
    cells["x:b"] = 5.0
    cells["nonsense"] = "R"
    cells["x:b:extra"] = "A"
    cells["gone:d"] = "A"  # a deleted activity's cell: skipped silently
    snapshot, analysis = run(content)
    assert [(c.role, c.letters) for c in snapshot.cells] == [("d", "R")]
    junk = [
        (f.code, f.severity, f.cells, f.params)
        for f in analysis.findings
        if f.code.startswith("invalid")
    ]
    assert junk == [
        ("invalid_cell_key", "warning", ["nonsense"], {"raw": "'R'"}),
        ("invalid_cell", "warning", ["x:b"], {"raw": "5.0"}),
        ("invalid_cell_key", "warning", ["x:b:extra"], {"raw": "'A'"}),
        ("invalid_cell", "warning", ["x:d"], {"raw": "r x"}),
    ]
    assert "no_a" in [f.code for f in analysis.findings]  # the junk A does not count


def test_names_kinds_and_order_from_any_client() -> None:
    content = matrix({})
    activities = content.get("activities", type=Map)
    activities["b"] = Map({"name": Text("typed as Text")})
    activities["a"] = Map({"name": "plain", "step_id": "s1"})
    activities["junk"] = "not a map"
    order = content.get(ACTIVITY_ORDER, type=Array)
    order.extend(["b", "stale", "b"])
    content.get(ROLES, type=Map)["r"] = Map({"name": "R", "kind": "team"})
    snapshot, analysis = run(content)
    assert [(a.id, a.name, a.step_id) for a in snapshot.activities] == [
        ("b", "typed as Text", ""),
        ("a", "plain", "s1"),
    ]
    assert [(r.id, r.kind) for r in snapshot.roles] == [("r", "role")]
    assert ("invalid_value", ["r"]) in [(f.code, f.cells) for f in analysis.findings]


def test_snapshot_round_trips_through_json() -> None:
    snapshot = run(demo_board("zh-CN"))[0]
    assert RaciSnapshot.model_validate(snapshot.model_dump(mode="json")) == snapshot


# -- concurrent editors ------------------------------------------------------------------------


def test_concurrent_rows_columns_and_cells_are_all_kept() -> None:
    a = matrix({"x": {"d": "R"}})
    b: Doc = Doc()
    b.apply_update(a.get_update())
    add_activity(a, "fromA", "added by A")
    set_cell(a, "fromA", "d", "RA")
    set_cell(a, "x", "d", "RA")
    add_role(b, "boss", "added by B")
    set_cell(b, "x", "boss", "A")
    add_activity(b, "fromB", "added by B")
    sync(a, b)
    snap_a, snap_b = KIND.read(a, Doc()), KIND.read(b, Doc())
    assert snap_a == snap_b
    assert {x.id for x in snap_a.activities} == {"x", "fromA", "fromB"}
    assert [r.id for r in snap_a.roles] == ["d", "boss"]
    assert {(c.activity, c.role, c.letters) for c in snap_a.cells} == {
        ("x", "d", "RA"),
        ("x", "boss", "A"),
        ("fromA", "d", "RA"),
    }
    assert KIND.analyse(snap_a) == KIND.analyse(snap_b)


# -- demo --------------------------------------------------------------------------------------


def demo_board(language: str) -> Doc:
    content: Doc = Doc()
    KIND.seed(content, Doc(), language=language, demo=True)
    return content


@pytest.mark.parametrize(
    ("language", "roles", "first"),
    [
        (
            "zh-CN",
            ["客服专员", "客服主管", "产品经理", "物流调度", "质量经理"],
            "接收投诉(在线表单)",
        ),
        (
            "en",
            ["Agent", "CS lead", "Product manager", "Logistics dispatcher", "Quality manager"],
            "Receive complaint (web form)",
        ),
    ],
)
def test_demo(language: str, roles: list[str], first: str) -> None:
    snapshot, analysis = run(demo_board(language))
    assert [r.name for r in snapshot.roles] == roles
    assert snapshot.activities[0].name == first and len(snapshot.activities) == 7
    assert [a.step_id for a in snapshot.activities] == ["f1", "f2", "f3", "f4", "f5", "f6", ""]
    assert [(f.code, f.activity_ids, f.role_ids) for f in analysis.findings] == [
        ("multiple_a", ["a4"], ["lead", "product"]),
        ("no_a", ["a5"], []),
    ]
    assert analysis.counts == {"error": 2, "warning": 0, "info": 0}
    load = {x.role: (x.r, x.a, x.c, x.i) for x in analysis.load}
    assert load["agent"] == (5, 1, 1, 1) and load["lead"] == (0, 3, 1, 2)


def random_edit(rng: random.Random, doc: Doc, step: int) -> None:
    activities = sorted(doc.get("activities", type=Map).keys())
    roles = sorted(doc.get(ROLES, type=Map).keys())
    op = rng.random()
    if op < 0.2 or not activities:
        add_activity(doc, f"a{step}", f"activity {step}")
    elif op < 0.35 or not roles:
        add_role(doc, f"r{step}", f"role {step}", rng.choice(["role", "department"]))
    elif op < 0.9:
        letters = rng.choice(["R", "A", "C", "I", "RA", "", "AC"])
        set_cell(doc, rng.choice(activities), rng.choice(roles), letters)
    else:
        del doc.get("activities", type=Map)[rng.choice(activities)]


@pytest.mark.parametrize("seed", range(6))
def test_random_concurrent_edits_converge(seed: int) -> None:
    docs = edit_concurrently(matrix({}), random_edit, seed)
    snapshots = [KIND.read(doc, Doc()) for doc in docs]
    assert all(snapshot == snapshots[0] for snapshot in snapshots)
    assert len({KIND.analyse(s).model_dump_json() for s in snapshots}) == 1
    assert snapshots[0].activities and snapshots[0].cells


def test_demo_activities_link_to_the_demo_value_stream_steps() -> None:
    from boards.vsm import VsmKind

    vsm_content: Doc = Doc()
    VsmKind().seed(vsm_content, Doc(), language="en", demo=True)
    vsm = VsmKind().read(vsm_content, Doc())
    steps = {step.id: step.name for step in (vsm.future.steps or vsm.current.steps)}
    linked = [a for a in run(demo_board("en"))[0].activities if a.step_id]
    assert linked and all(steps.get(a.step_id) == a.name for a in linked)
