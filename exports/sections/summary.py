"""The outcome on one page: headline figures, key metrics before/after, top root causes,
chosen ideas, the pilot's verdict per KPI and the SMART goals with their status."""

from __future__ import annotations

from typing import Any

from boards.vsm.analysis import VsmAnalysis

from .. import fmt
from ..catalog import Catalog
from ..index import Index
from . import fishbone, ideas, vsm
from .goals import goals
from .pilot import kpi_rows
from .rollout import Rollout


def _vsm_analysis(index: Index) -> VsmAnalysis | None:
    """The first value stream with a future state, else the first one."""
    boards = [index.typed(b).analysis for b in index.boards("vsm")]
    for analysis in boards:
        if analysis is not None and any(r.future is not None for r in analysis.comparison):
            return analysis
    return boards[0] if boards else None


def headlines(
    t: Catalog, analysis: VsmAnalysis | None, kpis: list[dict[str, Any]]
) -> list[dict[str, str]]:
    tiles = []
    rows = {r.metric: r for r in analysis.comparison} if analysis is not None else {}
    for metric in ("lead_minutes", "pce_pct"):
        row = rows.get(metric)
        if row and row.current is not None:
            after = vsm.metric_value(t, metric, row.future) if row.future is not None else ""
            tiles.append(
                {
                    "label": vsm.timed_label(
                        t,
                        t.code("vsm.metric", metric),
                        metric,
                        vsm.basis_of(analysis),
                    ),
                    "value": vsm.metric_value(t, metric, row.current),
                    "after": after,
                    "note": t("summary.current_to_future") if after else t("vsm.state.current"),
                    "good": "yes" if row.improved else "",
                }
            )
    for k in kpis[:2]:
        if k["mean"] != "–":
            tiles.append(
                {
                    "label": k["name"],
                    "value": k["baseline"],
                    "after": k["mean"],
                    "note": t("summary.baseline_to_pilot"),
                    "good": "yes" if k.get("improved") else "",
                }
            )
    return tiles[:4]


def rollout(t: Catalog, board: Rollout) -> dict[str, Any]:
    """The decision in one line, and a relapse when a control chart signals one."""
    analysis, decision = board.analysis, board.snapshot.decision
    title = board.title or t("kind.rollout")
    if decision is None:
        return {
            "verdict_code": "",
            "decision": f"{title}: {t('summary.rollout_none')}",
            "relapse": "",
            "sustain": "",
        }
    waves = analysis.waves if analysis is not None else []
    relapsed = [c.name or c.kpi_id for c in analysis.charts if c.relapse] if analysis else []
    points = sum(len(c.points) for c in analysis.charts) if analysis else 0
    return {
        "verdict_code": decision.verdict,
        "decision": t(
            "summary.rollout_decision",
            board=title,
            verdict=t.code("rollout.verdict", decision.verdict),
            by=decision.decided_by or "–",
            at=fmt.day(decision.decided_at, t),
            live=sum(w.status == "live" for w in waves),
            waves=len(waves),
        ),
        "relapse": t("summary.rollout_relapse", kpis=t("list.sep").join(relapsed))
        if relapsed
        else "",
        "sustain": ""
        if relapsed or decision.verdict == "stop"
        else t("summary.rollout_holding")
        if points
        else t("summary.rollout_no_data"),
    }


def summary(t: Catalog, index: Index) -> dict[str, Any]:
    analysis = _vsm_analysis(index)
    kpis = [k for p in index.boards("pilot") for k in kpi_rows(t, index.typed(p))]
    causes = [c for b in index.boards("fishbone") for c in fishbone.top_causes(index.typed(b), 3)][
        :3
    ]
    chosen = [
        {**r.model_dump(mode="json"), "title": r.title or "–"}
        for b in index.boards("ideas")
        for r in ideas.chosen(index.typed(b))
    ]
    comparison = vsm.comparison(t, analysis, vsm.KEY_METRICS)
    if analysis is None or all(r.current is None for r in analysis.comparison):
        comparison = []  # a table of dashes says nothing; the template says what is missing
    return {
        "headlines": headlines(t, analysis, kpis),
        "comparison": comparison,
        "causes": causes,
        "ideas": chosen,
        "kpis": kpis,
        # the pilot tests the chosen ideas together: its results are theirs, not each one's
        "tested": t("list.sep").join(i["title"][:60] for i in chosen) if kpis else "",
        "goals": goals(t, index),
        "rollout": [rollout(t, index.typed(b)) for b in index.boards("rollout")],
    }
