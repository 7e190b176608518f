"""Health, readiness, OpenAPI, graceful shutdown, structured logs, the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pycrdt import Text

from server import api, eventlog, history_api, imports, openapi, pilot_page, removal, reports
from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio


def test_health_readiness_and_openapi(server: Server) -> None:
    assert server.request("GET", "/healthz") == (200, {"status": "ok"})
    assert server.request("GET", "/readyz") == (200, {"status": "ok"})
    status, doc = server.request("GET", "/api/openapi.json")
    assert status == 200 and doc["openapi"].startswith("3.")
    documented = {(m.upper(), path) for path, ops in doc["paths"].items() for m in ops}
    routes = [
        *api.routes,
        *history_api.routes,
        *pilot_page.routes,
        *imports.routes,
        *eventlog.routes,
        *reports.routes,
        *removal.routes,
    ]
    served = {(m, r.path) for r in routes for m in (r.methods or ()) if m != "HEAD"}
    assert served <= documented, f"undocumented routes: {served - documented}"
    assert doc["components"]["schemas"]["WorkshopIn"]["properties"]["language"]


def test_readme_lists_every_route() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for _, path, *_ in openapi.OPERATIONS:
        assert path in readme, f"README does not list {path}"


def test_http_errors_are_problem_details(server: Server) -> None:
    status, body = server.request("GET", "/api/nothing-here")
    assert status == 404 and body["status"] == 404 and body["type"].startswith("https://")
    status, body = server.request("POST", "/api/workshops", {"title": ""})
    assert status == 422 and body["code"] == "invalid_body"


async def test_graceful_shutdown_closes_sockets_with_1001_and_keeps_data(server: Server) -> None:
    setup = make_workshop(server)
    async with YClient(setup.ws(setup.facilitator)) as c:
        await c.synced.wait()
        c.doc.get("text", type=Text).insert(0, "保存我")
        async with YClient(setup.ws(setup.facilitator)) as d:
            await d.wait_for(lambda: str(d.doc.get("text", type=Text)) == "保存我")
            assert server.stop(signal.SIGTERM) in (0, -signal.SIGTERM)  # uvicorn re-raises it
            assert await d.wait_closed() == 1001
    lines = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    assert {"connection open", "connection closed"} <= {line["msg"] for line in lines}
    server.start()
    async with YClient(setup.ws(setup.facilitator)) as again:
        await again.synced.wait()
        assert str(again.doc.get("text", type=Text)) == "保存我"


def test_cli_demo_prints_a_working_link(tmp_path: Path) -> None:
    obeya = Path(sys.executable).parent / "obeya"
    out = subprocess.run(
        [str(obeya), "demo", "--data-dir", str(tmp_path), "--language", "en"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "/w/" in out and "/join#" in out
    srv = Server(tmp_path).start()
    try:
        workshop_id = out.split("/w/")[1].split("/")[0]
        status, view = srv.request("GET", f"/api/workshops/{workshop_id}", token=out.split("#")[1])
        assert status == 200 and view["title"] == "Customer complaint handling improvement"
    finally:
        srv.stop()


def test_demo_start_prints_the_facilitator_link_but_never_logs_it(tmp_path: Path) -> None:
    srv = Server(tmp_path, env={"OBEYA_DEMO": "true"})
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        srv.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "obeya"), "serve", "--port", str(srv.port)],
            env={**os.environ, "OBEYA_DATA_DIR": str(tmp_path), "OBEYA_DEMO": "true"},
            stdout=stdout,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + 20
            while "/join#" not in out.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            srv.stop()
    printed = out.read_text()
    token = printed.split("/join#")[1].split()[0]
    assert printed.count(token) == 1
    logged = err.read_text()
    assert "demo workshop created" in logged and token not in logged
    workshop_id = printed.split("/w/")[1].split("/")[0]
    again = Server(tmp_path).start()
    try:
        status, view = again.request("GET", f"/api/workshops/{workshop_id}", token=token)
        assert status == 200 and view["title"]
    finally:
        again.stop()
