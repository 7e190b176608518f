"""Fishbone section: the diagram, root causes with their 5-whys chains, 5W1H, Pareto."""

from __future__ import annotations

from typing import Any

from boards.fishbone.model import Cause, FishboneAnalysis, FishboneSnapshot

from .. import charts, fmt
from ..catalog import Catalog
from ..diagrams import fishbone as diagram
from ..typed import Board

W5H1 = ("what", "why", "when", "where", "who", "how")
Fishbone = Board[FishboneSnapshot, FishboneAnalysis]
CHART_BARS = 12  # bars of the Pareto chart, the last one "other" when there are more causes


def _evidence(cause: Cause) -> str:
    return " · ".join(x for x in (cause.evidence.figure, cause.evidence.source) if x)


def top_causes(board: Fishbone, limit: int = 3) -> list[dict[str, Any]]:
    """Marked root causes first, then the Pareto's vital few, then the most voted."""
    causes = {c.id: c for c in board.snapshot.causes}
    analysis = board.analysis
    if analysis is None:
        return []
    bars = {b.id: b for b in analysis.pareto.bars}
    order: list[str] = list(analysis.root_causes)
    order += analysis.pareto.vital_few
    order += [w.id for w in analysis.top_weighted]
    chains = {c.cause: c for c in analysis.chains}
    seen, out = set(), []
    for cid in order:
        if cid in seen or cid not in causes:
            continue
        seen.add(cid)
        cause = causes[cid]
        out.append(
            {
                "id": cid,
                "text": cause.text or "–",
                "root": cause.root,
                "count": cause.count,
                "share": fmt.pct(bars[cid].share_pct) if cid in bars else "",
                "why_root": chains[cid].root if cid in chains else "",
                "evidence": _evidence(cause),
            }
        )
    return out[:limit]


def warnings(t: Catalog, board: Fishbone) -> list[str]:
    causes = {c.id: c.text or c.id for c in board.snapshot.causes}
    labels = {c.id: c.label or c.id for c in board.snapshot.categories}
    out = []
    for w in board.analysis.warnings if board.analysis is not None else []:
        params = {k: str(v) for k, v in w.params.items()}
        missing = w.params.get("missing")
        if isinstance(missing, list):
            params["missing"] = ", ".join(t.code("fishbone.5w1h", m) for m in missing)
        params["causes"] = t("list.sep").join(causes.get(c, c) for c in w.causes)
        params["categories"] = t("list.sep").join(labels.get(c, c) for c in w.categories)
        out.append(t.code("fishbone.warning", w.code, **params))
    return out


def section(t: Catalog, board: Fishbone) -> dict[str, Any]:
    snap, analysis = board.snapshot, board.analysis
    labels = {c.id: c.label or c.id for c in snap.categories}
    causes = {c.id: c for c in snap.causes}
    pareto = analysis.pareto if analysis is not None else None
    bars = pareto.bars if pareto is not None else []
    chart = None
    if bars:
        # The usual Pareto of many causes: the first ones, then one bar for the rest
        # (the table below lists every cause).
        shown, rest = bars[: CHART_BARS - 1], bars[CHART_BARS - 1 :]
        if len(rest) == 1:
            shown, rest = bars, []
        chart = charts.pareto(
            t("fishbone.chart.pareto"),
            [causes[b.id].text or b.id for b in shown]
            + ([t("fishbone.chart.other", n=len(rest))] if rest else []),
            [b.count for b in shown] + ([sum(b.count for b in rest)] if rest else []),
            [b.cumulative_pct for b in shown] + ([100.0] if rest else []),
            [b.vital for b in shown] + ([False] if rest else []),
            t("fishbone.chart.count_axis"),
        )
    rows = [
        {
            "text": c.text or "–",
            "category": labels.get(c.category, c.category),
            "depth": c.depth,
            "count": fmt.num(c.count) if c.count is not None else "",
            "votes": fmt.num(c.votes) if c.votes is not None else "",
            "root": c.root,
            "evidence": _evidence(c),
        }
        for c in snap.causes
    ]
    chains = [
        {
            "cause": (causes[ch.cause].text if ch.cause in causes else "") or ch.cause,
            "whys": causes[ch.cause].whys if ch.cause in causes else [],
        }
        for ch in (analysis.chains if analysis is not None else [])
    ]
    answers = snap.five_w_one_h.model_dump()
    table = [{"key": t.code("fishbone.5w1h", k), "value": answers[k] or "–"} for k in W5H1]
    pareto_rows = [
        {
            "text": causes[b.id].text or b.id,
            "count": b.count,
            "share": fmt.pct(b.share_pct),
            "cumulative": fmt.pct(b.cumulative_pct),
            "vital": b.vital,
        }
        for b in bars
    ]
    started = snap.problem.strip() or snap.causes or any(answers.values())
    return {
        "kind": "fishbone",
        "title": board.title or t("kind.fishbone"),
        "missing": "" if started else t("missing.fishbone"),
        "problem": snap.problem,
        "diagram": diagram.diagram(snap),
        "causes": rows,
        "chains": chains,
        "five_w_one_h": table,
        "chart": chart,
        "pareto": pareto_rows,
        "total": pareto.total if pareto is not None else None,
        "top": top_causes(board, 5),
        "warnings": warnings(t, board),
    }
