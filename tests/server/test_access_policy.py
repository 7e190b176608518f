"""The access policy (server/access.py) as one table: role × workshop state × board state ×
action, asserted whole against the table below, which is written out by hand like the one in
docs/api.md. Then a few checks through a real server that every entry point (websocket,
commands, imports, board creation) honours the same answers.

Symbols: ``ok`` allowed · ``404`` not found (the role cannot reach the board) · ``403`` the
role may not · ``fin`` 409 ``workshop_finished`` · ``lock`` 409 ``board_locked``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from pycrdt import Text

from boards.kind import CommandSpec, PilotAccess, Role, pilot_access
from boards.registry import KINDS, command_spec, get_kind
from server import access
from server.access import Action, BoardState, Reason, Refusal, WorkshopState
from server.auth import Identity
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

SHARED_SERVER = True  # each test makes its own workshop: one server start

STATES = ("live, open", "live, locked", "finished, open", "finished, locked")
ROLES = (Role.facilitator, Role.editor, Role.viewer, Role.pilot)

# action (on which board kind, or which command on which kind) → per state: F E V P
TABLE = """
action                              | live, open       | live, locked     | finished, open   | finished, locked
read_workshop                       | ok  ok  ok  403  | ok  ok  ok  403  | ok  ok  ok  403  | ok  ok  ok  403
read_pilot_page                     | ok  ok  ok  ok   | ok  ok  ok  ok   | ok  ok  ok  ok   | ok  ok  ok  ok
manage_invites                      | ok  403 403 403  | ok  403 403 403  | ok  403 403 403  | ok  403 403 403
add_board                           | ok  ok  403 403  | ok  ok  403 403  | fin fin 403 403  | fin fin 403 403
export                              | ok  403 403 403  | ok  403 403 403  | ok  403 403 403  | ok  403 403 403
export (viewer export allowed)      | ok  403 ok  403  | ok  403 ok  403  | ok  403 ok  403  | ok  403 ok  403
delete_workshop                     | ok  403 403 403  | ok  403 403 403  | ok  403 403 403  | ok  403 403 403
read_board notes                    | ok  ok  ok  404  | ok  ok  ok  404  | ok  ok  ok  404  | ok  ok  ok  404
read_board workshop                 | ok  ok  ok  404  | ok  ok  ok  404  | ok  ok  ok  404  | ok  ok  ok  404
read_board pilot                    | ok  ok  ok  ok   | ok  ok  ok  ok   | ok  ok  ok  ok   | ok  ok  ok  ok
read_board rollout                  | ok  ok  ok  404  | ok  ok  ok  404  | ok  ok  ok  404  | ok  ok  ok  404
edit_content notes                  | ok  ok  403 404  | ok  lock 403 404 | fin fin 403 404  | fin fin 403 404
edit_content pilot                  | ok  ok  403 403  | ok  lock 403 403 | fin fin 403 403  | fin fin 403 403
edit_content rollout                | ok  ok  403 404  | ok  lock 403 404 | fin fin 403 404  | fin fin 403 404
import_table vsm                    | ok  ok  403 404  | ok  lock 403 404 | fin fin 403 404  | fin fin 403 404
name_checkpoint notes               | ok  403 403 404  | ok  403 403 404  | fin 403 403 404  | fin 403 403 404
restore_board notes                 | ok  403 403 404  | ok  403 403 404  | fin 403 403 404  | fin 403 403 404
restore_item notes                  | ok  ok  403 404  | ok  lock 403 404 | fin fin 403 404  | fin fin 403 404
restore_item pilot                  | ok  ok  403 403  | ok  lock 403 403 | fin fin 403 403  | fin fin 403 403
run_command notes board.unlock      | ok  403 403 404  | ok  403 403 404  | fin 403 403 404  | fin 403 403 404
run_command workshop workshop.finish| ok  403 403 404  | ok  403 403 404  | fin 403 403 404  | fin 403 403 404
run_command pilot board.lock        | ok  403 403 403  | ok  403 403 403  | fin 403 403 403  | fin 403 403 403
run_command ideas ideas.add_private | ok  ok  403 404  | ok  lock 403 404 | fin fin 403 404  | fin fin 403 404
run_command ideas ideas.vote        | ok  ok  403 404  | ok  ok  403 404  | fin fin 403 404  | fin fin 403 404
run_command pilot pilot.reading     | ok  ok  403 ok   | ok  ok  403 ok   | fin fin 403 fin  | fin fin 403 fin
run_command rollout rollout.reading | ok  ok  403 ok   | ok  ok  403 ok   | ok  ok  403 ok   | ok  ok  403 ok
run_command rollout board.lock      | ok  403 403 403  | ok  403 403 403  | fin 403 403 403  | fin 403 403 403
"""

SYMBOL = {
    None: "ok",
    Reason.not_found: "404",
    Reason.role_not_allowed: "403",
    Reason.workshop_finished: "fin",
    Reason.board_locked: "lock",
}


def _rows() -> list[tuple[str, list[list[str]]]]:
    lines = [line for line in TABLE.strip().splitlines()[1:] if line.strip()]
    rows = []
    for line in lines:
        label, *cells = (cell.strip() for cell in line.split("|"))
        rows.append((label, [cell.split() for cell in cells]))
    return rows


def _ask(label: str, role: Role, state: str) -> Refusal | None:
    finished, locked = state.startswith("finished"), state.endswith("locked")
    words = label.split()
    action = Action(words[0])
    workshop = WorkshopState(finished=finished, viewer_export="viewer export" in label)
    board = BoardState(words[1], locked) if len(words) > 1 and words[1] in KINDS else None
    spec: CommandSpec | None = None
    if action is Action.run_command:
        assert board is not None
        spec = command_spec(get_kind(board.kind), words[2])
        assert spec is not None, label
    return access.decide(role, action, workshop, board, spec)


def test_the_policy_is_the_table() -> None:
    expected = {
        (label, state): cells[i] for label, cells in _rows() for i, state in enumerate(STATES)
    }
    actual = {
        (label, state): [
            SYMBOL[r.reason if (r := _ask(label, role, state)) else None] for role in ROLES
        ]
        for label, state in expected
    }
    wrong = {key: (actual[key], want) for key, want in expected.items() if actual[key] != want}
    assert not wrong, "(got, table): " + json.dumps(
        {" / ".join(k): v for k, v in wrong.items()}, ensure_ascii=False, indent=1
    )


def _rules(spec: CommandSpec) -> tuple[frozenset[Role], bool, bool]:
    return spec.roles, spec.allowed_when_locked, spec.allowed_when_finished


def test_the_table_covers_every_action_command_rule_and_kind_rule() -> None:
    """A new action, a new combination of command roles and lock and finish rules, or a kind
    that changes its reach needs its row here (and in docs/api.md)."""
    labels = [label for label, _ in _rows()]
    assert {Action(label.split()[0]) for label in labels} == set(Action)
    covered = set()
    for label in labels:
        words = label.split()
        if words[0] == Action.run_command:
            spec = command_spec(get_kind(words[1]), words[2])
            assert spec is not None
            covered.add(_rules(spec))
    for kind in KINDS.values():
        for name in [*kind.commands, "board.lock", "board.unlock"]:
            spec = command_spec(kind, name)
            assert spec is not None
            assert _rules(spec) in covered, f"{kind.name}: {name}"
    # Reading and writing are tabled on a kind of each pilot reach: synced, commands only,
    # closed; so is a command on a kind the pilot link reaches by commands only.
    for action in (Action.read_board, Action.edit_content, Action.run_command):
        kinds = {label.split()[1] for label in labels if label.split()[0] == action}
        reach = {pilot_access(get_kind(kind)) for kind in kinds}
        assert reach == set(PilotAccess), action


def test_refusals_carry_their_http_status_and_close_code() -> None:
    spec = command_spec(get_kind("notes"), "board.lock")
    assert spec is not None
    live, finished = WorkshopState(), WorkshopState(finished=True)
    cases = [
        (access.decide(Role.pilot, Action.read_board, live, BoardState("notes")), 404),
        (access.decide(Role.viewer, Action.run_command, live, BoardState("notes"), spec), 403),
        (access.decide(Role.editor, Action.add_board, finished), 409),
        (access.decide(Role.editor, Action.edit_content, live, BoardState("notes", True)), 409),
    ]
    for refusal, status in cases:
        assert refusal is not None
        assert (refusal.status, refusal.close_code) == (status, 4403)
        problem = refusal.problem()
        assert (problem.status, problem.code) == (status, refusal.reason.value)
    assert [r.by_state for r, _ in cases if r] == [False, False, True, True]


def test_a_token_of_another_workshop_is_not_found_for_every_action() -> None:
    who = Identity(workshop_id="w-other", role=Role.facilitator, invite_id="i")
    for action in Action:
        refusal = access.workshop_refusal(who, "w-this", action, WorkshopState())
        assert refusal is not None and refusal.reason is Reason.not_found, action


# Through a real server: the entry points translate the same answers.

HEADER = "步骤,部门,周期时间,周期单位\n"


def _import(setup: Setup, token: str, row: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{setup.server.url}/api/boards/{setup.board_id}/import?replace=1",
        data=(HEADER + row + "\n").encode(),
        method="POST",
        headers={"authorization": f"Bearer {token}", "content-type": "text/csv"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def _write_lands(setup: Setup, token: str, marker: str) -> bool:
    """Whether a content write over the websocket reaches another peer. The writer is a
    throwaway peer: a client whose edits were dropped has diverged for good."""
    async with YClient(setup.ws(setup.facilitator)) as observer:
        await observer.synced.wait()
        async with YClient(setup.ws(token)) as writer:
            await writer.synced.wait()
            writer.doc.get("marks", type=Text).insert(0, marker)
            try:
                await observer.wait_for(
                    lambda: marker in str(observer.doc.get("marks", type=Text)), timeout=1.5
                )
            except TimeoutError:
                return False
    return True


def _steps(setup: Setup) -> list[str]:
    status, board = setup.server.request(
        "GET", f"/api/boards/{setup.board_id}", token=setup.facilitator
    )
    assert status == 200, board
    return [step["name"] for step in board["snapshot"]["current"]["steps"]]


@pytest.mark.anyio
async def test_a_locked_board_refuses_the_team_everywhere_but_the_facilitator(
    server: Server,
) -> None:
    setup = make_workshop(server, kind="vsm")
    editor, _ = setup.join("editor", "Ed")
    assert _import(setup, editor, "接收投诉,客服部,10,min")[0] == 200
    assert setup.command(setup.facilitator, "board.lock")[0] == 200

    status, body = _import(setup, editor, "编辑导入,客服部,10,min")
    assert (status, body["code"]) == (409, "board_locked")
    status, body = setup.command(editor, "board.unlock")
    assert (status, body["code"]) == (403, "role_not_allowed")
    assert not await _write_lands(setup, editor, "editor while locked")
    assert await _write_lands(setup, setup.facilitator, "facilitator while locked")
    assert _import(setup, setup.facilitator, "主持人导入,客服部,10,min")[0] == 200
    assert _steps(setup) == ["主持人导入"]

    assert setup.command(setup.facilitator, "board.unlock")[0] == 200
    assert _import(setup, editor, "解锁后,客服部,10,min")[0] == 200
    assert await _write_lands(setup, editor, "editor after unlock")
    assert _steps(setup) == ["解锁后"]


@pytest.mark.anyio
async def test_a_finished_workshop_refuses_every_write_at_every_entry_point(server: Server) -> None:
    setup = make_workshop(server, kind="vsm")
    editor, _ = setup.join("editor", "Ed")
    assert _import(setup, editor, "接收投诉,客服部,10,min")[0] == 200
    assert await _write_lands(setup, editor, "editor before finishing")
    status, done = setup.command(
        setup.facilitator,
        "workshop.timer",
        {"seconds": 60},
        key="before",
        board_id=setup.workshop_board_id,
    )
    assert status == 200
    finish = setup.command(setup.facilitator, "workshop.finish", board_id=setup.workshop_board_id)
    assert finish[0] == 200

    for token in (setup.facilitator, editor):
        status, body = _import(setup, token, "太晚了,客服部,10,min")
        assert (status, body["code"]) == (409, "workshop_finished")
        status, body = setup.command(token, "board.lock")
        assert status == (409 if token == setup.facilitator else 403), body
        status, body = server.request(
            "POST",
            f"/api/workshops/{setup.workshop_id}/boards",
            {"kind": "notes", "title": "x"},
            token=token,
        )
        assert (status, body["code"]) == (409, "workshop_finished")
        assert not await _write_lands(setup, token, f"too late {token[:4]}")
    # A retried command is still answered from its record; reading and exporting go on.
    status, again = setup.command(
        setup.facilitator,
        "workshop.timer",
        {"seconds": 60},
        key="before",
        board_id=setup.workshop_board_id,
    )
    assert status == 200 and again["replayed"] is True and again["result"] == done["result"]
    assert _steps(setup) == ["接收投诉"]
    assert (
        server.request(
            "GET", f"/api/workshops/{setup.workshop_id}/export/json", token=setup.facilitator
        )[0]
        == 200
    )
    status, body = server.request("GET", f"/api/boards/{setup.board_id}", token=editor)
    assert status == 200 and body["locked"] is False
