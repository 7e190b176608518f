"""Stored checkpoints on a real SQLite file, migrated as the server does: thinning keeps the
newest automatic versions dense and the old ones sparse, and never drops a named one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from server import checkpoints
from server.db import make_engine, migrate
from server.models import Board, Checkpoint, Workshop

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _version(board: Board, minutes: float, kind: str = "auto") -> Checkpoint:
    return Checkpoint(
        workshop_id=board.workshop_id,
        board_id=board.id,
        created_at=START + timedelta(minutes=minutes),
        kind=kind,
        name=f"at {minutes}",
        state_vector=b"\x00",
        state=checkpoints.pack(b"\x00\x00"),
    )


def test_thinning_drops_the_automatic_version_closest_to_its_neighbour(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'obeya.db'}")
    migrate(engine)
    with Session(engine) as session:
        workshop = Workshop(title="w")
        board = Board(workshop_id=workshop.id, kind="notes", title="n")
        session.add(workshop)
        session.flush()
        session.add(board)
        session.flush()
        session.add(_version(board, 30, "named"))
        # Minutes 0, 60, 61, 120, 180, 181: one of each pair a minute apart goes first.
        for minutes in (0, 60, 61, 120, 180):
            checkpoints.save(session, _version(board, minutes), max_auto=10)
        checkpoints.save(session, _version(board, 181), max_auto=4)
        session.commit()
        kept = [(c.kind, c.name) for c in checkpoints.of_board(session, board.id)]
    assert kept == [
        ("auto", "at 181"),  # the newest always stays, and the oldest
        ("auto", "at 120"),
        ("auto", "at 60"),
        ("named", "at 30"),
        ("auto", "at 0"),
    ]
    engine.dispose()
