"""``vsm.map_from_data`` through a real server: the analysis in the ledger becomes steps that
every connected client receives; roles, a missing analysis and bad payloads are refused."""

from __future__ import annotations

import urllib.request

import pytest
from pycrdt import Doc, Map
from sqlmodel import Session

from boards.vsm import layout
from boards.vsm.read import read_snapshot
from exports.bpmn import NAMESPACES
from server import store
from server.db import make_engine
from tests.boards.eventlog_samples import first_log, second_log
from tests.exports.bpmn_support import tasks, valid
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio


def _store_analysis(server: Server, board_id: str, json: str, rev: int) -> None:
    """What the event-log import leaves in the ledger, written while the server is down (the
    ledger takes no peer's writes)."""
    ledger = Doc()
    with ledger.transaction():
        ledger.get("eventlog", type=Map).update({"json": json, "rev": rev})
    server.stop()
    engine = make_engine(f"sqlite:///{server.data_dir / 'obeya.db'}")
    with Session(engine) as session:
        store.append_updates(session, [(f"{board_id}/ledger", ledger.get_update())])
        session.commit()
    engine.dispose()
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
