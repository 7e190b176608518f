"""The chain the boards link: root cause -> idea -> owner (RACI, actions) -> the goal it aims
at; and, once per pilot, what the pilot measured with the ideas it tested together.

Ideas link a fishbone cause (``cause_id``) and/or a value-stream step (``step_id``, either
state) and the future-state step they land on (``future_step_id``); RACI activities link the
step they came from (``step_id``), whose A and R roles own the idea (the future step's first). A
kaizen burst on the step that links a SMART goal names the goal the idea aims at. A pilot
tests the chosen ideas together and links none of them alone, so its result is shown once,
for them together, never copied onto each idea."""

from __future__ import annotations

from typing import Any

from boards.workshop import WorkshopSnapshot

from .. import fmt
from ..catalog import Catalog
from ..index import Index
from . import ideas as ideas_section
from .pilot import kpi_rows


def _goals_for_step(index: Index, step_id: str) -> list[str]:
    if not step_id:
        return []
    goal_ids = {m.link_id for m in index.markers if m.step == step_id and m.link_kind == "goal"}
    workshop = index.first("workshop")
    if not goal_ids or workshop is None:
        return []
    snapshot: WorkshopSnapshot = index.typed(workshop).snapshot
    return [g.metric for g in snapshot.goals if g.id in goal_ids and g.metric]


def _unique(owners: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each role's letters once, in order (an idea may reach one activity by both steps)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for o in owners:
        if (o["role"], o["letters"]) not in seen:
            seen.add((o["role"], o["letters"]))
            out.append(o)
    return out


def _action_owners(t: Catalog, index: Index, item_ids: set[str]) -> str:
    """Owners (and due dates) of the live actions made from these items."""
    workshop = index.first("workshop")
    snapshot: WorkshopSnapshot | None = index.typed(workshop).snapshot if workshop else None
    owners = [
        f"{a.owner} ({fmt.day(a.due, t)})" if a.due else a.owner
        for a in (snapshot.actions if snapshot is not None else [])
        if a.source_item in item_ids and a.owner.strip() and a.status != "dropped"
    ]
    return str(t("list.sep").join(owners))


def chain(t: Catalog, index: Index) -> list[dict[str, Any]]:
    rows = []
    for board in index.boards("ideas"):
        ideas = index.typed(board)
        ranked = {r.idea_id: r for r in ideas_section.ranking(ideas)}
        chosen = {r.idea_id for r in ideas_section.chosen(ideas)}
        cards = sorted(
            ideas.snapshot.cards,
            key=lambda c: (ranked[c.id].rank if c.id in ranked else 10**6, c.id),
        )
        for card in cards:
            cause = index.causes.get(card.cause_id)
            step = index.steps.get(card.step_id) or index.steps.get(card.future_step_id)
            if cause is None and step is None:
                continue
            owners = _unique(index.owners(card.future_step_id) + index.owners(card.step_id))
            goals = _goals_for_step(index, card.step_id) + _goals_for_step(
                index, card.future_step_id
            )
            rows.append(
                {
                    "cause": cause.text if cause else "",
                    "root": bool(cause and cause.root),
                    "idea": card.title or "–",
                    "dots": ranked[card.id].dots if card.id in ranked else None,
                    "chosen": card.id in chosen,
                    "step": step.step.name if step else "",
                    "step_state": t.code("vsm.state", step.state) if step else "",
                    "owners": t("list.sep").join(f"{o['role']} ({o['letters']})" for o in owners),
                    "actions": _action_owners(t, index, {card.id, card.cause_id} - {""}),
                    "goals": t("list.sep").join(dict.fromkeys(goals)),
                }
            )
    return rows


def pilots(t: Catalog, index: Index) -> list[dict[str, Any]]:
    """Each pilot once: its KPI results and the chosen ideas it tested together."""
    chosen = [
        (r.title or "–")[:60]
        for b in index.boards("ideas")
        for r in ideas_section.chosen(index.typed(b))
    ]
    out = []
    for board in index.boards("pilot"):
        pilot = index.typed(board)
        definition = pilot.snapshot.definition
        kpis = [
            {
                "name": k["name"],
                "result": f"{k['baseline']} → {k['mean']}",
                "change": k["change"],
                "verdict": k["verdict"],
                "code": k["verdict_code"],
            }
            for k in kpi_rows(t, pilot)
        ]
        out.append(
            {
                "name": definition.name or pilot.title or t("kind.pilot"),
                "period": t(
                    "period", start=fmt.day(definition.start, t), end=fmt.day(definition.end, t)
                ),
                "ideas": t("list.sep").join(chosen),
                "kpis": kpis,
            }
        )
    return out
