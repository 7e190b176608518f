"""Stored checkpoints (versions) of boards' content documents: session functions run through
``store.Database``, and the encoding of a version (a zlib-compressed Yjs update of the whole
document plus its state vector -- the document's state, never a copy of its update log)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from typing import Any

from pycrdt import Decoder
from sqlmodel import Session, col, select

from .models import Checkpoint

KINDS = ("auto", "named", "before-restore")


def pack(update: bytes) -> bytes:
    return zlib.compress(update, 9)


def unpack(state: bytes) -> bytes:
    return zlib.decompress(state)


def clocks(state_vector: bytes) -> dict[int, int]:
    """A state vector as ``{client: clock}`` (encodings of equal states may differ)."""
    decoder = Decoder(state_vector)
    return {
        decoder.read_var_uint(): decoder.read_var_uint() for _ in range(decoder.read_var_uint())
    }


def latest(session: Session, board_id: str) -> Checkpoint | None:
    return session.exec(
        select(Checkpoint)
        .where(Checkpoint.board_id == board_id)
        .order_by(col(Checkpoint.created_at).desc())
        .limit(1)
    ).first()


def of_board(session: Session, board_id: str) -> Sequence[Checkpoint]:
    """Newest first."""
    return session.exec(
        select(Checkpoint)
        .where(Checkpoint.board_id == board_id)
        .order_by(col(Checkpoint.created_at).desc())
    ).all()


def get(session: Session, board_id: str, checkpoint_id: str) -> Checkpoint | None:
    found = session.get(Checkpoint, checkpoint_id)
    return found if found is not None and found.board_id == board_id else None


def save(session: Session, checkpoint: Checkpoint, max_auto: int) -> None:
    session.add(checkpoint)
    session.flush()
    thin(session, checkpoint.board_id, max_auto)


def thin(session: Session, board_id: str, max_auto: int) -> None:
    """Keep at most ``max_auto`` automatic checkpoints of a board: while over, drop the one
    whose going leaves the shortest gap between its neighbours (the oldest and the newest
    stay), so old history grows sparser instead of being cut off. Named and before-restore
    checkpoints are never thinned."""
    autos = [c for c in reversed(of_board(session, board_id)) if c.kind == "auto"]
    while len(autos) > max(max_auto, 1):
        gaps = [
            (autos[i + 1].created_at - autos[i - 1].created_at, i) for i in range(1, len(autos) - 1)
        ]
        drop = min(gaps)[1] if gaps else 0
        session.delete(autos.pop(drop))


def view(checkpoint: Checkpoint) -> dict[str, Any]:
    """What the history list shows of a checkpoint (not its state)."""
    return {
        "id": checkpoint.id,
        "created_at": checkpoint.created_at.isoformat(),
        "kind": checkpoint.kind,
        "reason": checkpoint.reason,
        "name": checkpoint.name,
        "authors": json.loads(checkpoint.authors_json),
        "summary": json.loads(checkpoint.summary_json),
        "bytes": len(checkpoint.state),
    }
