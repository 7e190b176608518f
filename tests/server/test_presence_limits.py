"""Presence (awareness) is bounded in size, rate and client ids, checked for shape, and says
who the token says the sender is."""

from __future__ import annotations

import json

import anyio
import pytest

from server import protocol as p
from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start

BAD_STATES = {
    "too large": (4413, {"user": {"name": "大"}, "padding": "x" * 5000}),
    "numeric name": (4400, {"user": {"name": 12345, "color": "#112233"}}),
    "css url colour": (4400, {"user": {"name": "A", "color": "url(http://evil.example/x)"}}),
    "not an object": (4400, 42),
    "long focus": (4400, {"focus": "f" * 500}),
    "editing not an object": (4400, {"editing": "name"}),
    "editing numeric field": (4400, {"editing": {"board": "b", "item": "", "field": 7}}),
    "editing extra keys": (4400, {"editing": {"board": "b", "item": "", "field": "f", "x": 1}}),
}


async def _send_state(client: YClient, state_bytes: bytes) -> None:
    entry = p.AwarenessEntry(client.doc.client_id, 1, state_bytes)
    await client.send_raw(p.awareness_frame([entry]))


@pytest.mark.parametrize("name", list(BAD_STATES))
async def test_bad_presence_closes_only_its_sender(server: Server, name: str) -> None:
    setup = make_workshop(server)
    code, state = BAD_STATES[name]
    async with YClient(setup.ws(setup.facilitator)) as bystander:
        await bystander.synced.wait()
        async with YClient(setup.ws(setup.facilitator)) as bad:
            await bad.synced.wait()
            await _send_state(bad, p.state_json(state))
            assert await bad.wait_closed() == code
            assert bad.doc.client_id not in bystander.awareness
        await bystander.set_awareness(bystander.doc.client_id, 1, {"user": {"name": "还在"}})
        await bystander.wait_for(lambda: bystander.doc.client_id in bystander.awareness)
        assert bystander.close_code is None


async def test_deeply_nested_presence_is_refused_cleanly(server: Server) -> None:
    setup = make_workshop(server)
    async with YClient(setup.ws(setup.facilitator)) as bystander:
        await bystander.synced.wait()
        for nested in (b"[" * 1800 + b"]" * 1800, b'{"a":' * 600 + b"1" + b"}" * 600):
            async with YClient(setup.ws(setup.facilitator)) as bad:
                await bad.synced.wait()
                await _send_state(bad, nested)
                assert await bad.wait_closed() == 4400
                assert "nest" in bad.close_reason
    assert "Traceback" not in server.log()


async def test_presence_carries_the_tokens_identity(server: Server) -> None:
    setup = make_workshop(server)
    viewer, viewer_id = setup.join("viewer", "小李")
    async with YClient(setup.ws(setup.facilitator)) as bystander:
        await bystander.synced.wait()
        async with YClient(setup.ws(viewer)) as spoofer:
            await spoofer.synced.wait()
            claim = {"id": "someone-else", "name": "主持人", "role": "facilitator"}
            await spoofer.set_awareness(
                spoofer.doc.client_id, 1, {"user": {**claim, "color": "#3b5bdb"}, "at": ""}
            )
            await bystander.wait_for(lambda: spoofer.doc.client_id in bystander.awareness)
            user = bystander.awareness[spoofer.doc.client_id]["user"]
            assert user == {"id": viewer_id, "name": "小李", "role": "viewer", "color": "#3b5bdb"}


async def test_presence_rate_and_client_ids_are_bounded(server: Server) -> None:
    setup = make_workshop(server)
    async with YClient(setup.ws(setup.facilitator)) as bystander:
        await bystander.synced.wait()
        async with YClient(setup.ws(setup.facilitator)) as noisy:
            await noisy.synced.wait()
            before = len(bystander.frames)
            for clock in range(1, 201):  # 200 changes at once: a burst of 20 gets through
                await noisy.set_awareness(noisy.doc.client_id, clock, {"n": clock})
            await anyio.sleep(0.5)
            heard = [
                e
                for f in bystander.frames[before:]
                for e in p.parse(f).awareness
                if e.client == noisy.doc.client_id
            ]
            assert 0 < len(heard) <= 25, len(heard)
            assert noisy.close_code is None
            assert json.loads(heard[0].state) == {"n": 1}
        async with YClient(setup.ws(setup.facilitator)) as many:
            await many.synced.wait()
            for client in range(1000, 1010):  # ten client ids; four are allowed
                await many.set_awareness(client, 1, {"n": client})

            def published() -> list[int]:
                return [c for c in range(1000, 1010) if bystander.awareness.get(c) is not None]

            await bystander.wait_for(lambda: len(published()) >= 4)
            await anyio.sleep(0.3)
            assert published() == [1000, 1001, 1002, 1003]


async def test_who_is_editing_reaches_the_other_peers_and_clears(server: Server) -> None:
    """``editing`` (the field a peer's focus is in) is forwarded as sent, and ``null`` clears."""
    setup = make_workshop(server)
    editor, _ = setup.join("editor", "李伟")
    at = {"board": setup.board_id, "item": "", "field": "risk-owner-risk-1"}
    async with YClient(setup.ws(setup.facilitator)) as lead, YClient(setup.ws(editor)) as ed:
        await lead.synced.wait()
        await ed.synced.wait()
        me = ed.doc.client_id
        await ed.set_awareness(me, 1, {"user": {"name": "李伟"}, "editing": at})
        await lead.wait_for(lambda: (lead.awareness.get(me) or {}).get("editing") == at)
        await ed.set_awareness(me, 2, {"user": {"name": "李伟"}, "editing": None})
        await lead.wait_for(
            lambda: me in lead.awareness and lead.awareness[me].get("editing") is None
        )
