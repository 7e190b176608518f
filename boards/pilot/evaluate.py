"""Pilot evaluation: per KPI the pilot against its baseline, the target and the trend;
the feedback summary. The tests themselves are in :mod:`.stats`.

Per KPI, over all its readings (every site, every day, each reading one observation):

* the baseline is a sample of pre-pilot readings (``baseline_sample``, or for a rate
  ``baseline_events`` out of ``baseline_total``) when there is one, else the single reference
  value ``baseline``;
* ``estimate`` is the pilot's point estimate that the test compares: the mean (t-tests),
  the median (Mann-Whitney) or, for a rate, all events over all cases in %;
  ``change`` = estimate - baseline in the KPI's unit (percentage points for % KPIs), with
  ``ci_low``/``ci_high`` its two-sided 95 % interval, and an effect size;
* ``verdict`` reads the p-value (5 % level) in the KPI's better direction; a test the data
  cannot support (fewer than 3 readings, no variation at all, numbers too large) gives
  ``not_testable`` with ``untestable`` saying why, never a verdict;
* ``attainment_pct`` = (estimate - baseline) / (target - baseline) x 100; a target on the
  wrong side of the baseline (or equal to it) is ``target_warning``, never "met";
* ``slope_per_day`` with its 95 % interval; ``trend`` is "flat" when the interval spans 0;
* ``status`` is "interim" while the pilot period runs (or has no end), "final" after.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel

from ..values import ReadWarning
from . import stats
from .layout import FEEDBACK_KINDS, Feedback, Kpi, PilotSnapshot, Reading, iso_date

ALPHA = stats.ALPHA
MIN_READINGS = stats.MIN_N
Verdict = Literal[
    "significant_improvement",
    "no_significant_change",
    "significant_worsening",
    "not_testable",
    "no_baseline",
]
Trend = Literal["improving", "worsening", "flat"]
BaselineKind = Literal["value", "sample", "counts"]
TargetWarning = Literal["wrong_side", "equals_baseline"]
Status = Literal["interim", "final"]


class SiteStats(BaseModel):
    readings: int
    mean: float | None


class KpiEvaluation(BaseModel):
    kpi_id: str
    name: str
    unit: str
    better: str
    measure: str
    percent: bool
    baseline_kind: BaselineKind | None
    baseline: float | None
    baseline_n: int | None
    baseline_source: str
    target: float | None
    readings: int
    mean: float | None
    median: float | None
    events: int | None
    total: int | None
    estimate: float | None
    change: float | None
    change_pct: float | None
    ci_low: float | None
    ci_high: float | None
    improved: bool | None
    target_met: bool | None
    attainment_pct: float | None
    target_warning: TargetWarning | None
    test: stats.TestName | None
    test_reason: stats.TestReason | None
    alternative: stats.Alternative
    p_value: float | None
    effect_name: stats.EffectName | None
    effect: float | None
    verdict: Verdict
    untestable: stats.UntestableReason | None
    slope_per_day: float | None
    slope_ci_low: float | None
    slope_ci_high: float | None
    trend: Trend | None
    readings_without_counts: int
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
    status: Status
    as_of: str
    read_warnings: list[ReadWarning] = []


def better_than(a: float, b: float, better: str) -> bool:
    return a < b if better == "lower" else a > b


def _mean(values: Sequence[float]) -> float | None:
    try:
        return stats.finite(statistics.fmean(values)) if values else None
    except OverflowError:
        return None


def _median(values: Sequence[float]) -> float | None:
    try:
        return stats.finite(statistics.median(values)) if values else None
    except OverflowError:
        return None


def _alternative(kpi: Kpi) -> stats.Alternative:
    if kpi.alternative == "two-sided":
        return "two-sided"
    return "less" if kpi.better == "lower" else "greater"


def _verdict(result: stats.Comparison, better: str) -> Verdict:
    if result.p_value >= ALPHA:
        return "no_significant_change"
    return (
        "significant_improvement"
        if better_than(result.change, 0, better)
        else ("significant_worsening")
    )


def _counts(readings: list[Reading]) -> tuple[int, int, int]:
    """(events, cases, readings without usable counts) of a rate KPI's readings."""
    events = cases = missing = 0
    for r in readings:
        if r.numerator is None or not r.denominator or not 0 <= r.numerator <= r.denominator:
            missing += 1
            continue
        events += r.numerator
        cases += r.denominator
    return events, cases, missing


class _Compared(BaseModel):
    baseline_kind: BaselineKind | None = None
    baseline: float | None = None
    baseline_n: int | None = None
    estimate: float | None = None
    events: int | None = None
    total: int | None = None
    missing: int = 0
    result: stats.Comparison | None = None
    untestable: stats.UntestableReason | None = None


def _compare_values(kpi: Kpi, values: list[float], alternative: stats.Alternative) -> _Compared:
    out = _Compared()
    skewed = kpi.shape == "skewed"
    if kpi.baseline_sample:
        out.baseline_kind, out.baseline_n = "sample", len(kpi.baseline_sample)
        try:
            out.result = stats.two_samples(values, kpi.baseline_sample, alternative, kpi.shape)
            skewed = out.result.test == "mann_whitney_u"
        except stats.Untestable as exc:
            out.untestable = exc.reason
        pick = _median if skewed else _mean
        out.baseline, out.estimate = pick(kpi.baseline_sample), pick(values)
    elif kpi.baseline is not None:
        out.baseline_kind, out.baseline = "value", kpi.baseline
        out.estimate = _mean(values)
        try:
            out.result = stats.one_sample(values, kpi.baseline, alternative)
        except stats.Untestable as exc:
            out.untestable = exc.reason
    else:
        out.estimate = _mean(values)
    return out


def _compare_rate(kpi: Kpi, readings: list[Reading], alternative: stats.Alternative) -> _Compared:
    events, cases, missing = _counts(readings)
    out = _Compared(events=events, total=cases, missing=missing)
    out.estimate = events / cases * 100 if cases else None
    try:
        if kpi.baseline_total:
            base_events = min(kpi.baseline_events or 0, kpi.baseline_total)
            out.baseline_kind, out.baseline_n = "counts", kpi.baseline_total
            out.baseline = base_events / kpi.baseline_total * 100
            out.result = stats.two_proportions(
                events, cases, base_events, kpi.baseline_total, alternative
            )
        elif kpi.baseline is not None:
            out.baseline_kind, out.baseline = "value", kpi.baseline
            if sum(1 for r in readings if r.denominator) < MIN_READINGS:
                raise stats.Untestable("too_few_readings")
            out.result = stats.one_proportion(events, cases, kpi.baseline / 100, alternative)
    except stats.Untestable as exc:
        out.untestable = exc.reason
    if out.result is not None:  # proportions -> percentage points
        r = out.result
        out.result = stats.Comparison(
            r.test,
            r.reason,
            r.p_value,
            r.change * 100,
            None if r.ci_low is None else r.ci_low * 100,
            None if r.ci_high is None else r.ci_high * 100,
            r.effect_name,
            r.effect,
        )
    return out


def _target(
    kpi: Kpi, baseline: float | None, estimate: float | None
) -> tuple[TargetWarning | None, float | None, bool | None]:
    """(warning, attainment %, met) of the KPI's target from where the baseline was."""
    target = kpi.target
    if target is None or baseline is None:
        return None, None, None
    if target == baseline:
        return "equals_baseline", None, None
    if not better_than(target, baseline, kpi.better):
        return "wrong_side", None, None
    if estimate is None:
        return None, None, None
    attainment = stats.finite((estimate - baseline) / (target - baseline) * 100)
    return None, attainment, estimate == target or better_than(estimate, target, kpi.better)


def _trend(fit: stats.Slope | None, better: str) -> Trend | None:
    if fit is None:
        return None
    if fit.ci_low is None or fit.ci_high is None:
        return None
    if fit.ci_low <= 0 <= fit.ci_high:
        return "flat"
    return "improving" if better_than(fit.slope, 0, better) else "worsening"


def evaluate_kpi(kpi: Kpi, readings: list[Reading]) -> KpiEvaluation:
    values = [r.value for r in readings]
    alternative = _alternative(kpi)
    if kpi.measure == "rate":
        compared = _compare_rate(kpi, readings, alternative)
    else:
        compared = _compare_values(kpi, values, alternative)
    result, base, estimate = compared.result, compared.baseline, compared.estimate
    change = stats.finite(estimate - base) if estimate is not None and base is not None else None
    if result is not None:
        change = result.change
    change_pct = None
    if change is not None and base and not kpi.percent:
        change_pct = stats.finite(change / abs(base) * 100)
    warning, attainment, met = _target(kpi, base, estimate)
    if compared.baseline_kind is None:
        verdict: Verdict = "no_baseline"
    elif result is None:
        verdict = "not_testable"
    else:
        verdict = _verdict(result, kpi.better)
    dated = [(day.toordinal(), r.value) for r in readings if (day := iso_date(r.date))]
    fit = stats.slope([d for d, _ in dated], [v for _, v in dated])
    sites: dict[str, list[float]] = {}
    for reading in readings:
        sites.setdefault(reading.site, []).append(reading.value)
    return KpiEvaluation(
        kpi_id=kpi.id,
        name=kpi.name,
        unit=kpi.unit,
        better=kpi.better,
        measure=kpi.measure,
        percent=kpi.percent,
        baseline_kind=compared.baseline_kind,
        baseline=base,
        baseline_n=compared.baseline_n,
        baseline_source=kpi.baseline_source,
        target=kpi.target,
        readings=len(values),
        mean=_mean(values),
        median=_median(values),
        events=compared.events,
        total=compared.total,
        estimate=estimate,
        change=change,
        change_pct=change_pct,
        ci_low=result.ci_low if result else None,
        ci_high=result.ci_high if result else None,
        improved=None if change is None or change == 0 else better_than(change, 0, kpi.better),
        target_met=met,
        attainment_pct=attainment,
        target_warning=warning,
        test=result.test if result else None,
        test_reason=result.reason if result else None,
        alternative=alternative,
        p_value=result.p_value if result else None,
        effect_name=result.effect_name if result else None,
        effect=result.effect if result else None,
        verdict=verdict,
        untestable=compared.untestable if result is None and base is not None else None,
        slope_per_day=fit.slope if fit else None,
        slope_ci_low=fit.ci_low if fit else None,
        slope_ci_high=fit.ci_high if fit else None,
        trend=_trend(fit, kpi.better),
        readings_without_counts=compared.missing,
        by_site={
            site: SiteStats(readings=len(v), mean=_mean(v)) for site, v in sorted(sites.items())
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


def status(end: date | None, today: date) -> Status:
    """Interim while the period runs (its last day included) or has no end; final after."""
    return "final" if end is not None and end < today else "interim"


def analyse(snapshot: PilotSnapshot, today: date | None = None) -> PilotAnalysis:
    today = today or datetime.now(UTC).date()
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
        status=status(end, today),
        as_of=today.isoformat(),
        read_warnings=snapshot.read_warnings,
    )
