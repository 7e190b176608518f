"""Board commands over HTTP: idempotency, roles, locks, finishing a workshop."""

from __future__ import annotations

import pytest
from pycrdt import Map, Text

from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start


async def test_a_retried_command_applies_once(server: Server) -> None:
    setup = make_workshop(server)
    wb = setup.workshop_board_id
    status, first = setup.command(
        setup.facilitator, "workshop.timer", {"seconds": 300}, key="k1", board_id=wb
    )
    assert status == 200 and first["replayed"] is False
    status, again = setup.command(
        setup.facilitator, "workshop.timer", {"seconds": 300}, key="k1", board_id=wb
    )
    assert status == 200 and again["replayed"] is True
    assert again["result"] == first["result"]
    async with YClient(setup.ws(setup.facilitator, "ledger", board_id=wb)) as c:
        await c.synced.wait()
        assert c.doc.get("state", type=Map)["timer_ends_at"] == first["result"]["timer_ends_at"]


def test_bad_commands_get_problem_details_and_change_nothing(server: Server) -> None:
    setup = make_workshop(server)
    wb = setup.workshop_board_id
    editor, _ = setup.join("editor", "Ed")
    status, body = setup.command(
        setup.facilitator, "workshop.phase", {"phase": "nonsense"}, board_id=wb
    )
    assert status == 422 and body["code"] == "invalid_payload" and body["errors"]
    status, body = setup.command(editor, "workshop.phase", {"phase": "pilot"}, board_id=wb)
    assert status == 403 and body["code"] == "role_not_allowed"
    status, body = setup.command(setup.facilitator, "nope.nope", board_id=wb)
    assert status == 422 and body["code"] == "unknown_command"
    status, body = server.request(
        "POST", f"/api/boards/{wb}/commands", {"command": 3}, token=setup.facilitator
    )
    assert status == 422 and body["status"] == 422 and body["title"]
    status, view = server.request(
        "GET", f"/api/workshops/{setup.workshop_id}", token=setup.facilitator
    )
    assert view["phase"] == "diagnose"


async def test_lock_makes_editors_read_only_but_not_the_facilitator(server: Server) -> None:
    setup = make_workshop(server)
    editor, _ = setup.join("editor", "Ed")
    async with YClient(setup.ws(editor)) as ed, YClient(setup.ws(setup.facilitator)) as fac:
        await ed.synced.wait()
        await fac.synced.wait()
        status, _ = setup.command(setup.facilitator, "board.lock")
        assert status == 200
        status, _ = setup.command(editor, "board.unlock")
        assert status == 403
        # (A client whose edits were dropped has diverged for good -- its later updates depend
        # on the dropped ones -- so the dropped edit comes from a throwaway peer; the real
        # client shows the board read-only instead of editing it.)
        async with YClient(setup.ws(editor)) as throwaway:
            await throwaway.synced.wait()
            throwaway.doc.get("text", type=Text).insert(0, "editor during lock ")
            await throwaway.wait_for(lambda: len(throwaway.frames) >= 2)
        fac.doc.get("text", type=Text).insert(0, "facilitator during lock")
        await ed.wait_for(lambda: "facilitator during lock" in str(ed.doc.get("text", type=Text)))
        status, _ = setup.command(setup.facilitator, "board.unlock")
        ed.doc.get("text", type=Text).insert(0, "after unlock ")
        await fac.wait_for(lambda: "after unlock" in str(fac.doc.get("text", type=Text)))
    status, board = server.request("GET", f"/api/boards/{setup.board_id}", token=editor)
    assert "editor during lock" not in board["snapshot"]["text"]
    assert board["locked"] is False


async def test_finishing_freezes_every_document_and_command(server: Server) -> None:
    setup = make_workshop(server)
    editor, _ = setup.join("editor", "Ed")
    async with YClient(setup.ws(editor)) as ed:
        await ed.synced.wait()
        status, _ = setup.command(
            setup.facilitator, "workshop.finish", board_id=setup.workshop_board_id
        )
        assert status == 200
        ed.doc.get("text", type=Text).insert(0, "too late")
        async with YClient(setup.ws(setup.facilitator)) as fac:
            await fac.synced.wait()
            fac.doc.get("text", type=Text).insert(0, "also too late")
            async with YClient(setup.ws(setup.facilitator)) as check:
                await check.synced.wait()
                assert str(check.doc.get("text", type=Text)) == ""
    status, body = setup.command(setup.facilitator, "board.lock")
    assert status == 409 and body["code"] == "workshop_finished"
    _, view = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=editor)
    assert view["status"] == "finished"


async def test_analysis_follows_edits_live(server: Server) -> None:
    setup = make_workshop(server)
    async with (
        YClient(setup.ws(setup.facilitator)) as ed,
        YClient(setup.ws(setup.facilitator, "ledger")) as led,
    ):
        await ed.synced.wait()
        await led.synced.wait()
        ed.doc.get("stickies", type=Map)["a"] = Map({"text": "one two three"})
        import json

        def words() -> int:
            raw = led.doc.get("analysis", type=Map).get("json")
            return json.loads(raw)["words"] if raw else -1

        await led.wait_for(lambda: words() == 3, timeout=3)


async def test_board_list_is_mirrored_live_into_the_workshop_ledger(server: Server) -> None:
    import json

    setup = make_workshop(server)
    async with YClient(
        setup.ws(setup.facilitator, "ledger", board_id=setup.workshop_board_id)
    ) as w:
        await w.synced.wait()

        def listed() -> list[dict[str, object]]:
            raw = w.doc.get("boards", type=Map).get("json")
            return json.loads(raw) if raw else []

        status, board = server.request(
            "POST",
            f"/api/workshops/{setup.workshop_id}/boards",
            {"kind": "fishbone", "title": "鱼骨图"},
            token=setup.facilitator,
        )
        assert status == 201
        await w.wait_for(lambda: any(b["id"] == board["id"] for b in listed()))
        setup.command(setup.facilitator, "board.lock", board_id=board["id"])
        await w.wait_for(lambda: any(b["id"] == board["id"] and b["locked"] for b in listed()))
