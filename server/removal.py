"""``DELETE /api/workshops/{id}``: a facilitator deletes a workshop for good, after naming it.

The rows go in one transaction (:mod:`server.deletion`); then every process closes the
workshop's sockets (4410), unloads its rooms unsaved and deletes its Redis streams. A room
whose write was already under way when it was unloaded may still land a row: a second sweep
a moment later removes it.
"""

from __future__ import annotations

import logging
from typing import Literal

import anyio
from pydantic import BaseModel, Field
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import access, deletion
from .access import Action
from .api import body_of, hub_of, identity_of
from .hub import Hub
from .models import Workshop
from .problems import Problem

log = logging.getLogger("obeya.removal")
SWEEP_AFTER_SECONDS = 1.0
Reason = Literal["facilitator", "retention"]


class DeleteIn(BaseModel):
    confirm: str = Field(max_length=200)  # the workshop's title, exactly as shown


async def remove_workshop(hub: Hub, workshop_id: str, reason: Reason) -> deletion.Deleted | None:
    """Delete the workshop everywhere; None when it was not there (any more)."""
    deleted = await hub.db.write(lambda s: deletion.delete_workshop(s, workshop_id))
    if deleted is None:
        return None
    await hub.announce(
        {
            "type": "workshop_deleted",
            "workshop_id": workshop_id,
            "boards": list(deleted.board_ids),
            "tokens": list(deleted.token_hashes),
        }
    )
    hub.tg.start_soon(_sweep, hub, deleted)
    log.info(
        "workshop deleted",
        extra={
            "workshop_id": workshop_id,
            "reason": reason,
            "boards": len(deleted.board_ids),
            "rows": deleted.rows,
        },
    )
    return deleted


async def _sweep(hub: Hub, deleted: deletion.Deleted) -> None:
    await anyio.sleep(SWEEP_AFTER_SECONDS)
    keys = [f"{b}/{name}" for b in deleted.board_ids for name in ("content", "ledger")]
    try:
        late = await hub.db.write(lambda s: deletion.purge_docs(s, deleted.board_ids))
        await hub.broker.forget(keys)
    except Exception:
        log.exception(
            "sweeping a deleted workshop failed", extra={"workshop_id": deleted.workshop_id}
        )
        return
    if late:
        log.info(
            "late rows of a deleted workshop removed",
            extra={"workshop_id": deleted.workshop_id, "rows": late},
        )


async def delete_workshop(request: Request) -> Response:
    who = await identity_of(request)
    workshop_id = request.path_params["workshop_id"]
    access.check_workshop(who, workshop_id, Action.delete_workshop)
    data = await body_of(request, DeleteIn)
    hub = hub_of(request)

    def title(session: Session) -> str:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise Problem(404, "not_found", "no such workshop")
        return workshop.title

    if data.confirm.strip() != (await hub.db.read(title)).strip():
        raise Problem(
            422,
            "confirmation_mismatch",
            "to delete the workshop, send its title exactly as `confirm`",
        )
    if await remove_workshop(hub, workshop_id, "facilitator") is None:
        raise Problem(404, "not_found", "no such workshop")
    return Response(status_code=204)


routes = [Route("/api/workshops/{workshop_id}", delete_workshop, methods=["DELETE"])]
