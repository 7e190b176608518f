"""Pilot evaluation: per KPI baseline vs pilot, trend and significance; feedback summary.

Per KPI, over all its readings (every site, every day, each reading one observation):
``mean``, ``median``; ``change_pct`` = (mean - baseline) / |baseline| x 100; ``target_met``
compares the *mean* with the target in the better direction; ``slope_per_day`` is the
least-squares slope of value over calendar days (``scipy.stats.linregress``, needs two
distinct dates) and ``trend`` its sign read in the better direction.

``verdict``: with at least ``MIN_READINGS`` readings, a one-sample t-test of the readings
against the baseline (``scipy.stats.ttest_1samp``), one-sided in the better direction;
``p_value`` is that test's p. p < ``ALPHA`` = ``significant_improvement``; p > 1 - ``ALPHA``
(the opposite one-sided test is significant) = ``significant_worsening``; otherwise
``no_significant_change``. Fewer readings = ``too_few_readings``; no baseline =
``no_baseline``. Readings that do not vary at all cannot be t-tested: equal to the baseline
= no change (p None), otherwise significant in their direction (p 0).
"""

from __future__ import annotations

import statistics
import warnings
from datetime import date
from typing import Literal

from pydantic import BaseModel

from .layout import FEEDBACK_KINDS, Feedback, Kpi, PilotSnapshot, Reading

ALPHA = 0.05
MIN_READINGS = 5
Verdict = Literal[
    "significant_improvement",
    "no_significant_change",
    "significant_worsening",
    "too_few_readings",
    "no_baseline",
]
Trend = Literal["improving", "worsening", "flat"]


class SiteStats(BaseModel):
    readings: int
    mean: float


class KpiEvaluation(BaseModel):
    kpi_id: str
    name: str
    unit: str
    better: str
    baseline: float | None
    target: float | None
    readings: int
    mean: float | None
    median: float | None
    change_pct: float | None
    improved: bool | None
    target_met: bool | None
    slope_per_day: float | None
    trend: Trend | None
    p_value: float | None
    verdict: Verdict
    by_site: dict[str, SiteStats]


class FeedbackSummary(BaseModel):
    total: int
    by_kind: dict[str, int]
    avg_satisfaction: float | None
    avg_ease: float | None
    rated_satisfaction: int
    rated_ease: int


class PilotAnalysis(BaseModel):
    kpis: list[KpiEvaluation]
    feedback: FeedbackSummary
    readings: int
    unknown_kpi_readings: int
    targets_met: int
    plan_changes: int
    period_days: int | None


def better_than(a: float, b: float, better: str) -> bool:
    return a < b if better == "lower" else a > b


def slope_per_day(readings: list[Reading]) -> float | None:
    days = [date.fromisoformat(r.date).toordinal() for r in readings]
    if len(set(days)) < 2:
        return None
    from scipy import stats  # 90 MB: only when there is something to test

    return float(stats.linregress(days, [r.value for r in readings]).slope)


def significance(values: list[float], kpi: Kpi) -> tuple[Verdict, float | None]:
    if kpi.baseline is None:
        return "no_baseline", None
    if len(values) < MIN_READINGS:
        return "too_few_readings", None
    baseline = kpi.baseline
    if max(values) == min(values):
        if values[0] == baseline:
            return "no_significant_change", None
        p = 0.0 if better_than(values[0], baseline, kpi.better) else 1.0
    else:
        from scipy import stats

        alternative = "less" if kpi.better == "lower" else "greater"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # nearly identical readings
            p = float(stats.ttest_1samp(values, baseline, alternative=alternative).pvalue)
        if p != p:
            return "no_significant_change", None
    if p < ALPHA:
        return "significant_improvement", p
    if p > 1 - ALPHA:
        return "significant_worsening", p
    return "no_significant_change", p


def _trend(slope: float | None, better: str) -> Trend | None:
    if slope is None:
        return None
    if slope == 0:
        return "flat"
    return "improving" if better_than(slope, 0, better) else "worsening"


def evaluate_kpi(kpi: Kpi, readings: list[Reading]) -> KpiEvaluation:
    values = [r.value for r in readings]
    mean = statistics.fmean(values) if values else None
    median = float(statistics.median(values)) if values else None
    base, target = kpi.baseline, kpi.target
    change = (mean - base) / abs(base) * 100 if mean is not None and base else None
    improved = (
        better_than(mean, base, kpi.better) if mean is not None and base is not None else None
    )
    met = None
    if mean is not None and target is not None:
        met = mean == target or better_than(mean, target, kpi.better)
    slope = slope_per_day(readings)
    verdict, p = significance(values, kpi)
    sites: dict[str, list[float]] = {}
    for reading in readings:
        sites.setdefault(reading.site, []).append(reading.value)
    return KpiEvaluation(
        kpi_id=kpi.id,
        name=kpi.name,
        unit=kpi.unit,
        better=kpi.better,
        baseline=base,
        target=target,
        readings=len(values),
        mean=mean,
        median=median,
        change_pct=change,
        improved=improved,
        target_met=met,
        slope_per_day=slope,
        trend=_trend(slope, kpi.better),
        p_value=p,
        verdict=verdict,
        by_site={
            site: SiteStats(readings=len(v), mean=statistics.fmean(v))
            for site, v in sorted(sites.items())
        },
    )


def summarise_feedback(feedback: list[Feedback]) -> FeedbackSummary:
    by_kind: dict[str, int] = dict.fromkeys(FEEDBACK_KINDS, 0)
    for item in feedback:
        by_kind[item.kind] += 1
    satisfaction = [f.satisfaction for f in feedback if f.satisfaction is not None]
    ease = [f.ease for f in feedback if f.ease is not None]
    return FeedbackSummary(
        total=len(feedback),
        by_kind=by_kind,
        avg_satisfaction=statistics.fmean(satisfaction) if satisfaction else None,
        avg_ease=statistics.fmean(ease) if ease else None,
        rated_satisfaction=len(satisfaction),
        rated_ease=len(ease),
    )


def analyse(snapshot: PilotSnapshot) -> PilotAnalysis:
    by_kpi: dict[str, list[Reading]] = {kpi.id: [] for kpi in snapshot.kpis}
    unknown = 0
    for reading in snapshot.readings:
        if reading.kpi_id in by_kpi:
            by_kpi[reading.kpi_id].append(reading)
        else:
            unknown += 1
    kpis = [evaluate_kpi(kpi, by_kpi[kpi.id]) for kpi in snapshot.kpis]
    start, end = snapshot.definition.period()
    days = (end - start).days + 1 if start and end and end >= start else None
    return PilotAnalysis(
        kpis=kpis,
        feedback=summarise_feedback(snapshot.feedback),
        readings=len(snapshot.readings),
        unknown_kpi_readings=unknown,
        targets_met=sum(1 for k in kpis if k.target_met),
        plan_changes=len(snapshot.changes),
        period_days=days,
    )
