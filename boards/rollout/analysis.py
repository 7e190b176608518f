"""Roll-out analysis: the decision, the waves' state and readiness, the timeline, the risk
heat map, resources by category and one control chart per decided pilot KPI.

Control charts (:mod:`.spc`): the limits come from the decided pilot's readings
(``limits_from`` = pilot, the default) or from its baseline sample (``baseline``; needs two
values, else the pilot's readings, said by ``limits_fallback`` and a finding). The points are
the sustain readings of every live wave in date order; a rate KPI's points are each
reading's numerator / denominator in %. A signal whose side is the KPI's worse direction
(up for lower-is-better) is a relapse.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Literal, get_args

from pydantic import BaseModel

from ..values import ReadWarning
from . import spc
from .layout import (
    CATEGORIES,
    DecidedKpi,
    Decision,
    LimitsFrom,
    ReadinessItem,
    Resource,
    RolloutSnapshot,
    Scope,
    Verdict,
    Wave,
)

PROVISIONAL_BELOW = 8  # fewer reference points than this: limits are provisional
Level = Literal["low", "medium", "high"]
Direction = Literal["better", "worse"]
EffectiveStatus = Literal["planned", "preparing", "paused", "live"]


FindingCode = Literal[
    "no_decision",  # nothing decided yet: no charts
    "decision_stop",  # the current decision stops the roll-out
    "wave_late",  # {wave, date}: planned go-live passed, not live
    "wave_overridden",  # {wave, items}: live over open readiness items
    "high_risk_open",  # {risk}: score 15-25, status open
    "baseline_too_short",  # {kpi}: baseline limits asked for, fewer than 2 sample values
    "no_limits",  # {kpi}: fewer than 2 reference points
    "provisional_limits",  # {kpi, n}: fewer than 8 reference points
    "no_variation",  # {kpi}: MR-bar = 0, only the sigma-free rules apply
    "relapse",  # {kpi, rule, first, last}: a signal in the KPI's worse direction
]
FINDING_CODES: tuple[FindingCode, ...] = get_args(FindingCode)


class Finding(BaseModel):
    """``code`` is the catalog key ``rollout.finding.<code>`` (report) and
    ``kinds.rollout.codes.<code>`` (client), rendered with ``params``."""

    code: FindingCode
    params: dict[str, str | int | float] = {}


class DecisionSummary(BaseModel):
    verdict: Verdict
    rationale: str
    decided_by: str
    decided_at: str
    pilot_board_id: str
    pilot_name: str
    kpis: int
    plan_changes: int
    revisions: int  # decisions taken before this one


class WaveState(BaseModel):
    id: str
    name: str
    scope: Scope
    owner: str
    start: str
    golive_planned: str
    golive_actual: str
    status: EffectiveStatus
    readiness_done: int
    readiness_total: int
    open_items: list[str]  # labels (a standard item's catalog key ``readiness.<std>``)
    overridden: bool
    late: bool


class Timeline(BaseModel):
    start: str
    end: str


class RiskRow(BaseModel):
    id: str
    text: str
    likelihood: int | None
    impact: int | None
    score: int | None
    level: Level | None
    mitigation: str
    owner: str
    status: str


class ChartPoint(BaseModel):
    date: str
    value: float
    wave_id: str
    signals: list[spc.RuleId]


class Signal(BaseModel):
    rule: spc.RuleId
    first_date: str
    last_date: str
    direction: Direction


class Chart(BaseModel):
    kpi_id: str
    name: str
    unit: str
    better: str
    percent: bool
    limits_from: LimitsFrom  # where the limits came from in the end
    limits_fallback: bool  # baseline asked for, too short: the pilot's readings instead
    centre: float | None
    ucl: float | None
    lcl: float | None
    mr_bar: float | None
    sigma: float | None
    limit_points: int
    provisional: bool
    points: list[ChartPoint]
    signals: list[Signal]
    relapse: bool
    holding: bool


class RolloutAnalysis(BaseModel):
    decision: DecisionSummary | None
    waves: list[WaveState]
    live_waves: int
    timeline: Timeline
    risk_matrix: list[list[int]]  # [likelihood - 1][impact - 1]: risks still open or mitigating
    risks: list[RiskRow]
    resources: dict[str, list[Resource]]
    charts: list[Chart]
    relapse: bool
    readings: int
    findings: list[Finding]
    as_of: str
    read_warnings: list[ReadWarning] = []


def risk_level(score: int) -> Level:
    """5x5 heat map bands: 1-4 low, 5-12 medium, 15-25 high (as the usual risk matrices)."""
    return "low" if score <= 4 else "medium" if score <= 12 else "high"


def item_label(item: ReadinessItem) -> str:
    """A custom item's text; a standard item's catalog key when it has no text of its own."""
    return item.label.strip() or (f"readiness.{item.std}" if item.std else item.id)


def open_items(snapshot: RolloutSnapshot, wave_id: str) -> list[str]:
    return [item_label(i) for i in snapshot.readiness if i.wave_id == wave_id and not i.done]


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _summary(decision: Decision, revisions: int) -> DecisionSummary:
    return DecisionSummary(
        verdict=decision.verdict,
        rationale=decision.rationale,
        decided_by=decision.decided_by,
        decided_at=decision.decided_at,
        pilot_board_id=decision.pilot_board_id,
        pilot_name=decision.pilot.name,
        kpis=len(decision.pilot.kpis),
        plan_changes=len(decision.pilot.changes),
        revisions=revisions,
    )


def _wave(snapshot: RolloutSnapshot, wave: Wave, today: date) -> WaveState:
    items = [i for i in snapshot.readiness if i.wave_id == wave.id]
    golive = snapshot.golive.get(wave.id)
    planned = _iso(wave.golive)
    return WaveState(
        id=wave.id,
        name=wave.name,
        scope=wave.scope,
        owner=wave.owner,
        start=wave.start,
        golive_planned=wave.golive,
        golive_actual=golive.date if golive else "",
        status="live" if golive else wave.status,
        readiness_done=sum(i.done for i in items),
        readiness_total=len(items),
        open_items=[item_label(i) for i in items if not i.done],
        overridden=bool(golive and golive.override),
        late=golive is None and planned is not None and planned < today,
    )


def _timeline(waves: list[WaveState]) -> Timeline:
    days = [
        d
        for w in waves
        for d in (w.start, w.golive_planned, w.golive_actual)
        if _iso(d) is not None
    ]
    return Timeline(start=min(days, default=""), end=max(days, default=""))


def _risks(snapshot: RolloutSnapshot) -> tuple[list[list[int]], list[RiskRow]]:
    matrix = [[0] * 5 for _ in range(5)]
    rows = []
    for risk in snapshot.risks:
        score = (
            risk.likelihood * risk.impact
            if risk.likelihood is not None and risk.impact is not None
            else None
        )
        if score is not None and risk.status != "closed":
            matrix[risk.likelihood - 1][risk.impact - 1] += 1  # type: ignore[operator]
        rows.append(
            RiskRow(
                id=risk.id,
                text=risk.text,
                likelihood=risk.likelihood,
                impact=risk.impact,
                score=score,
                level=None if score is None else risk_level(score),
                mitigation=risk.mitigation,
                owner=risk.owner,
                status=risk.status,
            )
        )
    rows.sort(key=lambda r: (r.status == "closed", -(r.score or 0), r.id))
    return matrix, rows


def _direction(kpi: DecidedKpi, side: spc.Side) -> Direction:
    worse: spc.Side = "up" if kpi.better == "lower" else "down"
    return "worse" if side == worse else "better"


def chart(
    kpi: DecidedKpi, limits_from: LimitsFrom, snapshot: RolloutSnapshot
) -> tuple[Chart, list[Finding]]:
    findings = []
    fallback = False
    if limits_from == "baseline" and len(kpi.baseline_sample) < 2:
        fallback, limits_from = True, "pilot"
        findings.append(Finding(code="baseline_too_short", params={"kpi": kpi.name or kpi.id}))
    reference = (
        kpi.baseline_sample if limits_from == "baseline" else [p.value for p in kpi.readings]
    )
    lim = spc.limits(reference)
    readings = [r for r in snapshot.readings if r.kpi_id == kpi.id]
    xs = [
        r.numerator / r.denominator * 100 if r.numerator is not None and r.denominator else r.value
        for r in readings
    ]
    hits = spc.check(xs, lim) if lim is not None else []
    marks: dict[int, list[spc.RuleId]] = defaultdict(list)
    for hit in hits:
        for i in sorted(hit.points):
            if hit.rule not in marks[i]:
                marks[i].append(hit.rule)
    signals = [
        Signal(
            rule=hit.rule,
            first_date=readings[hit.first].date,
            last_date=readings[hit.last].date,
            direction=_direction(kpi, hit.side),
        )
        for hit in hits
    ]
    relapse = any(s.direction == "worse" for s in signals)
    name = kpi.name or kpi.id
    if lim is None:
        findings.append(Finding(code="no_limits", params={"kpi": name}))
    else:
        if lim.n < PROVISIONAL_BELOW:
            findings.append(Finding(code="provisional_limits", params={"kpi": name, "n": lim.n}))
        if lim.mr_bar == 0:
            findings.append(Finding(code="no_variation", params={"kpi": name}))
    for s in signals:
        if s.direction == "worse":
            params: dict[str, str | int | float] = {
                "kpi": name,
                "rule": s.rule,
                "first": s.first_date,
                "last": s.last_date,
            }
            findings.append(Finding(code="relapse", params=params))
    return (
        Chart(
            kpi_id=kpi.id,
            name=kpi.name,
            unit=kpi.unit,
            better=kpi.better,
            percent=kpi.percent,
            limits_from=limits_from,
            limits_fallback=fallback,
            centre=lim.centre if lim else None,
            ucl=lim.ucl if lim else None,
            lcl=lim.lcl if lim else None,
            mr_bar=lim.mr_bar if lim else None,
            sigma=lim.sigma if lim else None,
            limit_points=lim.n if lim else len(reference),
            provisional=lim is None or lim.n < PROVISIONAL_BELOW,
            points=[
                ChartPoint(date=r.date, value=x, wave_id=r.wave_id, signals=marks.get(i, []))
                for i, (r, x) in enumerate(zip(readings, xs, strict=True))
            ],
            signals=signals,
            relapse=relapse,
            holding=lim is not None and bool(xs) and not relapse,
        ),
        findings,
    )


def analyse(snapshot: RolloutSnapshot, today: date | None = None) -> RolloutAnalysis:
    today = today or datetime.now(UTC).date()
    findings: list[Finding] = []
    decision = snapshot.decision
    if decision is None:
        findings.append(Finding(code="no_decision"))
    elif decision.verdict == "stop":
        findings.append(Finding(code="decision_stop"))
    waves = [_wave(snapshot, wave, today) for wave in snapshot.waves]
    for w in waves:
        name = w.name or w.id
        if w.late:
            findings.append(
                Finding(code="wave_late", params={"wave": name, "date": w.golive_planned})
            )
        if w.overridden:
            findings.append(
                Finding(code="wave_overridden", params={"wave": name, "items": len(w.open_items)})
            )
    matrix, risks = _risks(snapshot)
    for risk in risks:
        if risk.level == "high" and risk.status == "open":
            findings.append(Finding(code="high_risk_open", params={"risk": risk.text or risk.id}))
    limits_from = {s.kpi_id: s.limits_from for s in snapshot.sustain}
    charts = []
    for kpi in decision.pilot.kpis if decision is not None else []:
        made, notes = chart(kpi, limits_from.get(kpi.id, "pilot"), snapshot)
        charts.append(made)
        findings += notes
    resources: dict[str, list[Resource]] = {c: [] for c in CATEGORIES}
    for resource in snapshot.resources:
        resources[resource.category].append(resource)
    return RolloutAnalysis(
        decision=_summary(decision, len(snapshot.decision_history) - 1) if decision else None,
        waves=waves,
        live_waves=sum(w.status == "live" for w in waves),
        timeline=_timeline(waves),
        risk_matrix=matrix,
        risks=risks,
        resources=resources,
        charts=charts,
        relapse=any(c.relapse for c in charts),
        readings=len(snapshot.readings),
        findings=findings,
        as_of=today.isoformat(),
        read_warnings=snapshot.read_warnings,
    )
