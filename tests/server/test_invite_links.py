"""Invite links that can be managed: label, expiry, shown again to facilitators, and one
participant removed without revoking the link they joined with."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start


def _create(setup: Setup, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return setup.server.request(
        "POST", f"/api/workshops/{setup.workshop_id}/invites", body, token=setup.facilitator
    )


def _listing(setup: Setup, token: str | None = None) -> tuple[int, Any]:
    return setup.server.request(
        "GET", f"/api/workshops/{setup.workshop_id}/invites", token=token or setup.facilitator
    )


def test_label_and_expiry_are_kept_and_the_link_is_shown_again(server: Server) -> None:
    setup = make_workshop(server)
    ends = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    status, made = _create(
        setup, {"role": "editor", "label": " Team A ", "expires_at": ends.isoformat()}
    )
    assert status == 201, made
    assert made["label"] == "Team A"
    assert datetime.fromisoformat(made["expires_at"]) == ends
    assert made["link"].endswith("#" + made["token"])
    status, joined = server.request(
        "POST", "/api/join", {"token": made["token"], "display_name": "Ann"}
    )
    assert status == 201
    # A "reload": a new request, nothing kept by the client, shows the same link again.
    status, listed = _listing(setup)
    assert status == 200
    row = next(i for i in listed if i["id"] == made["id"])
    assert row["link"] == made["link"] and row["label"] == "Team A"
    assert datetime.fromisoformat(row["expires_at"]) == ends
    assert row["expired"] is False and row["revoked"] is False and row["uses"] == 1
    assert [p["display_name"] for p in row["participants"]] == ["Ann"]
    assert row["participants"][0]["participant_id"] == joined["participant_id"]
    assert "created_at" in row


def test_only_facilitators_list_links_and_remove_participants(server: Server) -> None:
    setup = make_workshop(server)
    editor, editor_id = setup.join("editor", "Ed")
    viewer, _ = setup.join("viewer", "Vi")
    for token in (editor, viewer, setup.invite("pilot")):
        status, body = _listing(setup, token)
        assert status == 403 and body["code"] == "role_not_allowed"
        status, body = server.request(
            "DELETE",
            f"/api/workshops/{setup.workshop_id}/participants/{editor_id}",
            token=token,
        )
        assert status == 403
    # Nobody but the listing sees a token: the workshop view carries none.
    _, view = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=editor)
    listed = _listing(setup)[1]
    for row in listed:
        if row["link"]:
            assert row["link"].split("#")[1] not in str(view)


def test_bad_expiries_are_refused_and_change_nothing(server: Server) -> None:
    setup = make_workshop(server)
    before = len(_listing(setup)[1])
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    status, body = _create(setup, {"role": "viewer", "expires_at": past})
    assert status == 422 and body["code"] == "expiry_in_past"
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    status, body = _create(setup, {"role": "facilitator", "expires_at": future})
    assert status == 422 and body["code"] == "facilitator_link_expiry"
    status, body = _create(setup, {"role": "viewer", "expires_at": "2030-01-01T00:00:00"})
    assert status == 422  # no time zone
    status, body = _create(setup, {"role": "viewer", "label": "x" * 81})
    assert status == 422
    assert len(_listing(setup)[1]) == before


async def test_an_expired_link_is_refused_with_a_clear_problem(server: Server) -> None:
    setup = make_workshop(server)
    ends = datetime.now(UTC) + timedelta(seconds=1.5)
    status, made = _create(setup, {"role": "viewer", "expires_at": ends.isoformat()})
    assert status == 201
    status, early = server.request(
        "POST", "/api/join", {"token": made["token"], "display_name": "Early"}
    )
    assert status == 201
    await asyncio.sleep(max(0.0, (ends - datetime.now(UTC)).total_seconds()) + 0.3)
    status, body = server.request(
        "POST", "/api/join", {"token": made["token"], "display_name": "Late"}
    )
    assert status == 410 and body["code"] == "invite_expired"
    assert "expired" in body["detail"]
    status, body = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=made["token"])
    assert status == 410 and body["code"] == "invite_expired"
    async with YClient(setup.ws(made["token"])) as c:
        assert await c.wait_closed() == 4401
    row = next(i for i in _listing(setup)[1] if i["id"] == made["id"])
    assert row["expired"] is True and row["link"] is None and row["uses"] == 1
    # Who joined in time keeps their place.
    status, _ = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=early["token"])
    assert status == 200


async def test_removing_one_participant_keeps_the_link_working_for_others(
    server: Server,
) -> None:
    setup = make_workshop(server)
    link = setup.invite("editor")
    tokens = {}
    for name in ("Ann", "Bob"):
        status, joined = server.request("POST", "/api/join", {"token": link, "display_name": name})
        assert status == 201
        tokens[name] = joined
    async with (
        YClient(setup.ws(tokens["Ann"]["token"])) as ann,
        YClient(setup.ws(tokens["Bob"]["token"])) as bob,
    ):
        await ann.synced.wait()
        await bob.synced.wait()
        status, _ = server.request(
            "DELETE",
            f"/api/workshops/{setup.workshop_id}/participants/{tokens['Ann']['participant_id']}",
            token=setup.facilitator,
        )
        assert status == 204
        assert await ann.wait_closed() == 4401
        await asyncio.sleep(0.2)
        assert bob.close_code is None
    status, _ = server.request(
        "GET", f"/api/workshops/{setup.workshop_id}", token=tokens["Ann"]["token"]
    )
    assert status == 401
    status, view = server.request(
        "GET", f"/api/workshops/{setup.workshop_id}", token=tokens["Bob"]["token"]
    )
    assert status == 200
    assert [p["display_name"] for p in view["participants"]] == ["Bob"]
    status, _ = server.request("POST", "/api/join", {"token": link, "display_name": "Cy"})
    assert status == 201
    async with YClient(setup.ws(tokens["Ann"]["token"])) as again:
        assert await again.wait_closed() == 4401
    row = next(i for i in _listing(setup)[1] if i["role"] == "editor")
    assert [(p["display_name"], p["removed"]) for p in row["participants"]] == [
        ("Ann", True),
        ("Bob", False),
        ("Cy", False),
    ]
    status, body = server.request(
        "DELETE",
        f"/api/workshops/{setup.workshop_id}/participants/nobody",
        token=setup.facilitator,
    )
    assert status == 404 and body["code"] == "not_found"
