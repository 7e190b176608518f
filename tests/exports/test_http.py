"""Export and import over HTTP against a real ``obeya serve``, and ``obeya export``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from server.reports import export_command
from tests.exports.helpers import download
from tests.support.server import Server
from tests.support.workshop import make_workshop


def test_export_access_formats_and_import(server: Server) -> None:
    setup = make_workshop(server, kind="raci")
    wid = setup.workshop_id
    editor, _ = setup.join("editor", "编辑")
    viewer, _ = setup.join("viewer", "观察")
    status, headers, body = download(server, f"/api/workshops/{wid}/export/pdf", setup.facilitator)
    assert (
        status == 200 and body.startswith(b"%PDF") and headers["content-type"] == "application/pdf"
    )
    disposition = headers["content-disposition"]
    assert disposition.startswith('attachment; filename="') and "filename*=UTF-8''" in disposition
    assert "%E6%8A%95%E8%AF%89" in disposition  # 投诉, percent-encoded (RFC 5987)
    for token in (editor, viewer):
        status, _, body = download(server, f"/api/workshops/{wid}/export/pdf", token)
        assert status == 403 and json.loads(body)["code"] == "role_not_allowed"
    assert download(server, f"/api/workshops/{wid}/export/md", "nope")[0] == 401
    assert download(server, f"/api/workshops/{wid}/export/docx", setup.facilitator)[0] == 404

    status, _ = setup.command(
        setup.facilitator,
        "workshop.viewer_export",
        {"allowed": True},
        board_id=setup.workshop_board_id,
    )
    assert status == 200
    status, _, body = download(server, f"/api/workshops/{wid}/export/md", viewer)
    assert status == 200 and body.decode().startswith("# 投诉处理工作坊")
    assert download(server, f"/api/workshops/{wid}/export/md", editor)[0] == 403

    status, headers, body = download(server, f"/api/workshops/{wid}/export/zip", setup.facilitator)
    assert status == 200 and body[:2] == b"PK" and ".csv.zip" in headers["content-disposition"]
    status, _, body = download(
        server, f"/api/workshops/{wid}/export/raci.xlsx?board={setup.board_id}", setup.facilitator
    )
    assert status == 200 and body[:2] == b"PK"
    assert (
        download(server, f"/api/workshops/{wid}/export/raci.xlsx?board=nope", setup.facilitator)[0]
        == 404
    )

    status, _, body = download(server, f"/api/workshops/{wid}/export/json", setup.facilitator)
    snapshot: dict[str, Any] = json.loads(body)
    assert status == 200 and snapshot["schema"] == "obeya.workshop/1"
    status, created = server.request("POST", "/api/workshops/import", snapshot)
    assert status == 201 and created["id"] != wid, created
    status, view = server.request("GET", f"/api/workshops/{created['id']}", token=created["token"])
    assert status == 200 and view["title"] == "投诉处理工作坊"
    assert download(server, f"/api/workshops/{created['id']}/export/md", created["token"])[0] == 200

    bad = {**snapshot, "schema": "obeya.workshop/0"}
    assert server.request("POST", "/api/workshops/import", bad)[0] == 422
    broken = {
        **snapshot,
        "boards": [{**snapshot["boards"][0], "documents": {"content": "!!", "ledger": ""}}],
    }
    assert server.request("POST", "/api/workshops/import", broken)[0] == 422
    assert server.request("POST", "/api/workshops/import", [1, 2])[0] == 422


def test_cli_export(tmp_path: Path, demo_ids: dict[str, str], engine: Any) -> None:
    url = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    for name in ("summary.md", "snapshot.json", "tables.csv.zip"):
        result = runner.invoke(
            export_command, [demo_ids["en"], "-o", str(tmp_path / name), "--database-url", url]
        )
        assert result.exit_code == 0, result.output
    assert (
        (tmp_path / "summary.md")
        .read_text()
        .startswith("# Customer complaint handling improvement")
    )
    assert json.loads((tmp_path / "snapshot.json").read_text())["workshop"]["id"] == demo_ids["en"]
    result = runner.invoke(
        export_command, ["missing", "-o", str(tmp_path / "x.pdf"), "--database-url", url]
    )
    assert result.exit_code == 1 and "no such workshop" in result.output
    result = runner.invoke(
        export_command, [demo_ids["en"], "-o", str(tmp_path / "x.txt"), "--database-url", url]
    )
    assert result.exit_code == 2 and "--format" in result.output
