"""Roll-out commands: the go / no-go decision, taking a wave live (or back), sustain readings.

The decision and the go-live of a wave are records, not content: who decided or overrode
open readiness items, when and why stays in the ledger. Sustain readings follow the pilot's
submission rules (:mod:`boards.submissions`: exactly once by ``submission_id``) and its
reading rules (a rate is counted; the value must be plausible).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Annotated, Any

from pycrdt import Doc, Map
from pydantic import BaseModel, Field

from ..kind import EDITORS, FACILITATORS, CommandContext, CommandError, command
from ..pilot.evaluate import PilotAnalysis
from ..pilot.layout import Kpi, PilotSnapshot
from ..pilot.submit import ReadingNumbers, check_value, reading_numbers
from ..submissions import SubmissionId, submission
from .analysis import open_items
from .decide import pilot_json
from .layout import (
    DecidedKpi,
    Verdict,
    decisions_array,
    golive_log_array,
    golive_map,
    read_snapshot,
    readings_map,
)

# A phone a time zone ahead may already be on tomorrow.
FUTURE_TOLERANCE = timedelta(days=1)
Day = date  # a field named ``date`` shadows the type in its class
WaveId = Annotated[str, Field(min_length=1, max_length=200)]


class DecidePayload(BaseModel):
    verdict: Verdict
    rationale: str = Field(min_length=1, max_length=2000)
    pilot_board_id: str = Field(min_length=1, max_length=64)


class WaveLivePayload(BaseModel):
    wave_id: WaveId
    date: Day | None = None  # the actual go-live; default today
    override: bool = False
    reason: str = Field(default="", max_length=2000)


class WaveReopenPayload(BaseModel):
    wave_id: WaveId


class ReadingPayload(ReadingNumbers):
    submission_id: SubmissionId
    kpi_id: str = Field(min_length=1, max_length=64)
    wave_id: WaveId
    date: date


def _latest(ctx: CommandContext) -> date:
    return (ctx.now + FUTURE_TOLERANCE).date()


def _check_not_future(ctx: CommandContext, day: date) -> None:
    if day > _latest(ctx):
        raise CommandError(
            "date_in_future",
            "rollout.error.date_in_future",
            date=day.isoformat(),
            latest=_latest(ctx).isoformat(),
        )


def _wave_exists(ctx: CommandContext, wave_id: str) -> None:
    if wave_id not in {w.id for w in read_snapshot(ctx.content, ctx.ledger).waves}:
        raise CommandError("unknown_wave", "rollout.error.unknown_wave", wave_id=wave_id)


@command(
    "rollout.decide",
    DecidePayload,
    roles=FACILITATORS,
    allowed_when_locked=True,
    reads=("pilot",),
)
def decide(ctx: CommandContext, payload: DecidePayload) -> dict[str, Any]:
    rationale = payload.rationale.strip()
    if not rationale:
        raise CommandError("rationale_required", "rollout.error.rationale_required")
    pilot = ctx.related.get(payload.pilot_board_id)
    if (
        pilot is None
        or not isinstance(pilot.snapshot, PilotSnapshot)
        or not isinstance(pilot.analysis, PilotAnalysis)
    ):
        raise CommandError(
            "unknown_pilot_board",
            "rollout.error.unknown_pilot_board",
            pilot_board_id=payload.pilot_board_id,
        )
    record = {
        "verdict": payload.verdict,
        "rationale": rationale,
        "decided_by": ctx.actor.display_name,
        "participant_id": ctx.actor.participant_id,
        "decided_at": ctx.now.isoformat(),
        "pilot_board_id": payload.pilot_board_id,
        "pilot_json": pilot_json(pilot.snapshot, pilot.analysis),
    }
    decisions = decisions_array(ctx.ledger)
    decisions.append(Map(record))
    return {
        "verdict": payload.verdict,
        "decided_at": record["decided_at"],
        "revision": len(decisions),
    }


@command("rollout.wave_live", WaveLivePayload, roles=EDITORS)
def wave_live(ctx: CommandContext, payload: WaveLivePayload) -> dict[str, Any]:
    _wave_exists(ctx, payload.wave_id)
    golive = golive_map(ctx.ledger)
    if payload.wave_id in golive:
        raise CommandError(
            "wave_already_live", "rollout.error.wave_already_live", wave_id=payload.wave_id
        )
    day = payload.date or ctx.now.date()
    _check_not_future(ctx, day)
    still_open = open_items(read_snapshot(ctx.content, ctx.ledger), payload.wave_id)
    reason = payload.reason.strip()
    if still_open and not payload.override:
        raise CommandError("readiness_open", "rollout.error.readiness_open", items=still_open)
    if still_open and not reason:
        raise CommandError("reason_required", "rollout.error.reason_required", items=still_open)
    override = bool(still_open)  # an override with nothing open overrides nothing
    at = ctx.now.isoformat()
    by = ctx.actor.display_name
    golive[payload.wave_id] = Map(
        {
            "at": at,
            "date": day.isoformat(),
            "by": by,
            "participant_id": ctx.actor.participant_id,
            "override": override,
            "open_items": json.dumps(still_open, ensure_ascii=False),
            "reason": reason if override else "",
        }
    )
    golive_log_array(ctx.ledger).append(
        Map(
            {
                "wave_id": payload.wave_id,
                "action": "live",
                "at": at,
                "by": by,
                "override": override,
                "reason": reason if override else "",
            }
        )
    )
    return {"wave_id": payload.wave_id, "date": day.isoformat(), "override": override}


@command("rollout.wave_reopen", WaveReopenPayload, roles=FACILITATORS, allowed_when_locked=True)
def wave_reopen(ctx: CommandContext, payload: WaveReopenPayload) -> dict[str, Any]:
    golive = golive_map(ctx.ledger)
    if payload.wave_id not in golive:
        raise CommandError("wave_not_live", "rollout.error.wave_not_live", wave_id=payload.wave_id)
    del golive[payload.wave_id]
    golive_log_array(ctx.ledger).append(
        Map(
            {
                "wave_id": payload.wave_id,
                "action": "reopen",
                "at": ctx.now.isoformat(),
                "by": ctx.actor.display_name,
                "override": False,
                "reason": "",
            }
        )
    )
    return {"wave_id": payload.wave_id}


def _as_pilot_kpi(kpi: DecidedKpi) -> Kpi:
    """The decided KPI in the pilot's terms, for the pilot's reading rules."""
    return Kpi(
        id=kpi.id, name=kpi.name, unit=kpi.unit, measure=kpi.measure, min=kpi.min, max=kpi.max
    )


def _stores(ledger: Doc) -> dict[str, Map]:
    return {"reading": readings_map(ledger)}


# Sustain readings go on after the workshop day: a finished workshop still takes them.
@submission(
    "rollout.reading",
    ReadingPayload,
    "reading",
    _stores,
    catalog="rollout",
    allowed_when_finished=True,
)
def reading(ctx: CommandContext, payload: ReadingPayload) -> dict[str, Any]:
    snapshot = read_snapshot(ctx.content, ctx.ledger)
    decision = snapshot.decision
    if decision is None or decision.verdict == "stop":
        raise CommandError("no_rollout_decision", "rollout.error.no_rollout_decision")
    decided = {k.id: k for k in decision.pilot.kpis}.get(payload.kpi_id)
    if decided is None:
        raise CommandError("unknown_kpi", "rollout.error.unknown_kpi", kpi_id=payload.kpi_id)
    if payload.wave_id not in {w.id for w in snapshot.waves}:
        raise CommandError("unknown_wave", "rollout.error.unknown_wave", wave_id=payload.wave_id)
    golive = snapshot.golive.get(payload.wave_id)
    if golive is None:
        raise CommandError("wave_not_live", "rollout.error.wave_not_live", wave_id=payload.wave_id)
    if golive.date and payload.date.isoformat() < golive.date:
        raise CommandError(
            "date_before_golive",
            "rollout.error.date_before_golive",
            date=payload.date.isoformat(),
            golive=golive.date,
        )
    _check_not_future(ctx, payload.date)
    kpi = _as_pilot_kpi(decided)
    numbers = reading_numbers(kpi, payload)
    check_value(kpi, numbers["value"])
    return {
        "kpi_id": kpi.id,
        "wave_id": payload.wave_id,
        "date": payload.date.isoformat(),
        **numbers,
        "participant_id": ctx.actor.participant_id,
        "display_name": ctx.actor.display_name,
        "submitted_at": ctx.now.isoformat(),
    }


ROLLOUT_COMMANDS = (decide, wave_live, wave_reopen, reading)
