"""Fishbone section: the diagram, root causes with their 5-whys chains, 5W1H, Pareto."""

from __future__ import annotations

from typing import Any

from .. import charts, fmt
from ..catalog import Catalog
from ..diagrams import fishbone as diagram
from ..diagrams.text import fit
from ..typed import Board

W5H1 = ("what", "why", "when", "where", "who", "how")


def top_causes(board: dict[str, Any], limit: int = 3) -> list[dict[str, Any]]:
    """Marked root causes first, then the Pareto's vital few, then the most voted."""
    causes = {c["id"]: c for c in board["snapshot"].get("causes", [])}
    analysis = board.get("analysis", {})
    bars = {b["id"]: b for b in analysis.get("pareto", {}).get("bars", [])}
    order: list[str] = list(analysis.get("root_causes", []))
    order += [b for b in analysis.get("pareto", {}).get("vital_few", [])]
    order += [w["id"] for w in analysis.get("top_weighted", [])]
    chains = {c["cause"]: c for c in analysis.get("chains", [])}
    seen, out = set(), []
    for cid in order:
        if cid in seen or cid not in causes:
            continue
        seen.add(cid)
        cause = causes[cid]
        out.append(
            {
                "id": cid,
                "text": cause.get("text") or "–",
                "root": bool(cause.get("root")),
                "count": cause.get("count"),
                "share": fmt.pct(bars[cid]["share_pct"]) if cid in bars else "",
                "why_root": chains[cid]["root"] if cid in chains else "",
                "evidence": " · ".join(
                    x
                    for x in (
                        cause.get("evidence", {}).get("figure"),
                        cause.get("evidence", {}).get("source"),
                    )
                    if x
                ),
            }
        )
    return out[:limit]


def warnings(t: Catalog, board: dict[str, Any]) -> list[str]:
    causes = {c["id"]: c.get("text") or c["id"] for c in board["snapshot"].get("causes", [])}
    labels = {c["id"]: c.get("label") or c["id"] for c in board["snapshot"].get("categories", [])}
    out = []
    for w in board.get("analysis", {}).get("warnings", []):
        params = {k: str(v) for k, v in (w.get("params") or {}).items()}
        if "missing" in (w.get("params") or {}):
            params["missing"] = ", ".join(
                t.code("fishbone.5w1h", m) for m in w["params"]["missing"]
            )
        params["causes"] = t("list.sep").join(causes.get(c, c) for c in w.get("causes", []))
        params["categories"] = t("list.sep").join(labels.get(c, c) for c in w.get("categories", []))
        out.append(t.code("fishbone.warning", w.get("code"), **params))
    return out


def section(t: Catalog, typed: Board[Any, Any]) -> dict[str, Any]:
    board = typed.raw  # not yet read through the typed models
    snap, analysis = board["snapshot"], board.get("analysis", {})
    labels = {c["id"]: c.get("label") or c["id"] for c in snap.get("categories", [])}
    causes = {c["id"]: c for c in snap.get("causes", [])}
    pareto = analysis.get("pareto", {})
    bars = pareto.get("bars", [])
    chart = None
    if bars:
        chart = charts.pareto(
            t("fishbone.chart.pareto"),
            [fit(causes[b["id"]].get("text") or b["id"], 560 / len(bars) / 12) for b in bars],
            [b["count"] for b in bars],
            [b["cumulative_pct"] for b in bars],
            [b["vital"] for b in bars],
        )
    rows = [
        {
            "text": c.get("text") or "–",
            "category": labels.get(c.get("category", ""), c.get("category", "")),
            "depth": c.get("depth", 1),
            "count": fmt.num(c.get("count")) if c.get("count") is not None else "",
            "votes": fmt.num(c.get("votes")) if c.get("votes") is not None else "",
            "root": bool(c.get("root")),
            "evidence": " · ".join(
                x
                for x in (c.get("evidence", {}).get("figure"), c.get("evidence", {}).get("source"))
                if x
            ),
        }
        for c in snap.get("causes", [])
    ]
    chains = [
        {
            "cause": causes.get(ch["cause"], {}).get("text") or ch["cause"],
            "whys": causes.get(ch["cause"], {}).get("whys", []),
        }
        for ch in analysis.get("chains", [])
    ]
    table = [
        {"key": t.code("fishbone.5w1h", k), "value": snap.get("five_w_one_h", {}).get(k) or "–"}
        for k in W5H1
    ]
    pareto_rows = [
        {
            "text": causes[b["id"]].get("text") or b["id"],
            "count": b["count"],
            "share": fmt.pct(b["share_pct"]),
            "cumulative": fmt.pct(b["cumulative_pct"]),
            "vital": b["vital"],
        }
        for b in bars
    ]
    return {
        "kind": "fishbone",
        "title": board.get("title") or t("kind.fishbone"),
        "problem": snap.get("problem") or "",
        "diagram": diagram.diagram(snap),
        "causes": rows,
        "chains": chains,
        "five_w_one_h": table,
        "chart": chart,
        "pareto": pareto_rows,
        "total": pareto.get("total"),
        "top": top_causes(board, 5),
        "warnings": warnings(t, board),
    }
