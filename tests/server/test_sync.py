"""Sync through a real server: pycrdt peers over real websockets."""

from __future__ import annotations

import pytest
from pycrdt import Doc, Map, Text

from server import protocol as p
from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start


async def test_two_peers_converge_and_chinese_round_trips(server: Server) -> None:
    setup = make_workshop(server)
    token, _ = setup.join("editor", "李伟")
    async with YClient(setup.ws(token)) as a, YClient(setup.ws(token)) as b:
        await a.synced.wait()
        await b.synced.wait()
        a.doc.get("text", type=Text).insert(0, "信息核实耗时 40%")
        await b.wait_for(lambda: str(b.doc.get("text", type=Text)) == "信息核实耗时 40%")
        b.doc.get("stickies", type=Map)["s9"] = Map({"text": "统一入口 ✓"})
        await a.wait_for(lambda: "s9" in a.doc.get("stickies", type=Map))
    async with YClient(setup.ws(token)) as late:
        await late.synced.wait()
        assert str(late.doc.get("text", type=Text)) == "信息核实耗时 40%"
        assert late.doc.get("stickies", type=Map)["s9"]["text"] == "统一入口 ✓"
    status, board = server.request("GET", f"/api/boards/{setup.board_id}", token=token)
    assert status == 200
    assert board["snapshot"]["text"] == "信息核实耗时 40%"


async def test_fresh_clients_get_the_document_as_it_is_when_they_join(server: Server) -> None:
    """The answer to an empty state vector is encoded once per document state: clients
    joining between two changes share it, a client joining after a change gets the change."""
    setup = make_workshop(server)
    token, _ = setup.join("editor", "Ann")
    async with YClient(setup.ws(token)) as writer:
        await writer.synced.wait()
        text = writer.doc.get("text", type=Text)
        text.insert(0, "first")
        for expected in ("first", "first second", "first second third"):
            if expected != "first":
                text.insert(len(str(text)), expected.removeprefix(str(text)))
            # two fresh clients at the same document state, then one more after the change
            for _ in range(2):
                async with YClient(setup.ws(token)) as fresh:
                    await fresh.wait_for(
                        lambda fresh=fresh, expected=expected: (
                            str(fresh.doc.get("text", type=Text)) == expected
                        )
                    )


async def test_offline_edits_reach_the_server_through_its_step1(server: Server) -> None:
    setup = make_workshop(server)
    token, _ = setup.join("editor", "Ann")
    offline = Doc()
    offline.get("text", type=Text).insert(0, "written offline")
    async with YClient(setup.ws(token), doc=offline) as a:
        await a.synced.wait()
        async with YClient(setup.ws(token)) as b:
            await b.wait_for(lambda: "written offline" in str(b.doc.get("text", type=Text)))


async def test_read_only_is_per_connection(server: Server) -> None:
    setup = make_workshop(server, kind="pilot")  # a board pilot participants reach
    editor, _ = setup.join("editor", "Ed")
    viewer, _ = setup.join("viewer", "Vi")
    pilot, _ = setup.join("pilot", "Pi")
    async with (
        YClient(setup.ws(editor)) as ed,
        YClient(setup.ws(viewer)) as vi,
        YClient(setup.ws(pilot)) as pi,
    ):
        for c in (ed, vi, pi):
            await c.synced.wait()
        vi.doc.get("text", type=Text).insert(0, "viewer was here ")
        pi.doc.get("text", type=Text).insert(0, "pilot was here ")
        ed.doc.get("text", type=Text).insert(0, "editor wrote this")
        await vi.wait_for(lambda: "editor wrote this" in str(vi.doc.get("text", type=Text)))
    async with YClient(setup.ws(editor)) as check:
        await check.synced.wait()
        assert str(check.doc.get("text", type=Text)) == "editor wrote this"


async def test_clients_cannot_write_the_ledger(server: Server) -> None:
    setup = make_workshop(server)
    token = setup.facilitator
    async with YClient(setup.ws(token, "ledger")) as a:
        await a.synced.wait()
        a.doc.get("meta", type=Map)["locked"] = True
        async with YClient(setup.ws(token, "ledger")) as b:
            await b.synced.wait()
            await a.wait_for(lambda: len(a.frames) >= 2)
            assert b.doc.get("meta", type=Map)["locked"] is False


async def test_step2_answers_only_the_asker(server: Server) -> None:
    setup = make_workshop(server)
    token, _ = setup.join("editor", "Ed")
    async with YClient(setup.ws(token)) as a:
        await a.synced.wait()
        a.doc.get("text", type=Text).insert(0, "x" * 50)
        await a.wait_for(lambda: True)
        before = len(a.frames)
        async with YClient(setup.ws(token)) as b:
            await b.synced.wait()
            await b.wait_for(lambda: "x" * 50 in str(b.doc.get("text", type=Text)))
        # a may have heard b's presence-free join: nothing, or at most an (empty) keepalive,
        # but never b's sync step 2.
        later = [p.parse(f) for f in a.frames[before:]]
        assert not [m for m in later if m.type == p.SYNC and m.subtype == p.STEP2]


async def test_presence_relay_echo_and_removal(server: Server) -> None:
    setup = make_workshop(server)
    token, _ = setup.join("editor", "王芳")  # presence names come from the token
    async with YClient(setup.ws(token)) as a, YClient(setup.ws(token)) as b:
        await a.synced.wait()
        await b.synced.wait()
        await a.set_awareness(111, 1, {"user": {"name": "王芳"}})
        await b.wait_for(lambda: b.awareness.get(111) == {"user": {"name": "王芳"}})
        # An unchanged renewal is echoed to its sender only.
        frames_b = len(b.frames)
        frames_a = len(a.frames)
        await a.set_awareness(111, 2, {"user": {"name": "王芳"}})
        await a.wait_for(lambda: len(a.frames) > frames_a)
        await b.set_awareness(222, 1, {"user": {"name": "B"}})
        await b.wait_for(lambda: b.awareness.get(222) is not None)
        forwarded_to_b = [p.parse(f) for f in b.frames[frames_b:]]
        assert all(e.client != 111 for m in forwarded_to_b for e in m.awareness)
        # b may not remove a's client id.
        await b.set_awareness(111, 9, None)
        await a.set_awareness(111, 3, {"user": {"name": "王芳", "board": "x"}})
        await b.wait_for(lambda: (b.awareness.get(111) or {}).get("user", {}).get("board") == "x")
        async with YClient(setup.ws(token)) as c:
            await c.wait_for(lambda: 111 in c.awareness and 222 in c.awareness)
    async with YClient(setup.ws(token)) as d, YClient(setup.ws(token)) as e:
        await d.set_awareness(333, 1, {"user": {"name": "D"}})
        await e.wait_for(lambda: e.awareness.get(333) is not None)
        await d.close()
        await e.wait_for(lambda: e.awareness.get(333, "gone") is None)
