"""Concurrent PDF exports against a real ``obeya serve``: rendered in worker processes, a
bounded number at once, the rest told when to come back (503 ``exports_busy``)."""

from __future__ import annotations

import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.exports.helpers import download as get
from tests.support.server import Server, running
from tests.support.workshop import make_workshop

WORKERS, QUEUE = 1, 1


def descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled_cpu_seconds(pid: int) -> float:
    """The process's CPU time once it has stopped rising for a moment."""
    last, deadline = cpu_seconds(pid), time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = cpu_seconds(pid)
        if now == last:
            break
        last = now
    return last


def running_process(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def maps_renderer(pid: int) -> bool:
    try:
        return "libpango" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:  # ended meanwhile
        return False


def test_five_exports_at_once_are_bounded(tmp_path: Path) -> None:
    env = {"OBEYA_EXPORT_WORKERS": str(WORKERS), "OBEYA_EXPORT_QUEUE": str(QUEUE)}
    with running(tmp_path / "data", env=env) as server:
        setup = make_workshop(server, kind="raci")
        path = f"/api/workshops/{setup.workshop_id}/export/pdf"
        assert server.process is not None
        with ThreadPoolExecutor(5) as threads:
            burst = [threads.submit(get, server, path, setup.facilitator) for _ in range(5)]
            # the server answers others while the reports are being made
            status, view = server.request(
                "GET", f"/api/workshops/{setup.workshop_id}", token=setup.facilitator
            )
            assert status == 200 and view["id"] == setup.workshop_id
            assert not all(f.done() for f in burst)
            answers = [f.result() for f in burst]
        renderers = [p for p in descendants(server.process.pid) if maps_renderer(p)]
        made = [body for status, _, body in answers if status == 200]
        busy = [(headers, json.loads(body)) for status, headers, body in answers if status == 503]
        assert len(made) + len(busy) == 5, [a[:2] for a in answers]
        assert made and all(body.startswith(b"%PDF") for body in made)
        # one rendering and one waiting: the other three are told when to come back
        assert len(made) <= WORKERS + QUEUE and len(busy) >= 5 - WORKERS - QUEUE
        for headers, problem in busy:
            assert problem["code"] == "exports_busy" and problem["status"] == 503
            retry_after = {k.lower(): v for k, v in headers.items()}["retry-after"]
            assert int(retry_after) == problem["retry_after"] >= 1
            assert "try again" in problem["detail"]
        # the server itself never loads the renderer; at most WORKERS processes do
        assert not maps_renderer(server.process.pid)
        assert 1 <= len(renderers) <= WORKERS
        assert renderers[0] != os.getpid()
        # once the burst is over, the next export is served
        status, _, body = get(server, path, setup.facilitator)
        assert status == 200 and body.startswith(b"%PDF")


def test_other_formats_are_not_queued(server: Server) -> None:
    """Markdown, CSV and the snapshot are light: served in the server, never refused."""
    setup = make_workshop(server, kind="raci")
    with ThreadPoolExecutor(6) as threads:
        answers = list(
            threads.map(
                lambda fmt: get(
                    server, f"/api/workshops/{setup.workshop_id}/export/{fmt}", setup.facilitator
                ),
                ["md", "zip", "json"] * 2,
            )
        )
    assert [status for status, _, _ in answers] == [200] * 6
    assert not maps_renderer(server.process.pid if server.process else 0)
    status, spec = server.request("GET", "/api/openapi.json")
    export = spec["paths"]["/api/workshops/{workshop_id}/export/{fmt}"]["get"]
    assert status == 200 and "Retry-After" in export["responses"]["503"]["headers"]


def test_a_worker_killed_mid_render_fails_one_export(tmp_path: Path) -> None:
    """The kernel's OOM killer, simulated: that export gets 503 export_failed, the server
    and the next export are fine."""
    with running(tmp_path / "data", env={"OBEYA_EXPORT_WORKERS": "1"}) as server:
        # The demo's report takes seconds of CPU to render, so the kill lands mid-render.
        status, created = server.request(
            "POST", "/api/workshops", {"title": "投诉处理工作坊", "language": "zh-CN", "demo": True}
        )
        assert status == 201, created
        token = created["token"]
        path = f"/api/workshops/{created['id']}/export/pdf"
        assert server.process is not None
        assert get(server, path, token)[0] == 200  # a warm worker now waits
        (worker,) = [p for p in descendants(server.process.pid) if maps_renderer(p)]
        with ThreadPoolExecutor(1) as threads:
            idle = settled_cpu_seconds(worker)  # the worker collects after it has answered
            pending = threads.submit(get, server, path, token)
            deadline = time.monotonic() + 60
            forks: list[int] = []
            while not forks and time.monotonic() < deadline:
                forks = descendants(worker)  # it renders half the report in a fork of itself
                time.sleep(0.005)
            assert forks, "the worker never forked"
            while cpu_seconds(worker) < idle + 0.3 and time.monotonic() < deadline:
                time.sleep(0.02)  # until it is busy rendering
            os.kill(worker, signal.SIGKILL)
            gone_by = time.monotonic() + 0.5  # the fork has a second of its half left
            while time.monotonic() < gone_by and any(running_process(f) for f in forks):
                time.sleep(0.01)
            # ... but it ends with the worker, not rendering for nobody
            assert not [f for f in forks if running_process(f)]
            status, headers, body = pending.result()
        problem = json.loads(body)
        assert status == 503 and problem["code"] == "export_failed", problem
        assert {k.lower(): v for k, v in headers.items()}["retry-after"] == "1"
        status, _, body = get(server, path, token)
        assert status == 200 and body.startswith(b"%PDF")
        assert worker not in descendants(server.process.pid)


def test_an_idle_worker_leaves_and_the_next_export_starts_one(tmp_path: Path) -> None:
    env = {"OBEYA_EXPORT_WORKERS": "1", "OBEYA_EXPORT_WORKER_IDLE_SECONDS": "2"}
    with running(tmp_path / "data", env=env) as server:
        setup = make_workshop(server, kind="raci")
        path = f"/api/workshops/{setup.workshop_id}/export/pdf"
        assert server.process is not None
        assert get(server, path, setup.facilitator)[0] == 200
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not [p for p in descendants(server.process.pid) if maps_renderer(p)]:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the idle report worker did not exit")
        status, _, body = get(server, path, setup.facilitator)
        assert status == 200 and body.startswith(b"%PDF")
