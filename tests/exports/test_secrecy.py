"""Nothing secret leaves the server in any export, for any role that may export.

A workshop whose boards hold every kind of secret is built through a real ``obeya serve``
(a raw Yjs client writing an author onto a card it marks anonymous, private cards, hidden,
anonymous and still-open voting rounds, anonymous pilot feedback); then every format is
downloaded as the facilitator and as a viewer, and every byte of it searched: PDF text,
the XML inside XLSX, every CSV in the zip, the JSON with its documents decoded."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from pycrdt import Array, Doc, Map

from tests.support.downloads import docs_of, download, texts
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

RAW_SECRETS = ["ANON-RAW-ID-7731", "匿名原作者XQ", "RAW-ID-2", "曾署名作者ZK"]
PRIVATE_TEXTS = ["未揭示私密卡片TX", "私密描述QW", "盲写卡片BL"]
FORMATS = ("json", "md", "zip", "pdf", "raci.xlsx", "actions.xlsx", "actions.ics")


def add_board(setup: Setup, kind: str, title: str) -> str:
    status, body = setup.server.request(
        "POST",
        f"/api/workshops/{setup.workshop_id}/boards",
        {"kind": kind, "title": title},
        token=setup.facilitator,
    )
    assert status == 201, body
    return str(body["id"])


async def write_content(setup: Setup, board_id: str, edits: list[dict[str, Any]]) -> None:
    """Each dict a separate transaction of a raw Yjs client: root name -> {key: Map fields}."""
    async with YClient(setup.ws(setup.facilitator, board_id=board_id)) as client:
        await client.synced.wait()
        for edit in edits:
            with client.doc.transaction():
                for root, entries in edit.items():
                    if isinstance(entries, list):
                        client.doc.get(root, type=Array).extend(entries)
                        continue
                    target = client.doc.get(root, type=Map)
                    for key, fields in entries.items():
                        if key in target and isinstance(target[key], Map):
                            target[key].update(fields)
                        else:
                            target[key] = Map(fields) if isinstance(fields, dict) else fields
        roots = {root for edit in edits for root in edit}

        def seen(doc: Doc) -> list[Any]:
            return [doc.get(r, type=Array if r == "sites" else Map).to_py() for r in sorted(roots)]

        async with YClient(setup.ws(setup.facilitator, board_id=board_id)) as check:
            await check.wait_for(lambda: seen(check.doc) == seen(client.doc))


def ok(answer: tuple[int, Any]) -> Any:
    assert answer[0] == 200, answer
    return answer[1]


async def build(server: Server) -> dict[str, Any]:
    setup = make_workshop(server, kind="ideas")
    ideas, w = setup.board_id, setup.workshop_board_id
    people = {
        name: setup.join(role, name)
        for name, role in (
            ("公开作者", "editor"),
            ("匿名写手", "editor"),
            ("投票人丙", "editor"),
            ("试点员", "pilot"),
            ("旁观者", "viewer"),
            ("协调人", "facilitator"),
        )
    }
    tokens = {name: token for name, (token, _) in people.items()}
    await write_content(
        setup,
        ideas,
        [
            {
                "cards": {
                    "pub": {
                        "title": "公开想法",
                        "author_id": people["公开作者"][1],
                        "author_name": "公开作者",
                    },
                    "anon": {
                        "title": "匿名想法",
                        "anonymous": True,
                        "author_id": "ANON-RAW-ID-7731",
                        "author_name": "匿名原作者XQ",
                    },
                    "later": {
                        "title": "后改匿名",
                        "author_id": "RAW-ID-2",
                        "author_name": "曾署名作者ZK",
                    },
                }
            },
            {"cards": {"later": {"anonymous": True}}},  # marked anonymous, author left behind
        ],
    )
    fac = setup.facilitator

    def run(
        token: str, command: str, payload: dict[str, Any] | None = None, board: str = ""
    ) -> Any:
        return ok(setup.command(token, command, payload, board_id=board or ideas))

    run(fac, "ideas.private_writing", {"enabled": True})
    card = {"title": "匿名私密想法", "anonymous": True}
    run(tokens["匿名写手"], "ideas.add_private", {"id": "pv1", **card})
    run(tokens["公开作者"], "ideas.add_private", {"id": "pv2", "title": "揭示的署名想法"})
    run(fac, "ideas.reveal_cards")
    run(fac, "ideas.private_writing", {"enabled": True})
    secret_card = {"id": "pv3", "title": PRIVATE_TEXTS[0], "description": PRIVATE_TEXTS[1]}
    run(tokens["投票人丙"], "ideas.add_private", secret_card)
    # a blind round's card waits too, next to the moderated one
    run(fac, "ideas.private_writing", {"enabled": True, "mode": "blind"})
    run(tokens["匿名写手"], "ideas.add_private", {"id": "pv4", "title": PRIVATE_TEXTS[2]})
    # round 1: tallies shown, anonymous; round 2: hidden and never revealed
    run(fac, "ideas.open_round", {"budget": 5, "cap": 3, "hidden": False, "anonymous": True})
    run(tokens["投票人丙"], "ideas.vote", {"idea_id": "anon", "dots": 2})
    run(tokens["公开作者"], "ideas.vote", {"idea_id": "pub", "dots": 1})
    run(fac, "ideas.close")
    run(fac, "ideas.open_round", {"budget": 5, "cap": 3, "hidden": True, "anonymous": False})
    run(tokens["投票人丙"], "ideas.vote", {"idea_id": "pv1", "dots": 3})
    run(fac, "ideas.close")

    # a second ideas board with a round still open, shown and named
    open_board = add_board(setup, "ideas", "进行中的投票")
    await write_content(setup, open_board, [{"cards": {"o1": {"title": "开放轮想法"}}}])
    run(fac, "ideas.open_round", {"budget": 5, "cap": 3, "hidden": False}, open_board)
    run(tokens["投票人丙"], "ideas.vote", {"idea_id": "o1", "dots": 2}, open_board)

    # a third with a closed, shown, named round: who voted what is the facilitator's to see
    named_board = add_board(setup, "ideas", "记名投票")
    await write_content(setup, named_board, [{"cards": {"n1": {"title": "记名轮想法"}}}])
    run(fac, "ideas.open_round", {"budget": 5, "cap": 3, "hidden": False}, named_board)
    run(tokens["投票人丙"], "ideas.vote", {"idea_id": "n1", "dots": 1}, named_board)
    run(fac, "ideas.close", None, named_board)

    pilot = add_board(setup, "pilot", "试点")
    await write_content(
        setup,
        pilot,
        [
            {
                "pilot": {"name": "试点", "start": "2026-11-01", "end": "2026-11-30"},
                "kpis": {
                    "k1": {"name": "处理时长", "unit": "h", "better": "lower", "baseline": 48.0}
                },
            }
        ],
    )
    p = tokens["试点员"]
    reading = {"submission_id": "reading-0001", "kpi_id": "k1", "date": "2026-11-10", "value": 30.5}
    run(p, "pilot.reading", reading, pilot)
    correction = {"reading_id": "reading-0001", "value": 31.5, "reason": "录入错误"}
    run(tokens["协调人"], "pilot.reading_correct", correction, pilot)
    anonymous = {"kind": "problem", "text": "匿名反馈内容", "anonymous": True}
    run(p, "pilot.feedback", {"submission_id": "feedback-0001", **anonymous}, pilot)
    run(
        p,
        "pilot.feedback",
        {"submission_id": "feedback-0002", "kind": "praise", "text": "署名反馈内容"},
        pilot,
    )
    raci = add_board(setup, "raci", "责任矩阵")
    # an action owned by a participant: the owner's name goes out, the id never, and who
    # typed the action only to the facilitator
    action = {
        "what": "统一回访规则",
        "owner": "公开作者",
        "owner_participant": people["公开作者"][1],
        "due": "2027-01-15",
        "created_by": "行动录入人MQ",
    }
    await write_content(setup, w, [{"actions": {"act1": action}}])
    run(fac, "workshop.viewer_export", {"allowed": True}, w)
    return {
        "setup": setup,
        "tokens": tokens,
        "ids": [pid for _, pid in people.values()],
        "boards": {
            "ideas": ideas,
            "open": open_board,
            "named": named_board,
            "pilot": pilot,
            "raci": raci,
        },
    }


def by_id(snapshot: dict[str, Any], board_id: str) -> dict[str, Any]:
    return next(b for b in snapshot["boards"] if b["id"] == board_id)


def check_json(snapshot: dict[str, Any], boards: dict[str, str], role: str) -> None:
    assert all("private" not in b for b in snapshot["boards"])
    assert all(set(p) == {"display_name", "role"} for p in snapshot["participants"])
    ideas = by_id(snapshot, boards["ideas"])
    docs = docs_of(ideas)
    exported_cards = {c["id"]: c for c in ideas["snapshot"]["cards"]}
    doc_cards = {**docs["content_py"]["cards"], **docs["ledger_py"]["revealed_cards"]}
    assert {"anon", "later", "pv1", "pv2", "pub"} <= set(exported_cards) and not {
        "pv3",
        "pv4",
    } & set(doc_cards)
    for key in ("anon", "later", "pv1"):
        for card in (exported_cards[key], doc_cards[key]):
            assert card["anonymous"] is True and card["author_name"] == card["author_id"] == ""
    assert exported_cards["pv2"]["author_name"] == "公开作者" == doc_cards["pv2"]["author_name"]
    assert all(not c.get("author_id") for c in [*exported_cards.values(), *doc_cards.values()])
    # round 2 is hidden and unrevealed: no tally, no voter, no history of it
    assert ideas["snapshot"]["round"]["number"] == 2
    assert ideas["snapshot"]["tallies"] == ideas["snapshot"]["voters"] == {}
    assert docs["ledger_py"]["tallies"] == docs["ledger_py"]["voters"] == {}
    assert [r["number"] for r in ideas["snapshot"]["history"]] == [1]  # anonymous: totals only
    assert ideas["snapshot"]["history"][0]["tallies"] == {"anon": 2, "pub": 1}

    still_open = by_id(snapshot, boards["open"])
    assert still_open["snapshot"]["tallies"] == {"o1": 2}  # shown on the board as it stands
    assert still_open["snapshot"]["voters"] == {}  # who voted what: not while votes may change
    open_docs = docs_of(still_open)["ledger_py"]  # the copy carries no vote of an open round
    assert open_docs["tallies"] == open_docs["voters"] == {}
    assert open_docs["round"]["voters"] == open_docs["round"]["dots_cast"] == 0
    named_round = by_id(snapshot, boards["named"])
    voters = {"n1": [{"name": "投票人丙", "dots": 1}]} if role == "facilitator" else {}
    assert named_round["snapshot"]["voters"] == voters
    assert docs_of(named_round)["ledger_py"]["voters"] == voters

    pilot = by_id(snapshot, boards["pilot"])
    pilot_docs = docs_of(pilot)["ledger_py"]
    named = "试点员" if role == "facilitator" else ""
    for items in (pilot["snapshot"]["feedback"], list(pilot_docs["feedback"].values())):
        shown = {f["text"]: f["display_name"] for f in items}
        assert shown == {"匿名反馈内容": "", "署名反馈内容": named}
    for items in (pilot["snapshot"]["readings"], list(pilot_docs["readings"].values())):
        assert [(r["participant_id"], r["display_name"]) for r in items] == [("", named)]
    corrector = "协调人" if role == "facilitator" else ""
    stamps = [*pilot_docs["corrections"], pilot_docs["readings"]["reading-0001"]["corrected"]]
    assert [(c["by"], c["by_name"]) for c in stamps] == [("", corrector)] * 2


def check_tables(body: bytes) -> None:
    """The CSV feedback table names nobody on the anonymous row."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        rows = [
            row
            for name in archive.namelist()
            for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")))
        ]
    anonymous_rows = [row for row in rows if "匿名反馈内容" in row]
    assert anonymous_rows and all("试点员" not in row for row in anonymous_rows)


# two roles × every format (four PDFs' text extracted by pypdf): minutes on a loaded 2-core box
@pytest.mark.timeout(420)
async def test_no_export_of_any_format_holds_a_secret_for_any_role(server: Server) -> None:
    built = await build(server)
    setup: Setup = built["setup"]
    boards, tokens = built["boards"], built["tokens"]
    secrets = [*RAW_SECRETS, *PRIVATE_TEXTS, *built["ids"]]
    wid = setup.workshop_id
    exported: dict[str, bytes] = {}
    for role, token in (("facilitator", setup.facilitator), ("viewer", tokens["旁观者"])):
        for fmt in FORMATS:
            query = f"?board={boards['raci']}" if fmt == "raci.xlsx" else ""
            status, body = download(server, f"/api/workshops/{wid}/export/{fmt}{query}", token)
            assert status == 200, (role, fmt, body[:300])
            found = [s for s in secrets for text in texts(fmt, body) if s in text]
            assert not found, (role, fmt, found)
            exported[f"{role}.{fmt}"] = body
        check_json(json.loads(exported[f"{role}.json"]), boards, role)
        check_tables(exported[f"{role}.zip"])
        typed_by = [
            t for f in ("zip", "actions.xlsx", "json") for t in texts(f, exported[f"{role}.{f}"])
        ]
        assert any("统一回访规则" in t for t in typed_by)
        assert any("行动录入人MQ" in t for t in typed_by) == (role == "facilitator"), role
        report = "".join(texts("pdf", exported[f"{role}.pdf"]))
        assert "匿名反馈内容" in report and "公开想法" in report  # texts themselves do go out
    assert download(server, f"/api/workshops/{wid}/export/md", tokens["投票人丙"])[0] == 403

    # the server's own state is untouched: the raw author and the private card are still there
    async with YClient(setup.ws(setup.facilitator)) as client:
        await client.synced.wait()
        assert client.doc.get("cards", type=Map)["anon"]["author_name"] == "匿名原作者XQ"
    mine = ok(
        server.request("GET", f"/api/boards/{boards['ideas']}/private", token=tokens["投票人丙"])
    )
    assert PRIVATE_TEXTS[0] in json.dumps(mine, ensure_ascii=False)

    # the facilitator's copy re-imports and works: its open round starts from no votes
    sent = json.loads(exported["facilitator.json"])
    status, created = server.request("POST", "/api/workshops/import", sent)
    assert status == 201, created
    status, again = download(
        server, f"/api/workshops/{created['id']}/export/json", created["token"]
    )
    assert status == 200 and not [s for s in secrets for t in texts("json", again) if s in t]
    copy = json.loads(again)
    assert [(b["kind"], b["title"]) for b in copy["boards"]] == [
        (b["kind"], b["title"]) for b in sent["boards"]
    ]
    titles = {b["title"]: b for b in copy["boards"]}
    assert (
        titles["试点"]["snapshot"]["feedback"]
        == by_id(sent, boards["pilot"])["snapshot"]["feedback"]
    )
    copied = Setup(server, created["id"], created["token"], titles["进行中的投票"]["id"], "")
    voter, _ = copied.join("editor", "新投票人")
    assert copied.command(voter, "ideas.vote", {"idea_id": "o1", "dots": 1})[0] == 200
    status, view = server.request("GET", f"/api/boards/{copied.board_id}", token=created["token"])
    assert status == 200 and view["snapshot"]["tallies"] == {"o1": 1}, view
    assert view["snapshot"]["round"]["voters"] == 1
