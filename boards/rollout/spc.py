"""Individuals (XmR) control chart: limits and the Western Electric run rules.

Limits from a reference series x1..xn (n >= 2): centre = mean(x), MR-bar = mean |x(i) - x(i-1)|,
sigma-hat = MR-bar / d2 with d2 = 1.128 (the bias constant of the range of two observations),
UCL/LCL = centre +- 2.66 MR-bar (= 3 sigma-hat). Montgomery, *Introduction to Statistical
Quality Control*, 6.4 (control charts for individual measurements); NIST/SEMATECH
e-Handbook 6.3.2.2.

Run rules (Western Electric Company, *Statistical Quality Control Handbook*, 1956; NIST
e-Handbook 6.3.2), each checked on the points in time order:

``beyond_3s``     1 point beyond a 3-sigma limit (UCL or LCL as drawn)
``two_of_three``  2 of 3 consecutive points beyond 2 sigma on the same side
``four_of_five``  4 of 5 consecutive points beyond 1 sigma on the same side
``eight_side``    8 consecutive points on the same side of the centre line
``trend_six``     6 consecutive points steadily rising or falling (5 rises or 5 falls in a row)

Without variation in the reference series (MR-bar = 0) the sigma zones do not exist: only
the two rules that need no sigma (``eight_side``, ``trend_six``) are checked.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

D2 = 1.128
E2 = 2.66  # 3 / d2, the usual rounding
RuleId = Literal["beyond_3s", "two_of_three", "four_of_five", "eight_side", "trend_six"]
RULES: tuple[RuleId, ...] = get_args(RuleId)
Side = Literal["up", "down"]


@dataclass(frozen=True)
class Limits:
    centre: float
    mr_bar: float
    n: int

    @property
    def sigma(self) -> float:
        return self.mr_bar / D2

    @property
    def ucl(self) -> float:
        return self.centre + E2 * self.mr_bar

    @property
    def lcl(self) -> float:
        return self.centre - E2 * self.mr_bar


def limits(reference: Sequence[float]) -> Limits | None:
    """XmR limits of a reference series; None with fewer than two points (no moving range)
    or numbers too large to average."""
    if len(reference) < 2:
        return None
    centre = math.fsum(reference) / len(reference)
    mr_bar = math.fsum(abs(b - a) for a, b in itertools.pairwise(reference)) / (len(reference) - 1)
    if not (math.isfinite(centre) and math.isfinite(mr_bar)):
        return None
    return Limits(centre=centre, mr_bar=mr_bar, n=len(reference))


@dataclass
class Hit:
    """A stretch of points (indices ``first``..``last``) that broke ``rule`` to ``side``;
    ``points`` are the points the rule counted."""

    rule: RuleId
    side: Side
    first: int
    last: int
    points: set[int] = field(default_factory=set)


def _side(value: float, centre: float, distance: float) -> Side | None:
    if value > centre + distance:
        return "up"
    if value < centre - distance:
        return "down"
    return None


def _windows(
    xs: Sequence[float], lim: Limits, rule: RuleId, size: int, need: int, sigmas: float
) -> list[Hit]:
    """Windows of ``size`` points with at least ``need`` beyond ``sigmas`` on one side."""
    hits = []
    distance = sigmas * lim.sigma
    for end in range(size - 1, len(xs)):
        window = range(end - size + 1, end + 1)
        for side in ("up", "down"):
            beyond = {i for i in window if _side(xs[i], lim.centre, distance) == side}
            # the window's own last point must count, so each hit is reported where it happens
            if len(beyond) >= need and end in beyond:
                hits.append(Hit(rule, side, min(beyond), end, beyond))  # type: ignore[arg-type]
    return hits


def _runs(xs: Sequence[float], rule: RuleId, length: int, key: list[Side | None]) -> list[Hit]:
    """Every run of ``length`` consecutive equal, non-None ``key`` values."""
    hits = []
    for end in range(length - 1, len(xs)):
        run = key[end - length + 1 : end + 1]
        side = run[0]
        if side is not None and all(k == side for k in run):
            first = end - length + 1
            hits.append(Hit(rule, side, first, end, set(range(first, end + 1))))
    return hits


def check(xs: Sequence[float], lim: Limits) -> list[Hit]:
    """Every rule's hits, overlapping windows of one rule and side merged into one stretch."""
    raw: list[Hit] = []
    if lim.mr_bar > 0:
        # against the limits as drawn (2.66 MR-bar, a hair beyond 3 sigma-hat)
        raw += [
            Hit("beyond_3s", "up" if x > lim.ucl else "down", i, i, {i})
            for i, x in enumerate(xs)
            if x > lim.ucl or x < lim.lcl
        ]
        raw += _windows(xs, lim, "two_of_three", 3, 2, 2.0)
        raw += _windows(xs, lim, "four_of_five", 5, 4, 1.0)
    raw += _runs(xs, "eight_side", 8, [_side(x, lim.centre, 0.0) for x in xs])
    # a step between points i-1 and i, keyed at i; a run of 5 steps spans 6 points
    steps: list[Side | None] = [None] + [
        "up" if b > a else "down" if b < a else None for a, b in itertools.pairwise(xs)
    ]
    trend = _runs(xs, "trend_six", 5, steps)
    for hit in trend:
        hit.first -= 1
        hit.points.add(hit.first)
    raw += trend
    merged: list[Hit] = []
    for hit in sorted(raw, key=lambda h: (RULES.index(h.rule), h.side, h.first, h.last)):
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.rule == hit.rule
            and last.side == hit.side
            and hit.first <= last.last + 1
        ):
            last.last = max(last.last, hit.last)
            last.points |= hit.points
        else:
            merged.append(Hit(hit.rule, hit.side, hit.first, hit.last, set(hit.points)))
    return sorted(merged, key=lambda h: (h.first, RULES.index(h.rule), h.side))
