"""Render the full demo workshop's report N times per language; print median and p95.

    .venv/bin/python bench/report_bench.py [-n 10]

The first render of a process builds what is cached across renders (Jinja templates, font
configuration) and is reported apart as ``cold``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session

from exports import render_pdf
from exports.pdf import render_html
from server import snapshots, workshops
from server.db import make_engine, migrate


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=10, help="renders per language [10]")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        migrate(engine)
        with Session(engine) as session:
            ids = {
                lang: workshops.create_demo(session, lang).workshop.id for lang in ("zh-CN", "en")
            }
            session.commit()
            started = time.perf_counter()
            data = {lang: snapshots.workshop_snapshot(session, wid) for lang, wid in ids.items()}
            snapshot_s = (time.perf_counter() - started) / len(ids)
        engine.dispose()
    print(f"snapshot build: {snapshot_s:.3f} s per workshop")
    started = time.perf_counter()
    render_pdf(data["zh-CN"])
    print(f"cold render (zh-CN, first in process): {time.perf_counter() - started:.2f} s")
    for lang, snapshot in data.items():
        html, total, size = [], [], 0
        for _ in range(args.n):
            t0 = time.perf_counter()
            render_html(snapshot)
            t1 = time.perf_counter()
            pdf = render_pdf(snapshot)
            t2 = time.perf_counter()
            html.append(t1 - t0)
            total.append(t2 - t1)
            size = len(pdf)
        print(
            f"{lang:6} n={args.n}  report median {statistics.median(total):.2f} s  "
            f"p95 {p95(total):.2f} s  (HTML+charts alone: median {statistics.median(html):.3f} s)  "
            f"{size / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
