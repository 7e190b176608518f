"""From an event table to :class:`EventLogAnalysis`, with polars (measured against pandas and
PM4Py in ``bench/README.md``; the tests compare variants and directly-follows counts with
PM4Py's).

Waiting before an activity is the time from the previous event's completion in the case to
this event's start; with only one timestamp per event it is the time between consecutive
events (an event without a start starts when it completes). Percentiles are linear
interpolations (numpy's default)."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .events import SEP, prepare
from .model import (
    ActivityStats,
    EventLogAnalysis,
    Granularity,
    LogFormat,
    LogWarning,
    Loop,
    Mapping,
    Period,
    PeriodPoint,
    Rework,
    Source,
    Stat,
    Throughput,
    Transition,
    Variant,
)
from .readers import LogProblem, Preview, preview, read_table

if TYPE_CHECKING:
    import polars as pl

Progress = Callable[[str, float], None]
TOP_VARIANTS = 100
TOP_LOOPS = 20


@dataclass(frozen=True)
class FileInfo:
    name: str
    size: int
    sha256: str
    format: LogFormat
    imported_by: str


def _noop(stage: str, progress: float) -> None:
    return None


def import_log(
    path: Path,
    info: FileInfo,
    mapping: Mapping,
    timezone: str,
    scratch: Path,
    progress: Progress = _noop,
    shown: Preview | None = None,
) -> EventLogAnalysis:
    """Read, parse and analyse; raises :class:`LogProblem` for a file that cannot be used.
    ``shown``: the file's preview when the caller has it (its encoding, delimiter and
    columns), which spares reading the whole file once more to find them."""
    wanted = [mapping.case, mapping.activity]
    for col in (mapping.start, mapping.complete, mapping.resource, mapping.department):
        if col and col not in wanted:
            wanted.append(col)
    if not (mapping.start or mapping.complete):
        raise LogProblem("no_timestamp_column", "map a start or a complete column (or both)")
    progress("read", 0.05)
    shown = shown or preview(path, info.name)
    for col in wanted:
        if col not in shown.columns and shown.format != "xes":
            raise LogProblem("missing_column", f"the file has no column {col!r}", column=col)
    notes: list[tuple[str, dict[str, Any]]] = []
    table = read_table(path, shown, wanted, scratch, notes)
    progress("parse", 0.35)
    events, warnings = prepare(table, mapping, timezone)
    warnings[:0] = [LogWarning(code=code, params=params) for code, params in notes]
    progress("analyse", 0.6)
    analysis = analyse(events, info, warnings, timezone)
    progress("write", 0.95)
    return analysis


def _stat_exprs(column: str) -> list[pl.Expr]:
    import polars as pl

    values = pl.col(column).drop_nulls()
    return [
        values.median().alias(f"{column}_median"),
        values.quantile(0.9, interpolation="linear").alias(f"{column}_p90"),
        values.mean().alias(f"{column}_mean"),
        values.len().alias(f"{column}_n"),
    ]


def _stat(row: dict[str, Any], column: str) -> Stat | None:
    n = int(row[f"{column}_n"] or 0)
    if n == 0:
        return None
    return Stat(
        median=_num(row[f"{column}_median"]),
        p90=_num(row[f"{column}_p90"]),
        mean=_num(row[f"{column}_mean"]),
        n=n,
    )


def _num(value: Any) -> float:
    number = float(value) if value is not None else 0.0
    return round(number, 6) if math.isfinite(number) else 0.0


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _weighted_median(counts: Counter[int]) -> float:
    """The median of values given as value -> how often (as polars' and numpy's median)."""
    total = sum(counts.values())
    lower = upper = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen >= (total + 1) // 2:
            lower = value
        if seen >= total // 2 + 1:
            upper = value
            break
    assert lower is not None and upper is not None
    return (lower + upper) / 2


@dataclass
class _Shape:
    """What the variants tell about each activity, weighted by their cases: cases containing
    it, first positions, cases repeating it."""

    cases: int = 0
    first: Counter[int] = field(default_factory=Counter)
    rework: int = 0


def _shapes(variants: list[tuple[list[str], int]]) -> dict[str, _Shape]:
    shapes: dict[str, _Shape] = {}
    for trace, count in variants:
        first: dict[str, int] = {}
        repeated: set[str] = set()
        for i, activity in enumerate(trace):
            if activity in first:
                repeated.add(activity)
            else:
                first[activity] = i
        for activity, i in first.items():
            shape = shapes.setdefault(activity, _Shape())
            shape.cases += count
            shape.first[i] += count
            if activity in repeated:
                shape.rework += count
    return shapes


def analyse(
    events: pl.DataFrame, info: FileInfo, warnings: list[LogWarning], timezone: str = "UTC"
) -> EventLogAnalysis:
    """``events`` as :func:`prepare` returns them: sorted by case, then time."""
    import polars as pl

    minutes = 60_000_000.0  # microseconds
    has_both = events.select(
        (pl.col("start").is_not_null() & pl.col("complete").is_not_null()).any()
    ).item()
    # sorted by case: a case starts where the case column changes (cheaper than windows)
    new_case = pl.col("case") != pl.col("case").shift(1)
    events = events.with_columns(
        processing=((pl.col("complete") - pl.col("start")).dt.total_microseconds() / minutes),
        waiting=pl.when(new_case.fill_null(True))
        .then(None)
        .otherwise((pl.col("ts") - pl.col("end").shift(1)).dt.total_microseconds() / minutes),
    )
    overlapping = events.filter(pl.col("waiting") < 0).height
    if overlapping:
        warnings.append(LogWarning(code="overlapping_events", params={"count": overlapping}))
    events = events.with_columns(pl.col("waiting").clip(lower_bound=0.0))
    cases = events.group_by("case").agg(
        first=pl.col("ts").min(),
        last=pl.col("end").max(),
        trace=pl.col("activity"),
    )
    cases = cases.with_columns(
        lead=(pl.col("last") - pl.col("first")).dt.total_microseconds() / minutes
    )
    n_cases = cases.height
    total_lead = float(cases["lead"].sum())

    variant_counts = (
        cases.with_columns(key=pl.col("trace").list.join(SEP))
        .group_by("key")
        .agg(cases=pl.len())
        .sort(["cases", "key"], descending=[True, False])
    )
    traces = [(key.split(SEP), count) for key, count in variant_counts.iter_rows()]
    shapes = _shapes(traces)

    per_activity = events.group_by("activity").agg(
        pl.len().alias("events"),
        (pl.col("processing").fill_null(0) + pl.col("waiting").fill_null(0)).sum().alias("time"),
        pl.col("group").drop_nulls().mode().sort().first().alias("group"),
        *_stat_exprs("processing"),
        *_stat_exprs("waiting"),
    )
    rows = {row["activity"]: row for row in per_activity.iter_rows(named=True)}

    def order(name: str) -> tuple[float, float, int, str]:
        shape = shapes[name]
        mean = sum(p * c for p, c in shape.first.items()) / shape.cases
        # ties of the median (an optional step and the one after it) broken by the mean
        return (_weighted_median(shape.first), mean, -shape.cases, name)

    activities = []
    for name in sorted(shapes, key=order):
        row, shape = rows[name], shapes[name]
        activities.append(
            ActivityStats(
                name=name,
                department=row["group"],
                cases=shape.cases,
                events=row["events"],
                processing=_stat(row, "processing") if has_both else None,
                waiting=_stat(row, "waiting"),
                share_of_lead_time=_num(row["time"] / total_lead) if total_lead > 0 else 0.0,
                rework_cases=shape.rework,
            )
        )
    variants = [
        Variant(activities=trace, cases=count, share=_num(count / n_cases))
        for trace, count in traces[:TOP_VARIANTS]
    ]
    other = sum(count for _, count in traces[TOP_VARIANTS:])
    period = Period(
        start=_iso(events["ts"].min()),  # type: ignore[arg-type]
        end=_iso(events["end"].max()),  # type: ignore[arg-type]
    )
    return EventLogAnalysis(
        source=Source(
            name=info.name,
            size=info.size,
            sha256=info.sha256,
            format=info.format,
            imported_at=_iso(datetime.now(UTC)),
            imported_by=info.imported_by,
            events=events.height,
            cases=n_cases,
        ),
        period=period,
        activities=activities,
        variants=variants,
        variants_total=len(traces),
        variants_other_cases=other,
        transitions=_transitions(traces),
        rework=_rework(traces, n_cases),
        throughput=_throughput(cases, timezone),
        warnings=warnings,
    )


def _transitions(traces: list[tuple[list[str], int]]) -> list[Transition]:
    """Directly-follows pairs, counted once per case that has them ("" is a case's start or
    end), from the variants."""
    counted: Counter[tuple[str, str]] = Counter()
    for trace, count in traces:
        for pair in set(itertools.pairwise(["", *trace, ""])):
            counted[pair] += count
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return [Transition(source=s, target=t, cases=c) for (s, t), c in ordered]


def _rework(traces: list[tuple[list[str], int]], n_cases: int) -> Rework:
    """Loops from each variant (a few thousand at most, whatever the number of cases): every
    return to an activity is the loop from its previous occurrence to it."""
    loops: Counter[tuple[str, ...]] = Counter()
    rework_cases = 0
    for trace, count in traces:
        last_seen: dict[str, int] = {}
        found: set[tuple[str, ...]] = set()
        for i, activity in enumerate(trace):
            if activity in last_seen:
                found.add(tuple(trace[last_seen[activity] : i + 1]))
            last_seen[activity] = i
        if found:
            rework_cases += count
            for loop in found:
                loops[loop] += count
    top = sorted(loops.items(), key=lambda item: (-item[1], item[0]))[:TOP_LOOPS]
    return Rework(
        cases=rework_cases,
        share=_num(rework_cases / n_cases) if n_cases else 0.0,
        loops=[Loop(activities=list(loop), cases=count) for loop, count in top],
    )


def granularity_for(first: datetime, last: datetime) -> Granularity:
    """Days while that gives at most 60 points, then weeks, then months."""
    days = (last.date() - first.date()).days + 1
    if days <= 60:
        return "day"
    if days / 7 <= 60:
        return "week"
    return "month"


def _throughput(cases: pl.DataFrame, timezone: str) -> Throughput:
    """Cases by the day (week, month) they started, in the log's time zone."""
    import polars as pl

    cases = cases.with_columns(pl.col("first").dt.convert_time_zone(timezone))
    lead = cases["lead"]
    first: datetime = cases["first"].min()  # type: ignore[assignment]
    last: datetime = cases["first"].max()  # type: ignore[assignment]
    granularity = granularity_for(first, last)
    every = {"day": "1d", "week": "1w", "month": "1mo"}[granularity]
    by_period = (
        cases.with_columns(period=pl.col("first").dt.truncate(every))
        .group_by("period")
        .agg(
            cases=pl.len(),
            median=pl.col("lead").median(),
            p90=pl.col("lead").quantile(0.9, interpolation="linear"),
        )
        .sort("period")
    )
    return Throughput(
        median=_num(lead.median()),
        p90=_num(lead.quantile(0.9, interpolation="linear")),
        by_period=[
            PeriodPoint(
                period_start=period.date().isoformat(),
                granularity=granularity,
                cases=count,
                median=_num(median),
                p90=_num(p90),
            )
            for period, count, median, p90 in by_period.iter_rows()
        ],
    )
