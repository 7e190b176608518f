"""The role projection drops server-only state and identities behind anonymous items."""

from __future__ import annotations

import json
from typing import Any

from exports.projection import project
from tests.exports.helpers import board


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
