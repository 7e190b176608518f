"""Running a board command: roles, lock, idempotency, then the kind's handler on the ledger.

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

from boards.kind import CommandContext, CommandError, Role
from boards.registry import command_spec, get_kind

from . import access, store
from .auth import Identity
from .hub import Hub
from .models import Board, CommandRecord, Workshop
from .problems import Problem, invalid
from .room import Origin

log = logging.getLogger("obeya.commands")

SIDE_EFFECTS = {
    "board.lock",
    "board.unlock",
    "workshop.finish",
    "workshop.phase",
    "workshop.viewer_export",
}


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
    access.check_command(who, spec)
    try:
        payload = spec.payload.model_validate(body.payload)
    except ValidationError as exc:
        raise invalid("invalid_payload", "the payload does not fit the command", exc) from None
    async with hub.board_lock(board.id):
        replay = await hub.db.read(lambda s: store.find_command(s, board.id, body.idempotency_key))
        if replay is not None:
            return {"result": json.loads(replay.result_json), "replayed": True}
        if workshop.status == "finished":
            raise Problem(
                409, "workshop_finished", "the workshop is finished; everything is read-only"
            )
        if board.locked and not spec.allowed_when_locked and who.role is not Role.facilitator:
            raise Problem(409, "board_locked", "the facilitator has locked this board")
        result = await _apply(hub, who, board, workshop, body, spec.handler, payload)
    log.info(
        "command",
        extra={
            "board": board.id,
            "command": body.command,
            "participant": who.participant_id,
            "role": who.role.value,
        },
    )
    if body.command in SIDE_EFFECTS:
        await _side_effects(hub, board, workshop, body.command, payload)
    return {"result": result, "replayed": False}


async def _apply(
    hub: Hub,
    who: Identity,
    board: Board,
    workshop: Workshop,
    body: CommandIn,
    handler: Any,
    payload: BaseModel,
) -> dict[str, Any]:
    private = await hub.db.read(lambda s: store.load_private(s, board.id))
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
        )
        outcome: dict[str, Any] = {}

        def apply(_: Any) -> None:
            outcome["result"] = handler(ctx, payload)

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
            await ledger.change(apply, origin=Origin.command, extras=[record])
        except CommandError as exc:
            raise Problem(exc.status, exc.code, exc.message, params=exc.params) from None
    return dict(outcome["result"])


async def _side_effects(
    hub: Hub, board: Board, workshop: Workshop, command: str, payload: BaseModel
) -> None:
    """Rules that live in the server: who may write follows locks and the finished flag."""

    def write(session: Session) -> None:
        if command in ("board.lock", "board.unlock"):
            row = session.get(Board, board.id)
            assert row is not None
            row.locked = command == "board.lock"
            session.add(row)
            return
        ws = session.get(Workshop, workshop.id)
        assert ws is not None
        if command == "workshop.finish":
            ws.status = "finished"
        elif command == "workshop.viewer_export":
            ws.allow_viewer_export = bool(getattr(payload, "allowed", False))
        else:
            ws.phase = str(getattr(payload, "phase", ws.phase))
        ws.updated_at = datetime.now(UTC)
        session.add(ws)

    await hub.db.write(write)
    await hub.announce({"type": "workshop_changed", "workshop_id": workshop.id})
    if command in ("board.lock", "board.unlock"):
        await hub.publish_boards(workshop.id)
