"""Where a large board's main-thread time goes: Chromium's sampling profiler (CDP ``Profiler``)
over the board's load and over a remote-edit phase, summed per function.

    .venv/bin/python bench/browser_profile.py --keep /tmp/boards --boards ideas [--top 25]

Reuses the boards ``browser_bench.py --keep DIR`` built. Build the client unminified first
(``cd client && OBEYA_NO_MINIFY=1 npm run build``) so the functions keep their names. Prints,
per board and phase, the functions with the most self time and the most total time (time with
everything they called), in ms of samples; with ``--trace`` the remote phase is a timeline
trace instead, summed per event (style recalculation, layout, paint, script).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_bench as bench
from playwright.sync_api import CDPSession, Page, sync_playwright

from tests.support.server import Server


def summarise(profile: dict[str, Any], top: int, busy: float = 0) -> str:
    """With ``busy`` (ms), only the stretches of the main thread busy that long without an idle
    sample: what the long tasks are made of."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent: dict[int, int] = {}
    for n in profile["nodes"]:
        for child in n.get("children", []):
            parent[child] = n["id"]
    deltas = profile["timeDeltas"]
    samples = profile["samples"]
    ms_of = [(deltas[i + 1] if i + 1 < len(deltas) else 0) / 1000 for i in range(len(samples))]
    kept = [not busy] * len(samples)
    stretches = 0
    if busy:
        idle = {n["id"] for n in profile["nodes"] if n["callFrame"]["functionName"] == "(idle)"}
        start, length = 0, 0.0
        for i, sample in enumerate([*samples, None]):
            if sample is None or sample in idle:
                for j in range(start, i):
                    kept[j] = length >= busy
                stretches += length >= busy
                start, length = i + 1, 0.0
            else:
                length += ms_of[i]
    dt: dict[int, float] = defaultdict(float)
    for i, sample in enumerate(samples):
        if kept[i]:
            dt[sample] += ms_of[i]

    def name(node: dict[str, Any]) -> str:
        f = node["callFrame"]
        where = f["url"].rsplit("/", 1)[-1]
        return f"{f['functionName'] or '(anonymous)'} {where}:{f['lineNumber'] + 1}"

    self_ms: dict[str, float] = defaultdict(float)
    total_ms: dict[str, float] = defaultdict(float)
    for node_id, ms in dt.items():
        self_ms[name(nodes[node_id])] += ms
        seen = set()
        walk: int | None = node_id
        while walk is not None:
            label = name(nodes[walk])
            if label not in seen:  # recursion counts once
                total_ms[label] += ms
                seen.add(label)
            walk = parent.get(walk)
    lines = [f"  sampled {sum(dt.values()):.0f} ms"]
    if busy:
        lines[0] += f" in {stretches} stretches busy over {busy:.0f} ms"
    lines.append("  self:")
    for label, ms in sorted(self_ms.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"    {ms:8.1f}  {label}")
    lines.append("  total:")
    for label, ms in sorted(total_ms.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"    {ms:8.1f}  {label}")
    return "\n".join(lines)


def timeline(trace: bytes, top: int) -> str:
    """Main-thread time per trace event (style, layout, paint, script...) from a Chromium
    trace: the native work a CPU profile shows only as "(program)". Nested events count in
    each of their enclosing events too, so the sums overlap."""
    events = json.loads(trace)
    events = events["traceEvents"] if isinstance(events, dict) else events
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for e in events:
        if e.get("ph") == "X" and (e.get("pid"), e.get("tid")) in main and "dur" in e:
            sums[e["name"]] += e["dur"] / 1000
            counts[e["name"]] += 1
    lines = ["  timeline (main thread, ms, count):"]
    for label, ms in sorted(sums.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"    {ms:8.1f}  {counts[label]:6d}  {label}")
    lines.extend(long_tasks(events, main))
    return "\n".join(lines)


# a main-thread task's own event, by Chromium version
TASKS = {"RunTask", "ThreadControllerImpl::RunTask"}


def long_tasks(events: list[dict[str, Any]], main: set[tuple[Any, Any]]) -> list[str]:
    """Each main-thread task over 50 ms and what filled it: the events directly inside it (an
    animation frame's callbacks, an event's dispatch, a GC, layout, paint), largest first."""
    spans = sorted(
        (
            e
            for e in events
            if e.get("ph") == "X" and (e.get("pid"), e.get("tid")) in main and "dur" in e
        ),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    tasks = [e for e in spans if e["name"] in TASKS and e["dur"] > 50_000]
    lines = [f"  tasks over 50 ms: {len(tasks)}"]
    for task in tasks:
        end = task["ts"] + task["dur"]
        inside: dict[str, float] = defaultdict(float)
        covered = task["ts"]  # direct children only: skip what an earlier child encloses
        for e in spans:
            if e is task or e["ts"] < task["ts"] or e["ts"] >= end or e["ts"] < covered:
                continue
            inside[e["name"]] += e["dur"] / 1000
            covered = e["ts"] + e["dur"]
        parts = ", ".join(
            f"{name} {ms:.0f}" for name, ms in sorted(inside.items(), key=lambda kv: -kv[1])[:6]
        )
        lines.append(f"    {task['dur'] / 1000:6.0f} ms: {parts}")
    return lines


def start(cdp: CDPSession) -> None:
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 250})
    cdp.send("Profiler.start")


def stop(cdp: CDPSession) -> dict[str, Any]:
    return cdp.send("Profiler.stop")["profile"]  # type: ignore[no-any-return]


def profile_board(page: Page, server: Server, built: dict[str, Any], kind: str, args: Any) -> None:
    cdp = page.context.new_cdp_session(page)
    url = bench.board_url(server, built, kind)
    page.goto(f"{server.url}/", wait_until="load")  # same origin: the session survives goto
    start(cdp)
    ready = bench.ready_ms(page, url)
    load = stop(cdp)
    print(f"== {kind}: load (ready {ready:.0f} ms)")
    print(summarise(load, args.top))
    if args.trace:
        browser = page.context.browser
        assert browser is not None
        browser.start_tracing(page=page, categories=["devtools.timeline", "toplevel"])
        phase = bench.remote_phase(page, server, built, kind, args.rate, args.duration)
        print(f"== {kind}: remote phase {json.dumps(phase)}")
        print(timeline(browser.stop_tracing(), args.top))
    else:
        start(cdp)
        phase = bench.remote_phase(page, server, built, kind, args.rate, args.duration)
        remote = stop(cdp)
        print(f"== {kind}: remote phase {json.dumps(phase)}")
        print(summarise(remote, args.top))
        if args.busy:
            print(summarise(remote, args.top, args.busy))
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="boards built by browser_bench")
    parser.add_argument("--boards", default=",".join(bench.KINDS), type=lambda v: v.split(","))
    parser.add_argument("--duration", type=float, default=6.0)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--busy",
        type=float,
        default=0,
        help="also sum only the stretches busy this many ms without idling (the long tasks)",
    )
    parser.add_argument(
        "--trace", action="store_true", help="remote phase: a timeline trace, not a CPU profile"
    )
    args = parser.parse_args()
    built = json.loads((args.keep / "built.json").read_text())
    server = Server(args.keep).start(timeout=90)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS
            )
            context = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900})
            context.add_init_script(bench.PROBE)
            first = context.new_page()
            bench.join(first, server, built)
            first.close()
            for kind in args.boards:
                page = context.new_page()
                bench.ready_ms(page, bench.board_url(server, built, kind))  # warm the cache
                page.close()
                page = context.new_page()
                started = time.monotonic()
                profile_board(page, server, built, kind, args)
                bench.log(f"{kind} profiled in {time.monotonic() - started:.0f} s")
                page.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
