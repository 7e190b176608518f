"""An ideas board's secrets: the author of an anonymous card; tallies until the round is shown;
who voted, except to a facilitator once a shown, named round is closed; the votes of a round
still open (they live in server-only state). Participant ids mean nothing outside the server."""

from __future__ import annotations

from typing import Any

from pycrdt import Doc

from boards.ideas.layout import (
    IdeasSnapshot,
    cards_map,
    read_round,
    revealed_map,
    round_map,
    tallies_map,
    voters_map,
)

from . import Secrets
from .blank import blank_entries

# the fields of a card that leave blank, by whether it is anonymous
HIDDEN = {True: ("author_id", "author_name"), False: ("author_id",)}


def _authors(card: Any) -> tuple[str, ...]:
    """Of a card as a client wrote it (a shared Map or plain JSON)."""
    return HIDDEN[card.get("anonymous") is True]


def snapshot(snap: IdeasSnapshot, role: str) -> IdeasSnapshot:
    rnd = snap.round
    visible = rnd.number > 0 and (rnd.revealed or not rnd.hidden)
    named = not rnd.anonymous and rnd.status == "closed"
    return snap.model_copy(
        update={
            "cards": [
                c.model_copy(update=dict.fromkeys(HIDDEN[c.anonymous], "")) for c in snap.cards
            ],
            "tallies": snap.tallies if visible else {},
            "voters": snap.voters if visible and named and role == "facilitator" else {},
        }
    )


def documents(content: Doc, ledger: Doc, role: str) -> None:
    blank_entries(cards_map(content), _authors)
    blank_entries(revealed_map(ledger), _authors)
    rnd = read_round(ledger)  # as the snapshot reads it, so both halves decide alike
    if rnd.status == "open":
        if rnd.voters or rnd.dots_cast:
            round_map(ledger).update({"voters": 0, "dots_cast": 0})
        tallies_map(ledger).clear()
        voters_map(ledger).clear()
    visible = rnd.revealed or not rnd.hidden
    if role != "facilitator" or rnd.anonymous or not visible:
        voters_map(ledger).clear()
    if not visible:
        tallies_map(ledger).clear()


SECRETS = Secrets(snapshot, documents)
