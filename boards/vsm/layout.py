"""Names of the value-stream map's CRDT layout (schema 2) and the few writes every client makes.

The TypeScript client mirrors these names one for one; ``docs/boards/vsm.md`` lists them.
All roots are top-level so that two clients creating them never race for a nested slot.
"""

from __future__ import annotations

from typing import Any, Literal

from pycrdt import Array, Doc, Map

from ..longtext import shared_fields

SCHEMA_VERSION = 2
"""Schema 2 added ``routing_pct`` and ``time_basis`` (steps) and ``time_basis`` (settings).
A schema-1 document has neither, and reads as schema 2 with their defaults (every case
passes every step, working time), which is what schema 1 meant: no rewrite is needed."""

State = Literal["current", "future"]
STATES: tuple[State, State] = ("current", "future")

Unit = Literal["min", "h", "d"]
UNITS: tuple[Unit, ...] = ("min", "h", "d")

Klass = Literal["va", "nnva", "waste"]
CLASSES: tuple[Klass, ...] = ("va", "nnva", "waste")

WasteType = Literal[
    "defects",
    "overproduction",
    "waiting",
    "non_utilised_talent",
    "transport",
    "inventory",
    "motion",
    "extra_processing",
]
WASTE_TYPES: tuple[WasteType, ...] = (
    "defects",
    "overproduction",
    "waiting",
    "non_utilised_talent",
    "transport",
    "inventory",
    "motion",
    "extra_processing",
)

TimeBasis = Literal["working", "calendar"]
TIME_BASES: tuple[TimeBasis, ...] = ("working", "calendar")
DEFAULT_TIME_BASIS: TimeBasis = "working"

LinkKind = Literal["idea", "goal"]
LINK_KINDS: tuple[LinkKind, ...] = ("idea", "goal")

SETTINGS = "settings"
STEP_FIELDS = (
    "name",
    "department",
    "cycle_time",
    "cycle_unit",
    "wait_time",
    "wait_unit",
    "operators",
    "pct_ca",
    "routing_pct",
    "time_basis",
    "systems",
    "klass",
    "waste_type",
    "notes",
)
# A step drawn from an event log (``boards.vsm.fromdata``): the activity it stands for (the
# merge key of a re-import), the log it came from ("file · sha256[:8] · imported_at") and a
# Map field -> the value the last import wrote, so a re-import updates only what nobody edited.
DATA_FIELDS = ("data_activity", "data_source", "data_values")
# Collaborative text (a shared Text, see boards.longtext); the other fields are plain values.
LONG_FIELDS = ("notes",)
MARKER_FIELDS = ("step", "text", "link_kind", "link_id", "link_board")
SETTINGS_FIELDS = ("day_hours", "time_basis", "demand", "available_time", "available_unit")
DEFAULT_DAY_HOURS = 8.0


def steps_root(state: State) -> str:
    return f"{state}_steps"


def order_root(state: State) -> str:
    return f"{state}_order"


def markers_root(state: State) -> str:
    return f"{state}_markers"


ROOTS: tuple[str, ...] = (
    SETTINGS,
    *(f(s) for s in STATES for f in (steps_root, order_root, markers_root)),
)


def steps(content: Doc, state: State) -> Map:
    return content.get(steps_root(state), type=Map)


def order(content: Doc, state: State) -> Array:
    return content.get(order_root(state), type=Array)


def markers(content: Doc, state: State) -> Map:
    return content.get(markers_root(state), type=Map)


def settings(content: Doc) -> Map:
    return content.get(SETTINGS, type=Map)


def declare(content: Doc) -> None:
    """Create every root (an empty board); writes nothing other peers would receive."""
    settings(content)
    for state in STATES:
        steps(content, state)
        order(content, state)
        markers(content, state)


def add_step(
    content: Doc, state: State, step_id: str, fields: dict[str, Any], index: int | None = None
) -> None:
    """Insert a step (one Map, a field per key) and its id in the order, in one transaction."""
    _check_state(state)
    unknown = set(fields) - set(STEP_FIELDS) - set(DATA_FIELDS)
    if unknown:
        raise ValueError(f"unknown step fields {sorted(unknown)}; expected some of {STEP_FIELDS}")
    prelim = {k: _prelim(v) for k, v in shared_fields(fields, LONG_FIELDS).items()}
    with content.transaction():
        steps(content, state)[step_id] = Map(prelim)
        ids = order(content, state)
        ids.insert(len(ids) if index is None else index, step_id)


def _prelim(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return Array(list(value))
    if isinstance(value, dict):
        return Map(dict(value))
    return value


def move_step(content: Doc, state: State, step_id: str, index: int) -> None:
    """Reorder: delete and re-insert the id (pycrdt 0.14 has no Array.move). Readers keep the
    first occurrence should two peers move the same step at once."""
    ids = order(content, state)
    with content.transaction():
        for i in reversed([i for i, v in enumerate(ids) if v == step_id]):
            del ids[i]
        ids.insert(min(index, len(ids)), step_id)


def remove_step(content: Doc, state: State, step_id: str) -> None:
    """Delete a step, every occurrence of its id in the order and the markers on it."""
    ids, marks = order(content, state), markers(content, state)
    with content.transaction():
        for i in reversed([i for i, v in enumerate(ids) if v == step_id]):
            del ids[i]
        steps(content, state).pop(step_id, None)
        for key in [k for k, v in marks.items() if isinstance(v, Map) and v.get("step") == step_id]:
            del marks[key]


def add_marker(
    content: Doc,
    state: State,
    marker_id: str,
    step_id: str,
    text: str,
    link_kind: LinkKind | None = None,
    link_id: str = "",
    link_board: str = "",
) -> None:
    markers(content, state)[marker_id] = Map(
        {
            "step": step_id,
            "text": text,
            "link_kind": link_kind or "",
            "link_id": link_id,
            "link_board": link_board,
        }
    )


def _check_state(state: str) -> None:
    if state not in STATES:
        raise ValueError(f"expected a state in {STATES}, got {state!r}")
