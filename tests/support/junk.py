"""Hypothesis strategies for what any Yjs client could write into a board's content document.

A generated document is a *description* (plain data), turned into fresh pycrdt values by
:func:`materialise` each time it is written: prelim shared types cannot be reused, and the
same description must be writable into a local ``Doc`` and a websocket client's ``Doc``.

Per kind the roots and field names are the real ones (so the junk reaches the readers'
interesting paths: valid-looking structures with wrong types), mixed with unknown keys,
wrong root types, plain JSON where shared types belong and the other way round.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from pycrdt import Array, Doc, Map, Text

# Strings a person or a buggy client types where numbers, dates or choices belong.
TRICKY_TEXT = [
    "", " ", "0", "-1", "12", " 3.5 ", "85%", "0.95", "1e308", "-1e308", "1e999", "inf",
    "-inf", "nan", "NaN", "Infinity", "0x10", "1_000", "１２", "2027-03-31", "2027年3月31日",
    "2027年Q1", "Q1 2027", "31/03/2027", "TBD", "待定", "xxx", "...", "lower", "higher",
    "min", "h", "d", "小时", "va", "waste", "R/A", "RACI", "x", "a:b", "a", "b", "s1", "<b>&",
    "{{ 7*7 }}", "\x00", "\u202e", "🙂" * 3, "长" * 300,
]  # fmt: skip
HUGE = [1e308, -1e308, 1.7976931348623157e308, 1e300, 5e-324, -0.0, 2**53 + 1, 2**63 - 1,
        -(2**63)]  # fmt: skip
IDS = ["a", "b", "c", "s1", "g1", "a:b", "b:a", "a:a", "", "x:y:z", "长"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),  # NaN and the infinities included
    st.sampled_from(HUGE),
    st.sampled_from(TRICKY_TEXT),
    st.text(max_size=12),
)
# Plain JSON (stored by Yjs as an opaque value), nested a little.
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(IDS) | st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)

Desc = tuple[str, Any]  # ("json", value) | ("text", str) | ("array", [Desc]) | ("map", {k: Desc})


def _json(value: Any) -> Desc:
    return ("json", value)


# Keys of Maps nested in a record (a cause's ``evidence``), so nested Maps get them too.
NESTED = ["figure", "source"]


def shared(fields: list[str]) -> st.SearchStrategy[Desc]:
    """A value for a field: plain JSON, or a shared type (Text, Array, Map) holding junk."""
    leaf = json_values.map(_json)
    keys = st.sampled_from(fields + IDS + NESTED) if fields else st.sampled_from(IDS)
    # Collaborative text nests too (a cause's whys, its evidence source), so nested values may
    # be a Text as well as JSON.
    text = st.text(max_size=20).map(lambda s: ("text", s))
    return st.one_of(
        leaf,
        leaf,
        leaf,
        text,
        st.lists(leaf | text | st.sampled_from(IDS).map(_json), max_size=4).map(
            lambda x: ("array", x)
        ),
        st.dictionaries(keys, leaf | text, max_size=4).map(lambda x: ("map", x)),
    )


def record(fields: list[str]) -> st.SearchStrategy[Desc]:
    """An entry of a Map root: usually a Map with the real field names (valid-looking, any
    value types), sometimes plain JSON or another shared type instead."""
    real = st.dictionaries(st.sampled_from(fields or IDS), shared(fields), max_size=len(fields) + 2)
    return st.one_of(real.map(lambda x: ("map", x)), real.map(lambda x: ("map", x)), shared([]))


def root(spec: tuple[str, list[str]]) -> st.SearchStrategy[Desc]:
    """A root of the expected type (``map`` of records, ``fields`` map, ``array``, ``text``),
    or now and then one of the wrong type."""
    kind, fields = spec
    right: st.SearchStrategy[Desc]
    if kind == "map":  # id -> record
        right = st.dictionaries(st.sampled_from(IDS), record(fields), max_size=5).map(
            lambda x: ("map", x)
        )
    elif kind == "fields":  # a Map whose keys are the fields themselves
        right = st.dictionaries(st.sampled_from(fields), shared(fields), max_size=len(fields)).map(
            lambda x: ("map", x)
        )
    elif kind == "array":
        right = st.lists(
            st.sampled_from(IDS).map(_json) | record(fields) | shared([]), max_size=5
        ).map(lambda x: ("array", x))
    else:
        right = st.text(max_size=40).map(lambda s: ("text", s))
    wrong = st.one_of(
        st.just(("text", "wrong root")),
        st.lists(json_values.map(_json), max_size=2).map(lambda x: ("array", x)),
        st.dictionaries(st.sampled_from(IDS), shared([]), max_size=2).map(lambda x: ("map", x)),
    )
    return st.one_of(right, right, right, wrong)


STEP = ["name", "department", "cycle_time", "cycle_unit", "wait_time", "wait_unit", "operators",
        "pct_ca", "systems", "klass", "waste_type", "notes", "routing_pct", "time_basis"]  # fmt: skip
MARKER = ["step", "text", "link_kind", "link_id", "link_board"]
CAUSE = ["text", "category", "parent", "count", "evidence", "root", "weight", "votes", "whys"]
CARD = ["title", "description", "category", "author_id", "author_name", "anonymous",
        "cause_id", "step_id", "impact", "effort", "group"]  # fmt: skip
KPI = ["name", "unit", "better", "baseline", "target", "min", "max", "kind", "baseline_source"]
GOAL = ["metric", "unit", "baseline", "target", "deadline", "better", "horizon", "link"]
ACTION = ["what", "owner", "owner_participant", "owner_department", "due", "status",
          "source_board", "source_kind", "source_type", "source_item", "source_label",
          "created_by", "created_at", "done_at"]  # fmt: skip

# kind -> root name -> (shape, field names)
ROOTS: dict[str, dict[str, tuple[str, list[str]]]] = {
    "workshop": {
        "goals": ("map", GOAL),
        "actions": ("map", ACTION),
        "a3": ("fields", ["background", "problem", "next_steps", "decision_needed"]),
    },
    "vsm": {
        "settings": ("fields", ["day_hours", "demand", "available_time", "available_unit"]),
        **{f"{s}_steps": ("map", STEP) for s in ("current", "future")},
        **{f"{s}_order": ("array", []) for s in ("current", "future")},
        **{f"{s}_markers": ("map", MARKER) for s in ("current", "future")},
    },
    "fishbone": {
        "problem": ("text", []),
        "categories": ("map", ["label"]),
        "category_order": ("array", []),
        "causes": ("map", CAUSE),
        "order": ("map", []),
        "five_w_one_h": ("fields", ["what", "why", "when", "where", "who", "how"]),
    },
    "raci": {
        "activities": ("map", ["name", "step_id"]),
        "activity_order": ("array", []),
        "roles": ("map", ["name", "kind"]),
        "role_order": ("array", []),
        "cells": ("map", []),
    },
    "ideas": {
        "cards": ("map", CARD),
        "groups": ("map", ["title", "color"]),
        "order": ("array", []),
    },
    "pilot": {
        "pilot": ("fields", ["name", "start", "end"]),
        "sites": ("array", []),
        "teams": ("array", []),
        "kpis": ("map", KPI),
        "changes": ("array", ["date", "text", "reason"]),
    },
    "rollout": {
        "waves": ("map", ["name", "scope", "start", "golive", "owner", "status", "order"]),
        "readiness": ("map", ["wave_id", "std", "label", "done", "owner"]),
        "resources": ("map", ["category", "text", "detail"]),
        "risks": ("map", ["text", "likelihood", "impact", "mitigation", "owner", "status"]),
        "sustain": ("map", ["limits_from"]),
    },
    "notes": {"text": ("text", []), "stickies": ("map", ["text", "color", "x", "y", "author"])},
}


# The ledger is server-written (clients' updates to it are dropped), but a reader must not
# trust it either: an older server, a bug or a hand-edited store may leave anything there.
READING = ["kpi_id", "date", "value", "numerator", "denominator", "site", "participant_id",
           "display_name", "submitted_at", "withdrawn", "corrected"]  # fmt: skip
FEEDBACK = ["kind", "satisfaction", "ease", "text", "anonymous", "participant_id",
            "display_name", "submitted_at"]  # fmt: skip
ROUND = ["number", "status", "title", "budget", "cap", "hidden", "anonymous",
         "facilitator_votes", "revealed", "opened_at", "closed_at", "voters", "dots_cast"]  # fmt: skip
DECISION = ["verdict", "rationale", "decided_by", "participant_id", "decided_at",
            "pilot_board_id", "pilot_json"]  # fmt: skip
SUSTAIN_READING = ["kpi_id", "wave_id", "date", "value", "numerator", "denominator",
                   "participant_id", "display_name", "submitted_at"]  # fmt: skip
GOLIVE = ["at", "date", "by", "participant_id", "override", "open_items", "reason"]
LEDGER_ROOTS: dict[str, dict[str, tuple[str, list[str]]]] = {
    "pilot": {"readings": ("map", READING), "feedback": ("map", FEEDBACK)},
    "rollout": {
        "decisions": ("array", DECISION),
        "golive": ("map", GOLIVE),
        "golive_log": ("array", ["wave_id", "action", "at", "by", "override", "reason"]),
        "readings": ("map", SUSTAIN_READING),
    },
    "ideas": {
        "round": ("fields", ROUND),
        "tallies": ("map", []),
        "voters": ("map", ["name", "dots"]),
        "history": ("map", ["number", "title", "closed_at", "tallies"]),
        "writing": ("fields", ["private", "pending"]),
        "revealed_cards": ("map", [*CARD, "seq"]),
    },
}


def ledgers(kind: str) -> st.SearchStrategy[dict[str, Desc]]:
    """Some of the kind's own ledger roots, filled with junk."""
    roots = LEDGER_ROOTS.get(kind, {})
    return st.fixed_dictionaries({}, optional={name: root(spec) for name, spec in roots.items()})


def documents(kind: str) -> st.SearchStrategy[dict[str, Desc]]:
    """Some of the kind's roots (each possibly of the wrong type), filled with junk."""
    roots = ROOTS[kind]
    return st.fixed_dictionaries({}, optional={name: root(spec) for name, spec in roots.items()})


def materialise(desc: Desc) -> Any:
    tag, value = desc
    if tag == "json":
        return value
    if tag == "text":
        return Text(value)
    if tag == "array":
        return Array([materialise(item) for item in value])
    return Map({key: materialise(item) for key, item in value.items()})


def write(doc: Doc, document: dict[str, Desc]) -> None:
    """Write a generated document into ``doc`` the way a Yjs client would."""
    with doc.transaction():
        for name, (tag, value) in document.items():
            if tag == "text":
                doc.get(name, type=Text).insert(0, value) if value else doc.get(name, type=Text)
            elif tag == "array":
                doc.get(name, type=Array).extend([materialise(item) for item in value])
            elif tag == "map":
                target = doc.get(name, type=Map)
                for key, item in value.items():
                    target[key] = materialise(item)
