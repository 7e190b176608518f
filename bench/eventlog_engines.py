"""The core steps of the event-log analysis with pandas and with polars, on the CSV that
``bench/eventlog_bench.py --csv tickets.csv`` generates: read, parse both times (naive, Asia/Shanghai
-> UTC), sort by case and time, per-activity median/p90 of processing and waiting, variants.

    .venv/bin/python bench/eventlog_engines.py polars|pandas tickets.csv
"""

import resource
import sys
import time

which, path = sys.argv[1], sys.argv[2]
t0 = time.time()
if which == "pandas":
    import pandas as pd

    df = pd.read_csv(path, dtype=str)
    for c in ("开始时间", "完成时间"):
        df[c] = (
            pd.to_datetime(df[c], format="%Y-%m-%d %H:%M:%S", errors="coerce")
            .dt.tz_localize("Asia/Shanghai")
            .dt.tz_convert("UTC")
        )
    df = df.sort_values(["工单号", "开始时间"], kind="stable")
    df["proc"] = (df["完成时间"] - df["开始时间"]).dt.total_seconds() / 60
    prev = df.groupby("工单号")["完成时间"].shift(1)
    df["wait"] = (df["开始时间"] - prev).dt.total_seconds() / 60
    g = df.groupby("环节")
    stats = g[["proc", "wait"]].agg(["median", lambda s: s.quantile(0.9)])
    variants = df.groupby("工单号")["环节"].agg(tuple).value_counts()
else:
    import polars as pl

    df = pl.read_csv(path, infer_schema=False)
    df = df.with_columns(
        [
            pl.col(c)
            .str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
            .dt.replace_time_zone("Asia/Shanghai")
            .dt.convert_time_zone("UTC")
            for c in ("开始时间", "完成时间")
        ]
    )
    df = df.sort(["工单号", "开始时间"])
    df = df.with_columns(
        proc=(pl.col("完成时间") - pl.col("开始时间")).dt.total_seconds() / 60,
        wait=(pl.col("开始时间") - pl.col("完成时间").shift(1).over("工单号")).dt.total_seconds()
        / 60,
    )
    stats = df.group_by("环节").agg(
        pl.col("proc").median().alias("a"),
        pl.col("proc").quantile(0.9).alias("b"),
        pl.col("wait").median().alias("c"),
        pl.col("wait").quantile(0.9).alias("d"),
    )
    variants = df.group_by("工单号").agg(pl.col("环节").str.join("|")).group_by("环节").len()
print(
    which,
    round(time.time() - t0, 2),
    "s",
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "MB",
    len(variants),
)
