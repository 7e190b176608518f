"""Save as template: a workshop's structure read from its documents, and nothing else.

Everything goes through the kinds' own readers (they skip junk a client wrote), and only the
skeleton fields are copied out, so what participants added (causes, cards, votes, readings,
feedback, stickies, actions, cells, authors) cannot reach a template.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotated_types import MaxLen
from pycrdt import Doc
from pydantic import BaseModel

from ..fishbone.model import FishboneSnapshot
from ..pilot.layout import PilotSnapshot
from ..raci.model import RaciSnapshot
from ..registry import USER_KINDS, get_kind
from ..vsm.model import VsmSnapshot
from ..workshop import WorkshopSnapshot
from .structure import BoardPlan, GoalPlan, KpiPlan, RolePlan, StepPlan, Structure

LIMIT = 200  # characters kept of any name


def _cap(model: type[BaseModel], field: str) -> int:
    """The ``max_length`` a model declares for a list field."""
    for rule in model.model_fields[field].metadata:
        if isinstance(rule, MaxLen):
            return int(rule.max_length)
    raise LookupError(field)


def _name(text: str) -> str:
    return " ".join(text.split())[:LIMIT]


def board_plan(kind: str, title: str, content: Doc, ledger: Doc) -> BoardPlan | None:
    """The skeleton of one board; None for a kind no one may add (the workshop board)."""
    if kind not in USER_KINDS:
        return None
    snapshot: Any = get_kind(kind).read(content, ledger)
    fields: dict[str, Any] = {}
    if isinstance(snapshot, VsmSnapshot):
        fields["steps"] = [
            StepPlan(
                name=_name(s.name),
                department=_name(s.department),
                systems=[_name(x) for x in s.systems if _name(x)][: _cap(StepPlan, "systems")],
            )
            for s in snapshot.current.steps
            if _name(s.name)
        ]
    elif isinstance(snapshot, FishboneSnapshot):
        fields["categories"] = [_name(c.label) for c in snapshot.categories if _name(c.label)]
    elif isinstance(snapshot, PilotSnapshot):
        fields["kpis"] = [
            KpiPlan(
                name=_name(k.name), unit=k.unit.strip()[:40], better=k.better, measure=k.measure
            )
            for k in snapshot.kpis
            if _name(k.name)
        ]
    elif isinstance(snapshot, RaciSnapshot):
        fields["roles"] = [
            RolePlan(name=_name(r.name), kind=r.kind) for r in snapshot.roles if _name(r.name)
        ]
        fields["activities"] = [_name(a.name) for a in snapshot.activities if _name(a.name)]
    # A board bigger than a template holds keeps its first items: the plan must validate, or
    # the saved template could not be read back.
    capped = {name: items[: _cap(BoardPlan, name)] for name, items in fields.items()}
    return BoardPlan(kind=kind, title=_name(title) or kind, **capped)


def goal_plans(snapshot: WorkshopSnapshot) -> list[GoalPlan]:
    return [
        GoalPlan(
            metric=_name(g.metric),
            unit=g.unit.strip()[:40],
            better=g.better,
            horizon=g.horizon.strip()[:40],
        )
        for g in snapshot.goals
        if _name(g.metric)
    ]


def structure(
    boards: Iterable[tuple[str, str, Doc, Doc]], workshop: tuple[Doc, Doc] | None
) -> Structure:
    """``boards``: (kind, title, content, ledger) in the workshop's order."""
    plans = [p for kind, title, c, led in boards if (p := board_plan(kind, title, c, led))]
    goals: list[GoalPlan] = []
    if workshop is not None:
        snapshot = get_kind("workshop").read(*workshop)
        if isinstance(snapshot, WorkshopSnapshot):
            goals = goal_plans(snapshot)
    return Structure(
        boards=plans[: _cap(Structure, "boards")], goals=goals[: _cap(Structure, "goals")]
    )
