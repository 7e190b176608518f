"""What an exporting role may see of a workshop snapshot, applied before any format renders.

Server-only state (``private``: unrevealed private cards, per-person votes, who sent an
anonymous submission) never leaves the server, nor do participant ids; anonymous stays
anonymous for every role, facilitators included; tallies show only as the board shows them.
Facilitators also get the voter lists of closed, shown, non-anonymous rounds and who submitted
each pilot reading or named feedback; viewers get no per-person data at all. Each kind's rule
is its ``Secrets`` (``exports/secrecy/``, declared in ``exports/registry.py``): its snapshot is
validated (``exports/typed.py``) and replaced by what the rule leaves of it, and its documents
(the re-importable copy) are cleaned the same way by ``redaction``.
"""

from __future__ import annotations

import copy
from typing import Any

from .redaction import clean_documents
from .registry import KINDS
from .typed import typed


def _board(board: dict[str, Any], role: str) -> None:
    board.pop("private", None)
    export = KINDS.get(board["kind"])
    if export is None or export.secrets is None:
        return
    # A snapshot that does not validate leaves as the kind's empty board, as the report shows it.
    board["snapshot"] = export.secrets.snapshot(typed(board).snapshot, role).model_dump(mode="json")
    if isinstance(board.get("documents"), dict):
        board["documents"] = clean_documents(board["kind"], board["documents"], role)


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
