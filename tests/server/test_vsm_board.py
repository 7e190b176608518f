"""The value-stream map through a real server: live analysis and table import."""

from __future__ import annotations

import io
import json
import time
import urllib.request

import pytest
from openpyxl import Workbook
from pycrdt import Map

from boards.vsm import layout
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start


def analysis(client: YClient) -> dict:  # type: ignore[type-arg]
    raw = client.doc.get("analysis", type=Map).get("json")
    return json.loads(raw) if raw else {}


async def test_every_participant_sees_the_same_figures_within_a_second(server: Server) -> None:
    setup = make_workshop(server, kind="vsm")
    editor, _ = setup.join("editor", "王")
    async with YClient(setup.ws(editor)) as ed, YClient(setup.ws(editor, "ledger")) as led:
        await ed.synced.wait()
        await led.synced.wait()
        started = time.monotonic()
        # 30 min wait + 10 min VA; 2 h wait + 1 h NNVA; 0.5 d (4 h) wait + 30 min waste
        layout.add_step(
            ed.doc,
            "current",
            "a",
            {"name": "接收", "wait_time": 30, "cycle_time": 10, "klass": "va"},
        )
        layout.add_step(
            ed.doc,
            "current",
            "b",
            {
                "name": "审批",
                "wait_time": 2,
                "wait_unit": "h",
                "cycle_time": 1,
                "cycle_unit": "h",
                "klass": "nnva",
            },
        )
        layout.add_step(
            ed.doc,
            "current",
            "c",
            {
                "name": "录入",
                "wait_time": 0.5,
                "wait_unit": "d",
                "cycle_time": 30,
                "klass": "waste",
            },
        )
        # lead = 30+10 + 120+60 + 240+30 = 490 min; VA = 10; PCE = 10/490 = 2.0408 %
        await led.wait_for(
            lambda: analysis(led).get("current", {}).get("lead_minutes") == 490, timeout=2
        )
        assert time.monotonic() - started < 1.0
        current = analysis(led)["current"]
        assert current["va_minutes"] == 10
        assert current["pce_pct"] == pytest.approx(100 * 10 / 490, abs=1e-3)
        assert current["bottleneck"] == "b"


def _post(
    setup: Setup, token: str, data: bytes, query: str = "", ctype: str = "text/csv"
) -> tuple[int, dict]:  # type: ignore[type-arg]
    request = urllib.request.Request(
        f"{setup.server.url}/api/boards/{setup.board_id}/import{query}",
        data=data,
        method="POST",
        headers={"authorization": f"Bearer {token}", "content-type": ctype},
    )
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def test_import_all_rows_or_nothing(server: Server) -> None:
    setup = make_workshop(server, kind="vsm")
    good = "步骤,部门,周期时间,周期单位,等待时间,等待单位,类别\n接收投诉,客服部,10,min,30,min,nnva\n信息核实,客服部,2,h,17,h,waste\n"
    bad = "name,cycle_time,klass\nok,5,va\nbroken,abc,va\nalso broken,5,zz\n"
    async with YClient(setup.ws(setup.facilitator)) as watcher:
        await watcher.synced.wait()
        status, body = _post(setup, setup.facilitator, bad.encode())
        assert status == 422 and body["code"] == "import_rejected"
        assert [(p["line"], p["code"]) for p in body["problems"]] == [
            (3, "invalid_number"),
            (4, "invalid_choice"),
        ]
        status, body = _post(
            setup,
            setup.facilitator,
            b"\x00\x01garbage\xff",
            ctype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        assert status == 422 and body["code"] == "unreadable_file"
        assert len(watcher.doc.get("current_order", type=layout.Array)) == 0
        status, body = _post(setup, setup.facilitator, good.encode("utf-8-sig"))
        assert (status, body) == (200, {"imported": 2, "state": "current", "notices": []})
        await watcher.wait_for(
            lambda: len(watcher.doc.get("current_order", type=layout.Array)) == 2
        )
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in (
            ["Step", "Department", "Cycle time", "Cycle unit", "Class", "%C&A"],
            # a cell formatted as 95 % holds 0.95: imported as 95 %, with a notice
            ["Reply to customer", "Customer service", 20, "min", "va", 0.95],
        ):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        status, body = _post(
            setup,
            setup.facilitator,
            buffer.getvalue(),
            "?state=future&replace=1",
            ctype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        assert (status, body["imported"], body["state"]) == (200, 1, "future")
        assert body["notices"] == [
            {"line": 2, "code": "pct_fraction", "field": "pct_ca", "value": "0.95"}
        ]
        await watcher.wait_for(lambda: len(watcher.doc.get("future_order", type=layout.Array)) == 1)
        (step,) = layout.steps(watcher.doc, "future").values()
        assert step["pct_ca"] == 95
    viewer, _ = setup.join("viewer", "v")
    status, body = _post(setup, viewer, good.encode())
    assert status == 403
