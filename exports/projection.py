"""What an exporting role may see of a workshop snapshot, applied before any format renders.

Server-only state (``private``: unrevealed private cards, per-person votes, who sent an
anonymous submission) never leaves the server; anonymous stays anonymous for every role,
facilitators included; tallies and voter lists show only as the board shows them."""

from __future__ import annotations

import copy
from typing import Any

ANONYMOUS_FIELDS = {
    "ideas": ("cards", ("author_id", "author_name")),
    "pilot": ("feedback", ("participant_id", "display_name")),
}


def project(snapshot: dict[str, Any], role: str) -> dict[str, Any]:
    """A copy of ``snapshot`` holding only what ``role`` may see (the same for every role
    today: the board's own view, without identities behind anonymous items)."""
    view = copy.deepcopy(snapshot)
    view["participants"] = [
        {"display_name": p.get("display_name", ""), "role": p.get("role", "")}
        for p in view.get("participants", [])
    ]
    for board in view.get("boards", []):
        board.pop("private", None)
        snap = board.get("snapshot") or {}
        if board.get("kind") in ANONYMOUS_FIELDS:
            key, fields = ANONYMOUS_FIELDS[board["kind"]]
            for item in snap.get(key) or []:
                if isinstance(item, dict) and item.get("anonymous"):
                    item.update(dict.fromkeys(fields, ""))
        rnd = snap.get("round") if board.get("kind") == "ideas" else None
        if isinstance(rnd, dict):
            visible = rnd.get("number", 0) > 0 and (rnd.get("revealed") or not rnd.get("hidden"))
            if not visible:
                snap["tallies"] = {}
            if not visible or rnd.get("anonymous"):
                snap["voters"] = {}
    return view
