"""The pilot phone page's own view, ``GET /api/workshops/{id}/pilot``: what a pilot link (a QR
code on a poster) may know of its workshop, filtered on the server, and polled with an ETag."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from tests.support.server import Server

SHARED_SERVER = True  # each test makes its own workshop: one server start


def get(server: Server, path: str, token: str, etag: str = "") -> tuple[int, bytes, str]:
    request = urllib.request.Request(server.url + path)
    request.add_header("authorization", f"Bearer {token}")
    if etag:
        request.add_header("if-none-match", etag)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read(), answer.headers.get("etag", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("etag", "")


def run(server: Server, token: str, board_id: str, command: str, payload: Any) -> None:
    status, body = server.request(
        "POST",
        f"/api/boards/{board_id}/commands",
        {"command": command, "payload": payload, "idempotency_key": command + board_id},
        token=token,
    )
    assert status == 200, body


def join(server: Server, workshop_id: str, facilitator: str, role: str, name: str) -> str:
    invite = server.request(
        "POST", f"/api/workshops/{workshop_id}/invites", {"role": role}, token=facilitator
    )[1]
    joined = server.request("POST", "/api/join", {"token": invite["token"], "display_name": name})
    token: str = joined[1]["token"]
    return token


def test_the_pilot_view_carries_only_what_the_phone_shows(server: Server) -> None:
    """A demo workshop (goals, every kind of board) with a team: the pilot participant's view
    names the workshop, its state, the pilot participant and the pilot boards -- no other board
    id or title, no goal, no other participant, not even the workshop board's id."""
    created = server.request(
        "POST", "/api/workshops", {"title": "Complaints", "language": "en", "demo": True}
    )[1]
    workshop_id, lead = created["id"], created["token"]
    team = {"Eddie Editorson": "editor", "Vicky Viewerling": "viewer", "Paul Otherpilot": "pilot"}
    for name, role in team.items():
        join(server, workshop_id, lead, role, name)
    pilot = join(server, workshop_id, lead, "pilot", "Pia Pilot")
    full = server.request("GET", f"/api/workshops/{workshop_id}", token=lead)[1]
    goals = server.request("GET", f"/api/boards/{full['workshop_board_id']}", token=lead)[1]
    # the pilot board and the roll-out board (sustain readings come from the same phone page)
    pilots = [b for b in full["boards"] if b["kind"] in ("pilot", "rollout")]
    others = [b for b in full["boards"] if b["kind"] not in ("pilot", "rollout")]
    assert pilots and len(others) >= 4 and len(goals["snapshot"]["goals"]) == 2
    assert goals["snapshot"]["state"]["phase"] == "rollout"

    status, raw, etag = get(server, f"/api/workshops/{workshop_id}/pilot", pilot)
    assert status == 200 and etag
    page = json.loads(raw)
    assert page == {
        "id": workshop_id,
        "title": "Complaints",
        "language": "en",
        "status": "live",
        "phase": "rollout",  # where the demo stands, as its workshop board says
        # The team's alerts (from each board's analysis) stay out of the phone's view; the
        # roll-out board, which the pilot link does not sync, brings its narrow phone view.
        "boards": [
            {k: v for k, v in b.items() if k != "alerts"}
            | ({"phone": page["boards"][i]["phone"]} if b["kind"] == "rollout" else {})
            for i, b in enumerate(pilots)
        ],
        "sustain": True,  # the roll-out board takes sustain readings once finished
        "me": {
            "participant_id": page["me"]["participant_id"],
            "role": "pilot",
            "display_name": "Pia Pilot",
            "board_kinds": ["pilot"],
        },
    }
    text = raw.decode()
    pilot_titles = " ".join(b["title"] for b in pilots)
    for board in [*others, {"id": full["workshop_board_id"], "title": ""}]:
        assert board["id"] not in text
        if board["title"] and board["title"] not in pilot_titles:
            assert board["title"] not in text
    # A goal's metric may be a KPI the phone takes readings of (its name in the roll-out's
    # phone view, tests/server/test_rollout_phone.py checks that view): not as a goal.
    bare = json.dumps(
        {**page, "boards": [{k: v for k, v in b.items() if k != "phone"} for b in page["boards"]]},
        ensure_ascii=False,
    )
    for goal in goals["snapshot"]["goals"]:
        assert goal["metric"] not in pilot_titles and goal["metric"] not in bare
    assert "goal" not in text
    for name in team:
        assert name not in text
    assert {p["participant_id"] for p in full["participants"]} & set(text.split('"')) == {
        page["me"]["participant_id"]
    }


def test_the_phone_polls_it_with_an_etag_and_learns_of_changes(server: Server) -> None:
    created = server.request("POST", "/api/workshops", {"title": "Poll", "language": "en"})[1]
    workshop_id, lead = created["id"], created["token"]
    pilot = join(server, workshop_id, lead, "pilot", "Pia")
    path = f"/api/workshops/{workshop_id}/pilot"
    status, raw, etag = get(server, path, pilot)
    assert status == 200 and json.loads(raw)["boards"] == []
    status, raw, again = get(server, path, pilot, etag)
    assert (status, raw, again) == (304, b"", etag)

    # A pilot board (and only a pilot board) shows up; the old tag no longer matches.
    server.request(
        "POST", f"/api/workshops/{workshop_id}/boards", {"kind": "notes", "title": "N"}, token=lead
    )
    assert get(server, path, pilot, etag)[0] == 304
    board = server.request(
        "POST", f"/api/workshops/{workshop_id}/boards", {"kind": "pilot", "title": "P"}, token=lead
    )[1]
    status, raw, etag = get(server, path, pilot, etag)
    assert status == 200 and [b["id"] for b in json.loads(raw)["boards"]] == [board["id"]]

    run(server, lead, created["workshop_board_id"], "workshop.finish", {})
    status, raw, etag = get(server, path, pilot, etag)
    assert status == 200 and json.loads(raw)["status"] == "finished"


def test_other_tokens_get_nothing(server: Server) -> None:
    created = server.request("POST", "/api/workshops", {"title": "A", "language": "en"})[1]
    other = server.request("POST", "/api/workshops", {"title": "B", "language": "en"})[1]
    path = f"/api/workshops/{created['id']}/pilot"
    assert get(server, path, "")[0] == 401
    assert get(server, path, "not-a-token")[0] == 401
    status, raw, _ = get(server, path, other["token"])
    assert status == 404 and json.loads(raw)["code"] == "not_found"
