"""Save as template: a workshop's structure read from its documents, and nothing else.

Everything goes through the kinds' own readers (they skip junk a client wrote), and only the
skeleton fields are copied out, so what participants added (causes, cards, votes, readings,
feedback, stickies, actions, cells, authors) cannot reach a template.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pycrdt import Doc

from ..fishbone.model import FishboneSnapshot
from ..pilot.layout import PilotSnapshot
from ..raci.model import RaciSnapshot
from ..registry import USER_KINDS, get_kind
from ..vsm.model import VsmSnapshot
from ..workshop import WorkshopSnapshot
from .structure import BoardPlan, GoalPlan, KpiPlan, RolePlan, StepPlan, Structure

LIMIT = 200  # characters kept of any name


def _name(text: str) -> str:
    return " ".join(text.split())[:LIMIT]


def board_plan(kind: str, title: str, content: Doc, ledger: Doc) -> BoardPlan | None:
    """The skeleton of one board; None for a kind no one may add (the workshop board)."""
    if kind not in USER_KINDS:
        return None
    snapshot: Any = get_kind(kind).read(content, ledger)
    plan = BoardPlan(kind=kind, title=_name(title) or kind)
    if isinstance(snapshot, VsmSnapshot):
        plan.steps = [
            StepPlan(
                name=_name(s.name),
                department=_name(s.department),
                systems=[_name(x) for x in s.systems if _name(x)][:20],
            )
            for s in snapshot.current.steps
            if _name(s.name)
        ]
    elif isinstance(snapshot, FishboneSnapshot):
        plan.categories = [_name(c.label) for c in snapshot.categories if _name(c.label)]
    elif isinstance(snapshot, PilotSnapshot):
        plan.kpis = [
            KpiPlan(
                name=_name(k.name), unit=k.unit.strip()[:40], better=k.better, measure=k.measure
            )
            for k in snapshot.kpis
            if _name(k.name)
        ]
    elif isinstance(snapshot, RaciSnapshot):
        plan.roles = [
            RolePlan(name=_name(r.name), kind=r.kind) for r in snapshot.roles if _name(r.name)
        ]
        plan.activities = [_name(a.name) for a in snapshot.activities if _name(a.name)]
    return plan


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
    return Structure(boards=plans[:30], goals=goals[:20])
