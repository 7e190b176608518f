"""Pilot evaluation: every verdict against a reference computed another way (textbook
formulas with numpy, or a different library call), the edge cases that must not give a
verdict, target attainment, interim/final, the trend, the demo, and rate readings."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from pycrdt import Doc, Map
from scipy import stats

from boards.kind import Actor, CommandContext, CommandError, Role
from boards.pilot import PilotKind
from boards.pilot.evaluate import analyse, evaluate_kpi
from boards.pilot.layout import (
    Kpi,
    Reading,
    corrections_array,
    kpis_map,
    pilot_map,
    readings_map,
    sites_array,
)

KIND = PilotKind()
Z975 = stats.norm.ppf(0.975)


def readings(values: list[float], counts: list[tuple[int, int]] | None = None) -> list[Reading]:
    out = []
    for i, v in enumerate(values):
        extra = {} if counts is None else {"numerator": counts[i][0], "denominator": counts[i][1]}
        out.append(
            Reading(id=f"r{i}", kpi_id="k", date=f"2026-03-{i % 28 + 1:02d}", value=v, **extra)
        )
    return out


def kpi(**fields: Any) -> Kpi:
    return Kpi(id="k", name="K", better="lower", **fields)


# --- two samples ------------------------------------------------------------------------

PILOT = [31.0, 29.5, 33.2, 30.1, 28.7, 32.4, 30.9, 29.8]
BASE = [36.2, 35.1, 38.0, 34.4, 37.3, 35.9, 36.8]


def welch_by_hand(x: list[float], y: list[float]) -> tuple[float, float, float, float, float]:
    x_, y_ = np.array(x), np.array(y)
    vx, vy, nx, ny = x_.var(ddof=1), y_.var(ddof=1), len(x), len(y)
    se = math.sqrt(vx / nx + vy / ny)
    diff = x_.mean() - y_.mean()
    t = diff / se
    df = (vx / nx + vy / ny) ** 2 / ((vx / nx) ** 2 / (nx - 1) + (vy / ny) ** 2 / (ny - 1))
    p = 2 * stats.t.sf(abs(t), df)
    half = stats.t.ppf(0.975, df) * se
    sp = math.sqrt(((nx - 1) * vx + (ny - 1) * vy) / (nx + ny - 2))
    g = diff / sp * (1 - 3 / (4 * (nx + ny) - 9))
    return diff, p, diff - half, diff + half, g


def test_welch_matches_the_textbook_formula() -> None:
    result = evaluate_kpi(kpi(baseline_sample=BASE, shape="normal", target=25), readings(PILOT))
    diff, p, low, high, g = welch_by_hand(PILOT, BASE)
    assert (result.test, result.test_reason, result.baseline_kind) == (
        "welch_t",
        "declared_normal",
        "sample",
    )
    assert result.change == pytest.approx(diff) and result.p_value == pytest.approx(p)
    assert (result.ci_low, result.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert (result.effect_name, result.effect) == ("hedges_g", pytest.approx(g))
    assert result.baseline == pytest.approx(np.mean(BASE))
    assert result.estimate == pytest.approx(np.mean(PILOT))
    assert result.verdict == "significant_improvement" and result.alternative == "two-sided"


def test_declared_direction_makes_the_test_one_sided() -> None:
    two = evaluate_kpi(kpi(baseline_sample=BASE, shape="normal"), readings(PILOT))
    one = evaluate_kpi(
        kpi(baseline_sample=BASE, shape="normal", alternative="better"), readings(PILOT)
    )
    assert one.alternative == "less"
    assert one.p_value == pytest.approx(two.p_value / 2)  # t on the improving side
    # the interval stays the two-sided 95 % one
    assert (one.ci_low, one.ci_high) == (two.ci_low, two.ci_high)
    # declared "better" but it got worse: no significant worsening can be claimed
    worse = evaluate_kpi(
        kpi(baseline_sample=PILOT, shape="normal", alternative="better"), readings(BASE)
    )
    assert worse.verdict == "no_significant_change" and worse.p_value is not None
    assert worse.p_value > 0.95


def test_the_data_chooses_welch_or_mann_whitney() -> None:
    # roughly symmetric: Shapiro-Wilk does not reject; a long right tail: it does
    normal = evaluate_kpi(kpi(baseline_sample=BASE), readings(PILOT))
    assert stats.shapiro(PILOT).pvalue >= 0.05 and stats.shapiro(BASE).pvalue >= 0.05
    assert (normal.test, normal.test_reason) == ("welch_t", "normality_not_rejected")
    tail = [20.0, 21.0, 22.0, 21.5, 20.5, 22.5, 21.0, 95.0]
    assert stats.shapiro(tail).pvalue < 0.05
    skewed = evaluate_kpi(kpi(baseline_sample=BASE), readings(tail))
    assert (skewed.test, skewed.test_reason) == ("mann_whitney_u", "normality_rejected")
    declared = evaluate_kpi(kpi(baseline_sample=BASE, shape="skewed"), readings(PILOT))
    assert (declared.test, declared.test_reason) == ("mann_whitney_u", "declared_skewed")


def test_mann_whitney_against_scipy_exact_and_pair_counting() -> None:
    pilot = [12.0, 15.0, 9.0, 30.0, 11.0, 14.0]
    base = [18.0, 22.0, 16.0, 45.0, 19.0, 17.0, 25.0]
    result = evaluate_kpi(kpi(baseline_sample=base, shape="skewed"), readings(pilot))
    reference = stats.mannwhitneyu(pilot, base, alternative="two-sided", method="exact")
    assert result.p_value == pytest.approx(reference.pvalue)
    # rank-biserial r: share of pairs where the pilot is larger minus where it is smaller
    signs = np.sign(np.subtract.outer(pilot, base))
    assert result.effect == pytest.approx(signs.mean())
    assert result.effect_name == "rank_biserial"
    # change = difference of the medians (13 vs 19 -> -6), bootstrap interval
    assert result.change == pytest.approx(np.median(pilot) - np.median(base)) == -6.0
    assert result.estimate == 13.0 and result.baseline == 19.0
    assert result.ci_low is not None and result.ci_high is not None
    assert result.ci_low <= result.change <= result.ci_high
    again = evaluate_kpi(kpi(baseline_sample=base, shape="skewed"), readings(pilot))
    assert (again.ci_low, again.ci_high) == (result.ci_low, result.ci_high)  # deterministic
    assert result.verdict == "significant_improvement"


# --- one sample -------------------------------------------------------------------------


def test_one_sample_t_against_a_reference_value() -> None:
    values = [38.0, 36.0, 34.0, 32.0, 30.0]  # mean 34, s^2 = 10
    result = evaluate_kpi(kpi(baseline=40, target=33, baseline_source="Q4"), readings(values))
    se = math.sqrt(10 / 5)
    t = -6 / se
    assert result.test == "one_sample_t" and result.baseline_kind == "value"
    assert result.p_value == pytest.approx(2 * stats.t.cdf(t, df=4))
    half = stats.t.ppf(0.975, 4) * se
    assert (result.ci_low, result.ci_high) == (pytest.approx(-6 - half), pytest.approx(-6 + half))
    assert result.effect == pytest.approx(-6 / math.sqrt(10))  # Cohen's d
    assert result.change_pct == pytest.approx(-15.0)  # -6 / 40
    # attainment: 6 of the 7 h from 40 to 33
    assert result.attainment_pct == pytest.approx(6 / 7 * 100)
    assert result.target_met is False and result.baseline_source == "Q4"


# --- rates ------------------------------------------------------------------------------


def test_two_proportion_z_from_the_formula_and_newcombe_interval() -> None:
    counts = [(4, 40), (5, 42), (3, 38), (6, 41)]  # 18 of 161
    result = evaluate_kpi(
        kpi(measure="rate", unit="%", baseline_events=58, baseline_total=290, target=10),
        readings([n / d * 100 for n, d in counts], counts),
    )
    p1, p0, n1, n0 = 18 / 161, 58 / 290, 161, 290
    pooled = (18 + 58) / (161 + 290)
    z = (p1 - p0) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    assert result.test == "two_proportion_z" and result.test_reason == "expected_at_least_5"
    assert result.p_value == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert (result.events, result.total, result.baseline_n) == (18, 161, 290)
    assert result.change == pytest.approx((p1 - p0) * 100)  # percentage points
    assert result.change_pct is None and result.percent

    def wilson(x: int, n: int) -> tuple[float, float]:
        p = x / n
        centre = (p + Z975**2 / (2 * n)) / (1 + Z975**2 / n)
        half = Z975 / (1 + Z975**2 / n) * math.sqrt(p * (1 - p) / n + Z975**2 / (4 * n * n))
        return centre - half, centre + half

    (l1, u1), (l0, u0) = wilson(18, 161), wilson(58, 290)
    low = (p1 - p0) - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = (p1 - p0) + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    assert result.ci_low == pytest.approx(low * 100, rel=1e-6)
    assert result.ci_high == pytest.approx(high * 100, rel=1e-6)
    assert result.effect == pytest.approx((18 * 232) / (143 * 58))  # sample odds ratio
    assert result.attainment_pct == pytest.approx((p0 - p1) / (p0 - 0.10) * 100)


def test_fisher_exact_when_expected_counts_are_small() -> None:
    counts = [(0, 9), (1, 10), (0, 11)]  # 1 of 30 against 6 of 29
    result = evaluate_kpi(
        kpi(measure="rate", baseline_events=6, baseline_total=29), readings([0, 10, 0], counts)
    )
    assert (result.test, result.test_reason) == ("fisher_exact", "expected_below_5")
    # two-sided Fisher: sum of the hypergeometric tables no more likely than the observed
    dist = stats.hypergeom(59, 7, 30)  # 59 cases, 7 events, 30 in the pilot
    observed = dist.pmf(1)
    p = sum(dist.pmf(k) for k in range(0, 8) if dist.pmf(k) <= observed * (1 + 1e-7))
    assert result.p_value == pytest.approx(p)
    assert result.verdict == "no_significant_change" if p >= 0.05 else "significant_improvement"


def test_rate_against_a_reference_rate() -> None:
    counts = [(10, 100), (12, 100), (8, 100)]  # 30 of 300 against 20 %
    result = evaluate_kpi(kpi(measure="rate", baseline=20), readings([10, 12, 8], counts))
    z = (0.1 - 0.2) / math.sqrt(0.2 * 0.8 / 300)
    assert (result.test, result.baseline_kind) == ("one_proportion_z", "value")
    assert result.p_value == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert result.change == pytest.approx(-10)
    small = evaluate_kpi(
        kpi(measure="rate", baseline=2), readings([0, 0, 10], [(0, 5)] * 2 + [(1, 10)])
    )
    assert small.test == "binomial_exact"  # 20 x 2 % < 5 expected events
    assert small.p_value == pytest.approx(stats.binomtest(1, 20, 0.02).pvalue)


def test_rate_readings_without_counts_are_left_out_and_counted() -> None:
    rs = readings([10, 12, 8, 50], [(10, 100), (12, 100), (8, 100), (0, 0)])
    rs[3] = Reading(id="old", kpi_id="k", date="2026-03-04", value=50)
    result = evaluate_kpi(kpi(measure="rate", baseline_events=60, baseline_total=300), rs)
    assert (result.events, result.total, result.readings_without_counts) == (30, 300, 1)


# --- no verdict without the data for one -------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "values", "reason"),
    [
        ({"baseline": 40}, [30.0, 31.0], "too_few_readings"),
        ({"baseline_sample": [40.0, 41.0]}, [30.0, 31.0, 32.0], "too_few_baseline"),
        ({"baseline_sample": [40.0] * 4}, [30.0] * 4, "zero_variance"),
        ({"baseline": 40}, [30.0] * 6, "zero_variance"),
        ({"baseline": 40}, [1e308, 1e308, 1e308], "overflow"),
    ],
)
def test_no_verdict_says_why(fields: dict[str, Any], values: list[float], reason: str) -> None:
    result = evaluate_kpi(kpi(**fields), readings(values))
    assert (result.verdict, result.untestable, result.p_value) == ("not_testable", reason, None)
    assert (result.ci_low, result.ci_high, result.effect) == (None, None, None)


def test_rates_without_variation_or_baseline() -> None:
    none = evaluate_kpi(
        kpi(measure="rate", baseline_events=0, baseline_total=50),
        readings([0, 0, 0], [(0, 30)] * 3),
    )
    assert (none.verdict, none.untestable) == ("not_testable", "zero_variance")
    nothing = evaluate_kpi(kpi(measure="rate"), readings([10, 12, 8], [(1, 10)] * 3))
    assert (nothing.verdict, nothing.untestable) == ("no_baseline", None)


def test_target_on_the_wrong_side_is_a_warning_not_met() -> None:
    values = [50.0, 51.0, 52.0]
    wrong = evaluate_kpi(kpi(baseline=40, target=55), readings(values))  # lower is better
    assert (wrong.target_warning, wrong.target_met, wrong.attainment_pct) == (
        "wrong_side",
        None,
        None,
    )
    same = evaluate_kpi(kpi(baseline=40, target=40), readings(values))
    assert (same.target_warning, same.target_met) == ("equals_baseline", None)
    met = evaluate_kpi(kpi(baseline=40, target=33), readings([30.0, 32.0, 31.0]))
    assert met.target_met is True and met.attainment_pct == pytest.approx(9 / 7 * 100)


def test_percentage_kpi_changes_in_points() -> None:
    result = evaluate_kpi(kpi(baseline=20, unit="%"), readings([15.0, 14.0, 16.0]))
    assert result.percent and result.change == pytest.approx(-5) and result.change_pct is None


# --- trend ------------------------------------------------------------------------------


def test_trend_slope_interval_from_the_formula() -> None:
    values = [40.0, 38.5, 37.0, 36.2, 34.1, 33.0]
    result = evaluate_kpi(kpi(baseline=45), readings(values))
    x = np.arange(1, 7, dtype=float)
    y = np.array(values)
    sxx = ((x - x.mean()) ** 2).sum()
    b = ((x - x.mean()) * (y - y.mean())).sum() / sxx
    resid = y - (y.mean() + b * (x - x.mean()))
    se = math.sqrt((resid**2).sum() / 4 / sxx)
    half = stats.t.ppf(0.975, 4) * se
    assert result.slope_per_day == pytest.approx(b)
    assert (result.slope_ci_low, result.slope_ci_high) == (
        pytest.approx(b - half),
        pytest.approx(b + half),
    )
    assert result.trend == "improving"
    noisy = evaluate_kpi(kpi(baseline=45), readings([40.0, 30.0, 45.0, 33.0, 41.0]))
    assert noisy.slope_ci_low is not None and noisy.slope_ci_high is not None
    assert noisy.slope_ci_low < 0 < noisy.slope_ci_high and noisy.trend == "flat"
    assert evaluate_kpi(kpi(baseline=45), readings([40.0, 30.0])).trend is None


# --- interim / final and the board ------------------------------------------------------


def board(end: str) -> tuple[Doc, Doc]:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language="en", demo=False)
    pilot_map(content).update({"name": "P", "start": "2026-03-01", "end": end})
    kpis_map(content)["k"] = Map({"name": "K", "baseline": 40.0})
    for i, v in enumerate([30.0, 31.0, 33.0, 1e308]):
        readings_map(ledger)[f"r{i}"] = Map({"kpi_id": "k", "date": "2026-03-02", "value": v})
    return content, ledger


def test_interim_while_the_period_runs_final_after() -> None:
    content, ledger = board("2026-03-15")
    snap = KIND.read(content, ledger)
    assert analyse(snap, today=date(2026, 3, 15)).status == "interim"  # last day included
    assert analyse(snap, today=date(2026, 3, 16)).status == "final"
    pilot_map(content)["end"] = ""
    assert analyse(KIND.read(content, ledger), today=date(2030, 1, 1)).status == "interim"


# --- correcting and withdrawing readings --------------------------------------------------

FAC = Actor("p-fac", Role.facilitator, "Facilitator")
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def run(content: Doc, ledger: Doc, actor: Actor, name: str, **payload: Any) -> dict[str, Any]:
    spec = KIND.commands[name]
    if actor.role not in spec.roles:
        raise PermissionError(name)
    ctx = CommandContext(actor, content, ledger, {}, NOW)
    return spec.handler(ctx, spec.payload.model_validate(payload))


def test_withdrawing_the_1e308_reading_restores_the_verdict() -> None:
    content, ledger = board("2026-03-15")
    (k,) = KIND.analyse(KIND.read(content, ledger)).kpis
    assert (k.verdict, k.untestable) == ("not_testable", "overflow")
    out = run(content, ledger, FAC, "pilot.reading_withdraw", reading_id="r3", reason="typo")
    assert out == {"reading_id": "r3", "action": "withdraw", "at": NOW.isoformat()}
    (k,) = KIND.analyse(KIND.read(content, ledger)).kpis
    assert k.readings == 3 and k.test == "one_sample_t"
    (log,) = corrections_array(ledger).to_py()
    assert (log["action"], log["by"], log["by_name"], log["at"], log["reason"]) == (
        "withdraw",
        "p-fac",
        "Facilitator",
        NOW.isoformat(),
        "typo",
    )
    assert log["before"] == {"value": 1e308}
    with pytest.raises(CommandError) as again:
        run(content, ledger, FAC, "pilot.reading_withdraw", reading_id="r3", reason="x")
    assert again.value.code == "reading_withdrawn"
    with pytest.raises(PermissionError):
        run(
            content,
            ledger,
            Actor("p-e", Role.editor, "E"),
            "pilot.reading_withdraw",
            reading_id="r2",
            reason="x",
        )


def test_correcting_a_reading_keeps_the_old_numbers_in_the_log() -> None:
    content, ledger = board("2026-03-15")
    run(
        content,
        ledger,
        FAC,
        "pilot.reading_correct",
        reading_id="r3",
        value=32.0,
        reason="1e308 was 32",
    )
    record = readings_map(ledger)["r3"].to_py()
    assert record["value"] == 32.0 and record["corrected"]["by"] == "p-fac"
    (k,) = KIND.analyse(KIND.read(content, ledger)).kpis
    assert k.readings == 4 and k.mean == pytest.approx((30 + 31 + 33 + 32) / 4)
    with pytest.raises(CommandError) as unknown:
        run(content, ledger, FAC, "pilot.reading_correct", reading_id="nope", value=1.0, reason="x")
    assert unknown.value.code == "unknown_reading"


# --- rate readings from the phone ---------------------------------------------------------


def test_a_rate_reading_takes_numerator_and_denominator() -> None:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language="en", demo=False)
    pilot_map(content).update({"start": "2026-03-01", "end": "2026-03-15"})
    sites_array(content).append("East")
    kpis_map(content)["rr"] = Map({"name": "Repeat", "unit": "%", "measure": "rate"})
    me = Actor("p-li", Role.pilot, "Li")
    base = {"submission_id": "sub-rate-0001", "kpi_id": "rr", "date": "2026-03-09"}
    run(content, ledger, me, "pilot.reading", **base, numerator=4, denominator=31)
    record = readings_map(ledger)["sub-rate-0001"].to_py()
    assert (record["numerator"], record["denominator"]) == (4, 31)
    assert record["value"] == pytest.approx(4 / 31 * 100)
    for payload, code in (
        ({"numerator": 4}, "counts_required"),
        ({"numerator": 5, "denominator": 4}, "numerator_above_denominator"),
    ):
        with pytest.raises(CommandError) as refused:
            run(
                content,
                ledger,
                me,
                "pilot.reading",
                **{**base, "submission_id": "sub-rate-0002"},
                **payload,
            )
        assert refused.value.code == code


# --- the demo -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_demo_reads_like_a_careful_analysis(language: str) -> None:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language=language, demo=True)
    snapshot = KIND.read(content, ledger)
    assert len(snapshot.readings) == 20 and len(snapshot.feedback) == 8
    today = datetime.now(UTC).date()
    assert snapshot.definition.start == (today - timedelta(days=49)).isoformat()
    assert snapshot.definition.end == (today - timedelta(days=36)).isoformat()
    analysis = KIND.analyse(snapshot)
    assert analysis.status == "final"  # the demo pilot ended five weeks ago
    ht, rr = analysis.kpis
    # handling time, a duration declared skewed: Mann-Whitney against 14 pre-pilot days
    pilot = [40, 34, 30, 27, 25, 44, 38, 33, 29, 26]
    base = [46, 52, 44, 49, 61, 47, 45, 50, 72, 48, 43, 51, 47, 58]
    assert (ht.test, ht.test_reason, ht.baseline_kind, ht.baseline_n) == (
        "mann_whitney_u",
        "declared_skewed",
        "sample",
        14,
    )
    assert ht.p_value == pytest.approx(stats.mannwhitneyu(pilot, base, method="asymptotic").pvalue)
    assert (ht.estimate, ht.baseline, ht.change) == (31.5, 48.5, -17.0)  # medians
    assert ht.verdict == "significant_improvement" and ht.target_met is False
    assert ht.attainment_pct == pytest.approx(17 / 24.5 * 100)  # 48.5 -> 24
    assert ht.baseline_source
    # repeat complaints: 47 of 338 closed in the pilot against 58 of 290 in Q4
    assert (rr.test, rr.events, rr.total, rr.baseline_n) == ("two_proportion_z", 47, 338, 290)
    pooled = 105 / 628
    z = (47 / 338 - 58 / 290) / math.sqrt(pooled * (1 - pooled) * (1 / 338 + 1 / 290))
    assert rr.p_value == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert rr.change == pytest.approx((47 / 338 - 0.2) * 100) and rr.percent
    assert rr.verdict == "significant_improvement"  # p = 0.041, its interval nearly touches 0
    assert rr.ci_high is not None and -1 < rr.ci_high < 0
    assert ht.trend == "improving" and rr.trend == "improving"


@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_proportion_tests_agree_with_statsmodels(alternative: Any) -> None:
    """The z-tests and the Wilson/Newcombe intervals are SciPy plus their formulas (no
    statsmodels in the export's process); statsmodels computes the same numbers."""
    from statsmodels.stats.proportion import (
        confint_proportions_2indep,
        proportion_confint,
        proportions_ztest,
    )

    from boards.pilot import stats as pilot_stats

    side = {"two-sided": "two-sided", "less": "smaller", "greater": "larger"}[alternative]
    for events, total, base_events, base_total in [(18, 161, 58, 290), (40, 90, 12, 80)]:
        two = pilot_stats.two_proportions(events, total, base_events, base_total, alternative)
        assert two.test == "two_proportion_z"
        z_p = proportions_ztest([events, base_events], [total, base_total], alternative=side)[1]
        assert two.p_value == pytest.approx(z_p, rel=1e-9)
        low, high = confint_proportions_2indep(
            events, total, base_events, base_total, compare="diff"
        )
        assert (two.ci_low, two.ci_high) == (pytest.approx(low), pytest.approx(high))
        rate = 0.3
        one = pilot_stats.one_proportion(events, total, rate, alternative)
        assert one.test == "one_proportion_z"
        z_p = proportions_ztest(events, total, value=rate, alternative=side, prop_var=rate)[1]
        assert one.p_value == pytest.approx(z_p, rel=1e-9)
        low, high = proportion_confint(events, total, alpha=0.05, method="wilson")
        assert (one.ci_low, one.ci_high) == (pytest.approx(low - rate), pytest.approx(high - rate))
