"""Metrics of a value-stream map: per state, then future against current.

Every time is in minutes of the map's time basis (``settings.time_basis``): working time (the
clock runs only in working hours; ``d`` = ``day_hours``) or elapsed calendar time (``d`` =
24 h). A step kept in the other basis is converted with the working day's length: one
elapsed day holds ``day_hours`` working hours, so working → calendar × 24 / ``day_hours``
(an average, hence the ``time_basis_converted`` warning). A step passed by only a share of
the cases (``routing_pct``) weighs its times by that share: lead time is the expected time
of one case. Takt is working time; it is compared with each step's cycle time per operator.
Percentages are 0-100 (``*_pct``). Values are rounded to 4 decimals so the stored JSON does
not flicker with float noise.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel

from .layout import SCHEMA_VERSION, TimeBasis, Unit
from .model import DataWarning, VsmMap, VsmSettings, VsmSnapshot, VsmStep, WarningCode

ClassBucket = Literal["va", "nnva", "waste", "wait", "unclassified"]
BUCKETS: tuple[ClassBucket, ...] = ("va", "nnva", "waste", "wait", "unclassified")
Outcome = Literal["improved", "worse", "unchanged"]


class Share(BaseModel):
    key: str
    minutes: float
    share_pct: float | None


class StepMetrics(BaseModel):
    id: str
    time_basis: TimeBasis
    # in the map's basis, as one case passing the step spends them
    cycle_minutes: float | None
    wait_minutes: float | None
    routing_pct: float
    # routing share × (wait + cycle): the step's part of the expected lead time
    lead_minutes: float
    lead_share_pct: float | None
    # cycle time (as entered, in the step's own basis) ÷ operators; against the step's takt
    effective_cycle_minutes: float | None
    step_takt_minutes: float | None
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
    # "unchanged" when the change is 0, whatever the better direction; None without a
    # better direction (or without values)
    outcome: Outcome | None
    # True for "improved", False for "worse", None otherwise (kept for schema-1 readers)
    improved: bool | None


class VsmAnalysis(BaseModel):
    schema_version: int
    day_hours: float
    time_basis: TimeBasis
    # working time, whatever the map's basis
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


def to_minutes(
    value: float | None, unit: Unit | None, day_hours: float, basis: TimeBasis = "working"
) -> float | None:
    """A time in minutes of its own basis: a day is a working day or 24 elapsed hours."""
    if value is None or unit is None:
        return None
    day = day_hours * 60.0 if basis == "working" else 1440.0
    return value * {"min": 1.0, "h": 60.0, "d": day}[unit]


def convert(
    minutes: float | None, source: TimeBasis, target: TimeBasis, day_hours: float
) -> float | None:
    """Working ↔ calendar minutes: one elapsed day holds ``day_hours`` working hours."""
    if minutes is None or source == target:
        return minutes
    return minutes * (24.0 / day_hours if target == "calendar" else day_hours / 24.0)


def takt_minutes(settings: VsmSettings) -> float | None:
    available = to_minutes(settings.available_time, settings.available_unit, settings.day_hours)
    if available is None or not settings.demand:
        return None
    return available / settings.demand


def analyse(snapshot: VsmSnapshot) -> VsmAnalysis:
    settings = snapshot.settings
    takt = takt_minutes(settings)
    states = {
        name: analyse_state(getattr(snapshot, name), settings, takt)
        for name in ("current", "future")
    }
    warnings = [*snapshot.warnings, *_settings_warnings(settings)]
    for name in ("current", "future"):
        warnings += step_warnings(getattr(snapshot, name), name, snapshot.warnings)
        warnings += _basis_warnings(getattr(snapshot, name), name, settings)
    analysis = VsmAnalysis(
        schema_version=SCHEMA_VERSION,
        day_hours=settings.day_hours,
        time_basis=settings.time_basis,
        takt_minutes=takt,
        current=states["current"],
        future=states["future"],
        comparison=compare(states["current"], states["future"]),
        warnings=warnings,
    )
    return VsmAnalysis.model_validate(_rounded(analysis.model_dump()))


class _Timed:
    """One step's times: in the map's basis (for lead time), and its own cycle per operator
    (for takt, which counts time of work)."""

    def __init__(self, step: VsmStep, settings: VsmSettings, takt: float | None) -> None:
        basis = step.time_basis or settings.time_basis
        day = settings.day_hours

        def mapped(value: float | None, unit: Unit | None) -> float | None:
            return convert(to_minutes(value, unit, day, basis), basis, settings.time_basis, day)

        self.basis: TimeBasis = basis
        self.share = step.routing_pct / 100
        self.cycle = mapped(step.cycle_time, step.cycle_unit)
        self.wait = mapped(step.wait_time, step.wait_unit)
        self.lead = self.share * ((self.cycle or 0.0) + (self.wait or 0.0))
        own_cycle = to_minutes(step.cycle_time, step.cycle_unit, day, basis)
        operators = step.operators or 1.0  # none given (or 0): one person
        self.effective = None if own_cycle is None else own_cycle / operators
        # a step passed by a share of the cases sees that share of the demand
        self.step_takt = None if takt is None or not self.share else takt / self.share
        self.over = (
            self.effective is not None
            and self.step_takt is not None
            and self.effective > self.step_takt
        )
        self.load = self.share * (self.effective or 0.0)


def analyse_state(vsm: VsmMap, settings: VsmSettings, takt: float | None) -> StateAnalysis:
    timed = [_Timed(s, settings, takt) for s in vsm.steps]
    lead = sum(t.lead for t in timed)
    by_class = dict.fromkeys(BUCKETS, 0.0)
    by_department: dict[str, float] = {}
    for step, t in zip(vsm.steps, timed, strict=True):
        by_class[step.klass or "unclassified"] += t.share * (t.cycle or 0.0)
        by_class["wait"] += t.share * (t.wait or 0.0)
        by_department[step.department] = by_department.get(step.department, 0.0) + t.lead
    loaded = [(s.id, t) for s, t in zip(vsm.steps, timed, strict=True) if t.load > 0]
    # the step with the least capacity for the demand (first of equals)
    bottleneck = max(loaded, key=lambda item: item[1].load, default=None)
    over = {s.id for s, t in zip(vsm.steps, timed, strict=True) if t.over}
    rated = [
        (t.share, s.pct_ca) for s, t in zip(vsm.steps, timed, strict=True) if s.pct_ca is not None
    ]
    marks = [m.step for m in vsm.markers]
    return StateAnalysis(
        steps=len(vsm.steps),
        lead_minutes=lead,
        cycle_minutes=sum(t.share * (t.cycle or 0.0) for t in timed),
        wait_minutes=by_class["wait"],
        va_minutes=by_class["va"],
        nnva_minutes=by_class["nnva"],
        waste_minutes=by_class["waste"],
        pce_pct=_pct(by_class["va"], lead),
        # a case that skips a step passes it unharmed: each step yields 1 − s + s·p
        rolled_pct_ca=math.prod(1 - s + s * p / 100 for s, p in rated) * 100 if rated else None,
        pct_ca_skipped=[s.id for s in vsm.steps if s.pct_ca is None],
        by_class=[Share(key=k, minutes=v, share_pct=_pct(v, lead)) for k, v in by_class.items()],
        by_department=[
            Share(key=k, minutes=v, share_pct=_pct(v, lead))
            for k, v in sorted(by_department.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        bottleneck=bottleneck[0] if bottleneck else None,
        bottleneck_minutes=bottleneck[1].effective if bottleneck else None,
        over_takt=[s.id for s in vsm.steps if s.id in over],
        step_metrics=[
            StepMetrics(
                id=s.id,
                time_basis=t.basis,
                cycle_minutes=t.cycle,
                wait_minutes=t.wait,
                routing_pct=s.routing_pct,
                lead_minutes=t.lead,
                lead_share_pct=_pct(t.lead, lead),
                effective_cycle_minutes=t.effective,
                step_takt_minutes=t.step_takt,
                over_takt=s.id in over,
                markers=marks.count(s.id),
            )
            for s, t in zip(vsm.steps, timed, strict=True)
        ],
    )


def compare(current: StateAnalysis, future: StateAnalysis) -> list[MetricChange]:
    """Future against current, metric by metric. A state without steps has no values yet."""
    out = []
    for metric, better in COMPARED:
        before = getattr(current, metric) if current.steps else None
        after = getattr(future, metric) if future.steps else None
        change = None if before is None or after is None else after - before
        if change is not None and abs(change) <= 1e-9 * max(1.0, abs(before or 0.0)):
            change = 0.0  # float noise is no change
        change_pct = None if change is None or not before else change / abs(before) * 100
        outcome = _outcome(change, better)
        out.append(
            MetricChange(
                metric=metric,
                better=better,
                current=before,
                future=after,
                change=change,
                change_pct=change_pct,
                outcome=outcome,
                improved={"improved": True, "worse": False}.get(outcome or ""),
            )
        )
    return out


def _outcome(change: float | None, better: Literal["lower", "higher"] | None) -> Outcome | None:
    if change is None:
        return None
    if change == 0:
        return "unchanged"
    if better is None:
        return None
    return "improved" if (change < 0) == (better == "lower") else "worse"


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


def _basis_warnings(vsm: VsmMap, state: str, settings: VsmSettings) -> list[DataWarning]:
    return [
        DataWarning(
            code="time_basis_converted",
            params={
                "state": state,
                "step": step.id,
                "basis": step.time_basis,
                "to": settings.time_basis,
                "day_hours": settings.day_hours,
            },
        )
        for step in vsm.steps
        if step.time_basis not in (None, settings.time_basis)
    ]


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
