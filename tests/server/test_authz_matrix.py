"""The access policy of docs/api.md as a table: every role × route × board kind × export
format against one real server (shared by the module), websockets with real Yjs clients.

The expectations are written out here, independently of ``server/access.py``: a board a role
may not reach answers like a missing one (404, websocket 4403), a forbidden action on a
reachable thing is 403, no token is 401.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import pytest
from pycrdt import Map

from server import protocol as p
from tests.support.server import Server
from tests.support.yclient import YClient

ROLES = ("facilitator", "editor", "viewer", "pilot", "foreign", "anonymous")
KINDS = ("workshop", "vsm", "fishbone", "raci", "ideas", "pilot", "notes")
PILOT_REACHES = {"pilot"}  # docs/api.md, "Access policy": not even the workshop board
FORMATS = ("pdf", "md", "json", "zip", "raci.xlsx", "actions.xlsx", "actions.ics")

F, E, V, P = "facilitator", "editor", "viewer", "pilot"
ONLY_FACILITATOR = {F: 0, E: 403, V: 403, P: 403}  # 0: the route's own success status

# (name, method, path, body) and what each role gets on something it may reach.
WORKSHOP_ROUTES: list[tuple[str, str, str, Any, dict[str, int]]] = [
    ("read", "GET", "/api/workshops/{w}", None, {F: 200, E: 200, V: 200, P: 403}),
    ("pilot-page", "GET", "/api/workshops/{w}/pilot", None, {F: 200, E: 200, V: 200, P: 200}),
    ("list-invites", "GET", "/api/workshops/{w}/invites", None, {**ONLY_FACILITATOR, F: 200}),
    (
        "create-invite",
        "POST",
        "/api/workshops/{w}/invites",
        {"role": "viewer"},
        {**ONLY_FACILITATOR, F: 201},
    ),
    (
        "revoke-invite",
        "DELETE",
        "/api/workshops/{w}/invites/{invite}",
        None,
        {**ONLY_FACILITATOR, F: 204},
    ),
    (
        "remove-participant",
        "DELETE",
        "/api/workshops/{w}/participants/{participant}",
        None,
        {**ONLY_FACILITATOR, F: 204},
    ),
    (
        "save-template",
        "POST",
        "/api/workshops/{w}/template",
        {"title": "x"},
        {**ONLY_FACILITATOR, F: 201},
    ),
    (
        "add-board",
        "POST",
        "/api/workshops/{w}/boards",
        {"kind": "notes", "title": "x"},
        {F: 201, E: 201, V: 403, P: 403},
    ),
]
IMPORTED = -1  # 200 on a board that imports tables (vsm), else 422 not_importable
BOARD_ROUTES: list[tuple[str, str, str, Any, dict[str, int]]] = [
    ("read", "GET", "/api/boards/{b}", None, {F: 200, E: 200, V: 200, P: 200}),
    ("private", "GET", "/api/boards/{b}/private", None, {F: 200, E: 200, V: 200, P: 200}),
    ("command", "POST", "/api/boards/{b}/commands", "unlock", {**ONLY_FACILITATOR, F: 200}),
    ("history", "GET", "/api/boards/{b}/checkpoints", None, {F: 200, E: 200, V: 200, P: 200}),
    (
        "name-version",
        "POST",
        "/api/boards/{b}/checkpoints",
        {"name": "v1"},
        {**ONLY_FACILITATOR, F: 201},
    ),
    (
        "import",
        "POST",
        "/api/boards/{b}/import",
        b"name,cycle_time,klass\nstep,5,va\n",
        {F: IMPORTED, E: IMPORTED, V: 403, P: 403},
    ),
]


@dataclass
class World:
    server: Server
    workshop_id: str  # viewer export off
    exporting_id: str  # viewer export on
    boards: dict[str, str]  # kind -> board id, in workshop_id
    tokens: dict[str, str] = field(default_factory=dict)  # role -> token for workshop_id
    exporting_tokens: dict[str, str] = field(default_factory=dict)

    def call(
        self, method: str, path: str, token: str = "", body: Any = None
    ) -> tuple[int, bytes, dict[str, Any]]:
        if isinstance(body, bytes):
            data, ctype = body, "text/csv"
        else:
            data, ctype = (
                (json.dumps(body).encode() if body is not None else None),
                "application/json",
            )
        request = urllib.request.Request(self.server.url + path, data=data, method=method)
        request.add_header("content-type", ctype)
        if token:
            request.add_header("authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, answer.read(), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def ok(self, method: str, path: str, token: str, body: Any = None) -> Any:
        status, raw, _ = self.call(method, path, token, body)
        assert status in (200, 201), raw
        return json.loads(raw)


def _workshop(world_server: Server) -> tuple[str, str, dict[str, str]]:
    status, raw, _ = World(world_server, "", "", {}).call(
        "POST", "/api/workshops", body={"title": "授权矩阵", "language": "zh-CN"}
    )
    assert status == 201
    created = json.loads(raw)
    return created["id"], created["token"], {"workshop": created["workshop_board_id"]}


def _roles(world: World, workshop_id: str, facilitator: str) -> dict[str, str]:
    tokens = {F: facilitator, "anonymous": ""}
    for role in (E, V, P):
        invite = world.ok(
            "POST", f"/api/workshops/{workshop_id}/invites", facilitator, {"role": role}
        )
        joined = world.ok("POST", "/api/join", "", {"token": invite["token"], "display_name": role})
        tokens[role] = joined["token"]
    return tokens


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = Server(Path(tmp_path_factory.mktemp("matrix")) / "data").start()
    try:
        workshop_id, facilitator, boards = _workshop(server)
        exporting_id, exporting_facilitator, exporting_boards = _workshop(server)
        _, other_facilitator, _ = _workshop(server)
        world = World(server, workshop_id, exporting_id, boards)
        for kind in KINDS[1:]:
            for wid, token, found in (
                (workshop_id, facilitator, boards),
                (exporting_id, exporting_facilitator, exporting_boards),
            ):
                board = world.ok(
                    "POST", f"/api/workshops/{wid}/boards", token, {"kind": kind, "title": kind}
                )
                found[kind] = board["id"]
        world.tokens = {**_roles(world, workshop_id, facilitator), "foreign": other_facilitator}
        world.exporting_tokens = {
            **_roles(world, exporting_id, exporting_facilitator),
            "foreign": other_facilitator,
        }
        world.ok(
            "POST",
            f"/api/boards/{exporting_boards['workshop']}/commands",
            exporting_facilitator,
            {
                "command": "workshop.viewer_export",
                "payload": {"allowed": True},
                "idempotency_key": "allow",
            },
        )
        yield world
    finally:
        server.stop()


def expected(role: str, allowed: dict[str, int], reachable: bool = True) -> int:
    if role == "anonymous":
        return 401
    if role == "foreign" or not reachable:
        return 404
    return allowed[role]


def _cases(
    routes: list[tuple[str, str, str, Any, dict[str, int]]], kinds: tuple[str, ...]
) -> list[Any]:
    return [
        pytest.param(route, kind, role, id=f"{route[0]}-{kind}-{role}")
        for route in routes
        for kind in kinds
        for role in ROLES
    ]


@pytest.mark.parametrize(("route", "kind", "role"), _cases(WORKSHOP_ROUTES, ("-",)))
def test_workshop_routes(
    world: World, route: tuple[str, str, str, Any, dict[str, int]], kind: str, role: str
) -> None:
    _, method, path, body, allowed = route
    invite = ""
    if "{invite}" in path:  # a fresh link to revoke each time
        invite = world.ok(
            "POST",
            f"/api/workshops/{world.workshop_id}/invites",
            world.tokens[F],
            {"role": "viewer"},
        )["id"]
    participant = ""
    if "{participant}" in path:  # a fresh participant to remove each time
        link = world.ok(
            "POST",
            f"/api/workshops/{world.workshop_id}/invites",
            world.tokens[F],
            {"role": "viewer"},
        )["token"]
        participant = world.ok("POST", "/api/join", "", {"token": link, "display_name": "x"})[
            "participant_id"
        ]
    status, raw, _ = world.call(
        method,
        path.format(w=world.workshop_id, invite=invite, participant=participant),
        world.tokens[role],
        body,
    )
    assert status == expected(role, allowed), raw
    if status >= 400:
        assert json.loads(raw)["code"] in ("invalid_token", "not_found", "role_not_allowed")


@pytest.mark.parametrize(("route", "kind", "role"), _cases(BOARD_ROUTES, KINDS))
def test_board_routes(
    world: World, route: tuple[str, str, str, Any, dict[str, int]], kind: str, role: str
) -> None:
    _, method, path, body, allowed = route
    if body == "unlock":
        body = {"command": "board.unlock", "payload": {}, "idempotency_key": str(uuid.uuid4())}
    board_id = world.boards[kind]
    want = expected(role, allowed, reachable=role != P or kind in PILOT_REACHES)
    if want == IMPORTED:
        want = 200 if kind == "vsm" else 422
    status, raw, _ = world.call(method, path.format(b=board_id), world.tokens[role], body)
    assert status == want, raw
    if status == 404:  # indistinguishable from a board that does not exist
        missing = world.call(method, path.format(b="NoSuchBoard1"), world.tokens[role], body)
        assert (status, json.loads(raw)) == (missing[0], json.loads(missing[1]))


@pytest.mark.parametrize("viewer_export", [False, True], ids=["viewer-export-off", "on"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_exports(world: World, fmt: str, role: str, viewer_export: bool) -> None:
    workshop_id = world.exporting_id if viewer_export else world.workshop_id
    tokens = world.exporting_tokens if viewer_export else world.tokens
    allowed = {F: 200, E: 403, V: 200 if viewer_export else 403, P: 403}
    status, raw, headers = world.call(
        "GET", f"/api/workshops/{workshop_id}/export/{fmt}", tokens[role]
    )
    assert status == expected(role, allowed), raw[:300]
    if status == 200:
        assert raw and headers["content-disposition"].startswith("attachment")
    else:
        assert headers["content-type"] == "application/problem+json"


@pytest.mark.anyio
@pytest.mark.parametrize("room", ["content", "ledger"])
@pytest.mark.parametrize("kind", KINDS)
async def test_websockets(world: World, kind: str, room: str) -> None:
    """Every role at once on one board and room: reachable ones sync, the rest get 4403."""
    tokens = {**world.tokens, "pilot-invite": ""}
    tokens["pilot-invite"] = world.ok(
        "POST", f"/api/workshops/{world.workshop_id}/invites", world.tokens[F], {"role": "pilot"}
    )["token"]
    board_id = world.boards[kind]
    want: dict[str, int | None] = {
        F: None,
        E: None,
        V: None,
        P: None if kind in PILOT_REACHES else 4403,
        "pilot-invite": None if kind in PILOT_REACHES else 4403,
        "foreign": 4403,
        "anonymous": 4401,
    }
    got: dict[str, int | None] = {}

    async def connect(role: str) -> None:
        url = f"{world.server.ws_url}/ws/{board_id}/{room}?token={tokens[role]}"
        async with YClient(url) as client:
            if want[role] is None:
                with anyio.fail_after(5):
                    await client.synced.wait()
                got[role] = client.close_code
            else:
                got[role] = await client.wait_closed()

    async with anyio.create_task_group() as tg:
        for role in want:
            tg.start_soon(connect, role)
    assert got == want


async def _settled(client: YClient) -> None:
    """Ask the server for a sync step 2: it answers after handling every earlier frame of this
    connection, so whatever the client wrote before has been applied or dropped by then."""
    step2 = [f for f in client.frames if f[:2] == bytes([p.SYNC, p.STEP2])]
    await client.ws.send(p.sync_frame(p.STEP1, client.doc.get_state()))
    await client.wait_for(
        lambda: len([f for f in client.frames if f[:2] == bytes([p.SYNC, p.STEP2])]) > len(step2)
    )


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_content_writes(world: World, kind: str) -> None:
    """Who may write a board's content over sync: editors and facilitators; the updates of
    viewers and pilot participants are dropped (their sockets stay open)."""
    board_id = world.boards[kind]
    writers = [F, E, V] + ([P] if kind in PILOT_REACHES else [])
    root = f"matrix-{uuid.uuid4().hex[:8]}"

    def url(role: str) -> str:
        return f"{world.server.ws_url}/ws/{board_id}/content?token={world.tokens[role]}"

    clients = [YClient(url(role)) for role in writers]
    for client in clients:
        await client.__aenter__()
    try:
        for client in clients:
            with anyio.fail_after(5):
                await client.synced.wait()
        for role, client in zip(writers, clients, strict=True):
            client.doc.get(root, type=Map)[role] = True
        for client in clients:
            await _settled(client)
            assert client.close_code is None
    finally:
        for client in clients:
            await client.__aexit__()
    async with YClient(url(F)) as reader:
        with anyio.fail_after(5):
            await reader.synced.wait()
        assert sorted(reader.doc.get(root, type=Map).keys()) == sorted([F, E])
