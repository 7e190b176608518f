"""The A3's plan, results and decision: what the pilot tested, what it measured, what is
designed but not measured, and what management must decide.

The designed future state is a map the team drew, not a measurement: it never sits in the
same list as the pilot's figures. Pilot wording follows the evaluation (interim while the
pilot runs, the verdict of the test it names, "not testable" said as such)."""

from __future__ import annotations

from typing import Any

from boards.ideas.analysis import RankEntry
from boards.pilot.evaluate import PilotAnalysis
from boards.pilot.layout import PilotSnapshot
from boards.vsm.analysis import VsmAnalysis

from .. import fmt
from ..catalog import Catalog
from ..index import Index
from ..typed import Board
from . import vsm
from .pilot import kpi_rows

DESIGNED = ("lead_minutes", "pce_pct")
Pilot = Board[PilotSnapshot, PilotAnalysis]


def _pilots(index: Index) -> list[Pilot]:
    return [index.typed(b) for b in index.boards("pilot")]


def tested_together(t: Catalog, chosen: list[RankEntry]) -> str:
    """The ideas a pilot tests: the chosen ones, all at once (the pilot links no single idea,
    so its result belongs to them together, never to each)."""
    titles = [_clip(r.title or "–", 60) for r in chosen]
    return t("list.sep").join(titles) if titles else ""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _target(t: Catalog, k: dict[str, Any]) -> str:
    if k["target_met"]:
        return str(t("a3.gen.target_met", target=k["target"]))
    if k["target_met"] is False and k["attainment"]:
        return str(t("a3.gen.target_open", target=k["target"], attainment=k["attainment"]))
    return str(t("a3.gen.target_short", target=k["target"])) if k["target_met"] is False else ""


def designed(t: Catalog, analysis: VsmAnalysis | None) -> list[dict[str, str]]:
    rows = vsm.comparison(t, analysis, DESIGNED)
    return [
        {"label": r["label"], "text": f"{r['current']} → {r['future']} ({r['change']})"}
        for r in rows
        if r["future"] != "–" and r["current"] != "–"
    ]


def results(
    t: Catalog, index: Index, analysis: VsmAnalysis | None, chosen: list[RankEntry]
) -> dict[str, Any]:
    pilots = _pilots(index)
    measured = []
    for board in pilots:
        status = board.analysis.status if board.analysis is not None else ""
        for k in kpi_rows(t, board):
            if k["mean"] == "–":
                continue
            measured.append(
                {
                    "name": _clip(k["name"], 60),
                    "figures": t(
                        "a3.gen.kpi",
                        baseline=k["baseline"],
                        result=k["mean"],
                        change=k["change"],
                        n=k["readings"],
                    ),
                    "verdict": k["verdict"],
                    "code": k["verdict_code"],
                    "target": _target(t, k),
                    "interim": status == "interim",
                }
            )
    kpis, more = measured[:4], max(0, len(measured) - 4)
    statuses = {b.analysis.status for b in pilots if b.analysis is not None}
    if not pilots:
        note = t("a3.missing.pilot")
    elif not measured:
        note = t("a3.missing.readings")
    else:
        note = t("pilot.status.interim") if "interim" in statuses else t("pilot.status.final")
    return {
        "designed": designed(t, analysis),
        "kpis": kpis,
        "more": more,
        "note": note,
        "tested": tested_together(t, chosen) if pilots else "",
    }


def plan(t: Catalog, index: Index) -> dict[str, Any]:
    items = []
    for board in _pilots(index):
        d = board.snapshot.definition
        name = d.name or board.title or t("kind.pilot")
        period = (
            t("period", start=fmt.day(d.start, t), end=fmt.day(d.end, t))
            if d.start or d.end
            else t("a3.no_period")
        )
        where = t("list.sep").join([*d.sites, *d.teams])
        items.append(
            {
                "text": _clip(t("a3.gen.plan", name=name, period=period), 160),
                "where": _clip(t("a3.gen.where", where=where), 160) if where else "",
                "kpis": len(board.snapshot.kpis),
            }
        )
    return {"rows": items[:2], "missing": "" if items else t("a3.missing.plan")}


def decision(t: Catalog, index: Index, found: dict[str, Any], chosen: list[RankEntry]) -> str:
    """What management is asked, from where the loop stands."""
    if not chosen:
        return str(t("a3.gen.decide_nothing"))
    ideas = tested_together(t, chosen)
    pilots = _pilots(index)
    if not pilots:
        return str(t("a3.gen.decide_pilot", ideas=ideas))
    if not found["kpis"]:
        return str(t("a3.gen.decide_wait"))
    if any(k["interim"] for k in found["kpis"]):
        ends = [b.snapshot.definition.end for b in pilots if b.snapshot.definition.end]
        return str(t("a3.gen.decide_interim", end=fmt.day(max(ends), t) if ends else "–"))
    return str(t("a3.gen.decide_rollout", ideas=ideas))
