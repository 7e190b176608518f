"""Large boards for the browser benchmark, built through a real server: the demo workshop's
boards, grown by a pycrdt peer writing to the content documents (the way any Yjs client
would) and, for the pilot's readings, by ``pilot.reading`` commands over HTTP."""

from __future__ import annotations

import asyncio
import random
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from pycrdt import Array, Doc, Map

from boards.fishbone import layout as fishbone
from boards.ideas import layout as ideas
from boards.pilot import layout as pilot
from boards.raci import layout as raci
from boards.vsm import layout as vsm
from tests.support.server import Server
from tests.support.yclient import YClient

SIZES = {"vsm": 60, "ideas": 400, "fishbone": 150, "raci": (60, 15), "pilot": 5000}
DEPARTMENTS = ("Customer service", "Product", "Logistics", "Finance", "Legal")
CATEGORIES = ("technology", "model", "organisational")
SITES = ("East service centre", "South service centre")


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def ws_url(server: Server, board_id: str, token: str, room: str = "content") -> str:
    return f"{server.ws_url}/ws/{board_id}/{room}?token={token}"


async def write(server: Server, board_id: str, token: str, kind: str) -> None:
    """Connect, take the board as it is and write ``fill`` in batches; stay connected until
    the server has it all (a second peer with nothing of its own gets the same state)."""
    async with YClient(ws_url(server, board_id, token)) as client:
        await asyncio.wait_for(client.synced.wait(), 10)
        FILLERS[kind](client.doc)
        target = _roots(client.doc, CHECKED[kind])
        deadline = time.monotonic() + 30
        while True:
            async with YClient(ws_url(server, board_id, token)) as check:
                await asyncio.wait_for(check.synced.wait(), 10)
                if _roots(check.doc, CHECKED[kind]) == target:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"board {board_id}: the server did not get every write")
            await asyncio.sleep(0.2)


# the roots whose content says a board is fully stored (all are Maps)
CHECKED = {
    "vsm": ("current_steps",),
    "ideas": ("cards",),
    "fishbone": ("causes",),
    "raci": ("activities", "cells"),
    "pilot": ("pilot",),
}


def _roots(doc: Doc, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: doc.get(name, type=Map).to_py() for name in names}


def batched(doc: Doc, items: list[Any], add: Callable[[Doc, Any], None], size: int = 40) -> None:
    for start in range(0, len(items), size):
        with doc.transaction():
            for item in items[start : start + size]:
                add(doc, item)


def fill_vsm(doc: Doc) -> None:
    have = len(vsm.order(doc, "current"))
    rng = random.Random(1)

    def add(d: Doc, i: int) -> None:
        vsm.add_step(
            d,
            "current",
            f"s{i}",
            {
                "name": f"Step {i}: check and forward",
                "department": DEPARTMENTS[i % len(DEPARTMENTS)],
                "cycle_time": float(rng.randint(5, 120)),
                "cycle_unit": "min",
                "wait_time": float(rng.randint(0, 8)),
                "wait_unit": "h",
                "operators": float(rng.randint(1, 4)),
                "pct_ca": float(rng.randint(60, 100)),
                "systems": ["CRM", "OA approvals"][: 1 + i % 2],
                "klass": ("va", "nnva", "waste")[i % 3],
                "notes": "",
            },
        )

    batched(doc, list(range(have, SIZES["vsm"])), add)


def fill_ideas(doc: Doc) -> None:
    have = len(ideas.cards_map(doc))
    rng = random.Random(2)

    def add(d: Doc, i: int) -> None:
        ideas.cards_map(d)[f"n{i}"] = Map(
            {
                "title": f"Idea {i}: automate a hand-off",
                "description": "Replace the manual step with a shared form and a checklist.",
                "category": CATEGORIES[i % 3],
                "author_id": "",
                "author_name": "",
                "anonymous": False,
                "cause_id": "",
                "step_id": "",
                "impact": rng.randint(1, 5),
                "effort": rng.randint(1, 5),
                "group": "",
            }
        )
        ideas.order_array(d).append(f"n{i}")

    batched(doc, list(range(have, SIZES["ideas"])), add)


def fill_fishbone(doc: Doc) -> None:
    causes = doc.get(fishbone.CAUSES, type=Map)
    have = len(causes)
    categories = list(doc.get(fishbone.CATEGORY_ORDER, type=Array))
    rng = random.Random(3)
    made: list[tuple[str, str]] = []

    def add(d: Doc, i: int) -> None:
        category = categories[i % len(categories)]
        parent = ""
        # about a third are sub-causes of an earlier cause of the same category
        siblings = [c for c, cat in made if cat == category]
        if siblings and i % 3 == 0:
            parent = rng.choice(siblings)
        fishbone.add_cause(
            d,
            f"x{i}",
            text=f"Cause {i}: missing information",
            category=category,
            parent=parent,
            count=rng.randint(0, 30),
        )
        made.append((f"x{i}", category))

    batched(doc, list(range(have, SIZES["fishbone"])), add)


def fill_raci(doc: Doc) -> None:
    activities, roles = SIZES["raci"]  # type: ignore[misc]
    have_a = list(doc.get(raci.ACTIVITY_ORDER, type=Array))
    have_r = list(doc.get(raci.ROLE_ORDER, type=Array))
    rng = random.Random(4)
    with doc.transaction():
        for i in range(len(have_r), roles):
            raci.add_role(doc, f"br{i}", f"Role {i}")
    role_ids = list(doc.get(raci.ROLE_ORDER, type=Array))

    def add(d: Doc, i: int) -> None:
        raci.add_activity(d, f"ba{i}", f"Activity {i}: review the case")
        for role in role_ids:
            if rng.random() < 0.3:
                raci.set_cell(d, f"ba{i}", role, rng.choice(("R", "A", "C", "I", "RA")))

    batched(doc, list(range(len(have_a), activities)), add, size=10)


def fill_pilot_period(doc: Doc) -> None:
    """The pilot runs around today, so readings of the last 90 days are accepted."""
    today = date.today()
    with doc.transaction():
        pilot.pilot_map(doc)["start"] = (today - timedelta(days=90)).isoformat()
        pilot.pilot_map(doc)["end"] = (today + timedelta(days=30)).isoformat()


FILLERS: dict[str, Callable[[Doc], None]] = {
    "vsm": fill_vsm,
    "ideas": fill_ideas,
    "fishbone": fill_fishbone,
    "raci": fill_raci,
    "pilot": fill_pilot_period,
}


def reading_payload(rng: random.Random, day: date | None = None) -> dict[str, Any]:
    day = day or date.today() - timedelta(days=rng.randint(0, 89))
    payload: dict[str, Any] = {
        "submission_id": str(uuid.uuid4()),
        "date": day.isoformat(),
        "site": rng.choice(SITES),
    }
    if rng.random() < 0.5:
        payload |= {"kpi_id": "handling_time", "value": round(rng.uniform(18, 60), 1)}
    else:
        total = rng.randint(20, 40)
        payload |= {
            "kpi_id": "repeat_rate",
            "numerator": rng.randint(0, total // 4),
            "denominator": total,
        }
    return payload


def store_readings(
    server: Server, board_id: str, people: list[tuple[str, str]], count: int
) -> None:
    """Add ``count`` readings to the pilot's ledger in the store, as ``pilot.reading`` records
    them, while the server is stopped: 5,000 commands take minutes on a busy machine, and a
    command's checks are not what this benchmark measures. The next reading sent as a command
    (the remote phase sends some) has the server analyse all of them."""
    from tests.support.stored import editing_stored

    rng = random.Random(5)
    with editing_stored(server.data_dir, f"{board_id}/ledger") as ledger:
        readings = pilot.readings_map(ledger)
        for start in range(0, count, 500):
            with ledger.transaction():
                for i in range(start, min(count, start + 500)):
                    payload = reading_payload(rng)
                    numbers = {"value": payload.get("value")}
                    if "denominator" in payload:
                        numbers = {
                            "numerator": payload["numerator"],
                            "denominator": payload["denominator"],
                            "value": payload["numerator"] / payload["denominator"] * 100,
                        }
                    who = people[i % len(people)]
                    readings[payload["submission_id"]] = Map(
                        {
                            **numbers,
                            "kpi_id": payload["kpi_id"],
                            "date": payload["date"],
                            "site": payload["site"],
                            "participant_id": who[1],
                            "display_name": who[0],
                            "submitted_at": f"{payload['date']}T10:00:00+00:00",
                        }
                    )


def participants(
    server: Server, workshop_id: str, token: str, role: str, n: int
) -> list[dict[str, str]]:
    joined_all = []
    for i in range(n):
        status, invite = server.request(
            "POST", f"/api/workshops/{workshop_id}/invites", {"role": role}, token=token
        )
        assert status == 201, invite
        status, joined = server.request(
            "POST", "/api/join", {"token": invite["token"], "display_name": f"Bench {role} {i}"}
        )
        assert status == 201, joined
        joined_all.append(
            {"token": joined["token"], "id": joined["participant_id"], "name": f"Bench {i}"}
        )
    return joined_all


def build(server: Server) -> dict[str, Any]:
    """A demo workshop whose five boards are grown to the benchmark's sizes."""
    status, created = server.request(
        "POST",
        "/api/workshops",
        {
            "title": "Large boards",
            "process": "Customer complaint handling",
            "language": "en",
            "demo": True,
        },
    )
    assert status == 201, created
    token = created["token"]
    status, info = server.request("GET", f"/api/workshops/{created['id']}", token=token)
    assert status == 200, info
    boards = {b["kind"]: b["id"] for b in info["boards"] if b["kind"] in FILLERS}
    for kind in FILLERS:
        started = time.monotonic()
        asyncio.run(write(server, boards[kind], token, kind))
        log(f"built {kind} in {time.monotonic() - started:.1f} s")
    readings = count_readings(server, boards["pilot"], token)
    pilots = participants(server, created["id"], token, "pilot", 4)
    server.stop()
    people = [(p["name"], p["id"]) for p in pilots]
    store_readings(server, boards["pilot"], people, SIZES["pilot"] - readings)  # type: ignore[operator]
    server.start()
    return {"workshop": created, "boards": boards, "pilots": pilots}


def count_readings(server: Server, board_id: str, token: str) -> int:
    status, body = server.request("GET", f"/api/boards/{board_id}", token=token)
    assert status == 200, body
    return len(body["snapshot"]["readings"])


def sizes(server: Server, boards: dict[str, str], token: str) -> dict[str, Any]:
    """What the server reads back: the sizes the benchmark claims."""
    snap = {}
    for kind, board_id in boards.items():
        status, body = server.request("GET", f"/api/boards/{board_id}", token=token)
        assert status == 200, body
        snap[kind] = body["snapshot"]
    return {
        "vsm": len(snap["vsm"]["current"]["steps"]) if "current" in snap["vsm"] else None,
        "ideas": len(snap["ideas"]["cards"]),
        "fishbone": len(snap["fishbone"]["causes"]),
        "raci": (len(snap["raci"]["activities"]), len(snap["raci"]["roles"])),
        "pilot": len(snap["pilot"]["readings"]),
    }
