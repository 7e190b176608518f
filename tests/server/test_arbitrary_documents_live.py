"""No input stops an analysis or an export, through a real server: for every board kind, a Yjs
client writes hypothesis-generated junk into a fresh board's content document over a real
websocket (as an offline client's edits arrive on connect); the board, the JSON export and
the PDF report then all answer 200, and the live analysis never failed (the server logs
each failure, see ``server/analysis.py``).

One server for the module; a fresh board per example (the workshop board: a fresh workshop),
so root types written by one example never meet another's.
"""

from __future__ import annotations

import asyncio
import urllib.request
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from pycrdt import Doc, Map

from server.protocol import Reader
from tests.support.junk import ROOTS, Desc, documents, write
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

EXAMPLES = 15


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("live") / "data").start()
    try:
        yield srv
    finally:
        srv.stop()


def new_board(server: Server, setup: Setup, kind: str) -> tuple[Setup, str]:
    if kind == "workshop":  # one per workshop, created with it
        fresh = make_workshop(server, kind="notes")
        return fresh, fresh.workshop_board_id
    status, board = server.request(
        "POST",
        f"/api/workshops/{setup.workshop_id}/boards",
        {"kind": kind, "title": kind},
        token=setup.facilitator,
    )
    assert status == 201, board
    return setup, str(board["id"])


async def deliver(setup: Setup, board_id: str, written: Doc) -> None:
    """Connect with offline edits, and wait until a second peer has everything they hold."""
    token = setup.facilitator
    async with YClient(setup.ws(token, board_id=board_id), doc=written) as writer:
        await writer.synced.wait()
        async with YClient(setup.ws(token, board_id=board_id)) as watcher:
            await watcher.wait_for(lambda: has_all(watcher.doc, written), timeout=10)


def clocks(state: bytes) -> dict[int, int]:
    """A state vector decoded: varuint count, then (client, clock) pairs."""
    reader = Reader(state)
    pairs = [(reader.varuint(), reader.varuint()) for _ in range(reader.varuint())]
    return dict(pairs)


def has_all(doc: Doc, written: Doc) -> bool:
    # Not ``written.get_update(state)`` being empty: the writer overwrote some of the seeded
    # keys, so that update always carries a delete set.
    have = clocks(doc.get_state())
    return all(
        have.get(client, 0) >= clock for client, clock in clocks(written.get_state()).items()
    )


def fetch(server: Server, path: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(server.url + path)
    request.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.status, answer.read()


@pytest.mark.parametrize("kind", sorted(ROOTS))
def test_junk_over_a_websocket_never_stops_the_board_or_its_report(live: Server, kind: str) -> None:
    setup = make_workshop(live, kind="notes")
    touched: list[Setup] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(document=documents(kind))
    def one(document: dict[str, Desc]) -> None:
        owner, board_id = new_board(live, setup, kind)
        written: Doc = Doc()
        write(written, document)
        asyncio.run(deliver(owner, board_id, written))
        status, board = live.request("GET", f"/api/boards/{board_id}", token=owner.facilitator)
        assert status == 200, board  # strict JSON: a NaN or infinity anywhere is a 500
        status, exported = live.request(
            "GET", f"/api/workshops/{owner.workshop_id}/export/json", token=owner.facilitator
        )
        assert status == 200, exported
        (mine,) = [b for b in exported["boards"] if b["id"] == board_id]
        assert mine["analysis_error"] == ""
        touched.append(owner)

    one()
    # the PDF of every workshop the examples wrote into (one holds them all but the workshop
    # kind's), each board with its junk
    for owner in {s.workshop_id: s for s in touched}.values():
        status, pdf = fetch(
            live, f"/api/workshops/{owner.workshop_id}/export/pdf", owner.facilitator
        )
        assert status == 200 and pdf.startswith(b"%PDF")
    assert "analysis failed" not in live.log()


def test_maps_nested_thousands_deep(live: Server) -> None:
    setup = make_workshop(live, kind="notes")
    _, board_id = new_board(live, setup, "pilot")
    written: Doc = Doc()
    with written.transaction():
        record = Map({"name": "KPI"})
        written.get("kpis", type=Map)["k"] = record
        for _ in range(3000):  # level by level: pycrdt's own prelim path recurses
            record["baseline"] = Map({})
            record = record["baseline"]
    asyncio.run(deliver(setup, board_id, written))
    status, board = live.request("GET", f"/api/boards/{board_id}", token=setup.facilitator)
    assert status == 200 and board["snapshot"]["kpis"][0]["name"] == "KPI"
    status, _ = fetch(live, f"/api/workshops/{setup.workshop_id}/export/pdf", setup.facilitator)
    assert status == 200


def test_the_live_server_analysed_the_junk(live: Server) -> None:
    """Runs last: the analyst ran on the junk boards above (it logs nothing when it works)."""
    assert "analysis failed" not in live.log()
    assert "Traceback" not in live.log()
