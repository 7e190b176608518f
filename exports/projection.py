"""What an exporting role may see of a workshop snapshot, applied before any format renders.

Server-only state (``private``: unrevealed private cards, per-person votes, who sent an
anonymous submission) never leaves the server, nor do participant ids; anonymous stays
anonymous for every role, facilitators included; tallies show only as the board shows them.
Facilitators also get the voter lists of closed, shown, non-anonymous rounds and who submitted
each pilot reading or named feedback; viewers get no per-person data at all. The documents
(the re-importable copy) are cleaned the same way by ``redaction``.
"""

from __future__ import annotations

import copy
from typing import Any

from .redaction import clean_documents

ANONYMOUS_FIELDS = {
    "ideas": ("cards", ("author_id", "author_name")),
    "pilot": ("feedback", ("participant_id", "display_name")),
}
# participant ids of non-anonymous items, per kind: (snapshot list, field)
ID_FIELDS = {
    "ideas": (("cards", "author_id"),),
    "pilot": (("readings", "participant_id"), ("feedback", "participant_id")),
    "workshop": (("actions", "owner_participant"),),
}
SUBMISSIONS = ("readings", "feedback")


def _items(snap: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [item for item in snap.get(key) or [] if isinstance(item, dict)]


def _board(board: dict[str, Any], role: str) -> None:
    board.pop("private", None)
    kind, snap = board.get("kind"), board.get("snapshot") or {}
    if isinstance(board.get("documents"), dict):
        board["documents"] = clean_documents(str(kind), board["documents"], role)
    if kind in ANONYMOUS_FIELDS:
        key, fields = ANONYMOUS_FIELDS[kind]
        for item in _items(snap, key):
            if item.get("anonymous"):
                item.update(dict.fromkeys(fields, ""))
    for key, field in ID_FIELDS.get(str(kind), ()):
        for item in _items(snap, key):
            item[field] = ""
    if kind == "pilot" and role != "facilitator":
        for key in SUBMISSIONS:
            for item in _items(snap, key):
                item["display_name"] = ""
    if kind == "workshop" and role != "facilitator":
        for item in _items(snap, "actions"):  # the owner is the plan; who typed it is not
            item["created_by"] = ""
    rnd = snap.get("round") if kind == "ideas" else None
    if isinstance(rnd, dict):
        visible = rnd.get("number", 0) > 0 and (rnd.get("revealed") or not rnd.get("hidden"))
        if not visible:
            snap["tallies"] = {}
        named = not rnd.get("anonymous") and rnd.get("status") == "closed"
        if not (visible and named and role == "facilitator"):
            snap["voters"] = {}


def project(snapshot: dict[str, Any], role: str) -> dict[str, Any]:
    """A copy of ``snapshot`` holding only what ``role`` may see and take away."""
    view = copy.deepcopy(snapshot)
    view["participants"] = [
        {"display_name": p.get("display_name", ""), "role": p.get("role", "")}
        for p in view.get("participants", [])
    ]
    for board in view.get("boards", []):
        _board(board, role)
    return view
