"""Pilot submissions from the field: KPI readings and feedback.

Participants submit from phones on flaky networks, so every submission carries a client-made
``submission_id``: a repeat (same participant, same type) returns the first result and adds
nothing, whatever the board looks like now; the id used by someone else, or for the other
type, is refused. Checks come before any write.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pycrdt import Map
from pydantic import BaseModel, Field

from .. import submissions
from ..kind import CommandContext, CommandError, Role, command
from ..submissions import SubmissionId
from .layout import (
    FeedbackKind,
    Kpi,
    PilotDefinition,
    feedback_map,
    read_definition,
    read_kpis,
    readings_map,
)

SUBMITTERS = frozenset({Role.pilot, Role.editor, Role.facilitator})
MAX_TEXT = 2000
# A phone a time zone ahead may already be on tomorrow.
FUTURE_TOLERANCE = timedelta(days=1)
Rating = Annotated[int, Field(strict=True, ge=1, le=5)]
SubmissionType = Literal["reading", "feedback"]


class ReadingNumbers(BaseModel):
    value: float | None = Field(default=None, allow_inf_nan=False)
    # a rate KPI's reading: events out of cases (e.g. 4 repeat complaints of 31 closed)
    numerator: Annotated[int, Field(strict=True, ge=0, le=10**9)] | None = None
    denominator: Annotated[int, Field(strict=True, ge=1, le=10**9)] | None = None


class ReadingPayload(ReadingNumbers):
    submission_id: SubmissionId
    kpi_id: str = Field(min_length=1, max_length=64)
    date: date
    site: str = Field(default="", max_length=120)


class Ratings(BaseModel):
    satisfaction: Rating | None = None
    ease: Rating | None = None


class FeedbackPayload(BaseModel):
    submission_id: SubmissionId
    kind: FeedbackKind
    ratings: Ratings = Ratings()
    text: str = Field(default="", max_length=MAX_TEXT)
    anonymous: bool = False


# --- idempotency (boards/submissions.py) -------------------------------------------------


def _stores(ctx: CommandContext) -> dict[str, Map]:
    return {"reading": readings_map(ctx.ledger), "feedback": feedback_map(ctx.ledger)}


def _repeat(ctx: CommandContext, sid: str, kind: SubmissionType) -> dict[str, Any] | None:
    return submissions.repeat(ctx, sid, kind, _stores(ctx), "pilot")


# --- reading checks ---------------------------------------------------------------------


def find_kpi(ctx: CommandContext, kpi_id: str) -> Kpi:
    kpi = read_kpis(ctx.content).get(kpi_id)
    if kpi is None:
        raise CommandError("unknown_kpi", "pilot.error.unknown_kpi", kpi_id=kpi_id)
    return kpi


def reading_numbers(kpi: Kpi, payload: ReadingNumbers) -> dict[str, Any]:
    """The numbers a reading stores: ``value``, and for a rate its counts (value in %)."""
    if kpi.measure == "rate":
        num, den = payload.numerator, payload.denominator
        if (num is None or den is None) and payload.value is not None:
            # a phone that only knows the % (no counts): kept, but the proportions test
            # cannot use it; the evaluation counts it in ``readings_without_counts``
            return {"value": payload.value}
        if num is None or den is None:
            raise CommandError("counts_required", "pilot.error.counts_required", kpi_id=kpi.id)
        if num > den:
            raise CommandError(
                "numerator_above_denominator",
                "pilot.error.numerator_above_denominator",
                numerator=num,
                denominator=den,
            )
        return {"value": num / den * 100, "numerator": num, "denominator": den}
    if payload.value is None:
        raise CommandError("value_required", "pilot.error.value_required", kpi_id=kpi.id)
    return {"value": payload.value}


def check_value(kpi: Kpi, value: float) -> None:
    if (kpi.min is not None and value < kpi.min) or (kpi.max is not None and value > kpi.max):
        raise CommandError(
            "value_out_of_range",
            "pilot.error.value_out_of_range",
            kpi_id=kpi.id,
            value=value,
            min=kpi.min,
            max=kpi.max,
        )


def _check_date(pilot: PilotDefinition, day: date, ctx: CommandContext) -> None:
    start, end = pilot.period()
    if (start and day < start) or (end and day > end):
        raise CommandError(
            "date_outside_period",
            "pilot.error.date_outside_period",
            date=day.isoformat(),
            start=pilot.start,
            end=pilot.end,
        )
    latest = (ctx.now + FUTURE_TOLERANCE).date()
    if day > latest:
        raise CommandError(
            "date_in_future",
            "pilot.error.date_in_future",
            date=day.isoformat(),
            latest=latest.isoformat(),
        )


def _check_site(pilot: PilotDefinition, site: str) -> str:
    site = site.strip()
    if not pilot.sites:
        return site
    if not site and len(pilot.sites) == 1:
        return pilot.sites[0]
    if site not in pilot.sites:
        raise CommandError("unknown_site", "pilot.error.unknown_site", site=site, sites=pilot.sites)
    return site


# --- commands ---------------------------------------------------------------------------


@command("pilot.reading", ReadingPayload, roles=SUBMITTERS, allowed_when_locked=True)
def submit_reading(ctx: CommandContext, payload: ReadingPayload) -> dict[str, Any]:
    sid = payload.submission_id
    repeat = _repeat(ctx, sid, "reading")
    if repeat is not None:
        return repeat
    kpi = find_kpi(ctx, payload.kpi_id)
    numbers = reading_numbers(kpi, payload)
    check_value(kpi, numbers["value"])
    pilot = read_definition(ctx.content)
    _check_date(pilot, payload.date, ctx)
    site = _check_site(pilot, payload.site)
    record = {
        "kpi_id": kpi.id,
        "date": payload.date.isoformat(),
        **numbers,
        "site": site,
        "participant_id": ctx.actor.participant_id,
        "display_name": ctx.actor.display_name,
        "submitted_at": ctx.now.isoformat(),
    }
    readings_map(ctx.ledger)[sid] = Map(record)
    submissions.remember(ctx, sid, "reading", record)
    return submissions.result(sid, "reading", record)


@command("pilot.feedback", FeedbackPayload, roles=SUBMITTERS, allowed_when_locked=True)
def submit_feedback(ctx: CommandContext, payload: FeedbackPayload) -> dict[str, Any]:
    sid = payload.submission_id
    repeat = _repeat(ctx, sid, "feedback")
    if repeat is not None:
        return repeat
    text = payload.text.strip()
    ratings = payload.ratings
    if not text and ratings.satisfaction is None and ratings.ease is None:
        raise CommandError("empty_feedback", "pilot.error.empty_feedback")
    public = not payload.anonymous
    record = {
        "kind": payload.kind,
        "satisfaction": ratings.satisfaction,
        "ease": ratings.ease,
        "text": text,
        "anonymous": payload.anonymous,
        "participant_id": ctx.actor.participant_id if public else "",
        "display_name": ctx.actor.display_name if public else "",
        "submitted_at": ctx.now.isoformat(),
    }
    feedback_map(ctx.ledger)[sid] = Map(record)
    submissions.remember(
        ctx,
        sid,
        "feedback",
        {
            **record,
            "participant_id": ctx.actor.participant_id,
            "display_name": ctx.actor.display_name,
        },
    )
    return submissions.result(sid, "feedback", record)


PILOT_COMMANDS = (submit_reading, submit_feedback)
