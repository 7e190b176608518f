"""Dot-voting rounds on idea cards.

The votes themselves always live in ``ctx.private["votes"]`` (the source of truth that
budgets and caps are checked against). The ledger gets what everyone may see: the round's
settings and totals (voters, dots cast), and -- only once the round is not hidden or has been
revealed -- the per-idea tallies and, unless anonymous, who voted.
"""

from __future__ import annotations

from typing import Annotated, Any

from pycrdt import Doc, Map
from pydantic import BaseModel, Field, model_validator

from ..kind import EDITORS, CommandContext, CommandError, NoPayload, Role, command, control
from .layout import (
    Round,
    card_ids,
    history_map,
    read_round,
    round_map,
    tallies_map,
    voters_map,
)

MAX_BUDGET = 100
Dots = Annotated[int, Field(strict=True, ge=1, le=MAX_BUDGET)]
IdeaId = Annotated[str, Field(min_length=1, max_length=64)]


class OpenRoundPayload(BaseModel):
    budget: Dots = 5
    cap: Dots = 3
    hidden: bool = True
    anonymous: bool = False
    facilitator_votes: bool = True
    title: str = Field(default="", max_length=120)

    @model_validator(mode="after")
    def _cap_within_budget(self) -> OpenRoundPayload:
        if self.cap > self.budget:
            raise ValueError(f"expected cap <= budget, got cap {self.cap} > budget {self.budget}")
        return self


class VotePayload(BaseModel):
    idea_id: IdeaId
    dots: Dots = 1


# --- private votes ----------------------------------------------------------------------


def current_votes(private: dict[str, Any], rnd: Round) -> dict[str, dict[str, int]]:
    """participant id -> {idea id: dots} for the ledger's current round (stale rounds: empty)."""
    votes = private.get("votes") or {}
    if votes.get("round") != rnd.number:
        return {}
    return {
        pid: {idea: int(n) for idea, n in mine.items() if n}
        for pid, mine in (votes.get("dots") or {}).items()
    }


def totals(votes: dict[str, dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for mine in votes.values():
        for idea, dots in mine.items():
            out[idea] = out.get(idea, 0) + dots
    return {idea: dots for idea, dots in out.items() if dots > 0}


def voter_lists(
    votes: dict[str, dict[str, int]], names: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[tuple[str, str, int]]] = {}
    for pid, mine in votes.items():
        for idea, dots in mine.items():
            if dots > 0:
                out.setdefault(idea, []).append((names.get(pid, ""), pid, dots))
    return {
        idea: [{"name": name, "dots": dots} for name, _, dots in sorted(entries)]
        for idea, entries in out.items()
    }


# --- ledger publication -----------------------------------------------------------------


def _sync(target: Map, wanted: dict[str, Any]) -> None:
    """Make ``target`` equal ``wanted``, touching only keys that change."""
    for key in [k for k in list(target.keys()) if k not in wanted]:
        del target[key]
    for key, value in wanted.items():
        if target.get(key) != value:
            target[key] = value


def publish(ledger: Doc, rnd: Round, private: dict[str, Any]) -> None:
    votes = current_votes(private, rnd)
    names = (private.get("votes") or {}).get("names") or {}
    tallies = totals(votes)
    with ledger.transaction():
        meta = round_map(ledger)
        voters = sum(1 for mine in votes.values() if any(mine.values()))
        if meta.get("voters") != voters:
            meta["voters"] = voters
        if meta.get("dots_cast") != sum(tallies.values()):
            meta["dots_cast"] = sum(tallies.values())
        visible = rnd.tallies_visible
        _sync(tallies_map(ledger), tallies if visible else {})
        lists = voter_lists(votes, names) if visible and not rnd.anonymous else {}
        _sync(voters_map(ledger), lists)
        if visible and rnd.status == "closed":
            history_map(ledger)[str(rnd.number)] = {
                "number": rnd.number,
                "title": rnd.title,
                "closed_at": rnd.closed_at,
                "tallies": tallies,
            }


# --- checks -----------------------------------------------------------------------------


def _open_round(ctx: CommandContext) -> Round:
    rnd = read_round(ctx.ledger)
    if rnd.status == "closed":
        raise CommandError("round_closed", "ideas.error.round_closed", 409, round=rnd.number)
    if rnd.status != "open":
        raise CommandError("round_not_open", "ideas.error.round_not_open", 409)
    return rnd


def _participant(ctx: CommandContext) -> str:
    if not ctx.actor.participant_id:
        raise CommandError("participant_required", "error.participant_required", 403)
    return ctx.actor.participant_id


def _my_dots(ctx: CommandContext, rnd: Round) -> dict[str, int]:
    return dict(current_votes(ctx.private, rnd).get(ctx.actor.participant_id, {}))


def _store(ctx: CommandContext, rnd: Round, mine: dict[str, int]) -> None:
    votes = ctx.private.get("votes") or {}
    if votes.get("round") != rnd.number:  # private state lost or stale: start this round's
        votes = {"round": rnd.number, "budget": rnd.budget, "cap": rnd.cap}
    ctx.private["votes"] = votes
    votes.setdefault("dots", {})[ctx.actor.participant_id] = {
        idea: dots for idea, dots in mine.items() if dots > 0
    }
    votes.setdefault("names", {})[ctx.actor.participant_id] = ctx.actor.display_name
    publish(ctx.ledger, rnd, ctx.private)


def _mine_result(rnd: Round, idea_id: str, mine: dict[str, int]) -> dict[str, Any]:
    used = sum(mine.values())
    return {
        "round": rnd.number,
        "idea_id": idea_id,
        "dots": mine.get(idea_id, 0),
        "used": used,
        "remaining": rnd.budget - used,
    }


# --- commands ---------------------------------------------------------------------------


@control("ideas.open_round", OpenRoundPayload)
def open_round(ctx: CommandContext, payload: OpenRoundPayload) -> dict[str, Any]:
    previous = read_round(ctx.ledger)
    if previous.status == "open":
        raise CommandError(
            "round_already_open", "ideas.error.round_already_open", 409, round=previous.number
        )
    if previous.number and not previous.tallies_visible:
        raise CommandError(
            "previous_round_unrevealed",
            "ideas.error.previous_round_unrevealed",
            409,
            round=previous.number,
        )
    rnd = Round(
        number=previous.number + 1,
        status="open",
        revealed=False,
        opened_at=ctx.now.isoformat(),
        **payload.model_dump(),
    )
    ctx.private["votes"] = {
        "round": rnd.number,
        "budget": rnd.budget,
        "cap": rnd.cap,
        "dots": {},
        "names": {},
    }
    with ctx.ledger.transaction():
        round_map(ctx.ledger).update(rnd.model_dump())
        publish(ctx.ledger, rnd, ctx.private)
    return {"round": rnd.number}


@command("ideas.vote", VotePayload, roles=EDITORS, allowed_when_locked=True)
def vote(ctx: CommandContext, payload: VotePayload) -> dict[str, Any]:
    rnd = _open_round(ctx)
    _participant(ctx)
    if ctx.actor.role == Role.facilitator and not rnd.facilitator_votes:
        raise CommandError(
            "facilitator_votes_disabled", "ideas.error.facilitator_votes_disabled", 403
        )
    idea = payload.idea_id
    if idea not in card_ids(ctx.content, ctx.ledger):
        raise CommandError("unknown_idea", "ideas.error.unknown_idea", idea_id=idea)
    mine = _my_dots(ctx, rnd)
    used, on_idea = sum(mine.values()), mine.get(idea, 0)
    if used + payload.dots > rnd.budget:
        raise CommandError(
            "budget_exceeded",
            "ideas.error.budget_exceeded",
            budget=rnd.budget,
            used=used,
            requested=payload.dots,
        )
    if on_idea + payload.dots > rnd.cap:
        raise CommandError(
            "cap_exceeded",
            "ideas.error.cap_exceeded",
            cap=rnd.cap,
            on_idea=on_idea,
            requested=payload.dots,
            idea_id=idea,
        )
    mine[idea] = on_idea + payload.dots
    _store(ctx, rnd, mine)
    return _mine_result(rnd, idea, mine)


@command("ideas.unvote", VotePayload, roles=EDITORS, allowed_when_locked=True)
def unvote(ctx: CommandContext, payload: VotePayload) -> dict[str, Any]:
    """Take back dots (also from an idea deleted since; its dots still count until then)."""
    rnd = _open_round(ctx)
    _participant(ctx)
    idea = payload.idea_id
    mine = _my_dots(ctx, rnd)
    on_idea = mine.get(idea, 0)
    if on_idea < payload.dots:
        raise CommandError(
            "no_vote_to_remove",
            "ideas.error.no_vote_to_remove",
            idea_id=idea,
            on_idea=on_idea,
            requested=payload.dots,
        )
    mine[idea] = on_idea - payload.dots
    _store(ctx, rnd, mine)
    return _mine_result(rnd, idea, {k: v for k, v in mine.items() if v})


@control("ideas.reveal", NoPayload)
def reveal(ctx: CommandContext, _: NoPayload) -> dict[str, Any]:
    """Publish the tallies of a hidden round (open or closed). Revealing twice is a no-op;
    votes cast after the reveal of a still-open round show live."""
    rnd = read_round(ctx.ledger)
    if not rnd.number:
        raise CommandError("no_round", "ideas.error.no_round", 409)
    if not rnd.revealed:
        rnd = rnd.model_copy(update={"revealed": True})
        with ctx.ledger.transaction():
            round_map(ctx.ledger)["revealed"] = True
            publish(ctx.ledger, rnd, ctx.private)
    return {"round": rnd.number, "revealed": True}


@control("ideas.close", NoPayload)
def close(ctx: CommandContext, _: NoPayload) -> dict[str, Any]:
    """Freeze the round: no more votes. A hidden round stays hidden until ``ideas.reveal``."""
    rnd = _open_round(ctx)
    rnd = rnd.model_copy(update={"status": "closed", "closed_at": ctx.now.isoformat()})
    with ctx.ledger.transaction():
        round_map(ctx.ledger).update({"status": "closed", "closed_at": rnd.closed_at})
        publish(ctx.ledger, rnd, ctx.private)
    return {"round": rnd.number, "status": "closed"}


VOTING_COMMANDS = (open_round, vote, unvote, reveal, close)
