"""Templates over the real API: the built-in list in both languages, a workshop from each
template whose boards read cleanly and whose report renders, and save as template round
trip with participants' data left behind."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from boards.templates import BUILT_IN
from tests.support.server import Server, running
from tests.support.workshop import Setup

LANGUAGES = ("zh-CN", "en")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(tmp_path_factory.mktemp("templates")) as server:
        yield server


def create(server: Server, template: str, language: str) -> dict[str, Any]:
    status, made = server.request(
        "POST",
        "/api/workshops",
        {"title": f"from {template}".replace("_", " "), "language": language, "template": template},
    )
    assert status == 201, made
    status, workshop = server.request("GET", f"/api/workshops/{made['id']}", token=made["token"])
    assert status == 200, workshop
    return {**workshop, "token": made["token"]}


def board(server: Server, board_id: str, token: str) -> dict[str, Any]:
    status, body = server.request("GET", f"/api/boards/{board_id}", token=token)
    assert status == 200, body
    return dict(body)


def skeleton(server: Server, workshop: dict[str, Any]) -> dict[str, Any]:
    """What each board holds that a template sets, read back through the API."""
    token = workshop["token"]
    boards = []
    for b in workshop["boards"]:
        body = board(server, b["id"], token)
        snap = body["snapshot"]
        assert not snap.get("read_warnings") and not snap.get("warnings"), (b, snap)
        assert body["analysis_error"] in ("", None), body
        entry: dict[str, Any] = {"kind": b["kind"], "title": b["title"]}
        if b["kind"] == "vsm":
            steps = snap["current"]["steps"]
            entry["steps"] = [(s["name"], s["department"], s["systems"]) for s in steps]
        if b["kind"] == "fishbone":
            entry["categories"] = [c["label"] for c in snap["categories"]]
        if b["kind"] == "pilot":
            entry["kpis"] = [
                (k["name"], k["unit"], k["better"], k["measure"]) for k in snap["kpis"]
            ]
        if b["kind"] == "raci":
            entry["roles"] = [(r["name"], r["kind"]) for r in snap["roles"]]
            entry["activities"] = [a["name"] for a in snap["activities"]]
        boards.append(entry)
    home = board(server, workshop["workshop_board_id"], token)["snapshot"]
    goals = [(g["metric"], g["unit"], g["better"], g["horizon"]) for g in home["goals"]]
    return {"boards": boards, "goals": goals}


def expected(template: Any) -> dict[str, Any]:
    boards = []
    for plan in template.structure.boards:
        entry: dict[str, Any] = {"kind": plan.kind, "title": plan.title}
        if plan.kind == "vsm":
            entry["steps"] = [(s.name, s.department, s.systems) for s in plan.steps]
        if plan.kind == "fishbone":
            entry["categories"] = plan.categories
        if plan.kind == "pilot":
            entry["kpis"] = [(k.name, k.unit, k.better, k.measure) for k in plan.kpis]
        if plan.kind == "raci":
            entry["roles"] = [(r.name, r.kind) for r in plan.roles]
            entry["activities"] = plan.activities
        boards.append(entry)
    goals = [(g.metric, g.unit, g.better, g.horizon) for g in template.structure.goals]
    return {"boards": boards, "goals": goals}


def export(server: Server, workshop_id: str, token: str, fmt: str) -> bytes:
    request = urllib.request.Request(
        f"{server.url}/api/workshops/{workshop_id}/export/{fmt}",
        headers={"authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        assert answer.status == 200
        return bytes(answer.read())


def test_the_list_offers_every_scenario_in_both_languages(served: Server) -> None:
    listed = {}
    for language in LANGUAGES:
        status, body = served.request("GET", f"/api/templates?language={language}")
        assert status == 200, body
        listed[language] = {t["id"]: t for t in body["templates"] if not t["saved"]}
        assert set(listed[language]) == {
            "bottleneck",
            "digital",
            "responsibilities",
            "new_business",
            "compliance",
        }
        for t in listed[language].values():
            assert t["title"] and t["description"] and t["boards"] and t["language"] == language
    for template_id in BUILT_IN:
        assert listed["zh-CN"][template_id]["title"] != listed["en"][template_id]["title"]
    assert "raci" in [b["kind"] for b in listed["en"]["responsibilities"]["boards"]][:1]
    assert served.request("GET", "/api/templates?language=fr")[0] == 422


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template_id", sorted(BUILT_IN))
def test_a_workshop_from_each_template_reads_cleanly_and_reports(
    served: Server, template_id: str, language: str
) -> None:
    workshop = create(served, template_id, language)
    assert skeleton(served, workshop) == expected(BUILT_IN[template_id][language])
    report = export(served, workshop["id"], workshop["token"], "md").decode()
    assert report.startswith(f"# from {template_id}\n".replace("_", " "))
    structure = BUILT_IN[template_id][language].structure
    named = [g.metric for g in structure.goals] + [k.name for b in structure.boards for k in b.kpis]
    for name in named:  # the goal skeletons in the SMART table, the KPIs in the pilot's
        assert name in report, name
    if template_id == "bottleneck":  # the PDF once per language (WeasyPrint is slow)
        assert export(served, workshop["id"], workshop["token"], "pdf").startswith(b"%PDF")


def test_unknown_or_conflicting_templates_are_refused_and_create_nothing(served: Server) -> None:
    for body, status_code in (
        ({"title": "x", "template": "nope"}, 404),
        ({"title": "x", "template": "saved:nope"}, 404),
        ({"title": "x", "template": "bottleneck", "demo": True}, 422),
    ):
        status, answer = served.request("POST", "/api/workshops", body)
        assert status == status_code, answer


JUNK = "JUNK-名字-<script>"


def test_save_as_template_round_trip_leaves_participants_data_behind(served: Server) -> None:
    original = create(served, "bottleneck", "zh-CN")
    wid, token = original["id"], original["token"]
    pilot = next(b for b in original["boards"] if b["kind"] == "pilot")
    setup = Setup(served, wid, token, pilot["id"], original["workshop_board_id"])
    editor, _ = setup.join("editor", JUNK + "editor")
    reader, _ = setup.join("pilot", JUNK + "pilot")
    status, body = setup.command(
        reader,
        "pilot.reading",
        {"submission_id": str(uuid.uuid4()), "kpi_id": "k1", "date": "2026-12-01", "value": 7},
    )
    assert status == 200, body
    status, body = setup.command(
        reader,
        "pilot.feedback",
        {"submission_id": str(uuid.uuid4()), "kind": "problem", "text": JUNK + "feedback"},
    )
    assert status == 200, body

    status, saved = served.request(
        "POST", f"/api/workshops/{wid}/template", {"title": "我们的模板"}, token=editor
    )
    assert status == 403, saved
    status, saved = served.request(
        "POST",
        f"/api/workshops/{wid}/template",
        {"title": "我们的模板", "description": "瓶颈"},
        token=token,
    )
    assert status == 201, saved
    assert saved["saved"] and saved["id"].startswith("saved:")

    status, listing = served.request("GET", "/api/templates?language=en")
    assert saved["id"] in [t["id"] for t in listing["templates"] if t["saved"]]
    assert JUNK not in json.dumps(listing, ensure_ascii=False)

    copy = create(served, saved["id"], "zh-CN")
    assert skeleton(served, copy) == skeleton(served, original)
    pilot_copy = next(b for b in copy["boards"] if b["kind"] == "pilot")
    snap = board(served, pilot_copy["id"], copy["token"])["snapshot"]
    assert snap["readings"] == [] and snap["feedback"] == []
    assert copy["participants"] == []
    assert JUNK not in export(served, copy["id"], copy["token"], "json").decode()

    # The stored row itself: no name, reading or feedback of anyone.
    with closing(sqlite3.connect(Path(served.data_dir) / "obeya.db")) as db:
        rows = db.execute("SELECT * FROM savedtemplate").fetchall()
    assert rows and JUNK not in json.dumps(rows, ensure_ascii=False, default=str)


def test_last_activity_moves_with_a_command(served: Server) -> None:
    """The start page's "Your workshops" shows when a workshop last saw activity."""
    workshop = create(served, "bottleneck", "en")
    before = workshop["last_activity"]
    assert before >= workshop["created_at"]
    pilot = next(b for b in workshop["boards"] if b["kind"] == "pilot")
    setup = Setup(served, workshop["id"], workshop["token"], pilot["id"], "")
    reader, _ = setup.join("pilot", "reader")
    status, body = setup.command(
        reader,
        "pilot.reading",
        {"submission_id": str(uuid.uuid4()), "kpi_id": "k1", "date": "2026-12-01", "value": 7},
    )
    assert status == 200, body
    status, after = served.request(
        "GET", f"/api/workshops/{workshop['id']}", token=workshop["token"]
    )
    assert status == 200 and after["last_activity"] > before


def test_the_operator_lists_and_removes_saved_templates(served: Server) -> None:
    from click.testing import CliRunner

    from server.cli import main

    made = create(served, "compliance", "en")
    status, saved = served.request(
        "POST",
        f"/api/workshops/{made['id']}/template",
        {"title": "Audit prep"},
        token=made["token"],
    )
    assert status == 201, saved
    data_dir = ["--data-dir", str(served.data_dir)]
    listed = CliRunner().invoke(main, ["templates", *data_dir])
    assert listed.exit_code == 0, listed.output
    row_id = saved["id"].removeprefix("saved:")
    assert any(
        line.startswith(row_id) and "Audit prep" in line for line in listed.output.splitlines()
    )
    removed = CliRunner().invoke(main, ["templates", "--delete", saved["id"], *data_dir])
    assert removed.exit_code == 0 and "Audit prep" in removed.output, removed.output
    status, listing = served.request("GET", "/api/templates?language=en")
    assert saved["id"] not in [t["id"] for t in listing["templates"]]
    again = CliRunner().invoke(main, ["templates", "--delete", saved["id"], *data_dir])
    assert again.exit_code != 0 and "no saved template" in again.output


def test_an_unreadable_stored_template_is_left_out_not_a_failure(served: Server) -> None:
    """A row edited by hand (or by a bug) must not stop the list or the start page."""
    with closing(sqlite3.connect(Path(served.data_dir) / "obeya.db")) as db:
        db.execute(
            "INSERT INTO savedtemplate (id, title, description, language, structure_json,"
            " created_at) VALUES ('brokenrow', 'broken', '', 'en', '{\"boards\": 5}',"
            " '2026-12-07 00:00:00')"
        )
        db.commit()
    status, listing = served.request("GET", "/api/templates?language=en")
    assert status == 200, listing
    ids = [t["id"] for t in listing["templates"]]
    assert "saved:brokenrow" not in ids and "bottleneck" in ids
    status, body = served.request(
        "POST", "/api/workshops", {"title": "x", "template": "saved:brokenrow"}
    )
    assert status == 404 and body["code"] == "unknown_template", body
    assert "unreadable saved template" in served.log()
