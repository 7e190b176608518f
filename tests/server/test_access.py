"""Tokens, roles and workshop scoping, through HTTP and websockets."""

from __future__ import annotations

import pytest

from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start


async def test_bad_token_unknown_board_and_foreign_origin_are_refused(server: Server) -> None:
    setup = make_workshop(server)
    async with YClient(setup.ws("not-a-token")) as c:
        assert await c.wait_closed() == 4401
    async with YClient(setup.ws(setup.facilitator, board_id="nope")) as c:
        assert await c.wait_closed() == 4404
    async with YClient(setup.ws(setup.facilitator, room="secrets")) as c:
        assert await c.wait_closed() == 4404
    async with YClient(setup.ws(setup.facilitator), origin="http://evil.example") as c:
        assert await c.wait_closed() == 4403
    async with YClient(
        setup.ws(setup.facilitator), origin=server.url.replace("http://", "http://")
    ) as c:
        await c.synced.wait()


async def test_token_of_one_workshop_opens_nothing_of_another(server: Server) -> None:
    a = make_workshop(server)
    b = make_workshop(server)
    async with YClient(a.ws(a.facilitator, board_id=b.board_id)) as c:
        assert await c.wait_closed() == 4403
    status, _ = server.request("GET", f"/api/workshops/{b.workshop_id}", token=a.facilitator)
    assert status == 404
    status, _ = server.request("GET", f"/api/boards/{b.board_id}", token=a.facilitator)
    assert status == 404
    status, _ = a.command(a.facilitator, "board.lock", board_id=b.board_id)
    assert status == 404


async def test_revoking_an_invite_closes_its_sockets_and_tokens(server: Server) -> None:
    setup = make_workshop(server)
    invite = setup.invite("editor")
    status, joined = server.request("POST", "/api/join", {"token": invite, "display_name": "张三"})
    assert status == 201 and joined["role"] == "editor"
    _, invites = server.request(
        "GET", f"/api/workshops/{setup.workshop_id}/invites", token=setup.facilitator
    )
    invite_id = next(i["id"] for i in invites if i["role"] == "editor")
    async with (
        YClient(setup.ws(joined["token"])) as c,
        YClient(setup.ws(setup.facilitator)) as other,
    ):
        await c.synced.wait()
        await other.synced.wait()
        status, _ = server.request(
            "DELETE",
            f"/api/workshops/{setup.workshop_id}/invites/{invite_id}",
            token=setup.facilitator,
        )
        assert status == 204
        assert await c.wait_closed() == 4401
        assert other.close_code is None
    status, _ = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=joined["token"])
    assert status == 401
    status, body = server.request("POST", "/api/join", {"token": invite, "display_name": "x"})
    assert status == 401 and body["code"] == "invalid_token"


def test_roles_on_http(server: Server) -> None:
    setup = make_workshop(server)
    editor, _ = setup.join("editor", "Ed")
    viewer, _ = setup.join("viewer", "Vi")
    status, body = server.request(
        "POST", f"/api/workshops/{setup.workshop_id}/invites", {"role": "facilitator"}, token=editor
    )
    assert status == 403 and body["code"] == "role_not_allowed"
    status, _ = server.request(
        "POST",
        f"/api/workshops/{setup.workshop_id}/boards",
        {"kind": "notes", "title": "x"},
        token=viewer,
    )
    assert status == 403
    status, body = server.request(
        "POST",
        f"/api/workshops/{setup.workshop_id}/boards",
        {"kind": "nope", "title": "x"},
        token=editor,
    )
    assert status == 422 and body["code"] == "unknown_kind"
    status, body = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=viewer)
    assert status == 200
    assert body["me"]["role"] == "viewer" and body["me"]["display_name"] == "Vi"
    assert {p["display_name"] for p in body["participants"]} == {"Ed", "Vi"}
    status, _ = server.request("GET", f"/api/workshops/{setup.workshop_id}")
    assert status == 401


def test_tokens_are_long_and_stored_hashed(server: Server) -> None:
    import sqlite3

    setup = make_workshop(server)
    assert len(setup.facilitator) >= 32  # 24 random bytes, base64url
    db = sqlite3.connect(server.data_dir / "obeya.db")
    hashes = [row[0] for row in db.execute("SELECT token_hash FROM invite")]
    db.close()
    assert setup.facilitator not in hashes and all(len(h) == 64 for h in hashes)


def test_the_last_facilitator_link_cannot_be_revoked(server: Server) -> None:
    status, created = server.request("POST", "/api/workshops", {"title": "x"})
    assert status == 201
    own, co = created["token"], created["co_facilitator"]
    assert co["token"] != own and co["link"].endswith(f"/w/{created['id']}/join#{co['token']}")
    path = f"/api/workshops/{created['id']}/invites"
    status, invites = server.request("GET", path, token=co["token"])
    assert status == 200
    facilitators = {i["id"] for i in invites if i["role"] == "facilitator"}
    assert co["id"] in facilitators and len(facilitators) == 2
    own_id = (facilitators - {co["id"]}).pop()

    # The co-facilitator revokes the creator's link: allowed, it stops working.
    assert server.request("DELETE", f"{path}/{own_id}", token=co["token"])[0] == 204
    assert server.request("GET", f"/api/workshops/{created['id']}", token=own)[0] == 401
    # Her own link is now the last one: refused, and nothing changes.
    status, body = server.request("DELETE", f"{path}/{co['id']}", token=co["token"])
    assert status == 409 and body["code"] == "last_facilitator"
    assert "another facilitator link" in body["detail"]
    _, invites = server.request("GET", path, token=co["token"])
    assert [i["revoked"] for i in invites if i["id"] == co["id"]] == [False]
    # Another workshop's facilitator cannot touch it either.
    other = make_workshop(server)
    status, _ = server.request("DELETE", f"{path}/{co['id']}", token=other.facilitator)
    assert status == 404
    # With a new facilitator link, the old one may go.
    status, fresh = server.request("POST", path, {"role": "facilitator"}, token=co["token"])
    assert status == 201
    assert server.request("DELETE", f"{path}/{co['id']}", token=fresh["token"])[0] == 204
    assert server.request("GET", f"/api/workshops/{created['id']}", token=fresh["token"])[0] == 200


async def test_a_pilot_link_reaches_only_pilot_boards_not_the_workshop(
    server: Server,
) -> None:
    setup = make_workshop(server)  # a notes board
    pilot_board = server.request(
        "POST",
        f"/api/workshops/{setup.workshop_id}/boards",
        {"kind": "pilot", "title": "Pilot"},
        token=setup.facilitator,
    )[1]["id"]
    pilot, _ = setup.join("pilot", "Pia")
    page = server.request("GET", f"/api/workshops/{setup.workshop_id}/pilot", token=pilot)[1]
    # the client opens only those (the roll-out comes as its narrow phone view instead)
    assert page["me"]["board_kinds"] == ["pilot"]
    me = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=setup.facilitator)
    assert {"workshop", "vsm", "notes", "pilot"} <= set(me[1]["me"]["board_kinds"])
    for token in (pilot, setup.invite("pilot")):  # participant and bare invite tokens alike
        status, body = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=token)
        assert status == 403 and body["code"] == "role_not_allowed"
        for room in ("content", "ledger"):
            for board in (setup.board_id, setup.workshop_board_id):
                async with YClient(setup.ws(token, room, board_id=board)) as c:
                    assert await c.wait_closed() == 4403
            async with YClient(setup.ws(token, room, board_id=pilot_board)) as c:
                await c.synced.wait()
        for path in ("", "/private"):
            for board in (setup.board_id, setup.workshop_board_id):
                status, body = server.request("GET", f"/api/boards/{board}{path}", token=token)
                assert status == 404 and body["code"] == "not_found"
            assert server.request("GET", f"/api/boards/{pilot_board}{path}", token=token)[0] == 200
        status, _ = setup.command(token, "board.lock")
        assert status == 404
        status, _ = setup.command(
            token, "workshop.phase", {"phase": "pilot"}, board_id=setup.workshop_board_id
        )
        assert status == 404
    # A board id that does not exist and one the pilot may not reach answer alike.
    missing = server.request("GET", "/api/boards/NoSuchBoard1", token=pilot)
    hidden = server.request("GET", f"/api/boards/{setup.board_id}", token=pilot)
    assert missing == hidden
