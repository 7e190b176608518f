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
             ``shape`` ("auto" | "normal" | "skewed", e.g. durations)}
``changes``  Array of Map{``date`` (ISO), ``text``, ``reason``}: the plan-change log

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

from datetime import date
from typing import Any, Literal

from pycrdt import Array, Doc, Map
from pydantic import BaseModel

from ..values import plain

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


def number(value: Any) -> float | None:
    """A number as clients type it (int, float, numeric string); anything else is unset."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int | float) and value == value and abs(value) != float("inf"):
        return float(value)
    return None


def count(value: Any) -> int | None:
    """A whole, non-negative count; anything else is unset."""
    n = number(value)
    return int(n) if n is not None and n >= 0 and n == int(n) and n < 2**53 else None


def numbers(value: Any) -> list[float]:
    """The numbers of a client-written list (a CRDT Array or a list), junk left out."""
    items = value.to_py() if isinstance(value, Array) else value
    if not isinstance(items, list):
        return []
    return [n for n in (number(item) for item in items[:MAX_SAMPLE]) if n is not None]


def _strings(value: Any) -> list[str]:
    items = value.to_py() if isinstance(value, Array) else value
    if not isinstance(items, list):
        return []
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def read_definition(content: Doc) -> PilotDefinition:
    raw = plain(pilot_map(content))
    text = {key: raw[key] for key in ("name", "start", "end") if isinstance(raw.get(key), str)}
    return PilotDefinition(
        **text, sites=_strings(sites_array(content)), teams=_strings(teams_array(content))
    )


def read_kpis(content: Doc) -> dict[str, Kpi]:
    out = {}
    for key, value in kpis_map(content).items():
        raw = plain(value)
        data: dict[str, Any] = {"id": key}
        data.update({k: raw[k] for k in ("name", "unit") if isinstance(raw.get(k), str)})
        if raw.get("better") in ("lower", "higher"):
            data["better"] = raw["better"]
        data.update({k: number(raw.get(k)) for k in ("baseline", "target", "min", "max")})
        if isinstance(raw.get("baseline_source"), str):
            data["baseline_source"] = raw["baseline_source"]
        for name, allowed in (
            ("measure", ("value", "rate")),
            ("alternative", ("two-sided", "better")),
            ("shape", ("auto", "normal", "skewed")),
        ):
            if raw.get(name) in allowed:
                data[name] = raw[name]
        data["baseline_sample"] = numbers(raw.get("baseline_sample"))
        data["baseline_events"] = count(raw.get("baseline_events"))
        data["baseline_total"] = count(raw.get("baseline_total"))
        out[key] = Kpi.model_validate(data)
    return dict(sorted(out.items()))


def read_changes(content: Doc) -> list[PlanChange]:
    changes = []
    for value in changes_array(content):
        raw = plain(value)
        changes.append(
            PlanChange.model_validate(
                {k: raw[k] for k in ("date", "text", "reason") if isinstance(raw.get(k), str)}
            )
        )
    return changes


def read_snapshot(content: Doc, ledger: Doc) -> PilotSnapshot:
    readings = [
        Reading.model_validate({**raw, "id": k})
        for k, raw in ((k, plain(v)) for k, v in readings_map(ledger).items())
        if not raw.get("withdrawn")
    ]
    readings.sort(key=lambda r: (r.date, r.submitted_at, r.id))
    feedback = [
        Feedback.model_validate({**plain(v), "id": k}) for k, v in feedback_map(ledger).items()
    ]
    feedback.sort(key=lambda f: (f.submitted_at, f.id))
    return PilotSnapshot(
        definition=read_definition(content),
        kpis=list(read_kpis(content).values()),
        changes=read_changes(content),
        readings=readings,
        feedback=feedback,
    )
