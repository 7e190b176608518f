"""Private writing: cards that wait, out of every document, until the facilitator reveals them.

Brainstorming alone first ("brainwriting") avoids anchoring on the loudest idea. While
``writing.private`` is on, clients create cards with ``ideas.add_private``; the cards wait in
``ctx.private["cards"]`` (the ledger only counts them) until ``ideas.reveal_cards`` writes
them into the ledger's ``revealed_cards`` -- anonymous ones without their author.

The facilitator opens writing in one of two modes, and authors are told which before they
write. ``moderated``: the facilitator sees pending cards with their author (to take one out
before the reveal). ``blind``: nobody but the author sees a pending card, the facilitator
included, and at the reveal the card shows no author unless the round said so up front
(``show_authors``). Each card keeps the promise it was written under (``blind``,
``show_author``), so a mode changed later cannot expose it.
"""

from __future__ import annotations

import secrets
from random import SystemRandom
from typing import Annotated, Any

from pycrdt import Map
from pydantic import BaseModel, Field

from ..kind import EDITORS, CommandContext, CommandError, NoPayload, command, control
from .layout import SCORE_MAX, SCORE_MIN, PrivateMode, card_ids, revealed_map, writing_map

MAX_PRIVATE_CARDS = 100
CardId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Score = Annotated[int, Field(strict=True, ge=SCORE_MIN, le=SCORE_MAX)]
Ref = Annotated[str, Field(max_length=64)]


class PrivateWritingPayload(BaseModel):
    enabled: bool
    mode: PrivateMode = "moderated"
    show_authors: bool = False  # blind rounds only: moderated cards show their author anyway


class PrivateCardPayload(BaseModel):
    id: CardId
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    category: str = Field(default="", max_length=40)
    anonymous: bool = False
    cause_id: Ref = ""
    step_id: Ref = ""
    future_step_id: Ref = ""
    impact: Score | None = None
    effort: Score | None = None


class CardRef(BaseModel):
    id: CardId


def _cards(ctx: CommandContext) -> dict[str, dict[str, Any]]:
    return dict(ctx.private.get("cards") or {})


def _set_pending(ctx: CommandContext, cards: dict[str, dict[str, Any]]) -> None:
    writing_map(ctx.ledger)["pending"] = len(cards)


@control("ideas.private_writing", PrivateWritingPayload)
def private_writing(ctx: CommandContext, payload: PrivateWritingPayload) -> dict[str, Any]:
    """Turn private writing on (in a mode) or off; turning it off keeps unrevealed cards
    private, each under the mode it was written in."""
    writing = writing_map(ctx.ledger)
    if not payload.enabled:
        writing["private"] = False
        return {"private": False}
    show = payload.mode == "blind" and payload.show_authors
    with ctx.ledger.transaction():
        writing.update({"private": True, "mode": payload.mode, "show_authors": show})
    return {"private": True, "mode": payload.mode, "show_authors": show}


@command("ideas.add_private", PrivateCardPayload, roles=EDITORS)
def add_private(ctx: CommandContext, payload: PrivateCardPayload) -> dict[str, Any]:
    """Idempotent by the client-made ``id``: the author repeating it gets the same answer."""
    me = ctx.actor.participant_id
    if not me:
        raise CommandError("participant_required", "error.participant_required", 403)
    cards = _cards(ctx)
    mine = cards.get(payload.id)
    if mine is not None and mine.get("author_id") == me:
        return {"id": payload.id, "private": True}
    if mine is not None or payload.id in card_ids(ctx.content, ctx.ledger):
        raise CommandError("duplicate_id", "ideas.error.duplicate_id", 409, id=payload.id)
    if not writing_map(ctx.ledger).get("private", False):
        raise CommandError("private_writing_off", "ideas.error.private_writing_off", 409)
    if sum(1 for card in cards.values() if card.get("author_id") == me) >= MAX_PRIVATE_CARDS:
        raise CommandError("too_many_cards", "ideas.error.too_many_cards", limit=MAX_PRIVATE_CARDS)
    seq = int(ctx.private.get("card_seq", 0)) + 1
    blind = writing_map(ctx.ledger).get("mode") == "blind"
    cards[payload.id] = {
        **payload.model_dump(exclude={"id"}),
        "category": payload.category.strip(),
        "author_id": me,
        "author_name": ctx.actor.display_name,
        "created_at": ctx.now.isoformat(),
        "seq": seq,
        "blind": blind,
        "show_author": blind and writing_map(ctx.ledger).get("show_authors") is True,
    }
    ctx.private["cards"] = cards
    ctx.private["card_seq"] = seq
    _set_pending(ctx, cards)
    return {"id": payload.id, "private": True}


@command("ideas.withdraw_private", CardRef, roles=EDITORS)
def withdraw_private(ctx: CommandContext, payload: CardRef) -> dict[str, Any]:
    _forget_private(ctx, payload.id, author_only=True)
    return {"id": payload.id, "withdrawn": True}


def is_blind(card: dict[str, Any]) -> bool:
    return card.get("blind") is True


def _forget_private(ctx: CommandContext, key: str, *, author_only: bool) -> None:
    cards = _cards(ctx)
    card = cards.get(key)
    mine = card is not None and card.get("author_id") == ctx.actor.participant_id
    # a blind card is nobody's but its author's: to anyone else it answers as if absent
    if card is None or ((author_only or is_blind(card)) and not mine):
        raise CommandError("unknown_private_card", "ideas.error.unknown_private_card", 404, id=key)
    del cards[key]
    ctx.private["cards"] = cards
    _set_pending(ctx, cards)


@control("ideas.remove_private", CardRef)
def remove_private(ctx: CommandContext, payload: CardRef) -> dict[str, Any]:
    """Moderation before the reveal: the facilitator takes a card out (off-topic, hurtful, a
    duplicate); it never reaches the wall and its author sees it go. Moderated cards only."""
    _forget_private(ctx, payload.id, author_only=False)
    return {"id": payload.id, "removed": True}


@command("ideas.remove_revealed", CardRef, roles=EDITORS)
def remove_revealed(ctx: CommandContext, payload: CardRef) -> dict[str, Any]:
    """Delete a revealed card, as any card on the wall can be deleted. Revealed cards live in
    the ledger, which only the server writes; the client removes its edited copy in content."""
    target = revealed_map(ctx.ledger)
    if payload.id not in target:
        raise CommandError("unknown_idea", "ideas.error.unknown_idea", 404, idea_id=payload.id)
    del target[payload.id]
    return {"id": payload.id, "deleted": True}


def moderation_card(key: str, card: dict[str, Any]) -> dict[str, Any]:
    """What the facilitator sees of someone's unrevealed card: an anonymous one stays so."""
    shown = public_card(card, "")
    del shown["revealed_at"], shown["group"], shown["author_id"]
    return {"id": key, **shown}


def public_card(card: dict[str, Any], now: str) -> dict[str, Any]:
    """The ledger form of a private card: anonymous cards lose their author, and so do blind
    ones unless their round promised to show authors."""
    anonymous = bool(card.get("anonymous")) or (
        is_blind(card) and card.get("show_author") is not True
    )
    out = {
        key: card.get(key)
        for key in (
            "title",
            "description",
            "category",
            "cause_id",
            "step_id",
            "future_step_id",
            "seq",
            "created_at",
        )
    }
    out.update(
        anonymous=anonymous,
        author_id="" if anonymous else card.get("author_id", ""),
        author_name="" if anonymous else card.get("author_name", ""),
        revealed_at=now,
        group="",
    )
    for key in ("impact", "effort"):
        if card.get(key) is not None:
            out[key] = card[key]
    return out


def _unlinked(card: dict[str, Any]) -> bool:
    """A blind card revealed without its author: nothing of it may point back to when (so
    to who) wrote it."""
    return is_blind(card) and public_card(card, "")["anonymous"] is True


@control("ideas.reveal_cards", NoPayload)
def reveal_cards(ctx: CommandContext, _: NoPayload) -> dict[str, Any]:
    """Publish every private card and end private writing: in writing order, then the blind
    cards shown without author in a random order, under a new id (the client-made one holds
    the time it was written) and stamped with the reveal's time, not the writing's."""
    cards = _cards(ctx)
    ordered = sorted(cards, key=lambda key: (int(cards[key].get("seq", 0)), key))
    shuffled = [key for key in ordered if _unlinked(cards[key])]
    SystemRandom().shuffle(shuffled)
    last = max((int(card.get("seq", 0)) for card in cards.values()), default=0)
    now = ctx.now.isoformat()
    published: list[str] = []
    with ctx.ledger.transaction():
        target = revealed_map(ctx.ledger)
        for key in ordered:
            if key not in shuffled:
                target[key] = Map(public_card(cards[key], now))
                published.append(key)
        for n, key in enumerate(shuffled, start=last + 1):
            new_key = "r" + secrets.token_hex(8)
            target[new_key] = Map({**public_card(cards[key], now), "seq": n, "created_at": now})
            published.append(new_key)
        writing_map(ctx.ledger).update({"private": False, "pending": 0})
    ctx.private["cards"] = {}
    return {"revealed": published}


CARD_COMMANDS = (
    private_writing,
    add_private,
    withdraw_private,
    remove_private,
    reveal_cards,
    remove_revealed,
)
