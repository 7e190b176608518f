"""Ideas section: the vote ranking (chart and table), impact/effort placement, categories."""

from __future__ import annotations

from typing import Any

from .. import charts, fmt
from ..catalog import Catalog
from ..diagrams.text import fit
from ..typed import Board

CHOSEN = 3


def ranking(board: dict[str, Any]) -> list[dict[str, Any]]:
    analysis = board.get("analysis", {})
    return list(analysis.get("ranking", [])) if analysis.get("results_visible") else []


def chosen(board: dict[str, Any]) -> list[dict[str, Any]]:
    """The ideas the vote chose: the top of the ranking that received dots."""
    return [r for r in ranking(board) if r.get("dots")][:CHOSEN]


def section(t: Catalog, typed: Board[Any, Any]) -> dict[str, Any]:
    board = typed.raw  # not yet read through the typed models
    snap, analysis = board["snapshot"], board.get("analysis", {})
    cards = {c["id"]: c for c in snap.get("cards", [])}
    placements = {p["idea_id"]: p for p in analysis.get("placements", [])}
    groups = {g["id"]: g.get("title") or "" for g in snap.get("groups", [])}
    ranked = ranking(board)
    chosen_ids = {r["idea_id"] for r in chosen(board)}
    order = [r["idea_id"] for r in ranked] or list(cards)
    dots = {r["idea_id"]: r for r in ranked}
    rows = []
    for idea_id in order:
        card = cards.get(idea_id, {})
        rank = dots.get(idea_id, {})
        quadrant = placements.get(idea_id, {}).get("quadrant", "unscored")
        author = t("anonymous") if card.get("anonymous") else (card.get("author_name") or "")
        rows.append(
            {
                "rank": rank.get("rank", ""),
                "title": card.get("title") or rank.get("title") or "–",
                "description": card.get("description") or "",
                "dots": rank.get("dots", ""),
                "category": t.code("ideas.category", card.get("category") or "uncategorised")
                if t.has(f"ideas.category.{card.get('category') or 'uncategorised'}")
                else card.get("category"),
                "group": groups.get(card.get("group", ""), ""),
                "impact": fmt.num(card.get("impact")),
                "effort": fmt.num(card.get("effort")),
                "quadrant": t.code("ideas.quadrant", quadrant),
                "author": author,
                "chosen": idea_id in chosen_ids,
            }
        )
    chart = None
    if ranked:
        chart = charts.ranking(
            t("ideas.chart.ranking"),
            [fit(r["title"], 16) for r in ranked],
            [r["dots"] for r in ranked],
            t("ideas.dots"),
            len(chosen_ids),
        )
    rnd = analysis.get("round", {})
    round_text = (
        t(
            "ideas.round_summary",
            number=rnd.get("number", 0),
            voters=rnd.get("voters", 0),
            dots=rnd.get("dots_cast", 0),
            budget=rnd.get("budget", 0),
        )
        if rnd.get("number")
        else ""
    )
    quadrants = [
        {"label": t.code("ideas.quadrant", k), "count": v}
        for k, v in analysis.get("quadrant_counts", {}).items()
        if v
    ]
    return {
        "kind": "ideas",
        "title": board.get("title") or t("kind.ideas"),
        "rows": rows,
        "chart": chart,
        "round": round_text,
        "quadrants": quadrants,
        "results_visible": bool(analysis.get("results_visible")),
    }
