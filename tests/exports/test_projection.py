"""The role projection drops server-only state and identities behind anonymous items."""

from __future__ import annotations

import base64
import json
from typing import Any

from pycrdt import Doc, Map

from boards.registry import KINDS
from exports.projection import project
from exports.registry import KINDS as EXPORTS
from tests.exports.helpers import board

KINDS_HIDING = [kind for kind, export in EXPORTS.items() if export.secrets is not None]


def test_projection_hides_private_state_and_anonymous_authors(snapshot: dict[str, Any]) -> None:
    ideas = board(snapshot, "ideas")
    ideas["private"] = {"cards": {"p1": {"title": "SECRET-CARD", "author_id": "PID-X"}}}
    card = ideas["snapshot"]["cards"][0]
    card.update(anonymous=True, author_id="PID-X", author_name="ANON-AUTHOR")
    ideas["snapshot"]["round"].update(number=1, hidden=True, revealed=False)
    ideas["snapshot"]["tallies"] = {card["id"]: 3}
    pilot = board(snapshot, "pilot")
    pilot["snapshot"]["feedback"][0].update(
        anonymous=True, participant_id="PID-X", display_name="ANON-AUTHOR"
    )
    snapshot["participants"] = [{"id": "PID-X", "display_name": "p", "role": "pilot"}]
    for role in ("facilitator", "viewer"):
        text = json.dumps(project(snapshot, role), ensure_ascii=False)
        for secret in ("SECRET-CARD", "PID-X", "ANON-AUTHOR"):
            assert secret not in text, (role, secret)
        assert board(project(snapshot, role), "ideas")["snapshot"]["tallies"] == {}


def test_viewers_get_no_per_person_data_facilitators_what_the_board_shows(
    snapshot: dict[str, Any],
) -> None:
    ideas = board(snapshot, "ideas")["snapshot"]
    ideas["round"].update(number=1, hidden=False, anonymous=False, status="closed")
    ideas["voters"] = {"i1": [{"name": "VOTER", "dots": 2}]}
    readings = board(snapshot, "pilot")["snapshot"]["readings"]
    assert readings and readings[0]["participant_id"] and readings[0]["display_name"]
    facilitator, viewer = project(snapshot, "facilitator"), project(snapshot, "viewer")
    assert board(facilitator, "ideas")["snapshot"]["voters"] == ideas["voters"]
    assert board(viewer, "ideas")["snapshot"]["voters"] == {}
    for role, view in (("facilitator", facilitator), ("viewer", viewer)):
        for reading in board(view, "pilot")["snapshot"]["readings"]:
            assert reading["participant_id"] == ""
            assert bool(reading["display_name"]) is (role == "facilitator")


def test_documents_leave_without_what_the_snapshot_hides(snapshot: dict[str, Any]) -> None:
    ideas = board(snapshot, "ideas")
    content = Doc()
    content.apply_update(base64.b64decode(ideas["documents"]["content"]))
    content.get("cards", type=Map)["raw"] = Map(
        {"title": "t", "anonymous": True, "author_id": "PID-RAW", "author_name": "RAW-AUTHOR"}
    )
    ideas["documents"]["content"] = base64.b64encode(content.get_update()).decode()
    pilot = board(snapshot, "pilot")
    names = {r["display_name"] for r in pilot["snapshot"]["readings"]}
    for role in ("facilitator", "viewer"):
        view = project(snapshot, role)
        raw = b"".join(
            base64.b64decode(text)
            for entry in view["boards"]
            for text in entry["documents"].values()
        )
        assert b"PID-RAW" not in raw and b"RAW-AUTHOR" not in raw and b"demo-p" not in raw
        # the pilot's ledger (a name may also be a roll-out owner: plan content, kept)
        pilot_ledger = base64.b64decode(board(view, "pilot")["documents"]["ledger"])
        assert any(n.encode() in pilot_ledger for n in names) is (role == "facilitator")
    assert b"RAW-AUTHOR" in base64.b64decode(ideas["documents"]["content"])  # input untouched


def test_a_snapshot_that_does_not_validate_leaves_as_the_empty_board(
    snapshot: dict[str, Any],
) -> None:
    """The secrets are blanked on the typed snapshot: one edited into something else cannot
    carry them out past the rule, it leaves as the kind's empty board (as the report shows it)."""
    ideas = board(snapshot, "ideas")
    ideas["snapshot"]["cards"][0].update(anonymous=True, author_name="ANON-JUNK-AUTHOR")
    ideas["snapshot"]["round"] = "not a round"
    pilot = board(snapshot, "pilot")
    pilot["snapshot"]["feedback"][0].update(anonymous=True, display_name="ANON-JUNK-NAME")
    pilot["snapshot"]["readings"] = {"r": "not a list"}
    others = {b["id"]: b["snapshot"] for b in snapshot["boards"] if b["kind"] not in KINDS_HIDING}
    for role in ("facilitator", "viewer"):
        view = project(snapshot, role)
        assert "ANON-JUNK" not in json.dumps(view, ensure_ascii=False)
        for kind in ("ideas", "pilot"):  # the two edited above
            empty = KINDS[kind].read(Doc(), Doc()).model_dump(mode="json")
            assert board(view, kind)["snapshot"] == empty
        # kinds with nothing to hide leave as they are
        assert {b["id"]: b["snapshot"] for b in view["boards"] if b["id"] in others} == others


def test_a_valid_snapshot_keeps_all_but_its_secrets(snapshot: dict[str, Any]) -> None:
    ideas = board(snapshot, "ideas")["snapshot"]
    view = board(project(snapshot, "facilitator"), "ideas")["snapshot"]
    assert [c["title"] for c in view["cards"]] == [c["title"] for c in ideas["cards"]]
    assert {k: v for k, v in view.items() if k not in ("cards", "tallies", "voters")} == {
        k: v for k, v in ideas.items() if k not in ("cards", "tallies", "voters")
    }
