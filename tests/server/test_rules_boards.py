"""Rules clients cannot be trusted with, through the real server: dot voting and pilot
submissions -- rejected commands, retries, and a burst of concurrent votes."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from pycrdt import Array, Map

from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start


async def _add_cards(setup: Setup, token: str, ids: list[str]) -> None:
    async with YClient(setup.ws(token)) as c:
        await c.synced.wait()
        cards = c.doc.get("cards", type=Map)
        for i in ids:
            cards[i] = Map({"title": f"想法 {i}", "category": "technology"})
        async with YClient(setup.ws(token)) as check:
            await check.wait_for(lambda: len(check.doc.get("cards", type=Map)) == len(ids))


async def test_budget_holds_under_a_burst_of_concurrent_votes(server: Server) -> None:
    setup = make_workshop(server, kind="ideas")
    await _add_cards(setup, setup.facilitator, ["i1", "i2", "i3"])
    status, _ = setup.command(
        setup.facilitator,
        "ideas.open_round",
        {"budget": 5, "cap": 3, "hidden": True, "anonymous": False},
    )
    assert status == 200
    voter, _ = setup.join("editor", "张伟")

    def vote(n: int) -> int:
        return setup.command(voter, "ideas.vote", {"idea_id": f"i{n % 3 + 1}", "dots": 1})[0]

    with ThreadPoolExecutor(max_workers=12) as pool:  # "several tabs" firing at once
        statuses = list(pool.map(vote, range(40)))
    assert statuses.count(200) == 5
    assert set(statuses) == {200, 422}
    status, mine = server.request("GET", f"/api/boards/{setup.board_id}/private", token=voter)
    assert status == 200 and sum(mine["votes"].values()) == 5 and mine["remaining"] == 0
    async with YClient(setup.ws(voter, "ledger")) as led:
        await led.synced.wait()
        assert led.doc.get("tallies", type=Map).to_py() in ({}, None)  # hidden until the reveal
        status, _ = setup.command(setup.facilitator, "ideas.reveal")
        assert status == 200
        await led.wait_for(
            lambda: sum((led.doc.get("tallies", type=Map).to_py() or {}).values()) == 5
        )


async def test_rejected_votes_say_why_and_change_nothing(server: Server) -> None:
    setup = make_workshop(server, kind="ideas")
    await _add_cards(setup, setup.facilitator, ["a"])
    voter, _ = setup.join("editor", "Li")
    viewer, _ = setup.join("viewer", "Vi")
    status, body = setup.command(voter, "ideas.vote", {"idea_id": "a"})
    assert (status, body["code"]) == (409, "round_not_open")
    setup.command(setup.facilitator, "ideas.open_round", {"budget": 3, "cap": 2, "hidden": False})
    status, body = setup.command(voter, "ideas.vote", {"idea_id": "nope"})
    assert (status, body["code"], body["params"]) == (422, "unknown_idea", {"idea_id": "nope"})
    status, body = setup.command(viewer, "ideas.vote", {"idea_id": "a"})
    assert status == 403
    key = str(uuid.uuid4())
    assert setup.command(voter, "ideas.vote", {"idea_id": "a"}, key=key)[0] == 200
    status, body = setup.command(voter, "ideas.vote", {"idea_id": "a"}, key=key)  # a retry
    assert status == 200 and body["replayed"] is True
    assert setup.command(voter, "ideas.vote", {"idea_id": "a"})[0] == 200
    status, body = setup.command(voter, "ideas.vote", {"idea_id": "a"})  # over the cap of 2
    assert (status, body["code"]) == (422, "cap_exceeded")
    setup.command(setup.facilitator, "ideas.close")
    status, body = setup.command(voter, "ideas.unvote", {"idea_id": "a"})
    assert (status, body["code"]) == (409, "round_closed")
    async with YClient(setup.ws(voter, "ledger")) as led:
        await led.synced.wait()
        assert led.doc.get("tallies", type=Map).to_py() == {"a": 2}


async def test_pilot_submissions_are_validated_and_counted_once(server: Server) -> None:
    setup = make_workshop(server, kind="pilot")
    async with YClient(setup.ws(setup.facilitator)) as c:
        await c.synced.wait()
        c.doc.get("pilot", type=Map).update(
            {"name": "试点", "start": "2026-11-01", "end": "2026-11-30"}
        )
        c.doc.get("sites", type=Array).extend(["深圳", "成都"])
        c.doc.get("kpis", type=Map)["k1"] = Map(
            {
                "name": "处理时长",
                "unit": "h",
                "better": "lower",
                "baseline": 48.0,
                "target": 24.0,
                "min": 0.0,
                "max": 500.0,
            }
        )
        async with YClient(setup.ws(setup.facilitator)) as check:
            await check.wait_for(lambda: "k1" in check.doc.get("kpis", type=Map))
    participant, _ = setup.join("pilot", "试点专员")
    reading = {
        "submission_id": "reading-0001",
        "kpi_id": "k1",
        "date": "2026-11-10",
        "value": 30.5,
        "site": "深圳",
    }
    for bad, code in (
        ({"kpi_id": "nope"}, "unknown_kpi"),
        ({"value": 9999}, "value_out_of_range"),
        ({"date": "2025-01-01"}, "date_outside_period"),
        ({"site": "北京"}, "unknown_site"),
    ):
        status, body = setup.command(
            participant, "pilot.reading", {**reading, **bad, "submission_id": f"bad-{code}"}
        )
        assert (status, body["code"]) == (422, code)
    first = setup.command(participant, "pilot.reading", reading)
    again = setup.command(participant, "pilot.reading", reading)  # new idempotency key, same id
    assert first[0] == again[0] == 200
    assert again[1]["result"] == first[1]["result"]
    status, _ = setup.command(
        participant,
        "pilot.feedback",
        {
            "submission_id": "feedback-0001",
            "kind": "praise",
            "ratings": {"satisfaction": 5},
            "text": "好用",
        },
    )
    assert status == 200
    status, body = server.request("GET", f"/api/boards/{setup.board_id}", token=participant)
    readings = body["snapshot"]
    assert json.dumps(readings, ensure_ascii=False).count("reading-0001") >= 1
    async with YClient(setup.ws(participant, "ledger")) as led:
        await led.synced.wait()
        assert list(led.doc.get("readings", type=Map).keys()) == ["reading-0001"]
        assert list(led.doc.get("feedback", type=Map).keys()) == ["feedback-0001"]


async def test_facilitator_withdraws_a_wrong_reading_and_the_ledger_says_who_and_when(
    server: Server,
) -> None:
    from datetime import UTC, datetime, timedelta

    setup = make_workshop(server, kind="pilot")
    async with YClient(setup.ws(setup.facilitator)) as c:
        await c.synced.wait()
        c.doc.get("pilot", type=Map).update({"start": "2026-11-01", "end": "2026-11-30"})
        c.doc.get("kpis", type=Map)["k1"] = Map({"name": "处理时长", "baseline": 48.0})
        async with YClient(setup.ws(setup.facilitator)) as check:
            await check.wait_for(lambda: "k1" in check.doc.get("kpis", type=Map))
    participant, _ = setup.join("pilot", "试点专员")
    editor, _ = setup.join("editor", "编辑")
    for i, value in enumerate([30.0, 31.0, 33.0, 1e308]):
        status, _ = setup.command(
            participant,
            "pilot.reading",
            {
                "submission_id": f"reading-000{i}",
                "kpi_id": "k1",
                "date": "2026-11-10",
                "value": value,
            },
        )
        assert status == 200
    withdraw = {"reading_id": "reading-0003", "reason": "1e308 是误录"}
    for who in (participant, editor):
        status, body = setup.command(who, "pilot.reading_withdraw", withdraw)
        assert (status, body["code"]) == (403, "role_not_allowed")
    before = datetime.now(UTC)
    status, body = setup.command(setup.facilitator, "pilot.reading_withdraw", withdraw)
    assert status == 200 and body["result"]["action"] == "withdraw"
    status, body = setup.command(setup.facilitator, "pilot.reading_withdraw", withdraw)
    assert (status, body["code"]) == (409, "reading_withdrawn")
    async with YClient(setup.ws(setup.facilitator, "ledger")) as led:
        await led.synced.wait()
        (entry,) = led.doc.get("corrections", type=Array).to_py()
        assert (entry["reading_id"], entry["action"], entry["before"]) == (
            "reading-0003",
            "withdraw",
            {"value": 1e308},
        )
        assert (entry["by"], entry["by_role"], entry["reason"]) == (
            "facilitator",
            "facilitator",
            "1e308 是误录",
        )
        at = datetime.fromisoformat(entry["at"])
        assert before - timedelta(seconds=1) <= at <= datetime.now(UTC)
        assert (
            led.doc.get("readings", type=Map)["reading-0003"].to_py()["withdrawn"]["by"]
            == entry["by"]
        )
