"""Long free-text fields are collaborative text (boards/longtext.py): the server's writers make
a shared Text, and every reader takes a Text and the plain string older documents hold alike,
with no warning for either."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pycrdt import Array, Doc, Map, Text

from boards import a3, values
from boards.fishbone import layout as fishbone_layout
from boards.longtext import shared, shared_fields
from boards.registry import KINDS
from boards.vsm import layout as vsm_layout

WRITTEN = "客户信息需在三个系统核实 — agents re-key it by hand."


def received(content: Doc) -> Doc:
    """The document as the server holds it: an update applied to a fresh Doc."""
    server: Doc = Doc()
    server.apply_update(content.get_update())
    return server


def read(kind: str, content: Doc) -> Any:
    snapshot = KINDS[kind].read(received(content), Doc())
    # (the value-stream map keeps its own, more specific warnings)
    warnings = getattr(snapshot, "read_warnings", None) or getattr(snapshot, "warnings", [])
    assert not warnings, warnings
    return snapshot


def ideas(value: Any) -> str:
    content: Doc = Doc()
    content.get("cards", type=Map)["i1"] = Map({"title": "t", "description": value})
    [card] = read("ideas", content).cards
    return str(card.description)


def fishbone(value: Any) -> str:
    content: Doc = Doc()
    fishbone_layout.add_category(content, "people", "People")
    fishbone_layout.add_cause(content, "c1", text="Manual lookups", category="people")
    content.get("causes", type=Map)["c1"]["evidence"] = Map({"figure": "40 %", "source": value})
    [cause] = read("fishbone", content).causes
    return str(cause.evidence.source)


def vsm(value: Any) -> str:
    content: Doc = Doc()
    vsm_layout.add_step(content, "current", "s1", {"name": "Verify"})
    vsm_layout.steps(content, "current")["s1"]["notes"] = value
    [step] = read("vsm", content).current.steps
    return str(step.notes)


def risk(value: Any) -> str:
    content: Doc = Doc()
    content.get("risks", type=Map)["k1"] = Map({"text": "Staff resist", "mitigation": value})
    [item] = read("rollout", content).risks
    return str(item.mitigation)


def resource(value: Any) -> str:
    content: Doc = Doc()
    content.get("resources", type=Map)["c1"] = Map(
        {"category": "budget", "text": "Licences", "detail": value}
    )
    [item] = read("rollout", content).resources
    return str(item.detail)


def change(value: Any) -> str:
    content: Doc = Doc()
    content.get("changes", type=Array).append(Map({"date": "2026-11-02", "text": value}))
    written = content.get("changes", type=Array)[0]
    # the same once more (a shared type lives in one place only)
    written["reason"] = Text(str(value)) if isinstance(value, Text) else value
    [item] = read("pilot", content).changes
    assert item.reason == item.text
    return str(item.text)


def a3_text(value: Any) -> str:
    content: Doc = Doc()
    a3.a3_map(content)["background"] = value
    w = values.Warnings()
    text = a3.read(received(content), w).background
    assert not w.list()
    return text


FIELDS: dict[str, Callable[[Any], str]] = {
    "ideas.description": ideas,
    "fishbone.evidence.source": fishbone,
    "vsm.notes": vsm,
    "rollout.risks.mitigation": risk,
    "rollout.resources.detail": resource,
    "pilot.changes.text+reason": change,
    "workshop.a3": a3_text,
}


@pytest.mark.parametrize("field", FIELDS)
def test_a_long_field_reads_the_same_as_text_and_as_an_older_plain_string(field: str) -> None:
    reader = FIELDS[field]
    assert reader(Text(WRITTEN)) == WRITTEN
    assert reader(WRITTEN) == WRITTEN
    assert reader(Text()) == ""


def test_the_server_writers_create_long_fields_as_text() -> None:
    content: Doc = Doc()
    fishbone_layout.add_category(content, "people", "People")
    fishbone_layout.add_cause(content, "c1", text="x", category="people", source=WRITTEN)
    assert isinstance(content.get("causes", type=Map)["c1"]["evidence"]["source"], Text)
    vsm_layout.add_step(content, "current", "s1", {"name": "Verify", "notes": WRITTEN})
    step = vsm_layout.steps(content, "current")["s1"]
    assert isinstance(step["notes"], Text) and str(step["notes"]) == WRITTEN
    assert step["name"] == "Verify"  # short fields stay plain values
    assert shared_fields({"notes": 3, "name": "n"}, ("notes",)) == {"notes": 3, "name": "n"}
    junk = content.get("junk", type=Map)
    junk["t"] = shared(None)  # anything but a string is empty text
    assert isinstance(junk["t"], Text) and str(junk["t"]) == ""


@pytest.mark.parametrize("kind", ["ideas", "rollout", "pilot"])
def test_the_demo_writes_its_long_text_as_text(kind: str) -> None:
    content: Doc = Doc()
    ledger: Doc = Doc()
    KINDS[kind].seed(content, ledger, language="en", demo=True)
    found = {
        "ideas": lambda: [c["description"] for c in content.get("cards", type=Map).values()],
        "rollout": lambda: (
            [r["mitigation"] for r in content.get("risks", type=Map).values()]
            + [r["detail"] for r in content.get("resources", type=Map).values()]
        ),
        "pilot": lambda: [
            c[k] for c in content.get("changes", type=Array) for k in ("text", "reason")
        ],
    }[kind]()
    assert found and all(isinstance(v, Text) and str(v) for v in found)


def test_two_editors_typing_in_one_field_merge_instead_of_one_winning() -> None:
    """The point of it: concurrent edits of a Text both survive, where two writes of a string
    keep only one."""
    a: Doc = Doc()
    vsm_layout.add_step(a, "current", "s1", {"name": "Verify", "notes": "Three systems."})
    b: Doc = Doc()
    b.apply_update(a.get_update())
    state_a, state_b = a.get_state(), b.get_state()
    vsm_layout.steps(a, "current")["s1"]["notes"].insert(0, "Ann: ")
    notes_b = vsm_layout.steps(b, "current")["s1"]["notes"]
    notes_b.insert(len(str(notes_b).encode()), " 李伟：一个入口。")
    a.apply_update(b.get_update(state_b))
    b.apply_update(a.get_update(state_a))
    for doc in (a, b):
        [step] = read("vsm", doc).current.steps
        assert step.notes == "Ann: Three systems. 李伟：一个入口。"
