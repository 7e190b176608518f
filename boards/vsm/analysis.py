"""Metrics of a value-stream map: per state, then future against current.

Every time is in minutes of working time: ``min`` as is, ``h`` × 60, ``d`` (working days) ×
``day_hours`` × 60. Percentages are 0-100 (``*_pct``). Values are rounded to 4 decimals so
the stored JSON does not flicker with float noise.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel

from .layout import SCHEMA_VERSION, Unit
from .model import DataWarning, VsmMap, VsmSettings, VsmSnapshot, VsmStep, WarningCode

ClassBucket = Literal["va", "nnva", "waste", "wait", "unclassified"]
BUCKETS: tuple[ClassBucket, ...] = ("va", "nnva", "waste", "wait", "unclassified")


class Share(BaseModel):
    key: str
    minutes: float
    share_pct: float | None


class StepMetrics(BaseModel):
    id: str
    cycle_minutes: float | None
    wait_minutes: float | None
    lead_minutes: float
    lead_share_pct: float | None
    over_takt: bool
    markers: int


class StateAnalysis(BaseModel):
    steps: int
    lead_minutes: float
    cycle_minutes: float
    wait_minutes: float
    va_minutes: float
    nnva_minutes: float
    waste_minutes: float
    pce_pct: float | None
    rolled_pct_ca: float | None
    pct_ca_skipped: list[str]
    by_class: list[Share]
    by_department: list[Share]
    bottleneck: str | None
    bottleneck_minutes: float | None
    over_takt: list[str]
    step_metrics: list[StepMetrics]


class MetricChange(BaseModel):
    metric: str
    better: Literal["lower", "higher"] | None
    current: float | None
    future: float | None
    change: float | None
    change_pct: float | None
    improved: bool | None


class VsmAnalysis(BaseModel):
    schema_version: int
    day_hours: float
    takt_minutes: float | None
    current: StateAnalysis
    future: StateAnalysis
    comparison: list[MetricChange]
    warnings: list[DataWarning]


# (metric, which direction is better); the comparison lists them in this order.
COMPARED: tuple[tuple[str, Literal["lower", "higher"] | None], ...] = (
    ("lead_minutes", "lower"),
    ("va_minutes", None),
    ("pce_pct", "higher"),
    ("rolled_pct_ca", "higher"),
    ("wait_minutes", "lower"),
    ("cycle_minutes", "lower"),
    ("nnva_minutes", "lower"),
    ("waste_minutes", "lower"),
    ("bottleneck_minutes", "lower"),
    ("steps", None),
)


def to_minutes(value: float | None, unit: Unit | None, day_hours: float) -> float | None:
    if value is None or unit is None:
        return None
    return value * {"min": 1.0, "h": 60.0, "d": day_hours * 60.0}[unit]


def takt_minutes(settings: VsmSettings) -> float | None:
    available = to_minutes(settings.available_time, settings.available_unit, settings.day_hours)
    if available is None or not settings.demand:
        return None
    return available / settings.demand


def analyse(snapshot: VsmSnapshot) -> VsmAnalysis:
    settings = snapshot.settings
    takt = takt_minutes(settings)
    states = {
        name: analyse_state(getattr(snapshot, name), settings.day_hours, takt)
        for name in ("current", "future")
    }
    warnings = [*snapshot.warnings, *_settings_warnings(settings)]
    for name in ("current", "future"):
        warnings += step_warnings(getattr(snapshot, name), name, snapshot.warnings)
    analysis = VsmAnalysis(
        schema_version=SCHEMA_VERSION,
        day_hours=settings.day_hours,
        takt_minutes=takt,
        current=states["current"],
        future=states["future"],
        comparison=compare(states["current"], states["future"]),
        warnings=warnings,
    )
    return VsmAnalysis.model_validate(_rounded(analysis.model_dump()))


def analyse_state(vsm: VsmMap, day_hours: float, takt: float | None) -> StateAnalysis:
    cycles = [to_minutes(s.cycle_time, s.cycle_unit, day_hours) for s in vsm.steps]
    waits = [to_minutes(s.wait_time, s.wait_unit, day_hours) for s in vsm.steps]
    leads = [(c or 0.0) + (w or 0.0) for c, w in zip(cycles, waits, strict=True)]
    lead = sum(leads)
    by_class = dict.fromkeys(BUCKETS, 0.0)
    by_department: dict[str, float] = {}
    for step, cycle, wait, step_lead in zip(vsm.steps, cycles, waits, leads, strict=True):
        by_class[step.klass or "unclassified"] += cycle or 0.0
        by_class["wait"] += wait or 0.0
        by_department[step.department] = by_department.get(step.department, 0.0) + step_lead
    timed = [(s.id, c) for s, c in zip(vsm.steps, cycles, strict=True) if c]
    bottleneck = max(timed, key=lambda item: item[1], default=None)  # first of equals wins
    over = {i for i, c in timed if takt is not None and c > takt}
    rated = [s.pct_ca for s in vsm.steps if s.pct_ca is not None]
    marks = [m.step for m in vsm.markers]
    return StateAnalysis(
        steps=len(vsm.steps),
        lead_minutes=lead,
        cycle_minutes=sum(c or 0 for c in cycles),
        wait_minutes=by_class["wait"],
        va_minutes=by_class["va"],
        nnva_minutes=by_class["nnva"],
        waste_minutes=by_class["waste"],
        pce_pct=_pct(by_class["va"], lead),
        rolled_pct_ca=math.prod(p / 100 for p in rated) * 100 if rated else None,
        pct_ca_skipped=[s.id for s in vsm.steps if s.pct_ca is None],
        by_class=[Share(key=k, minutes=v, share_pct=_pct(v, lead)) for k, v in by_class.items()],
        by_department=[
            Share(key=k, minutes=v, share_pct=_pct(v, lead))
            for k, v in sorted(by_department.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        bottleneck=bottleneck[0] if bottleneck else None,
        bottleneck_minutes=bottleneck[1] if bottleneck else None,
        over_takt=[s.id for s in vsm.steps if s.id in over],
        step_metrics=[
            StepMetrics(
                id=s.id,
                cycle_minutes=c,
                wait_minutes=w,
                lead_minutes=sl,
                lead_share_pct=_pct(sl, lead),
                over_takt=s.id in over,
                markers=marks.count(s.id),
            )
            for s, c, w, sl in zip(vsm.steps, cycles, waits, leads, strict=True)
        ],
    )


def compare(current: StateAnalysis, future: StateAnalysis) -> list[MetricChange]:
    """Future against current, metric by metric. A state without steps has no values yet."""
    out = []
    for metric, better in COMPARED:
        before = getattr(current, metric) if current.steps else None
        after = getattr(future, metric) if future.steps else None
        change = None if before is None or after is None else after - before
        change_pct = None if change is None or not before else change / abs(before) * 100
        improved = (
            None
            if change is None or better is None
            else (change < 0 if better == "lower" else change > 0)
        )
        out.append(
            MetricChange(
                metric=metric,
                better=better,
                current=before,
                future=after,
                change=change,
                change_pct=change_pct,
                improved=improved,
            )
        )
    return out


def step_warnings(vsm: VsmMap, state: str, read: list[DataWarning]) -> list[DataWarning]:
    """Gaps that make the metrics partial. A field already reported as unreadable is not
    reported again as missing."""
    flagged = {
        (w.params.get("step"), w.params.get("field"))
        for w in read
        if w.params.get("state") == state
    }
    out = []
    for step in vsm.steps:
        for code, field, missing in _gaps(step):
            unit = field.replace("_time", "_unit")
            if missing and not {(step.id, field), (step.id, unit)} & flagged:
                out.append(DataWarning(code=code, params={"state": state, "step": step.id}))
    for marker in vsm.markers:
        if not marker.text.strip():
            out.append(
                DataWarning(code="marker_empty", params={"state": state, "marker": marker.id})
            )
    return out


def _gaps(step: VsmStep) -> tuple[tuple[WarningCode, str, bool], ...]:
    return (
        ("missing_name", "name", not step.name.strip()),
        ("missing_department", "department", not step.department),
        ("missing_cycle_time", "cycle_time", step.cycle_time is None or step.cycle_unit is None),
        ("missing_wait_time", "wait_time", step.wait_time is None or step.wait_unit is None),
        ("missing_class", "klass", step.klass is None),
        ("missing_pct_ca", "pct_ca", step.pct_ca is None),
        (
            "waste_type_not_waste",
            "waste_type",
            step.waste_type is not None and step.klass not in (None, "waste"),
        ),
    )


def _settings_warnings(settings: VsmSettings) -> list[DataWarning]:
    demand, available = settings.demand is not None, settings.available_time is not None
    if demand == available:
        return []
    missing = "available_time" if demand else "demand"
    return [DataWarning(code="takt_incomplete", params={"missing": missing})]


def _pct(part: float, whole: float) -> float | None:
    return part / whole * 100 if whole else None


def _rounded(value: Any) -> Any:
    """Round every float to 4 decimals (and -0.0 to 0.0), computed from unrounded values."""
    if isinstance(value, float):
        return round(value, 4) + 0.0
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value
