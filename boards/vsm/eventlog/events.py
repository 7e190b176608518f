"""Events from a read table: the mapped columns as case, activity, times (UTC) and group,
every row that cannot be an event counted in a warning or refusing the file (a problem naming
the row and column)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import LogWarning, Mapping
from .readers import LogProblem
from .timestamps import parse_column

if TYPE_CHECKING:
    import polars as pl

LISTED_ROWS = 20  # bad rows named in a warning or problem
# more bad timestamps than this share of the rows: the column is the wrong one, or its format
MAX_BAD_SHARE = 0.05
MAX_ACTIVITIES = 500
SEP = "\x1f"  # analyse.py joins a variant's activities with it


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
            # the variant key's separator cannot stand in a name
            "activity": _text(table, mapping.activity).str.replace_all(SEP, " ", literal=True),
        }
    )
    for col in (mapping.case, mapping.activity):
        if table[col].null_count() == n:
            raise LogProblem("missing_column", f"the column {col!r} is empty", column=col)
    group_col = mapping.department or mapping.resource
    group = _text(table, group_col) if group_col else pl.Series("group", [None] * n, pl.String)
    times: dict[str, pl.Series] = {}
    bad_time_rows: set[int] = set()
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
        bad_time_rows.update(int(i) + 2 for i in parsed.bad)  # counted in their own warning
    events = base.with_columns(
        start=times["start"], complete=times["complete"], group=group.alias("group")
    )
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
    activities = events["activity"].n_unique()
    if activities > MAX_ACTIVITIES:
        # a ticket title or a free-text column mapped as the activity: no map to draw from it
        raise LogProblem(
            "too_many_activities",
            f"{activities} different activities in {mapping.activity!r} "
            f"(at most {MAX_ACTIVITIES}): is it the activity column?",
            column=mapping.activity,
            count=activities,
            limit=MAX_ACTIVITIES,
        )
    events = events.with_columns(
        ts=pl.coalesce("start", "complete"), end=pl.coalesce("complete", "start")
    ).sort(["case", "ts", "end", "row"])
    return events, warnings


def _text(table: pl.DataFrame, column: str) -> pl.Series:
    import polars as pl

    series = table[column]
    if series.dtype.is_float() and bool((series.drop_nulls() % 1 == 0).all()):
        series = series.cast(pl.Int64)  # a spreadsheet's ticket number 1001, not "1001.0"
    return series.cast(pl.String).str.strip_chars().replace("", None)


def _rows_text(frame: pl.DataFrame) -> str:
    rows = ", ".join(str(r) for r in frame["row"].head(LISTED_ROWS).to_list())
    return rows + (", …" if frame.height > LISTED_ROWS else "")
