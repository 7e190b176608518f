"""The pilot link on a roll-out board (``pilot_access`` ``commands``): the phone sends sustain
readings and reads the pilot page's narrow view, and nothing else. Through a real server on
the demo workshop, whose roll-out board holds risks, resources with a compliance red line, a
decision's rationale and readings under someone else's name: none of it reaches a pilot token
by any route (websocket, board reads, the pilot view, exports), and its own reading lands once."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support.server import Server
from tests.support.workshop import Setup
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start


def _status(server: Server, path: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(server.url + path)
    request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _secrets(snapshot: dict[str, Any]) -> set[str]:
    """What the team keeps from the poster's link: every risk, resource and readiness text,
    owners, the decision's rationale and who decided, the readings' names and ids."""
    found: set[str] = set()
    for risk in snapshot["risks"]:
        found |= {risk["text"], risk["mitigation"], risk["owner"]}
    for resource in snapshot["resources"]:
        found |= {resource["text"], resource["detail"]}
    for item in snapshot["readiness"]:
        found |= {item["label"], item["owner"]}
    for wave in snapshot["waves"]:
        found.add(wave["owner"])
    for decision in snapshot["decision_history"]:
        found |= {decision["rationale"], decision["decided_by"], decision["participant_id"]}
        found |= {change["text"] for change in decision["pilot"]["changes"]}
    for reading in snapshot["readings"]:
        found |= {reading["display_name"], reading["participant_id"], reading["id"]}
    for golive in snapshot["golive"].values():
        found |= {golive["by"], golive["reason"]}
    return {text for text in found if len(text) >= 4}


async def test_a_pilot_token_gets_nothing_of_the_rollout_but_its_phone_view(
    server: Server,
) -> None:
    created = server.request(
        "POST", "/api/workshops", {"title": "Complaints", "language": "en", "demo": True}
    )[1]
    workshop_id, lead = created["id"], created["token"]
    full = server.request("GET", f"/api/workshops/{workshop_id}", token=lead)[1]
    rollout_id = next(b["id"] for b in full["boards"] if b["kind"] == "rollout")
    setup = Setup(server, workshop_id, lead, rollout_id, created["workshop_board_id"])
    pilot, pilot_pid = setup.join("pilot", "Pia Pilot")
    team = server.request("GET", f"/api/boards/{rollout_id}", token=lead)[1]["snapshot"]
    secrets = _secrets(team)
    assert team["risks"] and team["resources"] and team["readings"] and len(secrets) > 20
    assert any(r["category"] == "compliance" for r in team["resources"])

    # No room opens, no board read answers: as for a board of a closed kind.
    for room in ("content", "ledger"):
        async with YClient(setup.ws(pilot, room)) as c:
            assert await c.wait_closed() == 4403
    for path in ("", "/private"):
        status, body = _status(server, f"/api/boards/{rollout_id}{path}", pilot)
        assert status == 404 and json.loads(body)["code"] == "not_found"
    for fmt in ("json", "pdf", "md", "zip", "rollout.ics"):
        status, body = _status(
            server, f"/api/workshops/{workshop_id}/export/{fmt}?board={rollout_id}", pilot
        )
        assert status == 403, (fmt, body[:200])
    # ...nor do the team's commands (the common ones included).
    status, body = setup.command(pilot, "board.lock")
    assert (status, body["code"]) == (403, "role_not_allowed")

    # The pilot view: the reading rules of the decided KPIs and the live waves, nothing else.
    status, raw = _status(server, f"/api/workshops/{workshop_id}/pilot", pilot)
    assert status == 200
    page = json.loads(raw)
    assert page["me"]["board_kinds"] == ["pilot"]  # the rooms it may open
    board = next(b for b in page["boards"] if b["id"] == rollout_id)
    phone = board["phone"]
    decided = team["decision"]["pilot"]["kpis"]
    assert phone["decision"] == "go"
    assert phone["kpis"] == [
        {k: kpi[k] for k in ("id", "name", "unit", "better", "measure", "percent", "min", "max")}
        for kpi in decided
    ]
    names = {w["id"]: w["name"] for w in team["waves"]}
    assert phone["waves"] == [
        {"id": wid, "name": names[wid], "golive": g["date"]} for wid, g in team["golive"].items()
    ]
    assert phone["mine"] == []  # the demo's readings are someone else's
    text = raw.decode()
    leaked = sorted(s for s in secrets if s in text)
    assert not leaked, leaked
    phone_text = json.dumps(phone)
    for field in ("rationale", "risks", "resources", "readiness", "display_name", "baseline"):
        assert field not in phone_text

    # Its own reading still lands, once, and comes back in its view (and only its own).
    kpi = next(k for k in phone["kpis"] if k["measure"] == "value")
    wave = phone["waves"][0]
    today = datetime.now(UTC).date().isoformat()
    value = ((kpi["min"] or 0) + (kpi["max"] or 2 * (kpi["min"] or 0) + 20)) / 2
    reading = {"submission_id": "phone-0001", "kpi_id": kpi["id"], "wave_id": wave["id"],
               "date": today, "value": value}  # fmt: skip
    answers = [setup.command(pilot, "rollout.reading", reading) for _ in range(2)]
    assert [status for status, _ in answers] == [200, 200], answers
    assert answers[0][1]["result"] == answers[1][1]["result"]
    for _, body in answers:  # the answer names nothing of the board either
        assert not sorted(s for s in secrets if s in json.dumps(body, ensure_ascii=False))
    after = server.request("GET", f"/api/boards/{rollout_id}", token=lead)[1]["snapshot"]
    landed = [r for r in after["readings"] if r["id"] == "phone-0001"]
    assert len(landed) == 1 and landed[0]["participant_id"] == pilot_pid
    assert len(after["readings"]) == len(team["readings"]) + 1
    page = json.loads(_status(server, f"/api/workshops/{workshop_id}/pilot", pilot)[1])
    mine = next(b for b in page["boards"] if b["id"] == rollout_id)["phone"]["mine"]
    assert [(m["id"], m["kpi_id"], m["wave_id"], m["date"], m["value"]) for m in mine] == [
        ("phone-0001", kpi["id"], wave["id"], today, value)
    ]
    other, _ = setup.join("pilot", "Paul Otherpilot")
    page = json.loads(_status(server, f"/api/workshops/{workshop_id}/pilot", other)[1])
    assert next(b for b in page["boards"] if b["id"] == rollout_id)["phone"]["mine"] == []

    # Nor does replaying someone else's idempotency key answer with their command's result:
    # not the team's decision, not another phone's reading (with its sender's name).
    pilot_board = next(b["id"] for b in full["boards"] if b["kind"] == "pilot")
    decide = {"verdict": "go_with_changes", "rationale": "Keep the two changes in the rules",
              "pilot_board_id": pilot_board}  # fmt: skip
    assert setup.command(lead, "rollout.decide", decide, key="team-key")[0] == 200
    sent = {**reading, "submission_id": "phone-0003"}
    assert setup.command(pilot, "rollout.reading", sent, key="pia-key")[0] == 200
    guess = {**reading, "submission_id": "phone-0004"}
    for key in ("team-key", "pia-key"):
        status, body = setup.command(other, "rollout.reading", guess, key=key)
        assert (status, body["code"]) == (409, "idempotency_key_reused"), body
        assert "Pia Pilot" not in json.dumps(body) and "rules" not in json.dumps(body)
    retried = setup.command(lead, "rollout.decide", decide, key="team-key")
    assert retried[0] == 200 and retried[1]["replayed"] is True  # the sender's own retry


async def test_the_phone_view_says_when_no_readings_are_taken(server: Server) -> None:
    created = server.request("POST", "/api/workshops", {"title": "Empty", "language": "en"})[1]
    workshop_id, lead = created["id"], created["token"]
    status, board = server.request(
        "POST",
        f"/api/workshops/{workshop_id}/boards",
        {"kind": "rollout", "title": "Roll-out"},
        token=lead,
    )
    assert status == 201
    setup = Setup(server, workshop_id, lead, board["id"], created["workshop_board_id"])
    pilot, _ = setup.join("pilot", "Pia")
    page = json.loads(_status(server, f"/api/workshops/{workshop_id}/pilot", pilot)[1])
    assert page["boards"][0]["phone"] == {"decision": "none", "kpis": [], "waves": [], "mine": []}
    status, body = setup.command(
        pilot,
        "rollout.reading",
        {"submission_id": "phone-0002", "kpi_id": "k1", "wave_id": "w1",
         "date": datetime.now(UTC).date().isoformat(), "value": 1.0},
    )  # fmt: skip
    assert (status, body["code"]) == (422, "no_rollout_decision")
