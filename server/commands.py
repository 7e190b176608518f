"""Running a board command: access (server/access.py), idempotency, then the kind's handler
on the ledger.

Commands of one board run one at a time (per process; across processes the unique
idempotency key and the database serialise them). The handler, the private state and the
command record commit in one transaction with the ledger update it made.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from boards.kind import CommandContext, CommandError, CommandSpec, RelatedBoard, WorkshopChange
from boards.registry import command_spec, get_kind

from . import access, store, workshops
from .auth import Identity
from .hub import Hub
from .models import Board, CommandRecord, Workshop
from .problems import Problem, invalid
from .room import Origin

log = logging.getLogger("obeya.commands")


class CommandIn(BaseModel):
    command: str
    payload: dict[str, Any] = {}
    idempotency_key: str


async def run_command(
    hub: Hub, who: Identity, board: Board, workshop: Workshop, body: CommandIn
) -> dict[str, Any]:
    kind = get_kind(board.kind)
    spec = command_spec(kind, body.command)
    if spec is None:
        raise Problem(
            422, "unknown_command", f"board kind {board.kind!r} has no command {body.command!r}"
        )
    if not 1 <= len(body.idempotency_key) <= 100:
        raise Problem(422, "bad_idempotency_key", "idempotency_key must be 1-100 characters")
    access.check_board(who, board, workshop, access.Action.run_command, spec, state=False)
    try:
        payload = spec.payload.model_validate(body.payload)
    except ValidationError as exc:
        raise invalid("invalid_payload", "the payload does not fit the command", exc) from None
    async with hub.board_lock(board.id):
        replay = await hub.db.read(lambda s: store.find_command(s, board.id, body.idempotency_key))
        if replay is not None:
            # Only the sender's own retry is answered from the record: a key of someone else's
            # command (the pilot link is shared widely) gets nothing of its result.
            if (replay.participant_id, replay.command) != (who.participant_id, body.command):
                raise Problem(
                    409, "idempotency_key_reused", "this idempotency key is another command's"
                )
            return {"result": json.loads(replay.result_json), "replayed": True}
        access.check_board(who, board, workshop, access.Action.run_command, spec)
        related = await _related(hub, board, spec)
        result = await _apply(hub, who, board, workshop, body, spec, payload, related)
    log.info(
        "command",
        extra={
            "board": board.id,
            "command": body.command,
            "participant": who.participant_id,
            "role": who.role.value,
        },
    )
    if spec.after is not None:
        await _side_effects(hub, board, workshop, spec.after(payload))
    return {"result": result, "replayed": False}


async def _apply(
    hub: Hub,
    who: Identity,
    board: Board,
    workshop: Workshop,
    body: CommandIn,
    spec: CommandSpec,
    payload: BaseModel,
    related: dict[str, RelatedBoard],
) -> dict[str, Any]:
    private = await hub.db.read(lambda s: store.load_private(s, board.id))
    if spec.writes == "content" and hub.history is not None:
        # A command rewriting the team's board (the map drawn from data) is one click away
        # from losing their work: the version before it is what "restore" brings back.
        await hub.history.take(board.id, "auto", reason="command", by=who.display_name)
    async with (
        hub.rooms.hold(board.id, "content") as content,
        hub.rooms.hold(board.id, "ledger") as ledger,
    ):
        ctx = CommandContext(
            actor=who.actor,
            content=content.doc,
            ledger=ledger.doc,
            private=private,
            now=datetime.now(UTC),
            language=workshop.language,
            related=related,
        )
        outcome: dict[str, Any] = {}

        def apply(_: Any) -> None:
            outcome["result"] = spec.handler(ctx, payload)

        def record(session: Session) -> None:
            store.save_private(session, board.id, ctx.private)
            store.record_command(
                session,
                CommandRecord(
                    board_id=board.id,
                    idempotency_key=body.idempotency_key,
                    participant_id=who.participant_id,
                    command=body.command,
                    result_json=json.dumps(outcome.get("result"), ensure_ascii=False),
                ),
            )

        try:
            written = content if spec.writes == "content" else ledger
            await written.change(apply, origin=Origin.command, extras=[record])
        except CommandError as exc:
            raise Problem(exc.status, exc.code, exc.message, params=exc.params) from None
    return dict(outcome["result"])


async def _related(hub: Hub, board: Board, spec: CommandSpec) -> dict[str, RelatedBoard]:
    """The workshop's other boards of the kinds the spec declares it reads, each read and
    analysed now (the stored analysis may lag its documents)."""
    if not spec.reads:
        return {}
    others = await hub.db.read(lambda s: workshops.boards_of(s, board.workshop_id))
    out = {}
    for other in others:
        if other.kind not in spec.reads or other.id == board.id:
            continue
        kind = get_kind(other.kind)
        async with (
            hub.rooms.hold(other.id, "content") as content,
            hub.rooms.hold(other.id, "ledger") as ledger,
        ):
            snapshot = kind.read(content.doc, ledger.doc)
        out[other.id] = RelatedBoard(other.kind, other.title, snapshot, kind.analyse(snapshot))
    return out


async def _side_effects(hub: Hub, board: Board, workshop: Workshop, change: WorkshopChange) -> None:
    """The records a command changes (its spec's ``after``): who may write follows locks and
    the finished flag."""

    def write(session: Session) -> None:
        if change.board_locked is not None:
            row = session.get(Board, board.id)
            assert row is not None
            row.locked = change.board_locked
            session.add(row)
        if change.touches_workshop:
            ws = session.get(Workshop, workshop.id)
            assert ws is not None
            if change.finished:
                ws.status = "finished"
            if change.allow_viewer_export is not None:
                ws.allow_viewer_export = change.allow_viewer_export
            if change.phase is not None:
                ws.phase = change.phase
            ws.updated_at = datetime.now(UTC)
            session.add(ws)

    await hub.db.write(write)
    if change.phase is not None and hub.history is not None:
        await hub.history.at_phase(workshop.id, change.phase)
    await hub.announce({"type": "workshop_changed", "workshop_id": workshop.id})
    if change.board_locked is not None:
        await hub.publish_boards(workshop.id)
