"""Ideas section: the vote ranking (chart and table), impact/effort placement, categories."""

from __future__ import annotations

from typing import Any

from boards.ideas import analysis as ideas_analysis
from boards.ideas.analysis import IdeasAnalysis, RankEntry
from boards.ideas.layout import IdeaCard, IdeasSnapshot

from .. import charts, fmt
from ..catalog import Catalog
from ..typed import Board

Ideas = Board[IdeasSnapshot, IdeasAnalysis]
CHART_IDEAS = 15  # bars of the vote chart


def ranking(board: Ideas) -> list[RankEntry]:
    analysis = board.analysis
    return list(analysis.ranking) if analysis is not None and analysis.results_visible else []


def chosen(board: Ideas) -> list[RankEntry]:
    """The ideas the vote chose (the rule is the domain's)."""
    return ideas_analysis.chosen(ranking(board))


def section(t: Catalog, board: Ideas) -> dict[str, Any]:
    snap, analysis = board.snapshot, board.analysis
    cards = {c.id: c for c in snap.cards}
    placements = {p.idea_id: p for p in analysis.placements} if analysis is not None else {}
    groups = {g.id: g.title for g in snap.groups}
    ranked = ranking(board)
    chosen_ids = {r.idea_id for r in chosen(board)}
    order = [r.idea_id for r in ranked] or list(cards)
    dots = {r.idea_id: r for r in ranked}
    rows = []
    for idea_id in order:
        card = cards.get(idea_id) or IdeaCard(id=idea_id)
        rank = dots.get(idea_id)
        quadrant = placements[idea_id].quadrant if idea_id in placements else "unscored"
        author = t("anonymous") if card.anonymous else card.author_name
        category = card.category or "uncategorised"
        rows.append(
            {
                "rank": rank.rank if rank else "",
                "title": card.title or (rank.title if rank else "") or "–",
                "description": card.description,
                "dots": rank.dots if rank else "",
                "category": t.code("ideas.category", category)
                if t.has(f"ideas.category.{category}")
                else card.category,
                "group": groups.get(card.group, ""),
                "impact": fmt.num(card.impact),
                "effort": fmt.num(card.effort),
                "quadrant": t.code("ideas.quadrant", quadrant),
                "author": author,
                "chosen": idea_id in chosen_ids,
            }
        )
    chart = None
    if ranked:
        # one bar per idea up to a readable chart; the table below lists every idea
        top = ranked[:CHART_IDEAS]
        chart = charts.ranking(
            t("ideas.chart.ranking")
            if len(top) == len(ranked)
            else t("ideas.chart.ranking_top", n=len(top), total=len(ranked)),
            [r.title or "–" for r in top],
            [r.dots for r in top],
            t("ideas.dots"),
            len(chosen_ids),
            t("ideas.chart.axis"),
        )
    rnd = analysis.round if analysis is not None else None
    round_text = (
        t(
            "ideas.round_summary",
            number=rnd.number,
            voters=rnd.voters,
            dots=rnd.dots_cast,
            budget=rnd.budget,
        )
        if rnd is not None and rnd.number
        else ""
    )
    quadrants = [
        {"label": t.code("ideas.quadrant", k), "count": v}
        for k, v in (analysis.quadrant_counts if analysis is not None else {}).items()
        if v
    ]
    return {
        "kind": "ideas",
        "title": board.title or t("kind.ideas"),
        "missing": "" if rows else t("missing.ideas"),
        "rows": rows,
        "chart": chart,
        "round": round_text,
        "quadrants": quadrants,
        "results_visible": analysis is not None and analysis.results_visible,
    }
