"""``pilot``: where the data lives and how to read it (schema 1).

Content document (editors co-edit):
``pilot``    Map{``name``, ``start``, ``end`` (ISO dates, inclusive; "" = open)}
``sites``    Array of str: the pilot sites (readings must name one when there are any)
``teams``    Array of str: the teams taking part
``kpis``     Map: KPI id -> Map{``name``, ``unit``, ``better`` ("lower" | "higher"),
             ``baseline``, ``target``, ``min``, ``max`` (numbers or absent; ``min``/``max`` is
             the plausible range a reading must fall in), ``measure`` ("value" | "rate": a
             rate is counted, each reading a numerator out of a denominator, in %),
             ``baseline_source`` (str: where the reference value comes from),
             ``baseline_sample`` (Array of numbers: pre-pilot readings of a value KPI),
             ``baseline_events``/``baseline_total`` (a rate's pre-pilot counts),
             ``alternative`` ("two-sided" | "better": a direction declared before the pilot),
             ``shape`` ("auto" | "normal" | "skewed", e.g. durations),
             ``goal`` (str: the id of the workshop goal it was taken from, "" = none)}
``changes``  Array of Map{``date`` (ISO), ``text``, ``reason`` (Text)}: the plan-change log

Ledger document (server only; written by ``pilot.reading`` and ``pilot.feedback``):
``readings``  Map: submission id -> Map{``kpi_id``, ``date``, ``value``, ``site``,
              ``participant_id``, ``display_name``, ``submitted_at``; a rate KPI's reading
              also ``numerator``, ``denominator`` (``value`` = their ratio in %); a withdrawn
              one ``withdrawn`` Map{``by``, ``by_name``, ``at``, ``reason``}}
``corrections`` Array of Map{``reading_id``, ``action`` (correct|withdraw), ``before``,
              ``after`` (the reading's numbers), ``reason``, ``by``, ``by_name``, ``at``}:
              every facilitator correction, in order (``pilot.reading_correct`` and
              ``pilot.reading_withdraw``)
``feedback``  Map: submission id -> Map{``kind`` (problem|suggestion|praise),
              ``satisfaction``, ``ease`` (1-5 or None), ``text``, ``anonymous``,
              ``participant_id``, ``display_name`` ("" when anonymous), ``submitted_at``}

Server-only state (``ctx.private``):
``submissions``  {submission id: {``participant_id``, ``type`` (reading|feedback),
                 ``record`` (the ledger record, with the author even when anonymous)}}
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Literal

from pycrdt import Array, Doc, Map
from pydantic import BaseModel

from .. import values
from ..values import ReadWarning, plain

SCHEMA = 1
Better = Literal["lower", "higher"]
FeedbackKind = Literal["problem", "suggestion", "praise"]
FEEDBACK_KINDS: tuple[FeedbackKind, ...] = ("problem", "suggestion", "praise")
Measure = Literal["value", "rate"]
Alternative = Literal["two-sided", "better"]
Shape = Literal["auto", "normal", "skewed"]
MAX_SAMPLE = 10_000


class Kpi(BaseModel):
    id: str
    name: str = ""
    unit: str = ""
    better: Better = "lower"
    baseline: float | None = None
    target: float | None = None
    min: float | None = None
    max: float | None = None
    measure: Measure = "value"
    baseline_source: str = ""
    baseline_sample: list[float] = []
    baseline_events: int | None = None
    baseline_total: int | None = None
    alternative: Alternative = "two-sided"
    shape: Shape = "auto"
    goal: str = ""

    @property
    def percent(self) -> bool:
        """A rate, or a KPI measured in %: its change is said in percentage points."""
        return self.measure == "rate" or self.unit.strip() in ("%", "％")


class PilotDefinition(BaseModel):
    name: str = ""
    start: str = ""
    end: str = ""
    sites: list[str] = []
    teams: list[str] = []

    def period(self) -> tuple[date | None, date | None]:
        return iso_date(self.start), iso_date(self.end)


class PlanChange(BaseModel):
    date: str = ""
    text: str = ""
    reason: str = ""


class Reading(BaseModel):
    id: str
    kpi_id: str
    date: str
    value: float
    numerator: int | None = None
    denominator: int | None = None
    site: str = ""
    participant_id: str = ""
    display_name: str = ""
    submitted_at: str = ""


class Feedback(BaseModel):
    id: str
    kind: FeedbackKind
    satisfaction: int | None = None
    ease: int | None = None
    text: str = ""
    anonymous: bool = False
    participant_id: str = ""
    display_name: str = ""
    submitted_at: str = ""


class PilotSnapshot(BaseModel):
    definition: PilotDefinition
    kpis: list[Kpi]
    changes: list[PlanChange]
    readings: list[Reading]
    feedback: list[Feedback]
    # What the reader ignored (see :mod:`boards.values`).
    read_warnings: list[ReadWarning] = []


# --- root types -------------------------------------------------------------------------


def pilot_map(content: Doc) -> Map:
    return content.get("pilot", type=Map)


def sites_array(content: Doc) -> Array:
    return content.get("sites", type=Array)


def teams_array(content: Doc) -> Array:
    return content.get("teams", type=Array)


def kpis_map(content: Doc) -> Map:
    return content.get("kpis", type=Map)


def changes_array(content: Doc) -> Array:
    return content.get("changes", type=Array)


def readings_map(ledger: Doc) -> Map:
    return ledger.get("readings", type=Map)


def corrections_array(ledger: Doc) -> Array:
    return ledger.get("corrections", type=Array)


def feedback_map(ledger: Doc) -> Map:
    return ledger.get("feedback", type=Map)


# --- reading ----------------------------------------------------------------------------


def iso_date(text: Any) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


def read_definition(content: Doc, warnings: values.Warnings | None = None) -> PilotDefinition:
    w = warnings or values.Warnings()
    raw = plain(pilot_map(content))
    return PilotDefinition(
        **{key: values.text(raw.get(key), w, f"pilot.{key}") for key in ("name", "start", "end")},
        sites=values.texts(sites_array(content), w, "sites"),
        teams=values.texts(teams_array(content), w, "teams"),
    )


def read_kpis(content: Doc, warnings: values.Warnings | None = None) -> dict[str, Kpi]:
    w = warnings or values.Warnings()
    out = {}
    for key, raw in values.entries(kpis_map(content), w, "kpis"):
        at = f"kpis.{key}"
        data: dict[str, Any] = {"id": key}
        for name in ("name", "unit", "baseline_source", "goal"):
            data[name] = values.text(raw.get(name), w, f"{at}.{name}")
        for name in ("baseline", "target", "min", "max"):
            data[name] = values.number(raw.get(name), w, f"{at}.{name}")
        for name, allowed in (
            ("better", ("lower", "higher")),
            ("measure", ("value", "rate")),
            ("alternative", ("two-sided", "better")),
            ("shape", ("auto", "normal", "skewed")),
        ):
            option = values.choice(raw.get(name), allowed, w, f"{at}.{name}")
            if option is not None:
                data[name] = option
        data["baseline_sample"] = values.numbers(
            raw.get("baseline_sample"), w, f"{at}.baseline_sample", limit=MAX_SAMPLE
        )
        for name in ("baseline_events", "baseline_total"):
            data[name] = values.whole(raw.get(name), w, f"{at}.{name}")
        out[key] = Kpi.model_validate(data)
    return out


def read_changes(content: Doc, warnings: values.Warnings | None = None) -> list[PlanChange]:
    w = warnings or values.Warnings()
    return [
        PlanChange(
            **{
                k: values.text(raw.get(k), w, f"changes.{i}.{k}")
                for k in ("date", "text", "reason")
            }
        )
        for i, raw in enumerate(values.records(changes_array(content), w, "changes"))
    ]


def read_reading(key: str, raw: dict[str, Any], w: values.Warnings) -> Reading | None:
    """A ledger reading; None (with a warning) when it names no KPI or carries no number."""
    at = f"readings.{key}"
    kpi_id = values.ident(raw.get("kpi_id"), w, f"{at}.kpi_id")
    # Any finite value is kept: an absurd one (1e308) shows in the evaluation as untestable
    # ("overflow") until the facilitator corrects or withdraws it.
    value = values.number(raw.get("value"), w, f"{at}.value", low=-math.inf, high=math.inf)
    if kpi_id is None or value is None:
        return None
    texts = ("date", "site", "participant_id", "display_name", "submitted_at")
    return Reading(
        id=key,
        kpi_id=kpi_id,
        value=value,
        numerator=values.whole(raw.get("numerator"), w, f"{at}.numerator"),
        denominator=values.whole(raw.get("denominator"), w, f"{at}.denominator"),
        **{name: values.text(raw.get(name), w, f"{at}.{name}") for name in texts},
    )


def read_feedback(key: str, raw: dict[str, Any], w: values.Warnings) -> Feedback | None:
    at = f"feedback.{key}"
    kind = values.choice(raw.get("kind"), FEEDBACK_KINDS, w, f"{at}.kind")
    if kind is None:
        return None
    texts = ("text", "participant_id", "display_name", "submitted_at")
    return Feedback(
        id=key,
        kind=kind,  # type: ignore[arg-type]  # one of FEEDBACK_KINDS
        satisfaction=values.whole(raw.get("satisfaction"), w, f"{at}.satisfaction", low=1, high=5),
        ease=values.whole(raw.get("ease"), w, f"{at}.ease", low=1, high=5),
        anonymous=values.flag(raw.get("anonymous"), w, f"{at}.anonymous"),
        **{name: values.text(raw.get(name), w, f"{at}.{name}") for name in texts},
    )


def read_snapshot(content: Doc, ledger: Doc) -> PilotSnapshot:
    w = values.Warnings()
    readings = [
        reading
        for key, raw in values.entries(readings_map(ledger), w, "readings")
        if not raw.get("withdrawn")
        for reading in [read_reading(key, raw, w)]
        if reading is not None
    ]
    readings.sort(key=lambda r: (r.date, r.submitted_at, r.id))
    feedback = [
        item
        for key, raw in values.entries(feedback_map(ledger), w, "feedback")
        for item in [read_feedback(key, raw, w)]
        if item is not None
    ]
    feedback.sort(key=lambda f: (f.submitted_at, f.id))
    return PilotSnapshot(
        definition=read_definition(content, w),
        kpis=list(read_kpis(content, w).values()),
        changes=read_changes(content, w),
        readings=readings,
        feedback=feedback,
        read_warnings=w.list(),
    )
