"""A whole workshop read through ``boards/``: the input of every export, and of JSON re-import.

Built from the store alone (every change a peer has seen is already there), so the CLI can
export without a running server and the HTTP route sees the same thing.
"""

from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime
from typing import Any

from pycrdt import Doc
from sqlmodel import Session, col, select

from boards.registry import get_kind

from . import store, workshops
from .models import Board, Participant, Workshop
from .problems import Problem

SCHEMA = "obeya.workshop/1"
log = logging.getLogger("obeya.export")


def load_docs(session: Session, board_id: str) -> tuple[Doc, Doc]:
    docs = []
    for room in ("content", "ledger"):
        doc: Doc = Doc()
        for update in store.load_doc(session, f"{board_id}/{room}").updates:
            doc.apply_update(update)
        docs.append(doc)
    return docs[0], docs[1]


def board_snapshot(session: Session, board: Board) -> dict[str, Any]:
    kind = get_kind(board.kind)
    content, ledger = load_docs(session, board.id)
    snapshot = kind.read(content, ledger)
    try:
        analysis, error = kind.analyse(snapshot).model_dump(mode="json"), ""
    except Exception:
        # A bug, not bad input: the export still goes out, saying this board's figures are
        # missing, rather than failing the whole report.
        log.exception("analysis failed", extra={"board": board.id})
        analysis, error = {}, "failed"
    return {
        **workshops.board_view(board),
        "schema_version": kind.schema_version,
        "snapshot": snapshot.model_dump(mode="json"),
        "analysis": analysis,
        "analysis_error": error,
        "documents": {
            "content": base64.b64encode(content.get_update()).decode(),
            "ledger": base64.b64encode(ledger.get_update()).decode(),
        },
        "private": store.load_private(session, board.id),
    }


def workshop_snapshot(session: Session, workshop_id: str) -> dict[str, Any]:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise Problem(404, "not_found", "no such workshop")
    boards = workshops.boards_of(session, workshop_id)
    participants = session.exec(
        select(Participant)
        .where(Participant.workshop_id == workshop_id)
        .order_by(col(Participant.created_at))
    ).all()
    return {
        "schema": SCHEMA,
        "exported_at": datetime.now(UTC).isoformat(),
        "workshop": {
            k: v.isoformat() if isinstance(v, datetime) else v
            for k, v in workshop.model_dump().items()
        },
        "participants": [
            {"id": p.id, "display_name": p.display_name, "role": p.role} for p in participants
        ],
        "boards": [board_snapshot(session, b) for b in boards],
    }


def import_workshop(session: Session, data: dict[str, Any]) -> workshops.Created:
    """Create a new workshop from an exported snapshot: same boards, identical documents.
    Participants and invites are not copied -- the copy gets its own facilitator link."""
    if data.get("schema") != SCHEMA:
        raise Problem(
            422, "unsupported_schema", f"expected schema {SCHEMA!r}, got {data.get('schema')!r}"
        )
    meta = data["workshop"]
    created = workshops.create_workshop(
        session,
        title=meta["title"],
        process=meta.get("process", ""),
        boundary=meta.get("boundary", ""),
        language=meta.get("language", "zh-CN"),
    )
    copy = created.workshop
    copy.phase, copy.status = meta.get("phase", "diagnose"), meta.get("status", "live")
    session.add(copy)
    for entry in data["boards"]:
        get_kind(entry["kind"])
        if entry["kind"] == "workshop":
            board = created.workshop_board
            store.replace_doc(session, f"{board.id}/content")
            store.replace_doc(session, f"{board.id}/ledger")
        else:
            board = Board(
                workshop_id=copy.id,
                kind=entry["kind"],
                title=entry["title"],
                position=entry["position"],
                locked=entry.get("locked", False),
            )
            session.add(board)
        if entry.get("private"):
            store.save_private(session, board.id, entry["private"])
        documents = entry["documents"]
        store.append_updates(
            session,
            [
                (f"{board.id}/content", base64.b64decode(documents["content"])),
                (f"{board.id}/ledger", base64.b64decode(documents["ledger"])),
            ],
        )
    return created
