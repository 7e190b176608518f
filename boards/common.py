"""Commands every board accepts, whatever its kind: locking by the facilitator."""

from __future__ import annotations

from typing import Any

from .kind import CommandContext, NoPayload, WorkshopChange, control, specs
from .ledger import meta


@control("board.lock", NoPayload, after=lambda _: WorkshopChange(board_locked=True))
def lock(ctx: CommandContext, _: NoPayload) -> dict[str, Any]:
    meta(ctx.ledger)["locked"] = True
    return {"locked": True}


@control("board.unlock", NoPayload, after=lambda _: WorkshopChange(board_locked=False))
def unlock(ctx: CommandContext, _: NoPayload) -> dict[str, Any]:
    meta(ctx.ledger)["locked"] = False
    return {"locked": False}


COMMON_COMMANDS = specs(lock, unlock)
