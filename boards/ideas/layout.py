"""``ideas``: where the data lives and how to read it (schema 1).

Content document (editors co-edit):
``cards``   Map: card id -> Map{``title``, ``description`` (Text: see
            :mod:`boards.longtext`), ``category`` (``technology`` |
            ``model`` | ``organisational`` | any custom label), ``author_id``, ``author_name``,
            ``anonymous`` (bool; then author fields are ""), ``cause_id`` (fishbone cause),
            ``step_id`` (value-stream step, either state: where the idea acts today),
            ``future_step_id`` (a future-state step: where the idea lands; the RACI activity
            made from that step owns it), ``impact`` (1-5 or absent), ``effort`` (1-5 or
            absent), ``group`` (group id or "")}
``groups``  Map: group id -> Map{``title``, ``color``}
``order``   Array of card ids (display order; cards missing from it follow, by id)

Ledger document (server only):
``writing``         Map{``private`` (bool: cards go through ``ideas.add_private``),
                    ``pending`` (int: private cards written, not yet revealed),
                    ``mode`` (``moderated``: the facilitator sees pending cards and their
                    authors | ``blind``: nobody does before the reveal), ``show_authors``
                    (bool, blind rounds: authors shown at the reveal; otherwise anonymous)}
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
``cards``     {card id: {author_id, author_name, anonymous, title, ..., created_at, seq,
              blind (bool: written in a blind round), show_author (bool)}}
``card_seq``  int
``votes``     {``round``, ``budget``, ``cap``, ``dots``: {participant id: {idea id: dots}},
              ``names``: {participant id: display name}}
"""

from __future__ import annotations

from typing import Any, Literal

from pycrdt import Array, Doc, Map
from pydantic import BaseModel

from .. import values
from ..values import ReadWarning, plain

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
    "future_step_id",
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
    future_step_id: str = ""
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


PRIVATE_MODES = ("moderated", "blind")
PrivateMode = Literal["moderated", "blind"]


class Writing(BaseModel):
    private: bool = False
    pending: int = 0
    mode: PrivateMode = "moderated"
    show_authors: bool = False


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
    # What the reader ignored (see :mod:`boards.values`).
    read_warnings: list[ReadWarning] = []


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


def score(value: Any, warnings: values.Warnings | None = None, field: str = "") -> int | None:
    """A 1-5 score as clients type it (int, float, numeric string); anything else is unset."""
    w = warnings or values.Warnings()
    return values.whole(value, w, field, low=SCORE_MIN, high=SCORE_MAX)


def coerce_card(
    card_id: str, raw: dict[str, Any], source: str, warnings: values.Warnings | None = None
) -> IdeaCard:
    w = warnings or values.Warnings()
    at = f"{'cards' if source == 'content' else 'revealed_cards'}.{card_id}"
    data: dict[str, Any] = {"id": card_id, "source": source}
    for key in CARD_FIELDS:
        value = raw.get(key)
        if key in ("impact", "effort"):
            data[key] = score(value, w, f"{at}.{key}")
        elif key == "anonymous":
            data[key] = values.flag(value, w, f"{at}.{key}")
        else:
            data[key] = values.text(value, w, f"{at}.{key}")
    return IdeaCard.model_validate(data)


def card_ids(content: Doc, ledger: Doc) -> set[str]:
    return set(cards_map(content).keys()) | set(revealed_map(ledger).keys())


ROUND_FLAGS = ("hidden", "anonymous", "facilitator_votes", "revealed")
ROUND_COUNTS = ("number", "budget", "cap", "voters", "dots_cast")


def read_round(ledger: Doc, warnings: values.Warnings | None = None) -> Round:
    w = warnings or values.Warnings()
    raw = plain(round_map(ledger))
    default = Round()
    data: dict[str, Any] = {
        **{k: values.flag(raw.get(k), w, f"round.{k}", default=getattr(default, k))
           for k in ROUND_FLAGS},
        **{k: values.text(raw.get(k), w, f"round.{k}") for k in ("title", "opened_at", "closed_at")},
    }  # fmt: skip
    for key in ROUND_COUNTS:
        number = values.whole(raw.get(key), w, f"round.{key}")
        if number is not None:
            data[key] = number
    status = values.choice(raw.get("status"), ("none", "open", "closed"), w, "round.status")
    if status is not None:
        data["status"] = status
    return Round.model_validate(data)


def read_cards(
    content: Doc, ledger: Doc, warnings: values.Warnings | None = None
) -> list[IdeaCard]:
    w = warnings or values.Warnings()
    own = {
        key: coerce_card(key, raw, "content", w)
        for key, raw in values.entries(cards_map(content), w, "cards")
    }
    revealed_raw = {
        key: raw
        for key, raw in values.entries(revealed_map(ledger), w, "revealed_cards")
        if key not in own
    }
    order = [key for key in values.ids(order_array(content), w, "order") if key in own]
    order += sorted(key for key in own if key not in order)
    cards = [own[key] for key in order]
    seq = {key: values.number(raw.get("seq"), w, f"revealed_cards.{key}.seq") or 0.0
           for key, raw in revealed_raw.items()}  # fmt: skip
    later = sorted(revealed_raw, key=lambda key: (seq[key], key))
    cards += [coerce_card(key, revealed_raw[key], "revealed", w) for key in later]
    return cards


def _tallies(raw: Any, w: values.Warnings, field: str) -> dict[str, int]:
    """Idea id -> dots, from a Map or plain JSON; junk entries skipped."""
    source = plain(raw)
    if not source and raw is not None and not isinstance(raw, Map | dict):
        w.add("invalid_record", field, raw)
    out = {}
    for key, value in source.items():
        dots = values.whole(value, w, f"{field}.{key}")
        if dots is not None:
            out[key] = dots
    return out


def _voters(ledger: Doc, w: values.Warnings) -> dict[str, list[Voter]]:
    out = {}
    for key, value in voters_map(ledger).items():
        at = f"voters.{key}"
        voters = []
        for raw in values.records(value, w, at):
            dots = values.whole(raw.get("dots"), w, f"{at}.dots")
            if dots is not None:
                voters.append(Voter(name=values.text(raw.get("name"), w, f"{at}.name"), dots=dots))
        out[key] = voters
    return out


def _history(ledger: Doc, w: values.Warnings) -> list[PastRound]:
    out = []
    for key, raw in values.entries(history_map(ledger), w, "history"):
        at = f"history.{key}"
        number = values.whole(raw.get("number"), w, f"{at}.number")
        if number is None:
            continue
        out.append(
            PastRound(
                number=number,
                title=values.text(raw.get("title"), w, f"{at}.title"),
                closed_at=values.text(raw.get("closed_at"), w, f"{at}.closed_at"),
                tallies=_tallies(raw.get("tallies"), w, f"{at}.tallies"),
            )
        )
    return sorted(out, key=lambda r: r.number)


def read_snapshot(content: Doc, ledger: Doc) -> IdeasSnapshot:
    w = values.Warnings()
    rnd = read_round(ledger, w)
    tallies: dict[str, int] = {}
    voters: dict[str, list[Voter]] = {}
    if rnd.tallies_visible:
        tallies = _tallies(tallies_map(ledger), w, "tallies")
        voters = _voters(ledger, w)
    groups = [
        Group(
            id=key,
            **{k: values.text(raw.get(k), w, f"groups.{key}.{k}") for k in ("title", "color")},
        )
        for key, raw in values.entries(groups_map(content), w, "groups")
    ]
    writing_raw = plain(writing_map(ledger))
    writing = Writing(
        private=values.flag(writing_raw.get("private"), w, "writing.private"),
        pending=values.whole(writing_raw.get("pending"), w, "writing.pending") or 0,
        mode="blind"
        if values.choice(writing_raw.get("mode"), PRIVATE_MODES, w, "writing.mode") == "blind"
        else "moderated",
        show_authors=values.flag(writing_raw.get("show_authors"), w, "writing.show_authors"),
    )
    history = _history(ledger, w)
    return IdeasSnapshot(
        cards=read_cards(content, ledger, w),
        groups=groups,
        round=rnd,
        tallies=tallies,
        voters=voters,
        writing=writing,
        history=history,
        read_warnings=w.list(),
    )
