"""Private writing keeps the promise of its round, through every route a facilitator has.

A participant writes cards in a blind round through a real ``obeya serve``; the facilitator's
websocket clients (both documents of the board and the workshop's) record every frame, and
every HTTP answer the facilitator can get -- the board and its analysis, the workshop, the
private part, a command's refusal, every export format -- is searched for the card's text,
its author and its id. Nothing until the reveal; after it the text, still without its author.
A moderated round shows the pending cards to the facilitator, and only there."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pycrdt import Map

from tests.support.downloads import download, texts
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

TITLE, DESCRIPTION, CARD_ID = "Blindtitle-TX41", "Blinddescription-QW87", "blindcard-ZK3"
AUTHOR = "Authorname-MV52"
FORMATS = ("json", "md", "zip", "pdf", "actions.xlsx", "actions.ics")


def ok(answer: tuple[int, Any]) -> Any:
    assert answer[0] == 200, answer
    return answer[1]


def run(setup: Setup, token: str, command: str, payload: dict[str, Any] | None = None) -> Any:
    return ok(setup.command(token, command, payload))["result"]


def leaks(found_in: list[str], secrets: list[str]) -> list[str]:
    return [s for s in secrets for text in found_in if s in text]


def board_texts(setup: Setup, token: str) -> list[str]:
    """The ideas board as the facilitator gets it: route, private part, JSON export entry
    (snapshot, analysis, documents decoded). Participants are listed by name elsewhere in a
    workshop; what must never be there is a card's author."""
    server, board = setup.server, setup.board_id
    out = [
        json.dumps(ok(server.request("GET", f"/api/boards/{board}{p}", token=token)))
        for p in ("", "/private")
    ]
    status, body = download(server, f"/api/workshops/{setup.workshop_id}/export/json", token)
    assert status == 200
    entry = next(b for b in json.loads(body)["boards"] if b["id"] == board)
    decoded = {"boards": [entry]}
    return [*out, *texts("json", json.dumps(decoded, ensure_ascii=False).encode())]


def http_texts(setup: Setup, token: str, formats: tuple[str, ...]) -> dict[str, list[str]]:
    """Every answer ``token`` can get about the workshop, as text, by where it came from."""
    server, wid, board = setup.server, setup.workshop_id, setup.board_id
    out: dict[str, list[str]] = {}
    for path in (
        f"/api/workshops/{wid}",  # its participant list names the author: no card does
        f"/api/boards/{board}",
        f"/api/boards/{board}/private",
        f"/api/boards/{setup.workshop_board_id}",
        f"/api/workshops/{wid}/a3",
    ):
        status, body = server.request("GET", path, token=token)
        if path.endswith("/a3") and status == 403:  # for editors and the facilitator only
            continue
        out[path] = [json.dumps(ok((status, body)), ensure_ascii=False)]
    for fmt in formats:
        status, body = download(server, f"/api/workshops/{wid}/export/{fmt}", token)
        assert status == 200, (fmt, body[:300])
        out[fmt] = texts(fmt, body)
    return out


async def open_round(server: Server, mode: str) -> tuple[Setup, str, str]:
    setup = make_workshop(server, kind="ideas", language="en")
    author, author_id = setup.join("editor", AUTHOR)
    payload = {"enabled": True, "mode": mode}
    assert run(setup, setup.facilitator, "ideas.private_writing", payload)["mode"] == mode
    return setup, author, author_id


async def write_card(setup: Setup, author: str) -> None:
    card = {"id": CARD_ID, "title": TITLE, "description": DESCRIPTION}
    assert run(setup, author, "ideas.add_private", card) == {"id": CARD_ID, "private": True}


@pytest.mark.timeout(300)
async def test_a_blind_round_shows_the_facilitator_nothing_until_the_reveal(
    server: Server,
) -> None:
    setup, author, author_id = await open_round(server, "blind")
    fac = setup.facilitator
    secrets = [TITLE, DESCRIPTION, CARD_ID]
    authors = [AUTHOR, author_id]
    rooms = [
        YClient(setup.ws(fac, room, board_id=board))
        for board in (setup.board_id, setup.workshop_board_id)
        for room in ("content", "ledger")
    ]
    for client in rooms:
        await client.__aenter__()
    try:
        for client in rooms:
            await client.synced.wait()
        await write_card(setup, author)
        ledger = rooms[1]
        await ledger.wait_for(lambda: ledger.doc.get("writing", type=Map).get("pending") == 1)
        assert ledger.doc.get("writing", type=Map).get("mode") == "blind"

        # the total is public; nothing else is, to the facilitator or anyone
        seen = http_texts(setup, fac, FORMATS)
        found = {where: leaks(t, secrets) for where, t in seen.items() if leaks(t, secrets)}
        assert not found, found
        assert not leaks(board_texts(setup, fac), authors)
        board = ok(server.request("GET", f"/api/boards/{setup.board_id}", token=fac))
        assert board["snapshot"]["writing"]["pending"] == 1
        assert board["analysis"]["pending_private_cards"] == 1
        mine = ok(server.request("GET", f"/api/boards/{setup.board_id}/private", token=fac))
        assert mine["moderation"] == [] and mine["cards"] == []
        refused = setup.command(fac, "ideas.remove_private", {"id": CARD_ID})
        assert refused[0] == 404 and not leaks([json.dumps(refused[1])], [TITLE, AUTHOR])
        # the author alone still sees the card
        own = ok(server.request("GET", f"/api/boards/{setup.board_id}/private", token=author))
        assert [c["title"] for c in own["cards"]] == [TITLE]
        frames = [frame.decode("latin-1") for c in rooms for frame in c.frames]
        assert frames and not leaks(frames, [s.encode().decode("latin-1") for s in secrets])
        board_frames = [frame.decode("latin-1") for c in rooms[:2] for frame in c.frames]
        assert not leaks(board_frames, authors)

        # the reveal: the text goes out, the author never (the round did not promise it)
        (key,) = run(setup, fac, "ideas.reveal_cards")["revealed"]
        assert key != CARD_ID  # the author's id holds the time of writing: a new one
        await ledger.wait_for(lambda: key in ledger.doc.get("revealed_cards", type=Map))
        card = ledger.doc.get("revealed_cards", type=Map)[key]
        assert (card["title"], card["author_name"], card["anonymous"]) == (TITLE, "", True)
        assert card["created_at"] == card["revealed_at"]
        after = http_texts(setup, fac, ("pdf",))
        assert any(TITLE in t for t in after["pdf"])  # the report lists the idea
        shown = board_texts(setup, fac)
        assert any(TITLE in t for t in shown) and not leaks(shown, authors)
        board_frames = [frame.decode("latin-1") for c in rooms[:2] for frame in c.frames]
        assert not leaks(board_frames, authors)
    finally:
        for client in rooms:
            await client.close()


@pytest.mark.timeout(200)
async def test_a_moderated_round_shows_pending_cards_to_the_facilitator_only(
    server: Server,
) -> None:
    setup, author, author_id = await open_round(server, "moderated")
    fac = setup.facilitator
    colleague, _ = setup.join("editor", "Colleague")
    viewer, _ = setup.join("viewer", "Viewer")
    async with YClient(setup.ws(fac, "ledger")) as ledger:
        await ledger.synced.wait()
        await write_card(setup, author)
        await ledger.wait_for(lambda: ledger.doc.get("writing", type=Map).get("pending") == 1)
        path = f"/api/boards/{setup.board_id}/private"
        queue = ok(server.request("GET", path, token=fac))["moderation"]
        assert [(c["id"], c["title"], c["author_name"]) for c in queue] == [
            (CARD_ID, TITLE, AUTHOR)
        ]
        for token in (colleague, viewer):
            seen = http_texts(setup, token, ())  # neither may export
            found = {w: leaks(t, [TITLE, DESCRIPTION, CARD_ID]) for w, t in seen.items()}
            assert not any(found.values()), found
            for part in ("", "/private"):
                view = ok(server.request("GET", f"/api/boards/{setup.board_id}{part}", token=token))
                assert not leaks([json.dumps(view)], [TITLE, AUTHOR, author_id])
        # pending cards are in no document and no export in either mode
        seen = http_texts(setup, fac, ("json", "md", "zip"))
        without_private = {w: t for w, t in seen.items() if not w.endswith("/private")}
        found = {w: leaks(t, [TITLE, DESCRIPTION]) for w, t in without_private.items()}
        assert not any(found.values()), found
        frames = [frame.decode("latin-1") for frame in ledger.frames]
        assert not leaks(frames, [TITLE, DESCRIPTION])
        assert run(setup, fac, "ideas.remove_private", {"id": CARD_ID})["removed"]
