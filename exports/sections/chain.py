"""The chain the boards link: root cause -> idea -> owner (RACI) -> pilot KPI result.

Ideas link a fishbone cause (``cause_id``) and/or a value-stream step (``step_id``); RACI
activities link the step they came from (``step_id``), whose A and R roles own the idea.
A kaizen burst on the step that links a SMART goal narrows the KPIs to that goal's; else
the pilot's KPIs, which test the chosen ideas together, are shown."""

from __future__ import annotations

from typing import Any

from boards.workshop import Goal

from ..catalog import Catalog
from ..index import Index
from . import goals as goals_section
from . import ideas as ideas_section
from .pilot import kpi_rows


def _kpis_for_step(index: Index, step_id: str) -> list[str]:
    goal_ids = {m.link_id for m in index.markers if m.step == step_id and m.link_kind == "goal"}
    workshop = index.first("workshop")
    if not goal_ids or workshop is None:
        return []
    kpis = index.pilot_kpis()
    goals: list[Goal] = index.typed(workshop).snapshot.goals
    found = [goals_section._kpi_for(g, kpis) for g in goals if g.id in goal_ids]
    return [k.kpi_id for k in found if k]


def chain(t: Catalog, index: Index) -> list[dict[str, Any]]:
    results = [r for p in index.boards("pilot") for r in kpi_rows(t, index.typed(p))]
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
            step = index.steps.get(card.step_id)
            if cause is None and step is None:
                continue
            owners = index.owners(card.step_id)
            narrowed = set(_kpis_for_step(index, card.step_id))
            kpis = [k for k in results if not narrowed or k["id"] in narrowed]
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
                    "kpis": [
                        {
                            "name": k["name"],
                            "result": f"{k['baseline']} → {k['mean']}",
                            "change": k["change"],
                            "verdict": k["verdict"],
                            "code": k["verdict_code"],
                        }
                        for k in kpis
                    ],
                }
            )
    return rows
