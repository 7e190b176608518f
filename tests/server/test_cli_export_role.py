"""``obeya export --role``: the real binary exports exactly what an HTTP export by that role
gives, against the SQLite file a running server uses."""

from __future__ import annotations

import base64
import json
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

from pycrdt import Doc, Map

from tests.support.server import OBEYA, Server
from tests.support.workshop import Setup, make_workshop

SHARED_SERVER = True  # each test makes its own workshop: one server start


def obeya_export(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(OBEYA), "export", *args, "--data-dir", str(server.data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )


def http_json(server: Server, setup: Setup, token: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{server.url}/api/workshops/{setup.workshop_id}/export/json",
        headers={"authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        data: dict[str, Any] = json.loads(answer.read())
    return data


def comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Without the export time and the documents' bytes (each cleaning re-encodes them)."""
    return {
        **{k: v for k, v in snapshot.items() if k != "exported_at"},
        "boards": [{k: v for k, v in b.items() if k != "documents"} for b in snapshot["boards"]],
    }


def feedback_names(snapshot: dict[str, Any]) -> list[str]:
    """Who sent the feedback, as the snapshot and as the re-importable ledger say."""
    pilot = next(b for b in snapshot["boards"] if b["kind"] == "pilot")
    ledger: Doc = Doc()
    ledger.apply_update(base64.b64decode(pilot["documents"]["ledger"]))
    stored = ledger.get("feedback", type=Map).to_py() or {}
    return [f["display_name"] for f in pilot["snapshot"]["feedback"]] + [
        f["display_name"] for f in stored.values()
    ]


def test_cli_export_as_viewer_matches_http_viewer_export(server: Server, tmp_path: Path) -> None:
    setup = make_workshop(server, kind="pilot")
    pilot_token, _ = setup.join("pilot", "试点员甲")
    status, body = setup.command(
        pilot_token,
        "pilot.feedback",
        {"submission_id": "feedback-0001", "kind": "praise", "text": "署名反馈"},
    )
    assert status == 200, body
    viewer, _ = setup.join("viewer", "观察员")
    status, _ = setup.command(
        setup.facilitator,
        "workshop.viewer_export",
        {"allowed": True},
        board_id=setup.workshop_board_id,
    )
    assert status == 200

    exported = {}
    for role in ("facilitator", "viewer"):
        out = tmp_path / f"{role}.json"
        done = obeya_export(server, setup.workshop_id, "-o", str(out), "--role", role)
        assert done.returncode == 0, done.stderr
        exported[role] = json.loads(out.read_bytes())

    # who sent named feedback is the facilitator's to see, never a viewer's
    assert feedback_names(exported["facilitator"]) == ["试点员甲", "试点员甲"]
    assert feedback_names(exported["viewer"]) == ["", ""]
    for role, token in (("facilitator", setup.facilitator), ("viewer", viewer)):
        over_http = http_json(server, setup, token)
        assert comparable(exported[role]) == comparable(over_http)
        assert feedback_names(exported[role]) == feedback_names(over_http)

    # the default stays the facilitator's view
    out = tmp_path / "default.json"
    done = obeya_export(server, setup.workshop_id, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert feedback_names(json.loads(out.read_bytes())) == ["试点员甲", "试点员甲"]


def test_cli_export_refuses_other_roles_and_writes_nothing(server: Server, tmp_path: Path) -> None:
    setup = make_workshop(server)
    out = tmp_path / "x.md"
    for role in ("editor", "pilot", "owner"):
        done = obeya_export(server, setup.workshop_id, "-o", str(out), "--role", role)
        assert done.returncode == 2 and f"'{role}' is not one of" in done.stderr
    assert not out.exists()
