"""Retention: finished workshops are deleted ``OBEYA_RETENTION_DAYS`` days after they finished
(0, the default: never). A finished workshop's ``updated_at`` is when it finished, or when
its settings last changed since (e.g. viewer export allowed): the later of the two counts.

Every process runs the check; deleting one workshop twice is harmless (the second finds
nothing). Time comes from the hub's clock, which tests move instead of waiting days.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import anyio
from sqlmodel import Session, col, select

from .hub import Hub
from .models import Workshop
from .removal import remove_workshop

log = logging.getLogger("obeya.retention")


def due(session: Session, days: float, now: datetime) -> list[str]:
    """Ids of the workshops finished at least ``days`` days before ``now``."""
    cutoff = now - timedelta(days=days)
    rows = session.exec(
        select(Workshop.id).where(Workshop.status == "finished", col(Workshop.updated_at) <= cutoff)
    )
    return list(rows)


async def sweep(hub: Hub, days: float, now: datetime) -> list[str]:
    """Delete what is due now; the ids deleted."""
    deleted = []
    for workshop_id in await hub.db.read(lambda s: due(s, days, now)):
        if await remove_workshop(hub, workshop_id, "retention") is not None:
            deleted.append(workshop_id)
    return deleted


async def run(hub: Hub) -> None:
    """Check every ``retention_check_seconds`` (the first check right after start)."""
    days = hub.settings.retention_days
    if days <= 0:
        return
    log.info("retention on", extra={"days": days})
    while True:
        await sweep(hub, days, hub.clock())
        await anyio.sleep(hub.settings.retention_check_seconds)
