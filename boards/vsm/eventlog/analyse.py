"""From an event table to :class:`EventLogAnalysis`, with polars (measured against pandas and
PM4Py in ``bench/README.md``; the tests compare variants and directly-follows counts with
PM4Py's).

Waiting before an activity is the time from the previous event's completion in the case to
this event's start; with only one timestamp per event it is the time between consecutive
events (an event without a start starts when it completes). Percentiles are linear
interpolations (numpy's default)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from .readers import LogProblem, read_table
from .timestamps import parse_column

if TYPE_CHECKING:
    import polars as pl

Progress = Callable[[str, float], None]
TOP_VARIANTS = 100
TOP_LOOPS = 20
LISTED_ROWS = 20  # bad rows named in a warning or problem
# more bad timestamps than this share of the rows: the column is the wrong one, or its format
MAX_BAD_SHARE = 0.05
SEP = "\x1f"


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
) -> EventLogAnalysis:
    """Read, parse and analyse; raises :class:`LogProblem` for a file that cannot be used."""
    wanted = [mapping.case, mapping.activity]
    for col in (mapping.start, mapping.complete, mapping.resource, mapping.department):
        if col and col not in wanted:
            wanted.append(col)
    if not (mapping.start or mapping.complete):
        raise LogProblem("no_timestamp_column", "map a start or a complete column (or both)")
    progress("read", 0.05)
    check_columns(path, info, wanted)
    table = read_table(path, info.format, wanted, scratch)
    progress("parse", 0.35)
    events, warnings = prepare(table, mapping, timezone)
    progress("analyse", 0.6)
    analysis = analyse(events, info, warnings, timezone)
    progress("write", 0.95)
    return analysis


def check_columns(path: Path, info: FileInfo, wanted: list[str]) -> None:
    from .readers import preview

    columns = preview(path, info.name).columns
    for col in wanted:
        if col not in columns and info.format != "xes":
            raise LogProblem("missing_column", f"the file has no column {col!r}", column=col)


def _listed(frame: pl.DataFrame, column: str) -> list[dict[str, Any]]:
    return [
        {"row": int(r["row"]), "value": str(r[column])[:80]}
        for r in frame.head(LISTED_ROWS).iter_rows(named=True)
    ]


def prepare(
    table: pl.DataFrame, mapping: Mapping, timezone: str
) -> tuple[pl.DataFrame, list[LogWarning]]:
    """Events with ``case``, ``activity``, ``start``/``complete`` (UTC), ``ts`` (start, else
    complete), ``end`` (complete, else start), ``group`` (department, else resource) and the
    file ``row``; rows that cannot be events are dropped and counted in warnings."""
    import polars as pl

    warnings: list[LogWarning] = []
    n = table.height
    if n == 0:
        raise LogProblem("no_rows", "the file has a header but no rows")
    base = pl.DataFrame(
        {
            "row": pl.int_range(2, n + 2, eager=True, dtype=pl.Int64),
            "case": _text(table, mapping.case),
            "activity": _text(table, mapping.activity),
        }
    )
    for col in (mapping.case, mapping.activity):
        if table[col].null_count() == n:
            raise LogProblem("missing_column", f"the column {col!r} is empty", column=col)
    group_col = mapping.department or mapping.resource
    group = _text(table, group_col) if group_col else pl.Series("group", [None] * n, pl.String)
    times: dict[str, pl.Series] = {}
    for role, maybe in (("start", mapping.start), ("complete", mapping.complete)):
        col = maybe or ""
        if not col:
            times[role] = pl.Series(role, [None] * n, dtype=pl.Datetime("us", "UTC"))
            continue
        if table[col].null_count() == n:
            raise LogProblem("missing_column", f"the column {col!r} is empty", column=col)
        parsed = parse_column(table[col], timezone, mapping.date_format)
        for code, params in parsed.notes:
            warnings.append(LogWarning(code=code, params=params))
        if parsed.bad.len():
            bad_rows = base.select("row").with_columns(value=table[col].cast(pl.String))[parsed.bad]
            if parsed.bad.len() > MAX_BAD_SHARE * n:
                first = bad_rows.row(0, named=True)
                raise LogProblem(
                    "bad_timestamps",
                    f"{parsed.bad.len()} of {n} values in {col!r} are not dates "
                    f"(row {first['row']}: {str(first['value'])[:80]!r})",
                    column=col,
                    row=int(first["row"]),
                    value=str(first["value"])[:80],
                    count=int(parsed.bad.len()),
                    rows=_listed(bad_rows, "value"),
                )
            warnings.append(
                LogWarning(
                    code="bad_timestamps_dropped",
                    params={
                        "column": col,
                        "count": int(parsed.bad.len()),
                        "rows": ", ".join(str(r["row"]) for r in _listed(bad_rows, "value")),
                    },
                )
            )
        times[role] = parsed.values.alias(role)
    events = base.with_columns(
        start=times["start"], complete=times["complete"], group=group.alias("group")
    )
    bad_time_rows = set()
    for maybe, role in ((mapping.start, "start"), (mapping.complete, "complete")):
        if maybe:
            present = table[maybe].cast(pl.String).str.strip_chars().fill_null("") != ""
            bad_time_rows |= set(events.filter(present & events[role].is_null())["row"].to_list())
    negative = events.filter(pl.col("complete") < pl.col("start"))
    if negative.height:
        first = negative.row(0, named=True)
        raise LogProblem(
            "negative_duration",
            f"{negative.height} event(s) complete before they start "
            f"(row {first['row']}: {first['start']} > {first['complete']})",
            row=int(first["row"]),
            column=mapping.complete,
            count=negative.height,
            rows=[int(r) for r in negative["row"].head(LISTED_ROWS)],
        )
    no_case = (pl.col("case").is_null()) | (pl.col("activity").is_null())
    dropped = events.filter(no_case)
    if dropped.height:
        warnings.append(
            LogWarning(
                code="events_without_case_or_activity",
                params={"count": dropped.height, "rows": _rows_text(dropped)},
            )
        )
    events = events.filter(~no_case)
    untimed = events.filter(
        pl.col("start").is_null()
        & pl.col("complete").is_null()
        & ~pl.col("row").is_in(list(bad_time_rows))
    )
    if untimed.height:
        warnings.append(
            LogWarning(
                code="events_without_time",
                params={"count": untimed.height, "rows": _rows_text(untimed)},
            )
        )
    events = events.filter(pl.col("start").is_not_null() | pl.col("complete").is_not_null())
    if events.height == 0:
        raise LogProblem("no_events", "no row has a case, an activity and a timestamp")
    events = events.with_columns(
        ts=pl.coalesce("start", "complete"), end=pl.coalesce("complete", "start")
    ).sort(["case", "ts", "end", "row"])
    return events, warnings


def _text(table: pl.DataFrame, column: str) -> pl.Series:
    import polars as pl

    series = table[column].cast(pl.String).str.strip_chars()
    return series.replace("", None)


def _rows_text(frame: pl.DataFrame) -> str:
    rows = ", ".join(str(r) for r in frame["row"].head(LISTED_ROWS).to_list())
    return rows + (", …" if frame.height > LISTED_ROWS else "")


def _stat(values: pl.Series) -> Stat | None:
    values = values.drop_nulls()
    if values.len() == 0:
        return None
    return Stat(
        median=_num(values.median()),
        p90=_num(values.quantile(0.9, interpolation="linear")),
        mean=_num(values.mean()),
        n=values.len(),
    )


def _num(value: Any) -> float:
    number = float(value) if value is not None else 0.0
    return round(number, 6) if math.isfinite(number) else 0.0


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def analyse(
    events: pl.DataFrame, info: FileInfo, warnings: list[LogWarning], timezone: str = "UTC"
) -> EventLogAnalysis:
    import polars as pl

    minutes = 60_000_000.0  # microseconds
    has_both = events.select(
        (pl.col("start").is_not_null() & pl.col("complete").is_not_null()).any()
    ).item()
    events = events.with_columns(
        pos=pl.int_range(pl.len()).over("case"),
        processing=((pl.col("complete") - pl.col("start")).dt.total_microseconds() / minutes),
        waiting=(
            (pl.col("ts") - pl.col("end").shift(1).over("case")).dt.total_microseconds() / minutes
        ),
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

    per_activity = (
        events.group_by("activity")
        .agg(
            cases=pl.col("case").n_unique(),
            events=pl.len(),
            time=(pl.col("processing").fill_null(0) + pl.col("waiting").fill_null(0)).sum(),
            group=pl.col("group").drop_nulls().mode().sort().first(),
        )
        .sort("activity")
    )
    first_pos = (
        events.group_by(["case", "activity"])
        .agg(pos=pl.col("pos").min(), count=pl.len())
        .group_by("activity")
        .agg(
            position=pl.col("pos").median(),
            mean_position=pl.col("pos").mean(),
            rework_cases=(pl.col("count") > 1).sum(),
        )
    )
    # ties of the median (an optional step and the one after it) broken by the mean
    per_activity = per_activity.join(first_pos, on="activity").sort(
        ["position", "mean_position", "cases", "activity"], descending=[False, False, True, False]
    )
    processing = events.filter(pl.col("processing").is_not_null()).partition_by(
        "activity", as_dict=True
    )
    waiting = events.filter(pl.col("waiting").is_not_null()).partition_by("activity", as_dict=True)
    activities = []
    for row in per_activity.iter_rows(named=True):
        name = row["activity"]
        proc = processing.get((name,))
        wait = waiting.get((name,))
        activities.append(
            ActivityStats(
                name=name,
                department=row["group"],
                cases=row["cases"],
                events=row["events"],
                processing=_stat(proc["processing"]) if has_both and proc is not None else None,
                waiting=_stat(wait["waiting"]) if wait is not None else None,
                share_of_lead_time=_num(row["time"] / total_lead) if total_lead > 0 else 0.0,
                rework_cases=row["rework_cases"],
            )
        )

    variant_counts = (
        cases.with_columns(key=pl.col("trace").list.join(SEP))
        .group_by("key")
        .agg(cases=pl.len())
        .sort(["cases", "key"], descending=[True, False])
    )
    variants = [
        Variant(activities=key.split(SEP), cases=count, share=_num(count / n_cases))
        for key, count in variant_counts.head(TOP_VARIANTS).iter_rows()
    ]
    other = int(variant_counts["cases"].slice(TOP_VARIANTS).sum())

    transitions = _transitions(events)
    rework = _rework(variant_counts, n_cases)
    throughput = _throughput(cases, timezone)
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
        variants_total=variant_counts.height,
        variants_other_cases=other,
        transitions=transitions,
        rework=rework,
        throughput=throughput,
        warnings=warnings,
    )


def _transitions(events: pl.DataFrame) -> list[Transition]:
    """Directly-follows pairs, counted once per case that has them ("" is a case's start or
    end)."""
    import polars as pl

    pairs = events.select(
        "case",
        source=pl.col("activity").shift(1).over("case").fill_null(""),
        target=pl.col("activity"),
    )
    ends = (
        events.group_by("case")
        .agg(source=pl.col("activity").last())
        .with_columns(target=pl.lit(""))
    )
    counted = (
        pl.concat([pairs, ends.select("case", "source", "target")])
        .unique()
        .group_by(["source", "target"])
        .agg(cases=pl.len())
        .sort(["cases", "source", "target"], descending=[True, False, False])
    )
    return [Transition(source=s, target=t, cases=c) for s, t, c in counted.iter_rows()]


def _rework(variant_counts: pl.DataFrame, n_cases: int) -> Rework:
    """Loops from each variant (a few thousand at most, whatever the number of cases): every
    return to an activity is the loop from its previous occurrence to it."""
    loops: Counter[tuple[str, ...]] = Counter()
    rework_cases = 0
    for key, count in variant_counts.iter_rows():
        trace = key.split(SEP)
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
