"""Version history of boards: taking checkpoints, and restoring them as forward changes.

Checkpoints are taken automatically at each phase change (every board of the workshop), before
a table import that replaces rows and before a command that writes the content (the map drawn
from data), after a burst of editing (``checkpoint_burst_updates``
peer updates, then ``checkpoint_quiet_seconds`` without any, or ``checkpoint_busy_seconds``
of them), and when the last peer leaves a board edited since; a facilitator names them too.
An automatic checkpoint of a board that did not change since the last one is not taken.

A restore goes through the content room like any other change (``Room.change``): it is stored,
then sent to every connected peer, and ``boards.restore`` keeps whatever was created since
the checkpoint. A ``before-restore`` checkpoint is taken first: restoring it undoes the restore.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import anyio
from sqlmodel import Session

from boards import history, restore
from boards.registry import get_kind

from . import checkpoints, workshops
from .models import Board, Checkpoint
from .room import Origin, Room

if TYPE_CHECKING:
    from .hub import Hub

log = logging.getLogger("obeya.history")


@dataclass
class Activity:
    """Peer edits to a board's content since its last checkpoint (in this process)."""

    updates: int = 0
    first: float = 0.0
    last: float = 0.0
    authors: Counter[str] = field(default_factory=Counter)


class History:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.activity: dict[str, Activity] = {}

    def on_change(self, room: Room, origins: set[Origin]) -> None:
        """A rooms listener: count peers' edits of content documents, and who made them."""
        if room.name != "content" or not room.edits:
            return
        activity = self.activity.setdefault(room.board_id, Activity(first=time.monotonic()))
        activity.updates += sum(room.edits.values())
        activity.authors.update({name: n for name, n in room.edits.items() if name})
        activity.last = time.monotonic()
        room.edits.clear()

    async def tick(self) -> None:
        """Take a checkpoint of each board whose burst of editing has gone quiet, or has gone
        on for ``checkpoint_busy_seconds`` (a team that never pauses still gets versions)."""
        settings = self.hub.settings
        pause = min(settings.checkpoint_quiet_seconds, settings.checkpoint_busy_seconds)
        while True:
            await anyio.sleep(min(pause / 4, 5.0))
            now = time.monotonic()
            for board_id, activity in list(self.activity.items()):
                if activity.updates >= settings.checkpoint_burst_updates and (
                    now - activity.last >= settings.checkpoint_quiet_seconds
                    or now - activity.first >= settings.checkpoint_busy_seconds
                ):
                    try:
                        await self.take(board_id, "auto", reason="burst")
                    except Exception:  # the next tick tries again; nothing is lost meanwhile
                        log.exception("burst checkpoint failed", extra={"board": board_id})

    async def take(
        self, board_id: str, kind: str, *, reason: str = "", name: str = "", by: str = ""
    ) -> Checkpoint | None:
        """A checkpoint of the board's content as it is now; an automatic one only when the
        content changed since the last checkpoint (else None)."""
        async with self.hub.rooms.hold(board_id, "content") as room:
            update, state_vector = await room.change(
                lambda doc: (doc.get_update(), doc.get_state()), origin=Origin.command
            )
        return await self._keep(board_id, update, state_vector, kind, reason, name, by)

    def on_unload(self, room: Room) -> None:
        """A content room unloads once its last peer has gone: a board edited since its last
        checkpoint gets one of how the team left it, whatever the burst count."""
        if room.name != "content" or room.board_id not in self.activity or room.failed:
            return
        update, state_vector = room.doc.get_update(), room.doc.get_state()
        self.hub.tg.start_soon(self._keep_quietly, room.board_id, update, state_vector)

    async def _keep_quietly(self, board_id: str, update: bytes, state_vector: bytes) -> None:
        try:
            await self._keep(board_id, update, state_vector, "auto", "idle", "", "")
        except Exception:  # the document itself is stored: only this version is missing
            log.exception("idle checkpoint failed", extra={"board": board_id})

    async def _keep(
        self,
        board_id: str,
        update: bytes,
        state_vector: bytes,
        kind: str,
        reason: str,
        name: str,
        by: str,
    ) -> Checkpoint | None:
        activity = self.activity.pop(board_id, None) or Activity()
        authors = sorted(activity.authors)  # who edited; ``by`` only took the checkpoint

        previous = await self.hub.db.read(lambda s: _latest_state(s, board_id))
        # Diffing two versions of a large board takes a while: off the event loop.
        summary = await anyio.to_thread.run_sync(history.summary, previous or b"", update)
        if kind == "auto" and previous is not None and not summary:
            return None  # edits that cancel out: nothing to keep, and the count starts again

        def write(session: Session) -> Checkpoint | None:
            board = session.get(Board, board_id)
            if board is None:
                return None
            checkpoint = Checkpoint(
                workshop_id=board.workshop_id,
                board_id=board_id,
                kind=kind,
                reason=reason,
                name=name,
                authors_json=json.dumps(authors, ensure_ascii=False),
                summary_json=json.dumps(summary, ensure_ascii=False),
                state_vector=state_vector,
                state=checkpoints.pack(update),
            )
            checkpoints.save(session, checkpoint, self.hub.settings.checkpoint_max_auto)
            return checkpoint

        taken = await self.hub.db.write(write)
        if taken is not None:
            log.info(
                "checkpoint", extra={"board": board_id, "kind": kind, "reason": reason, "by": by}
            )
        return taken

    async def at_phase(self, workshop_id: str, phase: str) -> None:
        """A checkpoint of every board of the workshop that changed since its last one. The
        phase has changed already: a board that cannot be saved now is logged, not fatal."""
        boards = await self.hub.db.read(lambda s: workshops.boards_of(s, workshop_id))
        for board in boards:
            try:
                await self.take(board.id, "auto", reason=f"phase:{phase}")
            except Exception:
                log.exception("phase checkpoint failed", extra={"board": board.id})

    async def restore_board(self, board_id: str, checkpoint: Checkpoint, by: str) -> dict[str, Any]:
        """Restore the whole board; restoring a ``before-restore`` checkpoint also removes what
        the restore after it brought back, so it undoes that restore."""
        state = checkpoints.unpack(checkpoint.state)
        undo: list[restore.Path] = json.loads(checkpoint.restored_json)

        def change(doc: Any) -> tuple[dict[str, int], list[restore.Path]]:
            counts, brought = restore.restore_board(doc, state)
            counts["removed"] = restore.take_back(doc, undo)
            return counts, brought

        async with self.hub.board_lock(board_id):
            before = await self.take(board_id, "before-restore", name=checkpoint.name, by=by)
            assert before is not None
            async with self.hub.rooms.hold(board_id, "content") as room:
                counts, brought = await room.change(change, origin=Origin.command)
            before.restored_json = json.dumps(brought, ensure_ascii=False)
            await self.hub.db.write(lambda s: _keep(s, before))
        log.info("restored", extra={"board": board_id, "checkpoint": checkpoint.id, **counts})
        return {"counts": counts, "before_restore": checkpoints.view(before)}

    async def restore_item(
        self, board: Board, checkpoint: Checkpoint, root: str, item: str
    ) -> None:
        state = checkpoints.unpack(checkpoint.state)
        belonging = get_kind(board.kind).restores_with(root, item)
        async with self.hub.rooms.hold(board.id, "content") as room:
            await room.change(
                lambda doc: restore.restore_item(doc, state, root, item, belonging),
                origin=Origin.command,
            )

    async def deleted_items(self, board_id: str, checkpoint: Checkpoint) -> list[dict[str, str]]:
        state = checkpoints.unpack(checkpoint.state)
        async with self.hub.rooms.hold(board_id, "content") as room:
            found: list[dict[str, str]] = await room.change(
                lambda doc: history.deleted_items(state, doc), origin=Origin.command
            )
        return found


def _keep(session: Session, checkpoint: Checkpoint) -> None:
    session.merge(checkpoint)


def _latest_state(session: Session, board_id: str) -> bytes | None:
    previous = checkpoints.latest(session, board_id)
    return checkpoints.unpack(previous.state) if previous is not None else None
