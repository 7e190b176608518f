"""The value-stream map's commands: drawing the current state from the event log's analysis.

``vsm.map_from_data`` reads the analysis the event-log import left in the ledger (root
``eventlog``, key ``json``) and writes the steps (``boards.vsm.fromdata``) into the content
document, through its room, in one transaction: every client receives one update and can undo
it as one step. A team member or the facilitator may send it.
"""

from __future__ import annotations

from typing import Any

from pycrdt import Map
from pydantic import BaseModel, Field, ValidationError

from ..kind import EDITORS, CommandContext, CommandError, command
from . import fromdata
from .eventlog.model import EventLogAnalysis

EVENTLOG = "eventlog"  # the ledger's root map the import writes: json (str), rev (int)


class MapFromDataPayload(BaseModel):
    # share of the cases the drawn variants cover: 0.5 .. 1 (the dominant path at least)
    coverage: float = Field(
        default=fromdata.DEFAULT_COVERAGE, ge=fromdata.MIN_COVERAGE, le=fromdata.MAX_COVERAGE
    )


def stored_analysis(ctx: CommandContext) -> EventLogAnalysis:
    raw = ctx.ledger.get(EVENTLOG, type=Map).get("json")
    if not isinstance(raw, str) or not raw:
        raise CommandError("no_eventlog", "vsm.error.no_eventlog", 409)
    try:
        return EventLogAnalysis.model_validate_json(raw)
    except ValidationError:
        raise CommandError("invalid_eventlog", "vsm.error.invalid_eventlog", 409) from None


@command("vsm.map_from_data", MapFromDataPayload, roles=EDITORS, writes="content")
def map_from_data(ctx: CommandContext, payload: MapFromDataPayload) -> dict[str, Any]:
    analysis = stored_analysis(ctx)
    activities, _, _ = fromdata.plan(analysis, payload.coverage)
    if len(activities) > fromdata.MAX_STEPS:
        raise CommandError(
            "too_many_activities",
            "vsm.error.too_many_activities",
            activities=len(activities),
            limit=fromdata.MAX_STEPS,
        )
    return fromdata.apply(ctx.content, analysis, payload.coverage).model_dump(mode="json")


VSM_COMMANDS = (map_from_data,)
