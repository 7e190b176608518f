"""Retention: a finished workshop is deleted N days after it finished, by the server's own
periodic check, and the deletion is logged; a live workshop, and one finished less than N days
ago, stay. Time is moved on the hub's clock, not waited for."""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from server import retention
from server.app import create_app
from server.models import utcnow
from server.settings import Settings, from_env
from tests.support.server import Server
from tests.support.workshop import make_workshop

Client = httpx.AsyncClient


async def _workshop(client: Client, title: str) -> dict[str, Any]:
    answer = await client.post("/api/workshops", json={"title": title})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def _finish(client: Client, workshop: dict[str, Any]) -> None:
    answer = await client.post(
        f"/api/boards/{workshop['workshop_board_id']}/commands",
        json={"command": "workshop.finish", "payload": {}, "idempotency_key": str(uuid.uuid4())},
        headers={"authorization": f"Bearer {workshop['token']}"},
    )
    assert answer.status_code == 200, answer.text


async def _status(client: Client, workshop: dict[str, Any]) -> int:
    answer = await client.get(
        f"/api/workshops/{workshop['id']}",
        headers={"authorization": f"Bearer {workshop['token']}"},
    )
    return answer.status_code


def test_the_setting_is_read_from_the_environment() -> None:
    assert Settings().retention_days == 0  # off by default
    assert from_env({"OBEYA_RETENTION_DAYS": "30"}).retention_days == 30


@pytest.mark.anyio
async def test_finished_workshops_are_deleted_after_the_retention_days(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        data_dir=tmp_path, demo=False, retention_days=30, retention_check_seconds=0.05
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    with caplog.at_level(logging.INFO, logger="obeya"):
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://obeya") as client,
        ):
            hub = app.state.hub
            finished, live = await _workshop(client, "已结束"), await _workshop(client, "进行中")
            await _finish(client, finished)
            start = utcnow()
            # 29 days on: nothing is due yet.
            assert await retention.sweep(hub, 30, start + timedelta(days=29)) == []
            assert await _status(client, finished) == 200
            # 31 days on, the periodic check deletes the finished workshop, and only it.
            hub.clock = lambda: start + timedelta(days=31)
            for _ in range(200):  # 10 s at most
                if await _status(client, finished) == 410:
                    break
                await anyio.sleep(0.05)
            assert await _status(client, finished) == 410
            assert await _status(client, live) == 200
    deletions = [r for r in caplog.records if r.getMessage() == "workshop deleted"]
    assert [(r.__dict__["workshop_id"], r.__dict__["reason"]) for r in deletions] == [
        (finished["id"], "retention")
    ]
    assert deletions[0].__dict__["rows"] > 0


def test_a_served_process_deletes_by_its_setting_and_logs_one_json_line(tmp_path: Path) -> None:
    """The real command line: ``OBEYA_RETENTION_DAYS`` from the environment (here about a
    second), the check every 0.2 s, one structured log line per deletion."""
    env = {"OBEYA_RETENTION_DAYS": "0.00001", "OBEYA_RETENTION_CHECK_SECONDS": "0.2"}
    server = Server(tmp_path / "data", env=env).start()
    try:
        finished, live = make_workshop(server), make_workshop(server)
        status, _ = finished.command(
            finished.facilitator, "workshop.finish", board_id=finished.workshop_board_id
        )
        assert status == 200
        path = f"/api/workshops/{finished.workshop_id}"
        deadline = time.monotonic() + 15
        while server.request("GET", path, token=finished.facilitator)[0] != 410:
            assert time.monotonic() < deadline, server.log()[-3000:]
            time.sleep(0.1)
        assert (
            server.request("GET", f"/api/workshops/{live.workshop_id}", token=live.facilitator)[0]
            == 200
        )
    finally:
        server.stop()
    lines = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    deleted = [line for line in lines if line["msg"] == "workshop deleted"]
    assert [(d["workshop_id"], d["reason"], d["logger"]) for d in deleted] == [
        (finished.workshop_id, "retention", "obeya.removal")
    ]
