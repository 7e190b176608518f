"""``vsm.map_from_data`` through a real server: the analysis in the ledger becomes steps that
every connected client receives; roles, a missing analysis and bad payloads are refused."""

from __future__ import annotations

import io
import time
import urllib.request

import anyio
import httpx
import pytest
from pycrdt import Doc, Map

from boards.vsm import layout
from boards.vsm.eventlog.model import EventLogAnalysis
from boards.vsm.fromdata import unit_for
from boards.vsm.read import read_snapshot
from exports.bpmn import NAMESPACES
from tests.boards.eventlog_samples import first_log, second_log
from tests.exports.bpmn_support import tasks, valid
from tests.support import eventlogs
from tests.support.server import Server
from tests.support.stored import editing_stored
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio


def _store_analysis(server: Server, board_id: str, json: str, rev: int) -> None:
    """What the event-log import leaves in the ledger, written while the server is down (the
    ledger takes no peer's writes), on top of the stored ledger so it supersedes earlier ones."""
    server.stop()
    with editing_stored(server.data_dir, f"{board_id}/ledger") as ledger, ledger.transaction():
        ledger.get("eventlog", type=Map).update({"json": json, "rev": rev})
    server.start()


def _bpmn(server: Server, setup: Setup) -> bytes:
    request = urllib.request.Request(
        f"{server.url}/api/workshops/{setup.workshop_id}/export/bpmn?board={setup.board_id}",
        headers={"authorization": f"Bearer {setup.facilitator}"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return bytes(answer.read())


def _names(doc: Doc) -> list[str]:
    return [s.name for s in read_snapshot(doc).current.steps]


async def test_the_map_is_drawn_from_the_ledgers_analysis_for_every_client(
    server: Server,
) -> None:
    setup: Setup = make_workshop(server, kind="vsm", language="en")
    editor, _ = setup.join("editor", "王")
    viewer, _ = setup.join("viewer", "李")
    status, body = setup.command(editor, "vsm.map_from_data", {"coverage": 0.9})
    assert status == 409 and body["code"] == "no_eventlog"

    _store_analysis(server, setup.board_id, first_log().model_dump_json(), 1)
    async with YClient(setup.ws(editor)) as ed, YClient(setup.ws(viewer)) as view:
        await ed.synced.wait()
        await view.synced.wait()
        status, body = setup.command(editor, "vsm.map_from_data", {"coverage": 0.9})
        assert status == 200, body
        result = body["result"]
        assert isinstance(result, dict)
        assert result["added"] == ["Receive", "Verify", "Approve", "Close"]
        assert result["coverage"] == 0.95
        expected = ["Receive", "Verify", "Approve", "Close"]
        await view.wait_for(lambda: _names(view.doc) == expected, timeout=5)
        await ed.wait_for(lambda: _names(ed.doc) == expected, timeout=5)
        approve = read_snapshot(view.doc).current.steps[2]
        assert (approve.routing_pct, approve.cycle_time, approve.wait_unit) == (30.0, 45.0, "h")

        # the team renames a step live; a newer log keeps the name and updates the figures
        verify_id = read_snapshot(ed.doc).current.steps[1].id
        layout.steps(ed.doc, "current")[verify_id]["name"] = "信息核实"
        await view.wait_for(lambda: "信息核实" in _names(view.doc), timeout=5)

    _store_analysis(server, setup.board_id, second_log().model_dump_json(), 2)
    async with YClient(setup.ws(viewer)) as view:
        await view.synced.wait()
        status, body = setup.command(setup.facilitator, "vsm.map_from_data", {"coverage": 1})
        assert status == 200, body
        assert body["result"]["missing"] == ["Close"]  # type: ignore[index]
        expected = ["Receive", "Check docs", "信息核实", "Approve", "Close"]
        await view.wait_for(lambda: _names(view.doc) == expected, timeout=5)
        verify = read_snapshot(view.doc).current.steps[2]
        assert (verify.cycle_time, verify.cycle_unit, verify.data_activity) == (2.0, "h", "Verify")

    # the board as the team left it before the command is a version in its history
    auth = {"authorization": f"Bearer {setup.facilitator}"}
    async with httpx.AsyncClient(base_url=server.url, headers=auth, timeout=30) as http:
        versions = (await http.get(f"/api/boards/{setup.board_id}/checkpoints")).json()
        before = [v for v in versions if v["reason"] == "command"]
        assert before, versions
        state = await http.get(f"/api/boards/{setup.board_id}/checkpoints/{before[0]['id']}")
    version = Doc()
    version.apply_update(state.content)
    assert _names(version) == ["Receive", "信息核实", "Approve", "Close"]

    # viewers may not draw the map; coverage outside 0.5 .. 1 is refused; nothing changes
    status, body = setup.command(viewer, "vsm.map_from_data", {"coverage": 0.9})
    assert status == 403
    for bad in ({"coverage": 0.2}, {"coverage": "all"}, {"coverage": 1.5}):
        status, body = setup.command(editor, "vsm.map_from_data", bad)
        assert status == 422 and body["code"] == "invalid_payload", body

    # the drawn map exports as BPMN with the steps from data
    root = valid(_bpmn(server, setup))
    assert tasks(root) == expected
    documentation = root.findtext(
        ".//bpmn:task[@name='Check docs']/bpmn:documentation", None, NAMESPACES
    )
    assert documentation is not None
    assert "From data: tickets-december.csv · cdcdcdcd" in documentation


async def test_an_unreadable_analysis_is_refused_and_changes_nothing(server: Server) -> None:
    setup = make_workshop(server, kind="vsm")
    _store_analysis(server, setup.board_id, '{"source": 1}', 1)
    status, body = setup.command(setup.facilitator, "vsm.map_from_data", {})
    assert status == 409 and body["code"] == "invalid_eventlog"
    async with YClient(setup.ws(setup.facilitator)) as client:
        await client.synced.wait()
        assert _names(client.doc) == []


def _import_log(setup: Setup, data: bytes) -> None:
    """Through the real event-log import: preview, the guessed mapping, the job to its end."""
    answer = httpx.post(
        f"{setup.server.url}/api/boards/{setup.board_id}/eventlog/preview",
        files={"file": ("工单导出.csv", data)},
        headers={"authorization": f"Bearer {setup.facilitator}"},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    shown = answer.json()
    status, started = setup.server.request(
        "POST",
        f"/api/boards/{setup.board_id}/eventlog/import",
        {"upload_id": shown["upload_id"], "mapping": shown["guess"]},
        token=setup.facilitator,
    )
    assert status == 202, started
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status, job = setup.server.request(
            "GET", f"/api/jobs/{started['job_id']}", token=setup.facilitator
        )
        if job["state"] in ("done", "failed"):
            assert job["state"] == "done", job
            return
        time.sleep(0.1)
    raise AssertionError("the import did not finish in 60 s")


async def test_from_a_ticket_export_to_the_map_and_bpmn(server: Server) -> None:
    """The whole way: a generated ticket log (30 % pass 审批, 20 % are sent back once, 信息核实
    waits 4 to 9.5 h) imported, the map drawn from it at 80 % coverage, exported as BPMN."""
    setup = make_workshop(server, kind="vsm")
    out = io.StringIO()
    eventlogs.write_csv(out, eventlogs.events(100))
    await anyio.to_thread.run_sync(_import_log, setup, out.getvalue().encode())
    async with (
        YClient(setup.ws(setup.facilitator)) as client,
        YClient(setup.ws(setup.facilitator, "ledger")) as ledger,
    ):
        await client.synced.wait()
        await ledger.synced.wait()
        analysis = EventLogAnalysis.model_validate_json(
            ledger.doc.get("eventlog", type=Map).get("json")
        )
        status, body = await anyio.to_thread.run_sync(
            setup.command, setup.facilitator, "vsm.map_from_data", {"coverage": 0.8}
        )
        assert status == 200, body
        # 60 % take the dominant path, 20 % add 审批: 80 %; 退回 (20 %) stays off the map
        assert body["result"]["coverage"] == 0.8 and body["result"]["variants"] == 2  # type: ignore[index]
        expected = ["受理", "信息核实", "审批", "处理", "回访"]
        await client.wait_for(lambda: _names(client.doc) == expected, timeout=5)
        steps = {s.name: s for s in read_snapshot(client.doc).current.steps}
        assert steps["审批"].routing_pct == 30.0
        assert {s.routing_pct for n, s in steps.items() if n != "审批"} == {100.0}
        assert steps["信息核实"].department == "风控部" and steps["处理"].department == "运营部"
        verify = steps["信息核实"]
        assert verify.wait_unit == "h" and verify.wait_time is not None
        assert 4 <= verify.wait_time <= 9.5  # the planted queue
        for step in steps.values():
            stats = next(a for a in analysis.activities if a.name == step.name)
            assert stats.processing is not None
            assert (step.cycle_time, step.cycle_unit) == unit_for(stats.processing.median)
            assert step.data_activity == step.name and step.time_basis == "calendar"
            assert step.data_source.startswith("工单导出.csv · ")
    body_bytes = await anyio.to_thread.run_sync(_bpmn, server, setup)
    root = valid(body_bytes)
    assert tasks(root) == expected
    lanes = [lane.get("name") for lane in root.iterfind(".//bpmn:lane", NAMESPACES)]
    assert lanes == ["客服部", "风控部", "运营部"]
    flows = {f.get("name") for f in root.iterfind(".//bpmn:sequenceFlow", NAMESPACES)}
    assert {"30 %", "70 %"} <= flows
