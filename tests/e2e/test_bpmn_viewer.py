"""The BPMN export opened in bpmn.io's own viewer (npm ``bpmn-js``, in headless Chromium): it
imports without a warning and draws laid out -- every node inside its lane, none overlapping,
the pool around them all -- as a team handing the file to IT would see it."""

from __future__ import annotations

from typing import Any

import pytest
from pycrdt import Doc

import exports
from boards.registry import get_kind
from boards.vsm.read import read_snapshot
from tests.exports.bpmn_support import NODE_DIR, workshop_of

from .conftest import Contexts
from .helpers import SCREENSHOTS

VIEWER = NODE_DIR / "node_modules" / "bpmn-js" / "dist"

IMPORT = """async (xml) => {
  const viewer = new BpmnJS({ container: "#canvas" });
  const { warnings } = await viewer.importXML(xml);
  viewer.get("canvas").zoom("fit-viewport");
  const box = (e) => ({ id: e.id, name: e.businessObject.name || "", type: e.type,
                        x: e.x, y: e.y, w: e.width, h: e.height });
  const all = viewer.get("elementRegistry").getAll();
  return {
    warnings: warnings.map((w) => String(w.message)),
    pools: all.filter((e) => e.type === "bpmn:Participant").map(box),
    lanes: all.filter((e) => e.type === "bpmn:Lane").map(box),
    nodes: all.filter((e) => /Task|Gateway|Event$/.test(e.type)).map((e) => ({
      ...box(e), lane: (e.businessObject.lanes || []).map((l) => l.id) })),
    edges: all.filter((e) => e.type === "bpmn:SequenceFlow").map((e) => e.waypoints.length),
  };
}"""


def _demo_board(language: str) -> dict[str, Any]:
    content = Doc()
    get_kind("vsm").seed(content, Doc(), language=language, demo=True)
    return {
        "id": "demo",
        "kind": "vsm",
        "title": "价值流图:投诉处理" if language == "zh-CN" else "Value stream",
        "snapshot": read_snapshot(content).model_dump(mode="json"),
    }


def _inside(inner: dict[str, Any], outer: dict[str, Any]) -> bool:
    return (
        outer["x"] <= inner["x"]
        and inner["x"] + inner["w"] <= outer["x"] + outer["w"]
        and outer["y"] <= inner["y"]
        and inner["y"] + inner["h"] <= outer["y"] + outer["h"]
    )


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


@pytest.mark.parametrize("state", ["current", "future"])
def test_bpmn_io_draws_the_export_laid_out(people: Contexts, state: str) -> None:
    assert (VIEWER / "bpmn-viewer.production.min.js").is_file(), "run ./setup.sh install"
    vsm = _demo_board("zh-CN")
    xml = exports.render_board(workshop_of(vsm, "zh-CN"), vsm, "bpmn", state).decode()
    page = people.page(locale="zh-CN", width=1600, height=700)
    page.set_content('<div id="canvas" style="width:1580px;height:680px"></div>')
    for css in ("diagram-js.css", "bpmn-js.css"):
        page.add_style_tag(path=str(VIEWER / "assets" / css))
    page.add_script_tag(path=str(VIEWER / "bpmn-viewer.production.min.js"))
    drawn = page.evaluate(IMPORT, xml)

    assert drawn["warnings"] == []
    steps = vsm["snapshot"][state]["steps"]
    tasks = [n for n in drawn["nodes"] if n["type"] == "bpmn:Task"]
    assert [t["name"] for t in tasks] == [s["name"] for s in steps]
    optional = sum(1 for s in steps if s["routing_pct"] < 100)
    gateways = [n for n in drawn["nodes"] if n["type"] == "bpmn:ExclusiveGateway"]
    assert len(gateways) == 2 * optional and (state == "future") == (optional > 0)  # 30 %
    (pool,) = drawn["pools"]
    lanes = {lane["id"]: lane for lane in drawn["lanes"]}
    assert [lane["name"] for lane in drawn["lanes"]] == list(
        dict.fromkeys(s["department"] for s in steps)
    )
    for node in drawn["nodes"]:
        (lane_id,) = node["lane"]
        assert _inside(node, lanes[lane_id]) and _inside(node, pool), node
    for lane in lanes.values():
        assert _inside(lane, pool)
    nodes = drawn["nodes"]
    assert not [
        (a["id"], b["id"]) for i, a in enumerate(nodes) for b in nodes[i + 1 :] if _overlap(a, b)
    ]
    assert all(n >= 2 for n in drawn["edges"]) and len(drawn["edges"]) == len(nodes) - 1 + optional
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"bpmn-{state}.png"))
