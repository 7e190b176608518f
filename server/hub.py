"""What every request handler shares: settings, database, rooms, live connections."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from anyio.abc import TaskGroup

from .models import Board, Workshop
from .rooms import Rooms
from .settings import Settings
from .store import Database


@dataclass
class Hub:
    settings: Settings
    db: Database
    rooms: Rooms
    tg: TaskGroup
    counters: Counter[str] = field(default_factory=Counter)
    # Board rows change rarely (lock, finish) and are read on every message check.
    boards: dict[str, tuple[Board, Workshop]] = field(default_factory=dict)

    async def board(self, board_id: str) -> tuple[Board, Workshop] | None:
        cached = self.boards.get(board_id)
        if cached is not None:
            return cached

        def load(session: Any) -> tuple[Board, Workshop] | None:
            board = session.get(Board, board_id)
            return (board, session.get(Workshop, board.workshop_id)) if board else None

        found = await self.db.read(load)
        if found is not None:
            self.boards[board_id] = found
        return found

    def forget_workshop(self, workshop_id: str) -> None:
        for key in [k for k, (_, w) in self.boards.items() if w.id == workshop_id]:
            del self.boards[key]

    def refresh_permissions(self, workshop_id: str) -> None:
        """After a lock, unlock or finish: recompute every open socket's write right."""
        self.forget_workshop(workshop_id)
        for peer in self.rooms.peers_where(lambda peer: peer.identity.workshop_id == workshop_id):
            peer.refresh = True

    def close_invite(self, invite_id: str) -> int:
        peers = self.rooms.peers_where(lambda peer: peer.identity.invite_id == invite_id)
        for peer in peers:
            peer.close(4401, "invite revoked")
        return len(peers)
