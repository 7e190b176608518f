"""Why the import runs in a child process: an event loop's latency while the same process
imports an event log in a worker thread (what the server would suffer without the child).

    .venv/bin/python bench/eventlog_thread_probe.py tickets.csv

A timer on the event loop asks to wake every 20 ms and records how late it wakes, first idle,
then while ``import_log`` runs in ``asyncio.to_thread``. Prints p50/p99/max lateness of each.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from boards.vsm.eventlog.analyse import FileInfo, import_log
from boards.vsm.eventlog.columns import guess
from boards.vsm.eventlog.readers import preview


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"n={len(values)} p50={statistics.median(values):.1f} p99={p99:.1f} max={max(values):.1f} ms"


async def main(path: Path, size: int) -> None:
    shown = preview(path, path.name)
    info = FileInfo(path.name, size, "", shown.format, "bench")
    late: dict[str, list[float]] = {"idle": [], "thread": []}
    phase = "idle"
    done = False

    async def ticker() -> None:
        while not done:
            began = time.perf_counter()
            await asyncio.sleep(0.02)
            late[phase].append((time.perf_counter() - began - 0.02) * 1000)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(2)
    phase = "thread"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        await asyncio.to_thread(
            import_log, path, info, guess(shown.columns), "Asia/Shanghai", Path(scratch)
        )
    elapsed = time.perf_counter() - started
    done = True
    await task
    print(f"import in a thread: {elapsed:.1f} s")
    for name, values in late.items():
        print(f"event loop lateness, {name}: {summary(values)}")


if __name__ == "__main__":
    log = Path(sys.argv[1])
    asyncio.run(main(log, log.stat().st_size))
