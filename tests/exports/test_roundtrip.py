"""The JSON export as users get it (the facilitator's projection) -> import_workshop -> the
same workshop again (new ids aside), whose own export is the same file."""

from __future__ import annotations

import base64
import json
from typing import Any

from pycrdt import Doc
from sqlalchemy import Engine
from sqlmodel import Session

from boards.registry import get_kind
from server import snapshots
from server.reports import render

VOLATILE = {"id", "workshop_id", "created_at", "updated_at", "exported_at", "documents"}


def strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def decoded(entry: dict[str, Any]) -> dict[str, Any]:
    """The board's documents as the board kind reads them (state, not update bytes)."""
    docs = []
    for room in ("content", "ledger"):
        doc: Doc = Doc()
        doc.apply_update(base64.b64decode(entry["documents"][room]))
        docs.append(doc)
    dumped: dict[str, Any] = get_kind(entry["kind"]).read(docs[0], docs[1]).model_dump(mode="json")
    return dumped


def test_json_round_trips_into_an_identical_workshop(engine: Engine, demo: dict[str, Any]) -> None:
    for original in demo.values():
        data = json.loads(render(original, "json"))
        assert all("private" not in b for b in data["boards"])
        with Session(engine) as session:
            created = snapshots.import_workshop(session, data)
            session.commit()
            copy = json.loads(
                render(snapshots.workshop_snapshot(session, created.workshop.id), "json")
            )
        assert copy["workshop"]["id"] != original["workshop"]["id"]
        assert copy["participants"] == []  # participants are not copied: the copy has its own links
        assert strip({**copy, "participants": []}) == strip({**data, "participants": []})
        assert [decoded(b) for b in copy["boards"]] == [decoded(b) for b in data["boards"]]
        assert [decoded(b) for b in data["boards"]] == [b["snapshot"] for b in data["boards"]]
        assert [b["position"] for b in copy["boards"]] == [
            b["position"] for b in original["boards"]
        ]
