"""Long text fields are collaborative text: two people typing in the same field at the same
time through a real server both keep their words (issue 23, part 5)."""

from __future__ import annotations

from typing import Any

import pytest
from pycrdt import Doc, Map, Text

from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

BEFORE = "Agents query three systems by hand."


def idea_card(doc: Doc, description: Any) -> None:
    """What the client writes when an idea card is added (ideas/index.tsx)."""
    with doc.transaction():
        doc.get("cards", type=Map)["i1"] = Map(
            {"title": "One lookup screen", "description": description, "category": "technology"}
        )


def description(doc: Doc) -> Any:
    card = doc.get("cards", type=Map).get("i1")
    return card.get("description") if isinstance(card, Map) else None


def snapshot_description(server: Server, board_id: str, token: str) -> str:
    status, board = server.request("GET", f"/api/boards/{board_id}", token=token)
    assert status == 200
    [card] = [c for c in board["snapshot"]["cards"] if c["id"] == "i1"]
    text: str = card["description"]
    return text


async def test_two_peers_typing_in_one_description_at_once_both_keep_their_words(
    server: Server,
) -> None:
    setup = make_workshop(server, kind="ideas")
    ann, _ = setup.join("editor", "Ann")
    bo, _ = setup.join("editor", "李伟")
    async with YClient(setup.ws(ann)) as a, YClient(setup.ws(bo)) as b:
        await a.synced.wait()
        await b.synced.wait()
        idea_card(a.doc, Text(BEFORE))
        await b.wait_for(lambda: str(description(b.doc)) == BEFORE)
        # Both edit before either hears of the other's edit: with a plain string one of the
        # two writes would replace the other.
        mine, theirs = description(a.doc), description(b.doc)
        assert isinstance(mine, Text) and isinstance(theirs, Text)
        mine.insert(0, "Ann: ")
        theirs.insert(len(BEFORE.encode()), " 李伟：统一查询入口。")
        merged = "Ann: " + BEFORE + " 李伟：统一查询入口。"
        await a.wait_for(lambda: str(description(a.doc)) == merged)
        await b.wait_for(lambda: str(description(b.doc)) == merged)
    assert snapshot_description(server, setup.board_id, ann) == merged


async def test_a_description_written_as_a_plain_string_reads_and_becomes_text_on_edit(
    server: Server,
) -> None:
    """Older documents hold a string: the server reads it, and the client's first edit turns
    it into a Text with the same characters in one transaction (sync/text-binding.ts)."""
    setup = make_workshop(server, kind="ideas")
    ann, _ = setup.join("editor", "Ann")
    async with YClient(setup.ws(ann)) as a, YClient(setup.ws(ann)) as b:
        await a.synced.wait()
        await b.synced.wait()
        idea_card(a.doc, BEFORE)
        await b.wait_for(lambda: description(b.doc) == BEFORE)
        assert snapshot_description(server, setup.board_id, ann) == BEFORE
        card = b.doc.get("cards", type=Map)["i1"]
        with b.doc.transaction():  # sharedTextIn + the typed change, as one edit
            card["description"] = Text(BEFORE)
            card["description"].insert(len(BEFORE.encode()), " Fixed.")
        await a.wait_for(lambda: isinstance(description(a.doc), Text))
        assert str(description(a.doc)) == BEFORE + " Fixed."
    assert snapshot_description(server, setup.board_id, ann) == BEFORE + " Fixed."
