"""``ideas``: where the data lives and how to read it (schema 1).

Content document (editors co-edit):
``cards``   Map: card id -> Map{``title``, ``description``, ``category`` (``technology`` |
            ``model`` | ``organisational`` | any custom label), ``author_id``, ``author_name``,
            ``anonymous`` (bool; then author fields are ""), ``cause_id`` (fishbone cause),
            ``step_id`` (value-stream step), ``impact`` (1-5 or absent), ``effort`` (1-5 or
            absent), ``group`` (group id or "")}
``groups``  Map: group id -> Map{``title``, ``color``}
``order``   Array of card ids (display order; cards missing from it follow, by id)

Ledger document (server only):
``writing``         Map{``private`` (bool: cards go through ``ideas.add_private``),
                    ``pending`` (int: private cards written, not yet revealed)}
``revealed_cards``  Map: card id -> Map{the content card fields, ``seq`` (int),
                    ``created_at``, ``revealed_at``}. Clients show content cards plus the
                    revealed cards whose id is not in content (a client may copy a revealed
                    card into content to edit it; the content copy then wins).
``round``           Map{``number`` (0 = none yet), ``status`` (none|open|closed), ``title``,
                    ``budget``, ``cap``, ``hidden``, ``anonymous``, ``facilitator_votes``,
                    ``revealed``, ``opened_at``, ``closed_at``, ``voters``, ``dots_cast``}
``tallies``         Map: idea id -> dots (int). Empty while the round is hidden and unrevealed.
``voters``          Map: idea id -> list of {``name``, ``dots``}. Empty for anonymous rounds
                    and while tallies are hidden.
``history``         Map: round number (str) -> {``number``, ``title``, ``closed_at``,
                    ``tallies``: {idea id: dots}}, written once a round is closed and revealed.

Server-only state (``ctx.private``):
``cards``     {card id: {author_id, author_name, anonymous, title, ..., created_at, seq}}
``card_seq``  int
``votes``     {``round``, ``budget``, ``cap``, ``dots``: {participant id: {idea id: dots}},
              ``names``: {participant id: display name}}
"""

from __future__ import annotations

from typing import Any, Literal

from pycrdt import Array, Doc, Map
from pydantic import BaseModel

from ..values import plain

SCHEMA = 1
CATEGORIES = ("technology", "model", "organisational")
CARD_FIELDS = (
    "title",
    "description",
    "category",
    "author_id",
    "author_name",
    "anonymous",
    "cause_id",
    "step_id",
    "impact",
    "effort",
    "group",
)
SCORE_MIN, SCORE_MAX = 1, 5


class IdeaCard(BaseModel):
    id: str
    title: str = ""
    description: str = ""
    category: str = ""
    author_id: str = ""
    author_name: str = ""
    anonymous: bool = False
    cause_id: str = ""
    step_id: str = ""
    impact: int | None = None
    effort: int | None = None
    group: str = ""
    source: Literal["content", "revealed"] = "content"


class Group(BaseModel):
    id: str
    title: str = ""
    color: str = ""


class Round(BaseModel):
    number: int = 0
    status: Literal["none", "open", "closed"] = "none"
    title: str = ""
    budget: int = 0
    cap: int = 0
    hidden: bool = True
    anonymous: bool = False
    facilitator_votes: bool = True
    revealed: bool = False
    opened_at: str = ""
    closed_at: str = ""
    voters: int = 0
    dots_cast: int = 0

    @property
    def tallies_visible(self) -> bool:
        return self.number > 0 and (self.revealed or not self.hidden)


class Voter(BaseModel):
    name: str
    dots: int


class Writing(BaseModel):
    private: bool = False
    pending: int = 0


class PastRound(BaseModel):
    number: int
    title: str = ""
    closed_at: str = ""
    tallies: dict[str, int] = {}


class IdeasSnapshot(BaseModel):
    cards: list[IdeaCard]
    groups: list[Group]
    round: Round
    tallies: dict[str, int]
    voters: dict[str, list[Voter]]
    writing: Writing
    history: list[PastRound]


# --- root types -------------------------------------------------------------------------


def cards_map(content: Doc) -> Map:
    return content.get("cards", type=Map)


def groups_map(content: Doc) -> Map:
    return content.get("groups", type=Map)


def order_array(content: Doc) -> Array:
    return content.get("order", type=Array)


def writing_map(ledger: Doc) -> Map:
    return ledger.get("writing", type=Map)


def revealed_map(ledger: Doc) -> Map:
    return ledger.get("revealed_cards", type=Map)


def round_map(ledger: Doc) -> Map:
    return ledger.get("round", type=Map)


def tallies_map(ledger: Doc) -> Map:
    return ledger.get("tallies", type=Map)


def voters_map(ledger: Doc) -> Map:
    return ledger.get("voters", type=Map)


def history_map(ledger: Doc) -> Map:
    return ledger.get("history", type=Map)


# --- reading ----------------------------------------------------------------------------


def score(value: Any) -> int | None:
    """A 1-5 score as clients type it (int, float, numeric string); anything else is unset."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int | float) and float(value).is_integer():
        number = int(value)
        return number if SCORE_MIN <= number <= SCORE_MAX else None
    return None


def coerce_card(card_id: str, raw: dict[str, Any], source: str) -> IdeaCard:
    data: dict[str, Any] = {"id": card_id, "source": source}
    for key in CARD_FIELDS:
        value = raw.get(key)
        if key in ("impact", "effort"):
            data[key] = score(value)
        elif key == "anonymous":
            data[key] = value is True
        elif isinstance(value, str):
            data[key] = value
    return IdeaCard.model_validate(data)


def card_ids(content: Doc, ledger: Doc) -> set[str]:
    return set(cards_map(content).keys()) | set(revealed_map(ledger).keys())


def read_round(ledger: Doc) -> Round:
    raw = {k: v for k, v in plain(round_map(ledger)).items() if k in Round.model_fields}
    return Round.model_validate(raw)


def read_cards(content: Doc, ledger: Doc) -> list[IdeaCard]:
    own = {
        key: coerce_card(key, plain(value), "content") for key, value in cards_map(content).items()
    }
    revealed_raw = {
        key: plain(value) for key, value in revealed_map(ledger).items() if key not in own
    }
    order: list[str] = []
    for item in order_array(content):
        if isinstance(item, str) and item in own and item not in order:
            order.append(item)
    order += sorted(key for key in own if key not in order)
    cards = [own[key] for key in order]
    later = sorted(revealed_raw, key=lambda key: (_number(revealed_raw[key].get("seq")), key))
    cards += [coerce_card(key, revealed_raw[key], "revealed") for key in later]
    return cards


def read_snapshot(content: Doc, ledger: Doc) -> IdeasSnapshot:
    rnd = read_round(ledger)
    tallies: dict[str, int] = {}
    voters: dict[str, list[Voter]] = {}
    if rnd.tallies_visible:
        tallies = {k: int(_number(v)) for k, v in tallies_map(ledger).items()}
        voters = {
            k: [Voter.model_validate(x) for x in v if isinstance(x, dict)]
            for k, v in voters_map(ledger).items()
            if isinstance(v, list)
        }
    groups = [
        Group.model_validate(
            {"id": key, **{k: v for k, v in plain(value).items() if k in ("title", "color")}}
        )
        for key, value in groups_map(content).items()
    ]
    groups.sort(key=lambda g: g.id)
    writing = Writing.model_validate(
        {k: v for k, v in plain(writing_map(ledger)).items() if k in Writing.model_fields}
    )
    history = [
        PastRound.model_validate(v) for v in history_map(ledger).values() if isinstance(v, dict)
    ]
    history.sort(key=lambda r: r.number)
    return IdeasSnapshot(
        cards=read_cards(content, ledger),
        groups=groups,
        round=rnd,
        tallies=tallies,
        voters=voters,
        writing=writing,
        history=history,
    )


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0
