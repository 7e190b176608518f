"""The facilitator's corrections of pilot readings: a wrong reading (a typo, a 1e308 sent
by a broken client) is corrected or withdrawn, never silently deleted.

Each correction is logged in the ledger's ``corrections`` array with the numbers before
and after, the reason, who and when; the reading itself keeps its record and says it was
corrected (``corrected``) or withdrawn (``withdrawn``: left out of every evaluation).
"""

from __future__ import annotations

from typing import Any, Literal

from pycrdt import Map
from pydantic import BaseModel, Field

from ..kind import CommandContext, CommandError, control
from ..values import plain
from .layout import corrections_array, readings_map
from .submit import ReadingNumbers, check_value, find_kpi, reading_numbers

NUMBERS = ("value", "numerator", "denominator")
Reason = Field(min_length=1, max_length=500)


class WithdrawPayload(BaseModel):
    reading_id: str = Field(min_length=1, max_length=100)
    reason: str = Reason


class CorrectPayload(ReadingNumbers, WithdrawPayload):
    pass


def _who(ctx: CommandContext, reason: str) -> dict[str, Any]:
    # the facilitator's own link carries no participant id: the role still says who
    return {
        "by": ctx.actor.participant_id or ctx.actor.role.value,
        "by_role": ctx.actor.role.value,
        "by_name": ctx.actor.display_name,
        "at": ctx.now.isoformat(),
        "reason": reason,
    }


def _reading(
    ctx: CommandContext, payload: WithdrawPayload
) -> tuple[Map, dict[str, Any], dict[str, Any]]:
    """(the reading's map, its record, who corrects it) once the command may go ahead."""
    reading_id = payload.reading_id
    target = readings_map(ctx.ledger).get(reading_id)
    if not isinstance(target, Map):
        raise CommandError(
            "unknown_reading", "pilot.error.unknown_reading", 404, reading_id=reading_id
        )
    record = plain(target)
    if record.get("withdrawn"):
        raise CommandError(
            "reading_withdrawn", "pilot.error.reading_withdrawn", 409, reading_id=reading_id
        )
    reason = payload.reason.strip()
    if not reason:
        raise CommandError("reason_required", "pilot.error.reason_required")
    return target, record, _who(ctx, reason)


def _log(
    ctx: CommandContext,
    reading_id: str,
    action: Literal["correct", "withdraw"],
    before: dict[str, Any],
    after: dict[str, Any],
    who: dict[str, Any],
) -> dict[str, Any]:
    numbers = {k: before[k] for k in NUMBERS if k in before}
    corrections_array(ctx.ledger).append(
        Map(
            {
                "reading_id": reading_id,
                "action": action,
                "before": Map(numbers),
                "after": Map(after),
                **who,
            }
        )
    )
    return {"reading_id": reading_id, "action": action, "at": who["at"]}


@control("pilot.reading_withdraw", WithdrawPayload)
def withdraw_reading(ctx: CommandContext, payload: WithdrawPayload) -> dict[str, Any]:
    target, record, who = _reading(ctx, payload)
    target["withdrawn"] = Map(who)
    return _log(ctx, payload.reading_id, "withdraw", record, {}, who)


@control("pilot.reading_correct", CorrectPayload)
def correct_reading(ctx: CommandContext, payload: CorrectPayload) -> dict[str, Any]:
    target, record, who = _reading(ctx, payload)
    kpi = find_kpi(ctx, str(record.get("kpi_id", "")))
    numbers = reading_numbers(kpi, payload)
    check_value(kpi, numbers["value"])
    for key in NUMBERS:
        if key in numbers:
            target[key] = numbers[key]
        elif key in target:
            del target[key]
    target["corrected"] = Map(who)
    return _log(ctx, payload.reading_id, "correct", record, numbers, who)


CORRECTION_COMMANDS = (withdraw_reading, correct_reading)
