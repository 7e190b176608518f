"""Ideas analysis: ranking, impact/effort quadrants, counts by category and group.

Quadrants use the midpoint of the 1-5 scale: a score is *high* above 3 (4 or 5) and *low*
otherwise (1-3). High impact + low effort = ``quick_win``; high + high = ``major_project``;
low + low = ``fill_in``; low impact + high effort = ``thankless``. Cards without both scores
have no quadrant (counted as ``unscored``).

The ranking lists every card, zero-vote ones included, by dots (most first); ties keep the
board's display order, then the card id. ``rank`` is competition ranking (1, 2, 2, 4).
While a round is hidden and unrevealed the ledger holds no tallies, so there is no ranking.

The vote *chooses* the top :data:`CHOSEN` ideas of the ranking that received dots
(:func:`chosen`); each chosen idea is a commitment that needs an action (``commitments``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ..actions import Commitment
from ..values import ReadWarning
from .layout import CATEGORIES, IdeaCard, IdeasSnapshot

HIGH_ABOVE = 3
CHOSEN = 3
UNCATEGORISED = "uncategorised"
Quadrant = Literal["quick_win", "major_project", "fill_in", "thankless"]
QUADRANTS: tuple[Quadrant, ...] = ("quick_win", "major_project", "fill_in", "thankless")


class RankEntry(BaseModel):
    idea_id: str
    title: str
    category: str
    dots: int
    rank: int


class CardPlacement(BaseModel):
    idea_id: str
    impact: int | None
    effort: int | None
    quadrant: Quadrant | None


class GroupSummary(BaseModel):
    id: str
    title: str
    cards: int
    dots: int


class RoundSummary(BaseModel):
    number: int
    status: str
    hidden: bool
    revealed: bool
    anonymous: bool
    budget: int
    cap: int
    voters: int
    dots_cast: int


class PastRanking(BaseModel):
    number: int
    title: str
    ranking: list[RankEntry]


class IdeasAnalysis(BaseModel):
    cards: int
    by_category: dict[str, int]
    placements: list[CardPlacement]
    quadrant_counts: dict[str, int]
    round: RoundSummary
    results_visible: bool
    ranking: list[RankEntry]
    groups: list[GroupSummary]
    history: list[PastRanking]
    pending_private_cards: int
    # The chosen ideas, each of which needs an action (boards/actions.py: missing_actions).
    commitments: list[Commitment] = []
    read_warnings: list[ReadWarning] = []


def quadrant(impact: int | None, effort: int | None) -> Quadrant | None:
    if impact is None or effort is None:
        return None
    high_impact, high_effort = impact > HIGH_ABOVE, effort > HIGH_ABOVE
    if high_impact:
        return "major_project" if high_effort else "quick_win"
    return "thankless" if high_effort else "fill_in"


def ranking(cards: list[IdeaCard], tallies: dict[str, int]) -> list[RankEntry]:
    position = {card.id: i for i, card in enumerate(cards)}
    ordered = sorted(cards, key=lambda c: (-tallies.get(c.id, 0), position[c.id], c.id))
    out: list[RankEntry] = []
    for i, card in enumerate(ordered):
        dots = tallies.get(card.id, 0)
        rank = out[-1].rank if out and out[-1].dots == dots else i + 1
        out.append(
            RankEntry(
                idea_id=card.id, title=card.title, category=card.category, dots=dots, rank=rank
            )
        )
    return out


def chosen(ranking: list[RankEntry]) -> list[RankEntry]:
    """The ideas the vote chose: the top of the ranking that received dots."""
    return [r for r in ranking if r.dots][:CHOSEN]


def by_category(cards: list[IdeaCard]) -> dict[str, int]:
    counts = dict.fromkeys(CATEGORIES, 0)
    for card in cards:
        key = card.category.strip() or UNCATEGORISED
        counts[key] = counts.get(key, 0) + 1
    return counts


def analyse(snapshot: IdeasSnapshot) -> IdeasAnalysis:
    cards, rnd = snapshot.cards, snapshot.round
    placements = [
        CardPlacement(
            idea_id=c.id, impact=c.impact, effort=c.effort, quadrant=quadrant(c.impact, c.effort)
        )
        for c in cards
    ]
    counts = dict.fromkeys((*QUADRANTS, "unscored"), 0)
    for placement in placements:
        counts[placement.quadrant or "unscored"] += 1
    visible = rnd.tallies_visible
    tallies = snapshot.tallies if visible else {}
    groups = [
        GroupSummary(
            id=g.id,
            title=g.title,
            cards=sum(1 for c in cards if c.group == g.id),
            dots=sum(tallies.get(c.id, 0) for c in cards if c.group == g.id),
        )
        for g in snapshot.groups
    ]
    history = [
        PastRanking(number=past.number, title=past.title, ranking=ranking(cards, past.tallies))
        for past in snapshot.history
    ]
    ranked = ranking(cards, tallies) if visible else []
    return IdeasAnalysis(
        cards=len(cards),
        by_category=by_category(cards),
        placements=placements,
        quadrant_counts=counts,
        round=RoundSummary(
            number=rnd.number,
            status=rnd.status,
            hidden=rnd.hidden,
            revealed=rnd.revealed,
            anonymous=rnd.anonymous,
            budget=rnd.budget,
            cap=rnd.cap,
            voters=rnd.voters,
            dots_cast=rnd.dots_cast,
        ),
        results_visible=visible,
        ranking=ranked,
        groups=groups,
        history=history,
        pending_private_cards=snapshot.writing.pending,
        commitments=[
            Commitment(source_type="idea", item_id=r.idea_id, label=r.title) for r in chosen(ranked)
        ],
        read_warnings=snapshot.read_warnings,
    )
