"""Commands every board accepts, whatever its kind: locking by the facilitator."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .kind import FACILITATORS, CommandContext, WorkshopChange, command, specs
from .ledger import meta


class NoPayload(BaseModel):
    pass


@command(
    "board.lock",
    NoPayload,
    roles=FACILITATORS,
    allowed_when_locked=True,
    after=lambda _: WorkshopChange(board_locked=True),
)
def lock(ctx: CommandContext, _: NoPayload) -> dict[str, Any]:
    meta(ctx.ledger)["locked"] = True
    return {"locked": True}


@command(
    "board.unlock",
    NoPayload,
    roles=FACILITATORS,
    allowed_when_locked=True,
    after=lambda _: WorkshopChange(board_locked=False),
)
def unlock(ctx: CommandContext, _: NoPayload) -> dict[str, Any]:
    meta(ctx.ledger)["locked"] = False
    return {"locked": False}


COMMON_COMMANDS = specs(lock, unlock)
