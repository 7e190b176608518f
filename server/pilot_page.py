"""What the pilot phone page shows (``GET /api/workshops/{id}/pilot``), filtered here on the
server: the pilot link is the most widely shared one, so it gets the workshop's title, language,
phase and finished state, who it is, and the boards it may open -- no goals, no other board, no
other participant. A board the pilot link only sends commands to (``pilot_access`` ``commands``:
the roll-out) comes with its kind's ``phone_view`` of the stored snapshot, the only part of it
the phone ever sees. The phone polls it; an unchanged answer is a bodiless 304 (ETag)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from boards.kind import PilotAccess, pilot_access
from boards.registry import get_kind

from . import access, snapshots, workshops
from .access import Action
from .api import read_workshop
from .auth import Identity
from .models import Board, Workshop


def phone_board(session: Session, board: Board, who: Identity) -> dict[str, Any]:
    kind = get_kind(board.kind)
    if pilot_access(kind) is not PilotAccess.commands:
        return workshops.board_view(board)
    snapshot = kind.read(*snapshots.load_docs(session, board.id))
    return {**workshops.board_view(board), "phone": kind.phone_view(snapshot, who.participant_id)}


def pilot_view(session: Session, workshop: Workshop, who: Identity) -> dict[str, Any]:
    kinds = set(access.pilot_kinds())
    boards = [b for b in workshops.boards_of(session, workshop.id) if b.kind in kinds]
    return {
        "id": workshop.id,
        "title": workshop.title,
        "language": workshop.language,
        "status": workshop.status,
        "phase": workshop.phase,
        "boards": [phone_board(session, b, who) for b in boards],
        "sustain": workshops.sustains(boards),
        "me": {
            "participant_id": who.participant_id or None,
            "role": who.role.value,
            "display_name": who.display_name or None,
            "board_kinds": access.board_kinds(who.role),
        },
    }


async def get_pilot_page(request: Request) -> Response:
    _, view = await read_workshop(request, Action.read_pilot_page, pilot_view)
    body = json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # Per token (private) and always revalidated: the phone learns of a finished workshop or a
    # new pilot board on its next poll.
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in (tag.strip() for tag in request.headers.get("if-none-match", "").split(",")):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


routes = [Route("/api/workshops/{workshop_id}/pilot", get_pilot_page, methods=["GET"])]
