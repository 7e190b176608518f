"""The statistical tests behind a pilot verdict, each from SciPy.

Every function compares the pilot with its baseline and returns a :class:`Comparison`: the
test used and why, its p-value, the change (pilot - baseline) with its two-sided 95 %
confidence interval, and an effect size. A comparison the data cannot support raises
:class:`Untestable` with the reason, so no verdict is ever drawn from it.

Which test (documented in ``docs/boards/pilot.md``):

* two samples of values: Mann-Whitney U when the KPI is declared skewed (durations such as
  handling times usually are) or when Shapiro-Wilk rejects normality (p < 0.05) in either
  sample; Welch's t-test otherwise (declared normal, or normality not rejected);
* values against a single reference value: the one-sample t-test;
* counts out of totals against counts: Fisher's exact test when an expected cell count of
  the 2 x 2 table is below 5, the two-proportion z-test otherwise;
* counts against a reference rate: the exact binomial test when n·p0 or n·(1 - p0) is below
  5, the one-proportion z-test (variance from p0) otherwise.

``alternative`` is "two-sided", or "less"/"greater" for the pilot being below/above the
baseline when a direction was declared before the pilot. The confidence interval is always
the two-sided 95 % one.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import numpy as np
else:

    class _NumPyOnFirstUse:
        # The server imports every board kind at start; numpy (~12 MB) waits until a pilot
        # board is first evaluated.
        def __getattr__(self, name: str) -> Any:
            import numpy

            return getattr(numpy, name)

    np = _NumPyOnFirstUse()

ALPHA = 0.05
MIN_N = 3
BOOTSTRAP_RESAMPLES = 2000
Alternative = Literal["two-sided", "less", "greater"]
TestName = Literal[
    "welch_t",
    "mann_whitney_u",
    "one_sample_t",
    "two_proportion_z",
    "fisher_exact",
    "one_proportion_z",
    "binomial_exact",
]
TestReason = Literal[
    "declared_skewed",
    "normality_rejected",
    "declared_normal",
    "normality_not_rejected",
    "reference_value",
    "expected_below_5",
    "expected_at_least_5",
]
EffectName = Literal["hedges_g", "cohens_d", "rank_biserial", "odds_ratio"]
UntestableReason = Literal["too_few_readings", "too_few_baseline", "zero_variance", "overflow"]


class Untestable(Exception):
    def __init__(self, reason: UntestableReason) -> None:
        super().__init__(reason)
        self.reason: UntestableReason = reason


@dataclass(frozen=True)
class Comparison:
    test: TestName
    reason: TestReason
    p_value: float
    change: float
    ci_low: float | None
    ci_high: float | None
    effect_name: EffectName
    effect: float | None


def finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _p(value: Any) -> float:
    p = finite(value)
    if p is None:
        raise Untestable("zero_variance")
    return min(max(p, 0.0), 1.0)


def _array(values: Sequence[float]) -> np.ndarray:
    data = np.asarray(values, dtype=float)
    with np.errstate(all="ignore"):
        if not (np.isfinite(data.sum()) and np.isfinite((data * data).sum())):
            raise Untestable("overflow")  # e.g. a 1e308 reading: every moment is infinite
    return data


def _z_test(z: float, alternative: Alternative) -> float:
    """The p-value of a z statistic (pilot - baseline) for ``alternative``."""
    from scipy import stats

    if alternative == "less":
        return float(stats.norm.cdf(z))
    if alternative == "greater":
        return float(stats.norm.sf(z))
    return float(2 * stats.norm.sf(abs(z)))


def _wilson(events: int, total: int) -> tuple[float, float]:
    """The Wilson score interval of events / total (two-sided, 1 - ALPHA)."""
    from scipy import stats

    ci = stats.binomtest(events, total).proportion_ci(1 - ALPHA, method="wilson")
    return float(ci.low), float(ci.high)


# --- values -------------------------------------------------------------------------------


def looks_normal(*samples: np.ndarray) -> bool:
    """Shapiro-Wilk does not reject normality (5 %) in any sample (each needs 3 values)."""
    from scipy import stats

    for sample in samples:
        if len(sample) >= MIN_N and np.ptp(sample) > 0:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # n > 5000: p may be inaccurate, still usable
                if float(stats.shapiro(sample).pvalue) < ALPHA:
                    return False
    return True


def two_samples(
    pilot: Sequence[float],
    baseline: Sequence[float],
    alternative: Alternative,
    shape: Literal["auto", "normal", "skewed"],
) -> Comparison:
    x, y = _array(pilot), _array(baseline)
    if len(x) < MIN_N:
        raise Untestable("too_few_readings")
    if len(y) < MIN_N:
        raise Untestable("too_few_baseline")
    if np.ptp(x) == 0 and np.ptp(y) == 0:
        raise Untestable("zero_variance")
    if shape == "skewed":
        return mann_whitney(x, y, alternative, "declared_skewed")
    if shape == "auto" and not looks_normal(x, y):
        return mann_whitney(x, y, alternative, "normality_rejected")
    return welch(
        x, y, alternative, "declared_normal" if shape == "normal" else "normality_not_rejected"
    )


def welch(x: np.ndarray, y: np.ndarray, alternative: Alternative, reason: TestReason) -> Comparison:
    from scipy import stats

    with np.errstate(all="ignore"):
        p = stats.ttest_ind(x, y, equal_var=False, alternative=alternative).pvalue
        ci = stats.ttest_ind(x, y, equal_var=False).confidence_interval(1 - ALPHA)
        n1, n2 = len(x), len(y)
        pooled = math.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
        change = float(x.mean() - y.mean())
        # Hedges' small-sample correction of Cohen's d with the pooled standard deviation
        g = change / pooled * (1 - 3 / (4 * (n1 + n2) - 9)) if pooled > 0 else None
    return Comparison(
        "welch_t", reason, _p(p), change, finite(ci.low), finite(ci.high), "hedges_g", finite(g)
    )


def _median_shift(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.median(x, axis=axis) - np.median(y, axis=axis)


def mann_whitney(
    x: np.ndarray, y: np.ndarray, alternative: Alternative, reason: TestReason
) -> Comparison:
    from scipy import stats

    result = stats.mannwhitneyu(x, y, alternative=alternative, method="auto")
    two_sided = stats.mannwhitneyu(x, y, alternative="two-sided", method="auto")
    # rank-biserial r from the pilot's U: > 0 when pilot values tend to be the larger
    r = 2 * float(two_sided.statistic) / (len(x) * len(y)) - 1
    change = float(np.median(x) - np.median(y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate resamples of tiny samples
        boot = stats.bootstrap(
            (x, y),
            _median_shift,
            n_resamples=BOOTSTRAP_RESAMPLES,
            confidence_level=1 - ALPHA,
            method="percentile",
            rng=np.random.default_rng(0),  # the same board gives the same interval
            batch=200,
        )
    ci = boot.confidence_interval
    return Comparison(
        "mann_whitney_u",
        reason,
        _p(result.pvalue),
        change,
        finite(ci.low),
        finite(ci.high),
        "rank_biserial",
        finite(r),
    )


def one_sample(pilot: Sequence[float], reference: float, alternative: Alternative) -> Comparison:
    from scipy import stats

    x = _array(pilot)
    if len(x) < MIN_N:
        raise Untestable("too_few_readings")
    if np.ptp(x) == 0:
        raise Untestable("zero_variance")
    with np.errstate(all="ignore"):
        p = stats.ttest_1samp(x, reference, alternative=alternative).pvalue
        ci = stats.ttest_1samp(x, reference).confidence_interval(1 - ALPHA)
        change = float(x.mean() - reference)
        d = change / float(x.std(ddof=1))
    return Comparison(
        "one_sample_t",
        "reference_value",
        _p(p),
        change,
        finite(ci.low - reference),
        finite(ci.high - reference),
        "cohens_d",
        finite(d),
    )


# --- counts -------------------------------------------------------------------------------


def two_proportions(
    events: int, total: int, base_events: int, base_total: int, alternative: Alternative
) -> Comparison:
    """Pilot ``events`` out of ``total`` against the baseline's; change in proportion units."""
    # SciPy only (statsmodels would add pandas and polars: ~55 MB to the process of every
    # export): the z-test and Newcombe's interval are their textbook formulas on SciPy's
    # normal distribution and Wilson intervals, as statsmodels computes them.
    from scipy import stats

    if total < MIN_N:
        raise Untestable("too_few_readings")
    if base_total < MIN_N:
        raise Untestable("too_few_baseline")
    pooled = (events + base_events) / (total + base_total)
    if pooled in (0.0, 1.0):
        raise Untestable("zero_variance")
    table = np.array([[events, total - events], [base_events, base_total - base_events]])
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    odds = stats.contingency.odds_ratio(table, kind="sample").statistic
    share, base_share = events / total, base_events / base_total
    change = share - base_share
    (low1, high1), (low0, high0) = _wilson(events, total), _wilson(base_events, base_total)
    low = change - math.hypot(share - low1, high0 - base_share)  # Newcombe (hybrid score)
    high = change + math.hypot(high1 - share, base_share - low0)
    if expected.min() < 5:
        p = stats.fisher_exact(table, alternative=alternative).pvalue
        test: TestName = "fisher_exact"
        reason: TestReason = "expected_below_5"
    else:
        z = change / math.sqrt(pooled * (1 - pooled) * (1 / total + 1 / base_total))
        p = _z_test(z, alternative)
        test, reason = "two_proportion_z", "expected_at_least_5"
    return Comparison(
        test, reason, _p(p), change, finite(low), finite(high), "odds_ratio", finite(odds)
    )


def one_proportion(events: int, total: int, rate: float, alternative: Alternative) -> Comparison:
    """Pilot ``events`` out of ``total`` against a reference ``rate`` (a proportion)."""
    from scipy import stats

    if total < MIN_N:
        raise Untestable("too_few_readings")
    if rate <= 0 or rate >= 1:
        raise Untestable("zero_variance")
    share = events / total
    odds = None
    if 0 < share < 1:
        odds = (share / (1 - share)) / (rate / (1 - rate))
    low, high = _wilson(events, total)
    if min(total * rate, total * (1 - rate)) < 5:
        p = stats.binomtest(events, total, rate, alternative=alternative).pvalue
        test: TestName = "binomial_exact"
        reason: TestReason = "expected_below_5"
    else:
        p = _z_test((share - rate) / math.sqrt(rate * (1 - rate) / total), alternative)
        test, reason = "one_proportion_z", "expected_at_least_5"
    return Comparison(
        test,
        reason,
        _p(p),
        share - rate,
        finite(low - rate),
        finite(high - rate),
        "odds_ratio",
        finite(odds),
    )


# --- trend --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slope:
    slope: float
    ci_low: float | None
    ci_high: float | None


def slope(days: Sequence[int], values: Sequence[float]) -> Slope | None:
    """Least-squares slope of value over days with its 95 % interval (needs 3 readings on 2
    distinct days); None when the data cannot give one."""
    from scipy import stats

    if len(values) < MIN_N or len(set(days)) < 2:
        return None
    try:
        y = _array(values)
    except Untestable:
        return None
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = stats.linregress(np.asarray(days, dtype=float), y)
        half = float(stats.t.ppf(1 - ALPHA / 2, len(values) - 2)) * float(fit.stderr)
    b = finite(fit.slope)
    if b is None:
        return None
    return Slope(b, finite(b - half), finite(b + half))
