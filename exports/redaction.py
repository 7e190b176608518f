"""The re-importable copy of a board's documents (``documents`` in the JSON export), cleaned
for the role that exports it.

A CRDT document carries whatever any client wrote into it, so the raw bytes the server stores
are not what may leave it: an editor's client may put an author on a card it marks anonymous,
the ledger names who submitted each pilot reading. The copy is the stored state with those
fields overwritten in one transaction; the overwritten values are garbage-collected, so their
text is in no byte of the encoded update. Only what re-import needs survives: participant ids
mean nothing in the copy (participants are not copied), and votes of a round still open are
not carried (they live in server-only state, which never leaves).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from typing import Any

from pycrdt import Array, Doc, Map

from boards.actions import actions_map
from boards.ideas.layout import cards_map, revealed_map, round_map, tallies_map, voters_map
from boards.pilot.layout import corrections_array, feedback_map, readings_map

Cleaner = Callable[[Doc, Doc, str], None]

# what a viewer never gets, on top of what nobody gets: who voted or submitted what
WHO = ("display_name", "by_name")


def _maps(values: Iterable[Any]) -> list[Map]:
    return [value for value in values if isinstance(value, Map)]


def _blank(target: Map, fields: Iterable[str]) -> None:
    for field in fields:
        if field in target and target[field] not in ("", None):
            target[field] = ""


def _blank_entries(parent: Map, fields: Callable[[Any], tuple[str, ...]]) -> None:
    """Blank ``fields(entry)`` of every entry, a shared Map or plain JSON (which readers take
    as a record just the same, so a client may have written one)."""
    for key, entry in list(parent.items()):
        if isinstance(entry, Map):
            _blank(entry, fields(entry))
        elif isinstance(entry, dict):
            names = [f for f in fields(entry) if entry.get(f) not in ("", None)]
            if names:
                parent[key] = {**entry, **dict.fromkeys(names, "")}


def _authors(card: Any) -> tuple[str, ...]:
    return ("author_id", "author_name") if card.get("anonymous") is True else ("author_id",)


def _ideas(content: Doc, ledger: Doc, role: str) -> None:
    _blank_entries(cards_map(content), _authors)
    _blank_entries(revealed_map(ledger), _authors)
    rnd = round_map(ledger)
    if rnd.get("status") == "open":  # its votes stay behind in server-only state
        for key in ("voters", "dots_cast"):
            if rnd.get(key):
                rnd[key] = 0
        tallies_map(ledger).clear()
        voters_map(ledger).clear()
    visible = rnd.get("revealed") is True or rnd.get("hidden") is False
    if role != "facilitator" or rnd.get("anonymous") is not False or not visible:
        voters_map(ledger).clear()
    if not visible:
        tallies_map(ledger).clear()


def _submitter(record: Map, role: str) -> None:
    anonymous = record.get("anonymous") is True
    _blank(record, ("participant_id", "by"))
    if anonymous or role != "facilitator":
        _blank(record, WHO)
    for key in ("withdrawn", "corrected"):
        stamp = record.get(key)
        if isinstance(stamp, Map):
            _submitter(stamp, role)


def _pilot(content: Doc, ledger: Doc, role: str) -> None:
    records = _maps(readings_map(ledger).values()) + _maps(feedback_map(ledger).values())
    corrections = corrections_array(ledger)
    records += _maps(corrections) if isinstance(corrections, Array) else []
    for record in records:
        _submitter(record, role)


def _workshop(content: Doc, ledger: Doc, role: str) -> None:
    who = ("owner_participant",) if role == "facilitator" else ("owner_participant", "created_by")
    _blank_entries(actions_map(content), lambda _: who)


CLEANERS: dict[str, Cleaner] = {"ideas": _ideas, "pilot": _pilot, "workshop": _workshop}


def clean_documents(kind: str, documents: dict[str, str], role: str) -> dict[str, str]:
    """``documents`` ({content, ledger}: base64 updates) as ``role`` may take them away."""
    cleaner = CLEANERS.get(kind)
    if cleaner is None:
        return dict(documents)
    docs = []
    for room in ("content", "ledger"):
        doc: Doc = Doc()
        doc.apply_update(base64.b64decode(documents[room]))
        docs.append(doc)
    content, ledger = docs
    with content.transaction(), ledger.transaction():
        cleaner(content, ledger, role)
    return {
        "content": base64.b64encode(content.get_update()).decode(),
        "ledger": base64.b64encode(ledger.get_update()).decode(),
    }
