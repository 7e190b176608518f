"""The value-stream map as BPMN 2.0: valid against the OMG XSD, read by bpmn.io's parser
without a warning, laid out (every element has its shape or edge), lanes by department,
gateways round the steps only some cases pass; over HTTP and ``obeya export``."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

import exports
from server.problems import Problem
from server.reports import export_command, render
from tests.exports.bpmn_support import NS, board_of, lint, moddle, tasks, valid, workshop_of
from tests.exports.helpers import board, download
from tests.support.server import Server
from tests.support.workshop import make_workshop

NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def _ids(root: etree._Element) -> list[str]:
    return [str(e.get("id")) for e in root.iter() if e.get("id") is not None]


def _laid_out(root: etree._Element) -> None:
    """Every flow node, lane and the pool has a shape with bounds; every flow an edge with
    at least two waypoints; no two ids alike, each a valid NCName."""
    ids = _ids(root)
    assert len(ids) == len(set(ids)) and all(NCNAME.fullmatch(i) for i in ids)
    process = root.find("bpmn:process", NS)
    assert process is not None
    shapes = {
        s.get("bpmnElement"): s.find("dc:Bounds", NS)
        for s in root.iterfind(".//bpmndi:BPMNShape", NS)
    }
    edges = {e.get("bpmnElement"): e for e in root.iterfind(".//bpmndi:BPMNEdge", NS)}
    for element in process:
        tag = etree.QName(element).localname
        if tag == "sequenceFlow":
            assert len(edges[element.get("id")].findall("di:waypoint", NS)) >= 2
        elif tag not in ("laneSet", "documentation"):
            assert shapes[element.get("id")] is not None
    for lane in process.iterfind("bpmn:laneSet/bpmn:lane", NS):
        assert shapes[lane.get("id")] is not None
    participant = root.find("bpmn:collaboration/bpmn:participant", NS)
    assert participant is not None and shapes[participant.get("id")] is not None


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("state", ["current", "future"])
def test_the_demo_map_is_valid_bpmn_laid_out_in_lanes(
    demo: dict[str, dict[str, Any]], language: str, state: str, tmp_path: Path
) -> None:
    snapshot = demo[language]
    vsm = board(snapshot, "vsm")
    body = exports.render_board(snapshot, vsm, "bpmn", state)
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = valid(body)
    _laid_out(root)
    steps = vsm["snapshot"][state]["steps"]
    assert tasks(root) == [s["name"] for s in steps]
    lanes = [lane.get("name") for lane in root.iterfind(".//bpmn:lane", NS)]
    assert lanes == list(dict.fromkeys(s["department"] for s in steps))
    optional = [s for s in steps if s["routing_pct"] < 100]
    assert len(root.findall(".//bpmn:exclusiveGateway", NS)) == 2 * len(optional)
    if language == "zh-CN":
        assert steps[0]["name"].encode() in body  # Chinese as UTF-8, not character references
    path = tmp_path / "map.bpmn"
    path.write_bytes(body)
    parsed = moddle(path)
    assert parsed["warnings"] == [] and parsed["unresolvedDi"] == 0
    assert lint(path) == ""
    assert [e["name"] for e in parsed["flowElements"] if e["type"] == "bpmn:Task"] == [
        s["name"] for s in steps
    ]
    assert parsed["shapes"] == len(root.findall(".//bpmndi:BPMNShape", NS))
    # the same map exports to the same file: stable ids, nothing time-dependent
    assert exports.render_board(snapshot, vsm, "bpmn", state) == body


def test_an_empty_map_is_a_start_and_an_end_in_one_unassigned_lane(tmp_path: Path) -> None:
    body = exports.render_board(workshop_of(board_of([])), board_of([]), "bpmn", "current")
    root = valid(body)
    _laid_out(root)
    process = root.find("bpmn:process", NS)
    assert process is not None
    kinds = [etree.QName(e).localname for e in process if etree.QName(e).localname != "laneSet"]
    assert kinds == ["documentation", "startEvent", "endEvent", "sequenceFlow"]
    assert [lane.get("name") for lane in root.iterfind(".//bpmn:lane", NS)] == ["Unassigned"]
    path = tmp_path / "empty.bpmn"
    path.write_bytes(body)
    assert moddle(path)["warnings"] == [] and lint(path) == ""


def test_optional_steps_sit_between_a_split_and_a_join_labelled_with_shares(
    tmp_path: Path,
) -> None:
    vsm = board_of(
        [
            ("a", {"name": "Receive", "department": "Front desk", "cycle_time": 10}),
            ("b", {"name": "Approve", "department": "Finance", "routing_pct": 30}),
            ("c", {"name": "Check", "department": "Finance", "routing_pct": 0.25}),  # 25 %
            ("d", {"name": "Close", "cycle_time": 2, "cycle_unit": "h", "klass": "va"}),
        ]
    )
    body = exports.render_board(workshop_of(vsm), vsm, "bpmn", "current")
    root = valid(body)
    _laid_out(root)
    assert tasks(root) == ["Receive", "Approve", "Check", "Close"]
    flows = {
        (f.get("sourceRef"), f.get("targetRef")): f.get("name")
        for f in root.iterfind(".//bpmn:sequenceFlow", NS)
    }
    assert flows == {
        ("StartEvent_1", "Activity_a"): None,
        ("Activity_a", "Split_b"): None,
        ("Split_b", "Activity_b"): "30 %",
        ("Split_b", "Join_b"): "70 %",
        ("Activity_b", "Join_b"): None,
        ("Join_b", "Split_c"): None,
        ("Split_c", "Activity_c"): "25 %",
        ("Split_c", "Join_c"): "75 %",
        ("Activity_c", "Join_c"): None,
        ("Join_c", "Activity_d"): None,
        ("Activity_d", "EndEvent_1"): None,
    }
    directions = {
        g.get("id"): g.get("gatewayDirection")
        for g in root.iterfind(".//bpmn:exclusiveGateway", NS)
    }
    assert directions == {
        "Split_b": "Diverging",
        "Join_b": "Converging",
        "Split_c": "Diverging",
        "Join_c": "Converging",
    }
    lanes = {
        lane.get("name"): [r.text for r in lane.iterfind("bpmn:flowNodeRef", NS)]
        for lane in root.iterfind(".//bpmn:lane", NS)
    }
    assert lanes == {
        "Front desk": ["StartEvent_1", "Activity_a"],
        "Finance": ["Split_b", "Activity_b", "Join_b", "Split_c", "Activity_c", "Join_c"],
        "Unassigned": ["Activity_d", "EndEvent_1"],
    }
    documentation = root.findtext(".//bpmn:task[@id='Activity_d']/bpmn:documentation", None, NS)
    assert documentation == "Cycle time: 2 h\nClass: Value-adding"
    # the bypass runs under the step it skips, from the split's bottom into the join's
    split, join = (
        root.find(f".//bpmndi:BPMNShape[@bpmnElement='{i}']/dc:Bounds", NS)
        for i in ("Split_b", "Join_b")
    )
    task = root.find(".//bpmndi:BPMNShape[@bpmnElement='Activity_b']/dc:Bounds", NS)
    edge = root.find(".//bpmndi:BPMNEdge[@bpmnElement='Flow_Split_b__Join_b']", NS)
    assert split is not None and join is not None and task is not None and edge is not None
    points = [
        (float(p.get("x", 0)), float(p.get("y", 0))) for p in edge.iterfind("di:waypoint", NS)
    ]
    low = points[1][1]
    assert low > float(task.get("y", 0)) + float(task.get("height", 0))
    assert points[0][1] == float(split.get("y", 0)) + float(split.get("height", 0))
    assert points[-1][1] == float(join.get("y", 0)) + float(join.get("height", 0))
    path = tmp_path / "optional.bpmn"
    path.write_bytes(body)
    assert moddle(path)["warnings"] == [] and lint(path) == ""


def test_hostile_names_and_ids_stay_valid_xml_and_bpmn(tmp_path: Path) -> None:
    long = "长" * 500
    hostile = [
        ("x<y&z", {"name": "<script>&amp;</script> \"'", "department": "A&B <lane>"}),
        ("🦀 id", {"name": "🦀 emoji 流程", "department": "🦀", "notes": "a\x01b\x1fc\x7f"}),
        ("long", {"name": long, "department": long, "routing_pct": 50}),
        ("a" * 200, {"name": "]]> --> <!-- ", "department": ""}),
    ]
    vsm = board_of(hostile)
    body = exports.render_board(workshop_of(vsm, "zh-CN"), vsm, "bpmn", "current")
    root = valid(body)
    _laid_out(root)
    assert tasks(root) == ["<script>&amp;</script> \"'", "🦀 emoji 流程", long, "]]> --> <!--"]
    lanes = [lane.get("name") for lane in root.iterfind(".//bpmn:lane", NS)]
    assert lanes == ["A&B <lane>", "🦀", long, "未分配部门"]
    notes = root.findtext(".//bpmn:task[@name='🦀 emoji 流程']/bpmn:documentation", None, NS)
    assert notes == "备注：a\ufffdb\ufffdc\x7f"  # characters XML cannot carry, replaced
    path = tmp_path / "hostile.bpmn"
    path.write_bytes(body)
    parsed = moddle(path)
    assert parsed["warnings"] == [] and lint(path) == ""
    assert [lane["name"] for lane in parsed["lanes"]] == lanes


def test_the_state_is_checked(snapshot: dict[str, Any]) -> None:
    vsm = board(snapshot, "vsm")
    with pytest.raises(Problem) as refused:
        render(snapshot, "bpmn", vsm["id"], state="past")
    assert refused.value.status == 422 and refused.value.code == "invalid_state"
    with pytest.raises(Problem) as refused:
        render(snapshot, "rollout.ics", state="future")
    assert refused.value.status == 422 and refused.value.code == "invalid_state"
    assert render(snapshot, "bpmn", vsm["id"]) == render(
        snapshot, "bpmn", vsm["id"], state="current"
    )
    assert render(snapshot, "bpmn", vsm["id"]) != render(
        snapshot, "bpmn", vsm["id"], state="future"
    )


def test_bpmn_over_http(server: Server) -> None:
    setup = make_workshop(server, kind="vsm")
    wid, bid = setup.workshop_id, setup.board_id
    csv = "name,department,cycle_time,routing_pct\n受理,客服部,10,\n审批,财务部,30,40\n".encode()
    request = urllib.request.Request(
        f"{server.url}/api/boards/{bid}/import?state=future",
        data=csv,
        headers={"authorization": f"Bearer {setup.facilitator}", "content-type": "text/csv"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status == 200
    path = f"/api/workshops/{wid}/export/bpmn?board={bid}&state=future"
    status, headers, body = download(server, path, setup.facilitator)
    assert status == 200 and headers["content-type"] == "application/xml"
    assert "future.bpmn" in headers["content-disposition"]
    root = valid(body)
    assert tasks(root) == ["受理", "审批"]
    assert len(root.findall(".//bpmn:exclusiveGateway", NS)) == 2
    status, headers, body = download(
        server, f"/api/workshops/{wid}/export/bpmn?board={bid}", setup.facilitator
    )
    assert status == 200 and tasks(valid(body)) == []  # the current state is still empty
    assert "current.bpmn" in headers["content-disposition"]
    status, _, body = download(server, f"{path[: path.index('&')]}&state=both", setup.facilitator)
    assert status == 422 and b"invalid_state" in body
    status, _, _ = download(
        server, f"/api/workshops/{wid}/export/bpmn?board=nope", setup.facilitator
    )
    assert status == 404
    editor, _ = setup.join("editor", "编辑")
    assert download(server, path, editor)[0] == 403


def test_bpmn_from_the_command_line(tmp_path: Path, demo_ids: dict[str, str], engine: Any) -> None:
    url = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    out = tmp_path / "future.bpmn"
    result = runner.invoke(
        export_command,
        [demo_ids["zh-CN"], "-o", str(out), "--state", "future", "--database-url", url],
    )
    assert result.exit_code == 0, result.output
    assert "(bpmn," in result.output  # the format from the suffix
    root = valid(out.read_bytes())
    assert tasks(root)
    result = runner.invoke(
        export_command,
        [
            demo_ids["zh-CN"],
            "-o",
            str(out),
            "--format",
            "bpmn",
            "--state",
            "x",
            "--database-url",
            url,
        ],
    )
    assert result.exit_code == 1 and "expected a state" in result.output
