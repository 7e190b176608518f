"""PDF export of the demo workshop, both languages, as a user gets it: time and memory.

    .venv/bin/python bench/export_bench.py [-n 5]

* **warm HTTP**: a real ``obeya serve`` that has already served one PDF export; ``n`` more
  exports per language over HTTP (wall time of the request, median and max).
* **cold CLI**: ``obeya export <id> -o report.pdf`` from a fresh process, wall time of the whole
  command, ``n`` times per language.
* **peak RSS**: the high-water mark (``VmHWM``) of every process involved: the server, the
  report worker(s) doing the rendering and their forks (``exports/split.py``), and for the CLI
  the command and its worker; and, in one more export per case, the largest memory the render
  processes hold at once (the sum of their PSS: a fork's pages shared with its worker counted
  once).

Nothing is cached between exports: every export renders the report afresh (the server has no
report cache). With ``--changed`` the workshop's title and process are edited before every
export (they are on the cover, the A3 and every page's header), so no export could be served
from any cache. Before each warm export the bench waits until the worker is idle (it
collects its garbage after answering): the figure is that of an export on a server that is
not busy. CPU time of the worker and the server is reported too: on a loaded machine wall
time says more about the neighbours than about the export.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from server import workshops  # noqa: E402
from server.db import make_engine, migrate  # noqa: E402
from tests.support.server import Server  # noqa: E402

OBEYA = ROOT / ".venv" / "bin" / "obeya"
LANGUAGES = ("zh-CN", "en")
MB = 1024 * 1024


def status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int, children: bool = False) -> float:
    """CPU time of ``pid``; with ``children``, plus that of its children it has waited for
    (a render worker's fork, exports/split.py)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def pss_kb(pid: int) -> int:
    """Proportional set size: shared pages (a fork's, copied on write) counted once in all."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except (OSError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        frontier = [p for p, parent in parents.items() if parent in frontier]
        found += frontier
    return found


class PeakWatch:
    """Samples VmHWM of a process tree until stopped (the high-water mark only grows, so a
    sample just before a process ends holds its peak); with ``pss``, also the largest sum of
    the root's descendants' PSS at one time: the memory the render processes (a worker and
    its fork) hold together, their shared pages counted once. Reading PSS walks the
    processes' page tables: it costs enough CPU to slow what it watches, so timed exports
    are watched without it and the memory pass is an export of its own."""

    def __init__(self, root: int, pss: bool = False) -> None:
        self.root, self.peaks, self.cpu, self.together_kb = root, {}, {}, 0
        self.pss, self.interval = pss, 0.02 if pss else 0.05
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    peaks: dict[int, int]
    cpu: dict[int, float]

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = descendants(self.root)
            for pid in [self.root, *tree]:
                hwm = status_kb(pid, "VmHWM")
                if hwm:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), hwm)
                    self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu_seconds(pid, True))
            if self.pss:
                self.together_kb = max(self.together_kb, sum(pss_kb(pid) for pid in tree))
            time.sleep(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def make_demos(db_url: str) -> dict[str, tuple[str, str]]:
    engine = make_engine(db_url)
    migrate(engine)
    with Session(engine) as session:
        made = {lang: workshops.create_demo(session, lang) for lang in LANGUAGES}
        ids = {lang: (c.workshop.id, c.token) for lang, c in made.items()}
        session.commit()
    engine.dispose()
    return ids


class Changes:
    """Edits the workshops' title and process between exports (``--changed``)."""

    def __init__(self, db_file: Path | None) -> None:
        self.db_file, self.run = db_file, 0

    def __call__(self, workshop_id: str) -> None:
        if self.db_file is None:
            return
        self.run += 1
        with sqlite3.connect(self.db_file) as db:
            db.execute(
                "UPDATE workshop SET title = substr(title, 1, 150) || ' #' || ?, "
                "process = ? || ' ' || substr(process, 1, 400) WHERE id = ?",
                (str(self.run), f"v{self.run}", workshop_id),
            )


def settle(pid: int, quiet: float = 0.3, limit: float = 15.0) -> None:
    """Wait until ``pid`` stops using CPU (a worker collects its garbage after answering)."""
    deadline = time.monotonic() + limit
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = cpu_seconds(pid)
        if now == last:
            return
        last = now


def http_export(server: Server, workshop_id: str, token: str) -> tuple[float, int]:
    request = urllib.request.Request(
        f"{server.url}/api/workshops/{workshop_id}/export/pdf",
        headers={"authorization": f"Bearer {token}"},
    )
    started = time.perf_counter()
    for attempt in range(4):
        try:
            with urllib.request.urlopen(request, timeout=300) as answer:
                body = answer.read()
            break
        except urllib.error.HTTPError as error:
            # a 503 asks to retry (a busy SQLite on a crowded machine); the wait counts
            if error.code != 503 or attempt == 3:
                raise SystemExit(f"export failed: {error.code} {error.read()[:500]!r}") from None
            print(f"  503 {error.read()[:120]!r}: retrying", flush=True)
            time.sleep(float(error.headers.get("Retry-After") or 1))
    assert body.startswith(b"%PDF"), body[:200]
    return time.perf_counter() - started, len(body)


def warm_http(
    tmp: Path, db_url: str, ids: dict[str, tuple[str, str]], n: int, change: Changes
) -> None:
    server = Server(tmp / "data", env={"OBEYA_DATABASE_URL": db_url}).start(timeout=60)
    try:
        assert server.process is not None
        watch = PeakWatch(server.process.pid)
        first, _ = http_export(server, *ids["zh-CN"])
        print(f"first export (starts and warms a worker): {first:.2f} s")
        tree = descendants(server.process.pid)
        worker = max(tree, key=lambda pid: status_kb(pid, "VmRSS")) if tree else 0
        server_pid = server.process.pid
        for lang in LANGUAGES:
            times, cpu, server_cpu, size = [], [], [], 0
            for _ in range(n):
                change(ids[lang][0])
                settle(worker)
                before, server_before = cpu_seconds(worker, True), cpu_seconds(server_pid)
                seconds, size = http_export(server, *ids[lang])
                times.append(seconds)
                cpu.append(cpu_seconds(worker, True) - before)
                server_cpu.append(cpu_seconds(server_pid) - server_before)
            print(
                f"warm HTTP  {lang:6} n={n}  median {statistics.median(times):.2f} s  "
                f"max {max(times):.2f} s  (CPU until the answer, median: worker "
                f"{statistics.median(cpu):.2f} s with its fork, server "
                f"{statistics.median(server_cpu):.2f} s; "
                f"{size / 1024:.0f} KiB)"
            )
        watch.stop()
        together = 0
        for lang in LANGUAGES:  # the memory pass: one more export each, PSS sampled
            settle(worker)
            memory = PeakWatch(server_pid, pss=True)
            http_export(server, *ids[lang])
            memory.stop()
            together = max(together, memory.together_kb)
        # report workers; not short helpers (a shell, ldconfig) under 20 MB
        workers = [p for p in watch.peaks if p != server_pid and watch.peaks[p] > 20 * 1024]
        print(f"peak RSS   server {watch.peaks[server_pid] / 1024:.0f} MB", end="")
        for pid in workers:
            print(
                f"; {'worker' if pid == worker else 'fork'} {pid} {watch.peaks[pid] / 1024:.0f} MB",
                end="",
            )
        print(f"; render processes together (PSS, one more export each) {together / 1024:.0f} MB")
    finally:
        server.stop()


def cold_cli(
    tmp: Path, db_url: str, ids: dict[str, tuple[str, str]], n: int, change: Changes
) -> None:
    for lang in LANGUAGES:
        walls, command_peak, worker_peak, worker_cpu, command_cpu = [], 0, 0, [], []
        together = 0
        for run in range(n + 1):  # the last, untimed, samples PSS
            memory_pass = run == n
            change(ids[lang][0])
            started = time.perf_counter()
            process = subprocess.Popen(
                [str(OBEYA), "export", ids[lang][0], "-o", str(tmp / "report.pdf")],
                env={**os.environ, "OBEYA_DATABASE_URL": db_url},
                stdout=subprocess.DEVNULL,
            )
            watch = PeakWatch(process.pid, pss=memory_pass)
            code = process.wait()
            wall = time.perf_counter() - started
            watch.stop()
            assert code == 0, f"obeya export exited with {code}"
            if memory_pass:
                together = watch.together_kb
                continue
            walls.append(wall)
            command_peak = max(command_peak, watch.peaks.get(process.pid, 0))
            command_cpu.append(watch.cpu.get(process.pid, 0.0))
            children = [pid for pid in watch.peaks if pid != process.pid]
            if children:  # the worker, the longest-lived: its CPU includes its fork's
                worker = max(children, key=lambda pid: watch.cpu[pid])
                worker_peak = max(worker_peak, watch.peaks[worker])
                worker_cpu.append(watch.cpu[worker])
        print(
            f"cold CLI   {lang:6} n={n}  median {statistics.median(walls):.2f} s  "
            f"max {max(walls):.2f} s  peak RSS: command {command_peak / 1024:.0f} MB, "
            f"its render worker {worker_peak / 1024:.0f} MB, worker and fork together (PSS, one more run) "
            f"{together / 1024:.0f} MB; CPU median: command "
            f"{statistics.median(command_cpu):.1f} s, worker {statistics.median(worker_cpu or [0]):.1f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=5, help="exports per language and mode [5]")
    parser.add_argument(
        "--changed", action="store_true", help="edit the workshops before every export"
    )
    parser.add_argument("--skip-cli", action="store_true", help="warm HTTP exports only")
    args = parser.parse_args()
    load = os.getloadavg()
    print(
        f"{platform.node()} {os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f}, "
        f"python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp}/bench.db"
        ids = make_demos(db_url)
        change = Changes(tmp / "bench.db" if args.changed else None)
        print("content changed before every export" if args.changed else "same content")
        warm_http(tmp, db_url, ids, args.n, change)
        if not args.skip_cli:
            cold_cli(tmp, db_url, ids, args.n, change)
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.1f} {load[1]:.1f}")


if __name__ == "__main__":
    main()
