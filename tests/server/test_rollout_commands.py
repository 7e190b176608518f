"""Roll-out commands through the real server: the decision reads the workshop's pilot board
(the declared ``reads``, ``ctx.related``) and no other workshop's; a wave goes live; a sustain
reading from the pilot link lands once on the control chart."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pycrdt import Map

from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio
TODAY = datetime.now(UTC).date()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def add_board(setup: Setup, kind: str, title: str) -> str:
    status, board = setup.server.request(
        "POST",
        f"/api/workshops/{setup.workshop_id}/boards",
        {"kind": kind, "title": title},
        token=setup.facilitator,
    )
    assert status == 201, board
    return str(board["id"])


def board(setup: Setup, board_id: str, token: str | None = None) -> dict[str, Any]:
    status, body = setup.server.request(
        "GET", f"/api/boards/{board_id}", token=token or setup.facilitator
    )
    assert status == 200, body
    return body


async def test_decide_reads_the_pilot_and_a_reading_shows_once_on_the_chart(
    server: Server,
) -> None:
    setup = make_workshop(server, kind="pilot")
    pilot_id = setup.board_id
    async with YClient(setup.ws(setup.facilitator)) as c:
        await c.synced.wait()
        c.doc.get("pilot", type=Map).update(
            {"name": "投诉试点", "start": day(-20), "end": day(-10)}
        )
        c.doc.get("kpis", type=Map)["k1"] = Map(
            {"name": "处理时长", "unit": "h", "better": "lower", "min": 0.0, "max": 500.0}
        )
        async with YClient(setup.ws(setup.facilitator)) as check:
            await check.wait_for(lambda: "k1" in check.doc.get("kpis", type=Map))
    field, _ = setup.join("pilot", "试点专员")
    for i, value in enumerate([40.0, 34.0, 36.0]):
        status, _ = setup.command(
            field,
            "pilot.reading",
            {
                "submission_id": f"pilot-000{i}",
                "kpi_id": "k1",
                "date": day(-15 + i),
                "value": value,
            },
        )
        assert status == 200
    rollout_id = add_board(setup, "rollout", "推广")
    decide = {"verdict": "go_with_changes", "rationale": "两项改进保持", "pilot_board_id": pilot_id}

    # another workshop's pilot, the workshop board, a made-up id: none is this workshop's pilot
    other = make_workshop(server, kind="pilot")
    for wrong in (other.board_id, setup.workshop_board_id, rollout_id, "nope"):
        status, body = setup.command(
            setup.facilitator, "rollout.decide", {**decide, "pilot_board_id": wrong},
            board_id=rollout_id,
        )  # fmt: skip
        assert (status, body["code"]) == (422, "unknown_pilot_board"), wrong
    editor, _ = setup.join("editor", "编辑")
    status, body = setup.command(editor, "rollout.decide", decide, board_id=rollout_id)
    assert (status, body["code"]) == (403, "role_not_allowed")
    status, body = setup.command(setup.facilitator, "board.lock", board_id=rollout_id)
    assert status == 200
    lead, _ = setup.join("facilitator", "王芳")
    status, body = setup.command(lead, "rollout.decide", decide, board_id=rollout_id)
    assert status == 200, body  # a locked board still takes the decision
    view = board(setup, rollout_id)
    decision = view["snapshot"]["decision"]
    assert (decision["verdict"], decision["decided_by"]) == ("go_with_changes", "王芳")
    assert decision["pilot_board_id"] == pilot_id
    kpi = decision["pilot"]["kpis"][0]
    assert kpi["id"] == "k1" and [p["value"] for p in kpi["readings"]] == [40.0, 34.0, 36.0]
    status, _ = setup.command(setup.facilitator, "board.unlock", board_id=rollout_id)

    async with YClient(setup.ws(editor, board_id=rollout_id)) as c:
        await c.synced.wait()
        c.doc.get("waves", type=Map)["w1"] = Map({"name": "客服一部", "golive": day(-3)})
        c.doc.get("readiness", type=Map)["w1-training"] = Map(
            {"wave_id": "w1", "std": "training", "done": False}
        )
        async with YClient(setup.ws(editor, board_id=rollout_id)) as check:
            await check.wait_for(lambda: "w1-training" in check.doc.get("readiness", type=Map))
    status, body = setup.command(
        editor, "rollout.wave_live", {"wave_id": "w1", "date": day(-2)}, board_id=rollout_id
    )
    assert (status, body["code"]) == (422, "readiness_open")
    assert body["params"]["items"] == ["readiness.training"]
    status, body = setup.command(
        editor,
        "rollout.wave_live",
        {"wave_id": "w1", "date": day(-2), "override": True, "reason": "培训本周补"},
        board_id=rollout_id,
    )
    assert status == 200, body

    reading = {"submission_id": "sustain-0001", "kpi_id": "k1", "wave_id": "w1",
               "date": day(-1), "value": 33.0}  # fmt: skip
    status, body = setup.command(
        field, "rollout.reading", {**reading, "date": day(-3)}, board_id=rollout_id
    )
    assert (status, body["code"]) == (422, "date_before_golive")
    first = setup.command(field, "rollout.reading", reading, board_id=rollout_id)
    again = setup.command(field, "rollout.reading", reading, board_id=rollout_id)  # new key
    assert first[0] == again[0] == 200
    assert first[1]["result"] == again[1]["result"]
    view = board(setup, rollout_id, editor)
    assert [r["id"] for r in view["snapshot"]["readings"]] == ["sustain-0001"]
    async with YClient(setup.ws(editor, "ledger", board_id=rollout_id)) as led:
        await led.synced.wait()

        def analysis() -> dict[str, Any]:
            text = led.doc.get("analysis", type=Map).get("json")
            return json.loads(text) if isinstance(text, str) else {}

        await led.wait_for(lambda: bool((analysis().get("charts") or [{}])[0].get("points")), 10)
    chart = analysis()["charts"][0]
    assert [p["value"] for p in chart["points"]] == [33.0]
    # limits from the pilot's three readings: centre 110 / 3, MR-bar (6 + 2) / 2 = 4
    assert chart["centre"] == pytest.approx(110 / 3) and chart["mr_bar"] == pytest.approx(4.0)
    assert analysis()["waves"][0]["overridden"] is True
