"""A token a process has looked up (and keeps for a while, so that a connect storm costs one
lookup per token) stops letting anyone in as soon as its link expires or is revoked: also on
a process that had it cached, and on another process than the one that revoked it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.server import Server, server_pair
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio


def _link(setup: Setup, **body: str) -> dict[str, str]:
    status, made = setup.server.request(
        "POST",
        f"/api/workshops/{setup.workshop_id}/invites",
        {"role": "viewer", **body},
        token=setup.facilitator,
    )
    assert status == 201
    return made


async def _joins(url: str) -> bool:
    async with YClient(url) as client:
        done, _ = await asyncio.wait(
            [
                asyncio.ensure_future(client.synced.wait()),
                asyncio.ensure_future(client.wait_closed()),
            ],
            return_when=asyncio.FIRST_COMPLETED,
        )
        for task in done:
            task.result()
        return client.synced.is_set()


async def _refused_with(url: str) -> int | None:
    async with YClient(url) as client:
        return await client.wait_closed()


async def test_an_expiring_link_used_to_join_is_refused_once_it_ends(server: Server) -> None:
    setup = make_workshop(server)
    ends = datetime.now(UTC) + timedelta(seconds=2)
    made = _link(setup, expires_at=ends.isoformat())
    assert await _joins(setup.ws(made["token"]))  # the process now holds the token's identity
    await asyncio.sleep(max(0.0, (ends - datetime.now(UTC)).total_seconds()) + 0.3)
    assert await _refused_with(setup.ws(made["token"])) == 4401
    status, body = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=made["token"])
    assert status == 410 and body["code"] == "invite_expired"


@pytest.fixture
def pair(tmp_path: Path, postgres_url: str, redis_url: str) -> Iterator[tuple[Server, Server]]:
    with server_pair(tmp_path, postgres_url, redis_url) as servers:
        yield servers


@pytest.mark.services
async def test_a_link_revoked_on_one_process_cannot_join_on_the_other(
    pair: tuple[Server, Server],
) -> None:
    a, b = pair
    setup = make_workshop(a)
    made = _link(setup)
    on_b = setup.ws(made["token"]).replace(a.ws_url, b.ws_url)
    assert await _joins(on_b)  # b now holds the token's identity
    status, _ = a.request(
        "DELETE",
        f"/api/workshops/{setup.workshop_id}/invites/{made['id']}",
        token=setup.facilitator,
    )
    assert status == 204
    assert await _refused_with(on_b) == 4401
    status, _ = b.request("GET", f"/api/workshops/{setup.workshop_id}", token=made["token"])
    assert status == 401
