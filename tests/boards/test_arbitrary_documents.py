"""No input stops an analysis: whatever a client writes into a content document, every kind's
reader -> analysis -> report (HTML context, Markdown, CSV zip, XLSX, JSON) goes through.

Documents travel as a Yjs update from the writing client's ``Doc`` into a fresh one, as they
reach the server, so roots of the wrong type behave as they do in production.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc

from boards.registry import KINDS
from exports import actions_ics, actions_xlsx, csv_zip, raci_xlsx, render_html, render_markdown
from exports.report import build
from tests.support.junk import LEDGER_ROOTS, ROOTS, Desc, documents, ledgers, write

EXAMPLES = 60


def received(document: dict[str, Desc]) -> Doc:
    client: Doc = Doc()
    write(client, document)
    server: Doc = Doc()
    server.apply_update(client.get_update())
    return server


def board(kind: str, content: Doc, ledger: Doc) -> dict[str, Any]:
    impl = KINDS[kind]
    snapshot = impl.read(content, ledger)
    analysis = impl.analyse(snapshot)
    # Both must survive strict JSON (no NaN/Infinity): the ledger stores the analysis as JSON
    # for every client, and the JSON export must re-import.
    return {
        "id": f"b-{kind}",
        "kind": kind,
        "title": kind,
        "position": 1,
        "snapshot": json.loads(json.dumps(snapshot.model_dump(mode="json"), allow_nan=False)),
        "analysis": json.loads(json.dumps(analysis.model_dump(mode="json"), allow_nan=False)),
    }


def workshop(boards: list[dict[str, Any]], language: str) -> dict[str, Any]:
    return {
        "schema": "obeya.workshop/1",
        "exported_at": "2026-12-06T12:00:00+00:00",
        "workshop": {"title": "t", "language": language, "created_at": "2026-12-01T00:00:00"},
        "participants": [],
        "boards": boards,
    }


def export_everything(snapshot: dict[str, Any]) -> None:
    context = build(snapshot)
    assert len(context["sections"]) == sum(b["kind"] != "workshop" for b in snapshot["boards"])
    assert render_html(snapshot).lower().startswith("<!doctype html>")
    assert render_markdown(snapshot)
    assert csv_zip(snapshot)[:2] == b"PK"
    for b in snapshot["boards"]:
        if b["kind"] == "raci":
            assert raci_xlsx(snapshot, b)[:2] == b"PK"
        if b["kind"] == "workshop":
            assert actions_xlsx(snapshot, b)[:2] == b"PK"
            assert actions_ics(snapshot, b).startswith(b"BEGIN:VCALENDAR")


def assert_finite(value: Any) -> None:
    if isinstance(value, float):
        assert math.isfinite(value)
    elif isinstance(value, dict):
        for item in value.values():
            assert_finite(item)
    elif isinstance(value, list):
        for item in value:
            assert_finite(item)


@pytest.mark.parametrize("kind", sorted(ROOTS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_content_reads_analyses_and_exports(kind: str, data: st.DataObject) -> None:
    document = data.draw(documents(kind), label="content")
    language = data.draw(st.sampled_from(["zh-CN", "en"]), label="language")
    if kind in LEDGER_ROOTS:
        ledger = received(data.draw(ledgers(kind), label="ledger"))
    else:
        ledger = Doc()
        KINDS[kind].seed(Doc(), ledger, language=language, demo=False)
    this = board(kind, received(document), ledger)
    assert_finite(this["analysis"])
    boards = [this]
    if kind != "workshop":  # the workshop board feeds the cover and the summary
        boards.append(board("workshop", Doc(), ledger_of("workshop")))
    export_everything(workshop(boards, language))


def ledger_of(kind: str) -> Doc:
    ledger: Doc = Doc()
    KINDS[kind].seed(Doc(), ledger, language="en", demo=False)
    return ledger


def test_every_kind_has_a_strategy() -> None:
    assert set(ROOTS) == set(KINDS)


# Fields that hold a list, that no reader knows (junk.py mixes them in on purpose), or that
# only mark a record (a withdrawn reading: any value withdraws it).
LIST_FIELDS = {"whys", "systems", "baseline_sample", "kind", "withdrawn", "corrected"}
# Read only while a voting round shows its results.
HIDDEN_ROOTS = {"tallies", "voters"}
# What a ledger record needs to be read at all (else it is skipped, and that is reported).
REQUIRED: dict[str, dict[str, Any]] = {
    "readings": {"kpi_id": "k", "value": 1.0},
    "feedback": {"kind": "problem"},
    "history": {"number": 1},
}
JUNK = [[1], {"a": None}]


def junk_cases() -> list[tuple[str, str, str, str]]:
    return [
        (kind, doc, name, field)
        for doc, kinds in (("content", ROOTS), ("ledger", LEDGER_ROOTS))
        for kind, roots in kinds.items()
        for name, (shape, fields) in roots.items()
        if shape in ("map", "fields") and name not in HIDDEN_ROOTS
        for field in fields
        if field not in LIST_FIELDS
    ]


@pytest.mark.parametrize(("kind", "doc", "root", "field"), junk_cases())
def test_a_value_of_the_wrong_type_is_reported_where_it_was(
    kind: str, doc: str, root: str, field: str
) -> None:
    shape = (ROOTS if doc == "content" else LEDGER_ROOTS)[kind][root][0]
    value: Desc = ("json", JUNK)
    required = {k: ("json", v) for k, v in REQUIRED.get(root, {}).items() if k != field}
    record: Desc = ("map", {**required, field: value})
    document = {root: ("map", {"x1": record}) if shape == "map" else record}
    if doc == "content":
        content, ledger = received(document), Doc()
        KINDS[kind].seed(Doc(), ledger, language="en", demo=False)
    else:
        content, ledger = Doc(), received(document)
    this = board(kind, content, ledger)
    analysis = this["analysis"]
    said = [
        *analysis.get("read_warnings", []),
        *analysis.get("warnings", []),  # the value-stream map's and fishbone's own
        *analysis.get("findings", []),
        *this["snapshot"].get("read_warnings", []),  # the workshop board has no section
    ]
    assert field in json.dumps(said), said
