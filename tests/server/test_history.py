"""Version history through a real server and real websocket peers: checkpoints at phase changes
and after bursts of editing, named ones, a restore that every peer receives as a forward change
while others keep editing, restoring one item, undoing a restore, and compact storage."""

from __future__ import annotations

import asyncio
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pycrdt import Doc, Map

from tests.support.server import Server, running
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start


def _history(setup: Setup, token: str) -> list[dict[str, Any]]:
    status, body = setup.server.request(
        "GET", f"/api/boards/{setup.board_id}/checkpoints", token=token
    )
    assert status == 200, body
    return list(body)


def _name(setup: Setup, name: str) -> dict[str, Any]:
    status, body = setup.server.request(
        "POST", f"/api/boards/{setup.board_id}/checkpoints", {"name": name}, token=setup.facilitator
    )
    assert status == 201, body
    return dict(body)


def _restore(setup: Setup, token: str, checkpoint_id: str) -> tuple[int, Any]:
    path = f"/api/boards/{setup.board_id}/checkpoints/{checkpoint_id}/restore"
    return setup.server.request("POST", path, {}, token=token)


def _state(setup: Setup, token: str, checkpoint_id: str) -> bytes:
    request = urllib.request.Request(
        f"{setup.server.url}/api/boards/{setup.board_id}/checkpoints/{checkpoint_id}",
        headers={"authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.headers["content-type"] == "application/octet-stream"
        return bytes(answer.read())


async def _eventually(read: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """What ``read`` returns once it is not empty (the server takes it in the background)."""
    for _ in range(40):
        found = read()
        if found:
            return found
        await asyncio.sleep(0.3)
    return read()


def _stickies(client: YClient) -> Map:
    return client.doc.get("stickies", type=Map)


async def _add(client: YClient, key: str, text: str) -> None:
    _stickies(client)[key] = Map({"text": text, "color": "yellow", "x": 0.0, "y": 0.0})
    await asyncio.sleep(0)


async def test_restore_of_a_mass_delete_keeps_concurrent_work_and_can_be_undone(
    server: Server,
) -> None:
    setup = make_workshop(server)
    a_token, _ = setup.join("editor", "Ana")
    c_token, _ = setup.join("editor", "Chen")
    async with (
        YClient(setup.ws(a_token)) as a,
        YClient(setup.ws(c_token)) as c,
        YClient(setup.ws(setup.facilitator)) as f,
    ):
        for peer in (a, c, f):
            await peer.synced.wait()
        for i in range(10):
            await _add(a, f"s{i}", f"便签 {i}")
        await f.wait_for(lambda: len(_stickies(f)) == 10)
        named = _name(setup, "第一轮之后")
        assert named["kind"] == "named" and named["authors"] == ["Ana"]
        assert named["summary"] == {"stickies": {"added": 10}}
        with a.doc.transaction():  # one wrong click: half the board gone
            for i in range(5):
                del _stickies(a)[f"s{i}"]
        await f.wait_for(lambda: len(_stickies(f)) == 5)

        async def keep_editing() -> None:
            for i in range(20):
                await _add(c, f"c{i}", f"C 的想法 {i}")
                await asyncio.sleep(0.02)

        editing = asyncio.create_task(keep_editing())
        await asyncio.sleep(0.1)
        status, restored = await asyncio.to_thread(_restore, setup, setup.facilitator, named["id"])
        await editing
        assert status == 200, restored
        assert restored["counts"]["restored"] == 5
        expected = {f"s{i}" for i in range(10)} | {f"c{i}" for i in range(20)}
        for peer in (a, c, f):  # no reconnect: the restore arrived as an ordinary update
            await peer.wait_for(lambda p=peer: set(_stickies(p).keys()) == expected)
        assert _stickies(a)["s0"]["text"] == "便签 0"

        undo = restored["before_restore"]
        assert undo["kind"] == "before-restore" and undo["name"] == "第一轮之后"
        status, _ = await asyncio.to_thread(_restore, setup, setup.facilitator, undo["id"])
        assert status == 200
        # Undoing the restore brings the board back to just before it; Chen's ideas made
        # before and after the restore are kept all the same.
        kept = expected - {f"s{i}" for i in range(5)}
        for peer in (a, c, f):
            await peer.wait_for(lambda p=peer: set(_stickies(p).keys()) == kept)
    kinds = [c["kind"] for c in _history(setup, a_token)]
    assert kinds == ["before-restore", "before-restore", "named"]


async def test_an_editor_restores_one_deleted_item_and_a_viewer_may_not(server: Server) -> None:
    setup = make_workshop(server)
    editor, _ = setup.join("editor", "Ed")
    viewer, _ = setup.join("viewer", "Vi")
    async with YClient(setup.ws(editor)) as ed:
        await ed.synced.wait()
        for i in range(3):
            await _add(ed, f"s{i}", f"便签 {i}")
        await asyncio.sleep(0.3)
        named = _name(setup, "v1")
        with ed.doc.transaction():
            del _stickies(ed)["s1"]
            del _stickies(ed)["s2"]
        await asyncio.sleep(0.3)
        base = f"/api/boards/{setup.board_id}/checkpoints/{named['id']}"
        status, deleted = server.request("GET", base + "/deleted", token=viewer)
        assert status == 200
        assert [(d["root"], d["id"], d["label"]) for d in deleted] == [
            ("stickies", "s1", "便签 1"),
            ("stickies", "s2", "便签 2"),
        ]
        item = {"root": "stickies", "id": "s1"}
        assert server.request("POST", base + "/restore-item", item, token=viewer)[0] == 403
        assert _restore(setup, editor, named["id"])[0] == 403  # whole boards: facilitators
        status, body = server.request("POST", base + "/restore-item", item, token=editor)
        assert status == 200, body
        await ed.wait_for(lambda: "s1" in _stickies(ed))
        assert "s2" not in _stickies(ed)
        status, body = server.request("POST", base + "/restore-item", item, token=editor)
        assert status == 409 and body["code"] == "not_deleted"
        missing = {"root": "stickies", "id": "nope"}
        status, body = server.request("POST", base + "/restore-item", missing, token=editor)
        assert status == 404 and body["code"] == "not_in_checkpoint"
        status, body = server.request(
            "POST",
            f"/api/boards/{setup.board_id}/checkpoints/nope/restore",
            {},
            token=setup.facilitator,
        )
        assert status == 404
        # A preview is the version's document, loaded into a fresh Doc.
        preview: Doc = Doc()
        preview.apply_update(_state(setup, viewer, named["id"]))
        assert sorted(preview.get("stickies", type=Map).keys()) == ["s0", "s1", "s2"]


async def test_checkpoints_after_a_burst_and_at_a_phase_change(tmp_path: Path) -> None:
    env = {"OBEYA_CHECKPOINT_BURST_UPDATES": "5", "OBEYA_CHECKPOINT_QUIET_SECONDS": "1"}
    with running(tmp_path / "data", env=env) as server:
        setup = make_workshop(server)
        editor, _ = setup.join("editor", "Mei")
        async with YClient(setup.ws(editor)) as ed:
            await ed.synced.wait()
            for i in range(8):
                await _add(ed, f"s{i}", f"便签 {i}")
                await asyncio.sleep(0.02)
            burst = await _eventually(lambda: _history(setup, editor))
            assert [(c["kind"], c["reason"], c["authors"]) for c in burst] == [
                ("auto", "burst", ["Mei"])
            ]
            assert burst[0]["summary"] == {"stickies": {"added": 8}}
            del _stickies(ed)["s0"]
            await asyncio.sleep(0.3)
            status, _ = setup.command(
                setup.facilitator,
                "workshop.phase",
                {"phase": "analyse"},
                board_id=setup.workshop_board_id,
            )
            assert status == 200
            latest = _history(setup, editor)[0]
            assert (latest["reason"], latest["summary"]) == (
                "phase:analyse",
                {"stickies": {"removed": 1}},
            )
            # Nothing changed since: the next phase change takes no checkpoint of this board.
            setup.command(
                setup.facilitator,
                "workshop.phase",
                {"phase": "design"},
                board_id=setup.workshop_board_id,
            )
            assert len(_history(setup, editor)) == 2


async def test_a_board_left_after_a_few_edits_keeps_a_version(tmp_path: Path) -> None:
    env = {"OBEYA_ROOM_IDLE_SECONDS": "0.5"}  # far fewer edits than a burst (50)
    with running(tmp_path / "data", env=env) as server:
        setup = make_workshop(server)
        editor, _ = setup.join("editor", "Mei")
        async with YClient(setup.ws(editor)) as ed:
            await ed.synced.wait()
            await _add(ed, "s1", "只有一张")
            await asyncio.sleep(0.3)
        idle = await _eventually(lambda: _history(setup, editor))
    assert [(c["reason"], c["authors"], c["summary"]) for c in idle] == [
        ("idle", ["Mei"], {"stickies": {"added": 1}})
    ]


async def test_a_team_that_never_pauses_still_gets_versions(tmp_path: Path) -> None:
    env = {
        "OBEYA_CHECKPOINT_BURST_UPDATES": "5",
        "OBEYA_CHECKPOINT_QUIET_SECONDS": "600",
        "OBEYA_CHECKPOINT_BUSY_SECONDS": "1",
    }
    with running(tmp_path / "data", env=env) as server:
        setup = make_workshop(server)
        editor, _ = setup.join("editor", "Mei")
        async with YClient(setup.ws(editor)) as ed:
            await ed.synced.wait()

            async def busy() -> list[dict[str, Any]]:
                for i in range(60):  # an edit every 50 ms, never quiet for long
                    await _add(ed, f"s{i}", f"便签 {i}")
                    await asyncio.sleep(0.05)
                    found = await asyncio.to_thread(_history, setup, editor)
                    if found:
                        return found
                return []

            taken = await busy()
    assert [(c["kind"], c["reason"], c["authors"]) for c in taken] == [("auto", "burst", ["Mei"])]


async def test_a_checkpoint_is_the_documents_state_not_its_log(server: Server) -> None:
    setup = make_workshop(server)
    async with YClient(setup.ws(setup.facilitator)) as f:
        await f.synced.wait()
        sent = 0
        for round_ in range(40):  # many edits of few items: a long log, a small state
            for i in range(5):
                before = f.doc.get_state()
                _stickies(f)[f"s{i}"] = Map({"text": f"第 {round_} 稿", "x": float(round_)})
                sent += len(f.doc.get_update(before))
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.5)
        named = _name(setup, "紧凑")
        state = _state(setup, setup.facilitator, named["id"])
        live = f.doc.get_update()
    assert named["bytes"] <= len(live) < sent
    assert named["bytes"] < sent / 5
    doc: Doc = Doc()
    doc.apply_update(state)
    assert doc.get("stickies", type=Map).to_py() == f.doc.get("stickies", type=Map).to_py()
