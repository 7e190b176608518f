"""``ideas``: innovation idea cards, private writing and dot voting.

The CRDT layout (schema 1) is written down in :mod:`boards.ideas.layout` and in
``docs/boards/ideas.md``; the commands live in :mod:`.cards` and :mod:`.voting`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pycrdt import Doc

from ..kind import Actor, BoardKind, CommandSpec, Role, specs
from .analysis import IdeasAnalysis, analyse
from .cards import CARD_COMMANDS, is_blind, moderation_card
from .demo import seed_demo
from .layout import (
    SCHEMA,
    IdeasSnapshot,
    Round,
    cards_map,
    groups_map,
    order_array,
    read_snapshot,
    round_map,
    writing_map,
)
from .voting import VOTING_COMMANDS

__all__ = ["IdeasAnalysis", "IdeasKind", "IdeasSnapshot"]


class IdeasKind(BoardKind):
    name: ClassVar[str] = "ideas"
    schema_version: ClassVar[int] = SCHEMA
    commands: ClassVar[Mapping[str, CommandSpec]] = specs(*CARD_COMMANDS, *VOTING_COMMANDS)
    phases: ClassVar[tuple[str, ...]] = ("design",)
    demo_title: ClassVar[Mapping[str, str]] = {"zh-CN": "创新点与投票", "en": "Ideas and voting"}

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        for root in (cards_map, groups_map, order_array):
            root(content)  # create the empty root types
        with ledger.transaction():
            writing_map(ledger).update({"private": False, "pending": 0})
            round_map(ledger).update(Round().model_dump())
        if demo:
            seed_demo(content, ledger, language)

    def read(self, content: Doc, ledger: Doc) -> IdeasSnapshot:
        return read_snapshot(content, ledger)

    def analyse(self, snapshot: IdeasSnapshot) -> IdeasAnalysis:
        return analyse(snapshot)

    def private_view(self, private: Mapping[str, Any], actor: Actor) -> dict[str, Any]:
        """My unrevealed private cards; my votes in the current round and dots left; for a
        facilitator, everyone else's unrevealed moderated cards too (to moderate before the
        reveal) -- never a blind one."""
        me = actor.participant_id
        cards = private.get("cards") or {}
        ordered = sorted(cards.items(), key=lambda item: (int(item[1].get("seq", 0)), item[0]))
        mine = [(key, card) for key, card in ordered if me and card.get("author_id") == me]
        others = [
            moderation_card(key, card)
            for key, card in ordered
            if actor.role is Role.facilitator
            and not is_blind(card)
            and not (me and card.get("author_id") == me)
        ]
        votes = private.get("votes") or {}
        dots = {k: int(v) for k, v in ((votes.get("dots") or {}).get(me) or {}).items() if v}
        budget = int(votes.get("budget", 0))
        return {
            "cards": [{"id": key, **card} for key, card in mine],
            "moderation": others,
            "round": int(votes.get("round", 0)),
            "votes": dots,
            "used": sum(dots.values()),
            "remaining": max(budget - sum(dots.values()), 0),
            "budget": budget,
            "cap": int(votes.get("cap", 0)),
        }
