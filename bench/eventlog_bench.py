"""Event-log import benchmark (issue 20): a generated log of ~1,000,000 events (100,000 cases)
uploaded to a real server, previewed and imported, while two pycrdt clients in another room
echo an edit to each other every 20 ms.

    .venv/bin/python bench/eventlog_bench.py [--cases 100000] [--extra 6] [--json out.json]

Reports: wall time of the import (POST import -> job done, and upload + preview apart), peak
RSS of the analysing (child) process and of the server process, and the other room's echo
latency (p50/p99/max) before and during the import. Targets: import <= 15 s, child peak
<= 1.5 GB, the other room's p99 not much above idle.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from pycrdt import Map

from tests.support import eventlogs
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def vm_hwm(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(x for x in status.splitlines() if x.startswith("VmHWM:")).split()[1]) * 1024


class Echo:
    """Two peers in one room: A writes a counter, B waits to see it; the latency of each."""

    def __init__(self, setup: Setup) -> None:
        self.setup = setup
        self.samples: list[tuple[str, float]] = []
        self.phase = "idle"
        self.stop = False

    async def run(self) -> None:
        url = self.setup.ws(self.setup.facilitator)
        async with YClient(url) as a, YClient(url) as b:
            await a.synced.wait()
            await b.synced.wait()
            sent, seen = a.doc.get("echo", type=Map), b.doc.get("echo", type=Map)
            i = 0
            while not self.stop:
                i += 1
                started = time.perf_counter()
                sent["n"] = i
                await b.wait_for(lambda n=i: seen.get("n") == n, timeout=30)
                self.samples.append((self.phase, (time.perf_counter() - started) * 1000))
                await asyncio.sleep(0.02)

    def summary(self, phase: str) -> dict[str, float]:
        values = [ms for p, ms in self.samples if p == phase]
        return {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1) if values else float("nan"),
            "p99_ms": round(percentile(values, 0.99), 1),
            "max_ms": round(max(values), 1) if values else float("nan"),
        }


def upload(setup: Setup, path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        answer = httpx.post(
            f"{setup.server.url}/api/boards/{setup.board_id}/eventlog/preview",
            files={"file": (path.name, f)},
            headers={"authorization": f"Bearer {setup.facilitator}"},
            timeout=300,
        )
    answer.raise_for_status()
    return dict(answer.json())


async def main_async(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    path = args.csv or work / "tickets.csv"
    started = time.perf_counter()
    if not (args.csv and args.csv.exists()):  # an existing --csv file is imported as it is
        eventlogs.write_csv(
            path, eventlogs.events(args.cases, extra=args.extra, spacing_minutes=0.45)
        )
    events = sum(1 for _ in path.open(encoding="utf-8")) - 1
    print(f"generated {events} events in {time.perf_counter() - started:.1f} s", flush=True)
    server = Server(
        work / "data",
        env={
            "OBEYA_MAX_EVENTLOG_BYTES": str(512 * 1_048_576),
            "OBEYA_MAX_IMPORTS_PER_MINUTE": "1000",
            "OBEYA_MAX_IMPORT_BURST": "1000",
            "OBEYA_EVENTLOG_NICENESS": str(args.niceness),
        },
    ).start()
    try:
        target = make_workshop(server, kind="vsm")
        busy = make_workshop(server, kind="notes")
        echo = Echo(busy)
        task = asyncio.create_task(echo.run())
        await asyncio.sleep(3)
        echo.phase = "upload"
        started = time.perf_counter()
        shown = await asyncio.to_thread(upload, target, path)
        upload_s = time.perf_counter() - started
        echo.phase = "import"
        started = time.perf_counter()
        status, job = server.request(
            "POST",
            f"/api/boards/{target.board_id}/eventlog/import",
            {"upload_id": shown["upload_id"], "mapping": shown["guess"]},
            token=target.facilitator,
        )
        assert status == 202, job
        stages: dict[str, float] = {}
        while True:
            status, state = await asyncio.to_thread(
                server.request, "GET", f"/api/jobs/{job['job_id']}", None, target.facilitator
            )
            stages.setdefault(state["stage"], round(time.perf_counter() - started, 2))
            if state["state"] in ("done", "failed"):
                break
            await asyncio.sleep(0.1)
        import_s = time.perf_counter() - started
        echo.phase = "after"
        await asyncio.sleep(2)
        echo.stop = True
        await task
        assert state["state"] == "done", state
        line = next(x for x in server.log().splitlines() if "eventlog imported" in x)
        logged = json.loads(line)
        assert server.process is not None
        return {
            "events": events,
            "cases": args.cases,
            "file_bytes": path.stat().st_size,
            "upload_preview_s": round(upload_s, 2),
            "import_s": round(import_s, 2),
            "stages_reached_at_s": stages,
            "niceness": args.niceness,
            "worker_peak_rss_mb": round(int(logged["peak_rss"]) / 1_048_576),
            "server_peak_rss_mb": round(vm_hwm(server.process.pid) / 1_048_576),
            "echo": {p: echo.summary(p) for p in ("idle", "upload", "import", "after")},
        }
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--extra", type=int, default=6, help="extra steps per case (~10.7 events)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--niceness", type=int, default=10, help="of the import process")
    parser.add_argument(
        "--csv", type=Path, help="write (and keep) the generated log here, or reuse it"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="obeya-eventlog-bench-") as work:
        result = asyncio.run(main_async(args, Path(work)))
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text)
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"load average at the end: {' '.join(load)}")


if __name__ == "__main__":
    main()
