"""The shared reader coercion (``boards/values.py``), the inputs that used to stop a kind's
reader or analysis, and the warnings saying what was ignored, in both languages."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from pycrdt import Array, Doc, Map

from boards import values
from boards.registry import KINDS
from exports import render_markdown
from exports.report import build
from tests.boards.test_arbitrary_documents import board, workshop

ROOT = Path(__file__).resolve().parents[2]


def read(fn: Any, raw: Any, **kw: Any) -> tuple[Any, list[tuple[str, str, str]]]:
    w = values.Warnings()
    out = fn(raw, w, "f", **kw)
    return out, [(x.code, x.field, x.value) for x in w.list()]


@pytest.mark.parametrize(
    ("raw", "expected", "code"),
    [
        (None, None, None),
        ("  ", None, None),
        (3, 3.0, None),
        (" 3.5 ", 3.5, None),
        ("1e308", None, "out_of_range"),
        (1e308, None, "out_of_range"),
        (2**1100, None, "invalid_number"),  # beyond any float
        (float("nan"), None, "invalid_number"),
        ("inf", None, "invalid_number"),
        (True, None, "invalid_number"),
        ([1], None, "invalid_number"),
        ({"a": 1}, None, "invalid_number"),
        ("12 h", None, "invalid_number"),
    ],
)
def test_number(raw: Any, expected: float | None, code: str | None) -> None:
    out, warnings = read(values.number, raw)
    assert out == expected
    assert [w[0] for w in warnings] == ([code] if code else [])


def test_whole_text_choice_flag_ident() -> None:
    assert read(values.whole, "4", low=1, high=5) == (4, [])
    assert read(values.whole, 4.5)[1][0][0] == "not_whole"
    assert read(values.whole, 9, low=1, high=5)[1][0][0] == "out_of_range"
    assert read(values.text, 12.5) == ("12.5", [])
    assert read(values.text, ["x"]) == ("", [("invalid_text", "f", "['x']")])
    w = values.Warnings()
    assert values.choice("higher", ("lower", "higher"), w, "f") == "higher"
    assert values.choice(1, ("lower", "higher"), w, "f") is None
    assert [x.code for x in w.list()] == ["invalid_choice"]
    assert read(values.flag, None, default=True) == (True, [])
    assert read(values.flag, "yes") == (False, [("invalid_choice", "f", "yes")])
    assert read(values.ident, ["a"])[0] is None
    assert read(values.ids, ["a", ["b"], "a", "", "c"])[0] == ["a", "c"]
    assert read(values.numbers, [1, "x", 2, None])[0] == [1.0, 2.0]


def test_records_and_entries_skip_junk() -> None:
    doc: Doc = Doc()
    root = doc.get("m", type=Map)
    root.update({"b": Map({"x": 1}), "a": {"y": 2}, "c": "junk"})
    rows, warnings = read(values.entries, root)
    assert rows == [("a", {"y": 2}), ("b", {"x": 1.0})]
    assert warnings == [("invalid_record", "f.c", "junk")]
    listed = doc.get("l", type=Array)
    listed.extend([Map({"x": 1}), 3])
    assert read(values.records, listed) == ([{"x": 1.0}], [("invalid_record", "f.1", "3")])
    assert read(values.records, "nope") == ([], [("invalid_list", "f", "nope")])


def test_warnings_are_capped() -> None:
    w = values.Warnings()
    for i in range(values.MAX_WARNINGS + 7):
        w.add("invalid_number", f"f{i}", i)
    out = w.list()
    assert len(out) == values.MAX_WARNINGS + 1
    assert (out[-1].code, out[-1].value) == ("too_many", "7")


def test_every_code_has_a_message_in_both_languages() -> None:
    for catalog in (ROOT / "exports/i18n").glob("*.json"):
        keys = json.loads(catalog.read_text())
        missing = [c for c in values.READ_CODES if f"read.warning.{c}" not in keys]
        assert not missing, (catalog.name, missing)
        assert "analysis.error.failed" in keys and "read.title" in keys
    for catalog in (ROOT / "client/src/i18n").glob("*.json"):
        keys = json.loads(catalog.read_text())
        read_keys = keys.get("read", {}).get("warning", {})
        assert set(values.READ_CODES) <= set(read_keys), catalog.name
        assert keys.get("analysis", {}).get("error", {}).get("failed"), catalog.name


# --- the inputs that used to stop a reader or an analysis ------------------------------


def docs(kind: str) -> tuple[Doc, Doc]:
    content, ledger = Doc(), Doc()
    KINDS[kind].seed(content, ledger, language="en", demo=False)
    return content, ledger


def test_raci_order_listing_a_list() -> None:
    content, ledger = docs("raci")
    content.get("activities", type=Map)["a"] = Map({"name": ["x"]})
    content.get("activity_order", type=Array).extend([["a"], "a", 7])
    snap = KINDS["raci"].read(content, ledger)
    assert [a.id for a in snap.activities] == ["a"]
    codes = {(w.code, w.field) for w in snap.read_warnings}
    assert codes == {
        ("invalid_text", "activities.a.name"),
        ("invalid_id", "activity_order"),
    }
    assert KINDS["raci"].analyse(snap).read_warnings == snap.read_warnings


def test_pilot_ledger_junk_and_a_1e308_baseline() -> None:
    content, ledger = docs("pilot")
    content.get("kpis", type=Map)["k"] = Map({"name": "K", "baseline": 1e308, "better": 3})
    readings = ledger.get("readings", type=Map)
    readings["r1"] = Map({"kpi_id": "k", "date": "2026-03-02", "value": "abc"})
    readings["r2"] = Map({"kpi_id": ["k"], "value": 1.0})
    readings["r3"] = Map({"kpi_id": "k", "date": "2026-03-03", "value": 5, "numerator": 0.5})
    ledger.get("feedback", type=Map)["f"] = Map({"kind": "rant", "satisfaction": 9})
    snap = KINDS["pilot"].read(content, ledger)
    assert [r.id for r in snap.readings] == ["r3"] and snap.readings[0].numerator is None
    assert snap.feedback == [] and snap.kpis[0].baseline is None
    fields = {w.field: w.code for w in snap.read_warnings}
    assert fields == {
        "kpis.k.baseline": "out_of_range",
        "kpis.k.better": "invalid_choice",
        "readings.r1.value": "invalid_number",
        "readings.r2.kpi_id": "invalid_id",
        "readings.r3.numerator": "not_whole",
        "feedback.f.kind": "invalid_choice",
    }
    analysis = KINDS["pilot"].analyse(snap)
    assert analysis.read_warnings == snap.read_warnings


def test_ideas_round_history_and_voters_of_the_wrong_type() -> None:
    content, ledger = docs("ideas")
    ledger.get("round", type=Map).update({"number": None, "hidden": "no", "status": 3})
    ledger.get("history", type=Map)["1"] = {"number": "x", "tallies": []}
    ledger.get("history", type=Map)["2"] = {"number": 2, "tallies": {"a": "3", "b": 1e308}}
    snap = KINDS["ideas"].read(content, ledger)
    assert snap.round.number == 0 and snap.round.hidden is True
    assert [(h.number, h.tallies) for h in snap.history] == [(2, {"a": 3})]
    assert {w.field for w in snap.read_warnings} >= {
        "round.hidden",
        "round.status",
        "history.1.number",
        "history.2.tallies.b",
    }
    KINDS["ideas"].analyse(snap)


def test_huge_step_times_never_make_lead_time_infinite() -> None:
    content, ledger = docs("vsm")
    steps = content.get("current_steps", type=Map)
    steps["a"] = Map({"name": "A", "cycle_time": 1e308, "cycle_unit": "d", "wait_time": 1e308})
    steps["b"] = Map({"name": "B", "cycle_time": "1e308", "wait_time": 5, "wait_unit": "d"})
    analysis = KINDS["vsm"].analyse(KINDS["vsm"].read(content, ledger))
    text = json.dumps(analysis.model_dump(mode="json"), allow_nan=False)  # raises on inf/nan
    assert "Infinity" not in text and all(
        math.isfinite(v) for v in _floats(analysis.model_dump(mode="json"))
    )


def _floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "activity_order: “7” is not a valid id; the entry was skipped."),
        ("zh-CN", "activity_order：“7”不是有效的编号，该条目已跳过。"),
    ],
)
def test_the_report_says_what_was_ignored(language: str, expected: str) -> None:
    content, ledger = docs("raci")
    content.get("activity_order", type=Array).append(7)
    this = board("raci", content, ledger)
    snapshot = workshop([this], language)
    (section,) = build(snapshot)["sections"]
    assert section["ignored"] == [expected]
    assert expected.replace("_", "\\_") in render_markdown(snapshot)  # Markdown-escaped
    stale = {**this, "analysis_error": "failed"}
    (section,) = build(workshop([stale], language))["sections"]
    assert section["stale"] and section["stale"] != "failed"


def test_workshop_goal_fields_of_the_wrong_type_and_a_junk_state() -> None:
    content, ledger = docs("workshop")
    content.get("goals", type=Map)["g"] = Map(
        {"metric": ["time"], "deadline": 20270331, "baseline": "1e308", "better": "up"}
    )
    content.get("goals", type=Map)["h"] = "junk"
    ledger.get("state", type=Map).update({"phase": "party", "timer_seconds": "x"})
    snap = KINDS["workshop"].read(content, ledger)
    (goal,) = snap.goals
    assert (goal.metric, goal.deadline, goal.baseline, goal.better) == (
        "",
        "20270331",
        None,
        "lower",
    )
    assert snap.state.phase == "diagnose" and snap.state.timer_seconds == 0
    assert {w.field: w.code for w in snap.read_warnings} == {
        "goals.g.metric": "invalid_text",
        "goals.g.baseline": "out_of_range",
        "goals.g.better": "invalid_choice",
        "goals.h": "invalid_record",
        "state.phase": "invalid_choice",
        "state.timer_seconds": "invalid_number",
    }
    KINDS["workshop"].analyse(snap)


def test_notes_sticky_positions_of_the_wrong_type() -> None:
    content, ledger = docs("notes")
    content.get("stickies", type=Map)["s"] = Map({"text": 5, "x": "left", "y": 1e300})
    snap = KINDS["notes"].read(content, ledger)
    (sticky,) = snap.stickies
    assert (sticky.text, sticky.x, sticky.y) == ("5", 0.0, 0.0)
    assert [w.code for w in KINDS["notes"].analyse(snap).read_warnings] == [
        "invalid_number",
        "out_of_range",
    ]


# Field names any kind reads, so the nesting lands where a reader looks.
DEEP_FIELDS = ("name", "text", "title", "metric", "cycle_time", "baseline", "evidence", "whys")
RECORD_ROOTS = {"notes": "stickies", "raci": "activities", "pilot": "kpis",
                "vsm": "current_steps", "fishbone": "causes", "ideas": "cards",
                "workshop": "goals"}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(RECORD_ROOTS))
@pytest.mark.parametrize("shared", [True, False], ids=["nested-maps", "nested-json"])
def test_nesting_thousands_deep_reads(kind: str, shared: bool) -> None:
    """A plain ``repr`` or ``to_py()`` of such a value exceeds Python's recursion limit."""
    writer: Doc = Doc()
    with writer.transaction():
        record = Map({"x": 1.0})
        writer.get(RECORD_ROOTS[kind], type=Map)["r"] = record
        if shared:
            for _ in range(3000):  # built level by level: pycrdt's own prelim path recurses
                record["name"] = Map({})
                record = record["name"]
        else:
            deep: list[Any] = []
            inner = deep
            for _ in range(5000):
                inner.append([])
                inner = inner[0]
            for field in DEEP_FIELDS:
                record[field] = deep
    content, ledger = docs(kind)
    content.apply_update(writer.get_update())
    this = board(kind, content, ledger)  # strict JSON of snapshot and analysis
    assert len(json.dumps(this)) < 20_000
