"""The workshop loop through the real server: each phase names the kinds of board that serve it
(declared on the kinds), each board carries the alerts its kind raises from its stored analysis,
and a finished workshop still takes the commands that declare ``allowed_when_finished``."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from pycrdt import Text

from boards.registry import KINDS, USER_KINDS
from boards.workshop import PHASES
from tests.support.server import ROOT, Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

SHARED_SERVER = True  # each test makes its own workshop: one server start

PHASE_KINDS = {
    "diagnose": ["vsm"],
    "analyse": ["fishbone", "raci"],
    "design": ["vsm", "ideas"],
    "pilot": ["pilot"],
    "rollout": ["rollout"],
}


def test_every_kind_declares_real_phases_and_catalogued_alerts() -> None:
    catalogs = {
        lang: json.loads((ROOT / "client" / "src" / "i18n" / f"{lang}.json").read_text())
        for lang in ("en", "zh-CN")
    }
    for kind in KINDS.values():
        assert set(kind.phases) <= set(PHASES), kind.name
        for code in kind.alert_codes:
            for lang, catalog in catalogs.items():
                assert catalog["alerts"].get(code), f"{lang}: alerts.{code} ({kind.name})"
    # The workshop board is the home itself; every phase is served by some kind.
    assert not KINDS["workshop"].phases
    assert all(any(p in KINDS[k].phases for k in USER_KINDS) for p in PHASES)


def test_the_workshop_names_the_kinds_of_each_phase_and_each_boards_alerts(
    server: Server,
) -> None:
    setup = make_workshop(server, kind="vsm")
    status, body = server.request(
        "GET", f"/api/workshops/{setup.workshop_id}", token=setup.facilitator
    )
    assert status == 200, body
    assert body["phase_kinds"] == PHASE_KINDS
    assert [(b["kind"], b["alerts"]) for b in body["boards"]] == [("vsm", [])]
    assert body["sustain"] is False


def _demo(server: Server) -> tuple[str, str, dict[str, dict[str, Any]]]:
    status, created = server.request(
        "POST", "/api/workshops", {"title": "Complaints", "language": "en", "demo": True}
    )
    assert status == 201, created
    status, body = server.request("GET", f"/api/workshops/{created['id']}", token=created["token"])
    assert status == 200, body
    return created["id"], created["token"], {b["kind"]: b for b in body["boards"]}


def test_the_demo_rollout_board_raises_its_relapse_on_the_workshop(server: Server) -> None:
    _, _, boards = _demo(server)
    # The demo's handling time relapses in its last days; the repeat rate holds.
    assert boards["rollout"]["alerts"] == [
        {"code": "relapse", "params": {"kpis": ["Average handling time"]}}
    ]
    assert all(b["alerts"] == [] for kind, b in boards.items() if kind != "rollout")


def test_the_relapse_alert_reads_junk_analyses_as_no_alert() -> None:
    junk: list[dict[str, Any]] = [
        {},
        {"charts": None},
        {"charts": "x"},
        {"charts": [1, None, "relapse", []]},
        {"charts": [{"relapse": "yes", "name": "A"}, {"relapse": 1}]},
        {"relapse": True},  # the board-wide flag alone names no KPI
    ]
    assert [KINDS["rollout"].alerts(analysis) for analysis in junk] == [[]] * len(junk)
    [alert] = KINDS["rollout"].alerts({"charts": [{"relapse": True, "kpi_id": "k1"}]})
    assert (alert.code, dict(alert.params)) == ("relapse", {"kpis": ["k1"]})


def _join(server: Server, workshop_id: str, lead: str, role: str, name: str) -> str:
    status, invite = server.request(
        "POST", f"/api/workshops/{workshop_id}/invites", {"role": role}, token=lead
    )
    assert status == 201, invite
    status, joined = server.request(
        "POST", "/api/join", {"token": invite["token"], "display_name": name}
    )
    assert status == 201, joined
    return str(joined["token"])


def _command(
    server: Server, token: str, board_id: str, command: str, payload: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    return server.request(
        "POST",
        f"/api/boards/{board_id}/commands",
        {"command": command, "payload": payload, "idempotency_key": str(uuid.uuid4())},
        token=token,
    )


async def _content_write_lands(server: Server, board_id: str, writer: str, lead: str) -> bool:
    url = f"{server.ws_url}/ws/{board_id}/content?token="
    async with YClient(url + lead) as observer:
        await observer.synced.wait()
        async with YClient(url + writer) as peer:
            await peer.synced.wait()
            peer.doc.get("marks", type=Text).insert(0, "after finishing")
            try:
                await observer.wait_for(
                    lambda: "after" in str(observer.doc.get("marks", type=Text)), timeout=1.5
                )
            except TimeoutError:
                return False
    return True


@pytest.mark.anyio
async def test_a_finished_workshop_still_takes_sustain_readings_and_nothing_else(
    server: Server,
) -> None:
    workshop_id, lead, boards = _demo(server)
    rollout, pilot_board = boards["rollout"]["id"], boards["pilot"]["id"]
    phone = _join(server, workshop_id, lead, "pilot", "Pia Pilot")
    editor = _join(server, workshop_id, lead, "editor", "Eddie Editor")
    status, body = server.request("GET", f"/api/workshops/{workshop_id}", token=lead)
    assert status == 200 and body["sustain"] is True, body
    status, finished = _command(server, lead, body["workshop_board_id"], "workshop.finish", {})
    assert status == 200, finished

    # The phone page still loads, says finished, and still lists the roll-out board.
    status, page = server.request("GET", f"/api/workshops/{workshop_id}/pilot", token=phone)
    assert status == 200, page
    assert page["status"] == "finished" and page["sustain"] is True
    assert rollout in [b["id"] for b in page["boards"]]

    today = datetime.now(UTC).date().isoformat()
    reading = {
        "submission_id": "after-finish-01",
        "kpi_id": "handling_time",
        "wave_id": "wave-1",
        "date": today,
        "value": 25.5,
    }
    status, first = _command(server, phone, rollout, "rollout.reading", reading)
    assert status == 200, first
    # Exactly once, as before finishing: the same submission again changes nothing.
    status, again = _command(server, phone, rollout, "rollout.reading", reading)
    assert status == 200 and again["result"] == first["result"], again
    status, board = server.request("GET", f"/api/boards/{rollout}", token=lead)
    assert status == 200, board
    ours = [r for r in board["snapshot"]["readings"] if r["id"] == "after-finish-01"]
    assert [(r["date"], r["value"], r["display_name"]) for r in ours] == [
        (today, 25.5, "Pia Pilot")
    ]
    # A rule still holds after finishing: a wave that is not live takes no readings.
    status, refused = _command(
        server,
        phone,
        rollout,
        "rollout.reading",
        {**reading, "submission_id": "after-finish-02", "wave_id": "wave-3"},
    )
    assert (status, refused["code"]) == (422, "wave_not_live"), refused

    # Everything else stays frozen: other commands, the pilot's readings, content edits.
    refusals = [
        _command(server, lead, rollout, "rollout.wave_live", {"wave_id": "wave-3"}),
        _command(server, lead, rollout, "board.lock", {}),
        _command(
            server,
            phone,
            pilot_board,
            "pilot.reading",
            {
                "submission_id": "pilot-after-01",
                "kpi_id": "handling_time",
                "date": today,
                "value": 25.5,
            },
        ),
        server.request(
            "POST",
            f"/api/workshops/{workshop_id}/boards",
            {"kind": "notes", "title": "x"},
            token=lead,
        ),
    ]
    assert [(status, body["code"]) for status, body in refusals] == [
        (409, "workshop_finished")
    ] * len(refusals)
    for token in (lead, editor):
        assert not await _content_write_lands(server, rollout, token, lead)
