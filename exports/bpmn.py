"""A value-stream map's current or future state as a BPMN 2.0 process with its diagram.

One pool (a collaboration with one participant) holding a lane per department, in the order
the departments first appear; steps without one share an "unassigned" lane. The steps are
tasks in the map's order between a start and an end event. A step only some cases pass
(``routing_pct`` < 100) sits between an exclusive split and join: one flow through it, one
around it, each labelled with its share of cases. Full BPMNDI (shapes, lanes, edges with
waypoints), so bpmn.io, Camunda Modeler, Signavio and Visio open it laid out rather than
piled at the origin. Ids derive from the map's step ids, so exporting again yields the
same ids and a modeller's diff shows only what changed.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from . import fmt
from .catalog import Catalog
from .typed import typed

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
NAMESPACES = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI}
STATES = ("current", "future")

# Layout (pixels, as bpmn.io draws them).
ORIGIN_X, ORIGIN_Y = 160, 80
POOL_HEADER = 30  # the participant's vertical name band
LANE_HEIGHT = 180
NODE_Y = 80  # a node's centre below its lane's top: the room underneath is for bypasses
BYPASS_Y = 150  # a bypass flow's level below its lane's top
GAP = 60  # between two nodes
SIZES = {"start": (36, 36), "end": (36, 36), "task": (120, 80), "gateway": (50, 50)}
TAGS = {
    "start": "startEvent",
    "end": "endEvent",
    "task": "task",
    "gateway": "exclusiveGateway",
}

# Characters XML 1.0 cannot carry at all, not even escaped: a client may have typed them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def local_id(prefix: str, key: str) -> str:
    """A valid, stable NCName for ``key`` (a step id, a department): itself after the prefix
    when it is plain ASCII, else a hash of it (distinct keys never meet)."""
    if _PLAIN_ID.fullmatch(key):
        return f"{prefix}_{key}"
    return f"{prefix}_h{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


@dataclass
class Node:
    id: str
    kind: str  # a SIZES key
    lane: int
    name: str = ""
    documentation: str = ""
    direction: str = ""  # a gateway's: Diverging or Converging
    x: float = 0.0
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)

    @property
    def width(self) -> float:
        return SIZES[self.kind][0]

    @property
    def height(self) -> float:
        return SIZES[self.kind][1]

    @property
    def lane_top(self) -> float:
        return ORIGIN_Y + self.lane * LANE_HEIGHT

    @property
    def y(self) -> float:
        return self.lane_top + NODE_Y - self.height / 2

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def middle(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.lane_top + NODE_Y


@dataclass
class Flow:
    id: str
    source: Node
    target: Node
    name: str = ""
    bypass: bool = False

    def waypoints(self) -> list[tuple[float, float]]:
        (sx, sy), (tx, ty) = self.source.middle, self.target.middle
        if self.bypass:  # under the step it skips, back up into the join
            low = self.source.lane_top + BYPASS_Y
            return [(sx, sy + self.source.height / 2), (sx, low), (tx, low), (tx, ty + 25)]
        if sy == ty:
            return [(self.source.right, sy), (self.target.x, ty)]
        bend = (self.source.right + self.target.x) / 2
        return [(self.source.right, sy), (bend, sy), (bend, ty), (self.target.x, ty)]


@dataclass
class Process:
    lanes: list[tuple[str, str]]  # (department, its lane's name): "" is the unassigned lane
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)

    def add(self, node: Node) -> Node:
        node.x = (self.nodes[-1].right + GAP) if self.nodes else ORIGIN_X + POOL_HEADER + GAP
        self.nodes.append(node)
        return node

    def connect(self, source: Node, target: Node, name: str = "", bypass: bool = False) -> None:
        flow = Flow(f"Flow_{source.id}__{target.id}", source, target, name, bypass)
        source.outgoing.append(flow.id)
        target.incoming.append(flow.id)
        self.flows.append(flow)


def _time(t: Catalog, value: float | None, unit: str | None) -> str:
    return t(f"bpmn.unit.{unit or 'min'}", n=fmt.num(value, 2))


def _documentation(t: Catalog, step: Any) -> str:
    lines = []
    if step.cycle_time is not None:
        lines.append(t("bpmn.cycle_time", time=_time(t, step.cycle_time, step.cycle_unit)))
    if step.wait_time is not None:
        lines.append(t("bpmn.wait_time", time=_time(t, step.wait_time, step.wait_unit)))
    if step.operators is not None:
        lines.append(t("bpmn.operators", n=fmt.num(step.operators)))
    if step.pct_ca is not None:
        lines.append(t("bpmn.pct_ca", pct=fmt.pct(step.pct_ca)))
    if step.routing_pct < 100:
        lines.append(t("bpmn.routing", pct=fmt.pct(step.routing_pct)))
    if step.klass:
        lines.append(t("bpmn.class", klass=t.code("vsm.class", step.klass)))
    if step.waste_type:
        lines.append(t("bpmn.waste_type", waste=t.code("vsm.waste", step.waste_type)))
    if step.systems:
        lines.append(t("bpmn.systems", systems=t("list.sep").join(step.systems)))
    if getattr(step, "data_source", ""):
        lines.append(t("bpmn.data_source", source=step.data_source))
    if step.notes.strip():
        lines.append(t("bpmn.notes", notes=step.notes.strip()))
    return "\n".join(lines)


def build(t: Catalog, steps: list[Any]) -> Process:
    """Nodes in order, each in its lane, and the flows between them."""
    lanes = list(dict.fromkeys(step.department.strip() for step in steps)) or [""]
    process = Process([(lane, lane or t("bpmn.unassigned")) for lane in lanes])
    first_lane = lanes.index(steps[0].department.strip()) if steps else 0
    last: Node = process.add(Node("StartEvent_1", "start", first_lane, t("bpmn.start")))
    for step in steps:
        lane = lanes.index(step.department.strip())
        task = Node(
            local_id("Activity", step.id),
            "task",
            lane,
            step.name.strip() or t("bpmn.unnamed"),
            _documentation(t, step),
        )
        if step.routing_pct >= 100:
            process.add(task)
            process.connect(last, task)
            last = task
            continue
        split = process.add(
            Node(
                local_id("Split", step.id),
                "gateway",
                lane,
                t("bpmn.split", step=task.name),  # modellers (bpmnlint) want a split named
                direction="Diverging",
            )
        )
        process.add(task)
        join = process.add(Node(local_id("Join", step.id), "gateway", lane, direction="Converging"))
        process.connect(last, split)
        process.connect(split, task, fmt.pct(step.routing_pct))
        process.connect(task, join)
        process.connect(split, join, fmt.pct(100 - step.routing_pct), bypass=True)
        last = join
    end_lane = lanes.index(steps[-1].department.strip()) if steps else 0
    process.connect(last, process.add(Node("EndEvent_1", "end", end_lane, t("bpmn.end"))))
    return process


def _el(parent: ET.Element, ns: str, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{ns}}}{tag}", {k: xml_text(v) for k, v in attributes.items()})


def _bounds(parent: ET.Element, x: float, y: float, width: float, height: float) -> None:
    _el(parent, DC, "Bounds", x=_n(x), y=_n(y), width=_n(width), height=_n(height))


def _n(value: float) -> str:
    return f"{value:g}"


def render(process: Process, *, key: str, pool: str, documentation: str) -> bytes:
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    root = ET.Element(
        f"{{{BPMN}}}definitions",
        {
            "id": f"Definitions_{key}",
            "targetNamespace": "https://obeya.invalid/bpmn",
            "exporter": "Obeya",
            "exporterVersion": "1",
        },
    )
    collaboration = _el(root, BPMN, "collaboration", id=f"Collaboration_{key}")
    participant = _el(
        collaboration,
        BPMN,
        "participant",
        id=f"Participant_{key}",
        name=pool,
        processRef=f"Process_{key}",
    )
    semantic = _el(root, BPMN, "process", id=f"Process_{key}", isExecutable="false")
    if documentation:
        _el(semantic, BPMN, "documentation").text = xml_text(documentation)
    lane_set = _el(semantic, BPMN, "laneSet", id=f"LaneSet_{key}")
    lane_ids = [local_id("Lane", key or "-") for key, _ in process.lanes]
    for index, (_, name) in enumerate(process.lanes):
        lane = _el(lane_set, BPMN, "lane", id=lane_ids[index], name=name)
        for node in process.nodes:
            if node.lane == index:
                _el(lane, BPMN, "flowNodeRef").text = node.id
    for node in process.nodes:
        attributes = {"id": node.id}
        if node.name:
            attributes["name"] = node.name
        if node.direction:
            attributes["gatewayDirection"] = node.direction
        element = _el(semantic, BPMN, TAGS[node.kind], **attributes)
        if node.documentation:
            _el(element, BPMN, "documentation").text = xml_text(node.documentation)
        for tag in ("incoming", "outgoing"):
            for flow_id in getattr(node, tag):
                _el(element, BPMN, tag).text = flow_id
    for flow in process.flows:
        attributes = {"id": flow.id, "sourceRef": flow.source.id, "targetRef": flow.target.id}
        if flow.name:
            attributes["name"] = flow.name
        _el(semantic, BPMN, "sequenceFlow", **attributes)

    diagram = _el(root, BPMNDI, "BPMNDiagram", id=f"Diagram_{key}")
    plane = _el(
        diagram, BPMNDI, "BPMNPlane", id=f"Plane_{key}", bpmnElement=collaboration.get("id", "")
    )
    width = process.nodes[-1].right + GAP - ORIGIN_X
    height = LANE_HEIGHT * len(process.lanes)
    shape = _el(
        plane,
        BPMNDI,
        "BPMNShape",
        id=f"{participant.get('id')}_di",
        bpmnElement=participant.get("id", ""),
        isHorizontal="true",
    )
    _bounds(shape, ORIGIN_X, ORIGIN_Y, width, height)
    for index, lane_id in enumerate(lane_ids):
        shape = _el(
            plane, BPMNDI, "BPMNShape", id=f"{lane_id}_di", bpmnElement=lane_id, isHorizontal="true"
        )
        _bounds(
            shape,
            ORIGIN_X + POOL_HEADER,
            ORIGIN_Y + index * LANE_HEIGHT,
            width - POOL_HEADER,
            LANE_HEIGHT,
        )
    for node in process.nodes:
        attributes = {"id": f"{node.id}_di", "bpmnElement": node.id}
        if node.kind == "gateway":
            attributes["isMarkerVisible"] = "true"
        shape = _el(plane, BPMNDI, "BPMNShape", **attributes)
        _bounds(shape, node.x, node.y, node.width, node.height)
        if node.kind in ("start", "end"):  # the name under the circle, clear of it
            label = _el(shape, BPMNDI, "BPMNLabel")
            _bounds(label, node.x - 22, node.y + node.height + 6, node.width + 44, 14)
        elif node.kind == "gateway" and node.name:
            # above and to the right: the bypass leaves from below, the way in bends at the left
            label = _el(shape, BPMNDI, "BPMNLabel")
            _bounds(label, node.x + 5, node.y - 46, node.width + 70, 28)
    for flow in process.flows:
        edge = _el(plane, BPMNDI, "BPMNEdge", id=f"{flow.id}_di", bpmnElement=flow.id)
        for x, y in flow.waypoints():
            _el(edge, DI, "waypoint", x=_n(x), y=_n(y))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def vsm_bpmn(snapshot: dict[str, Any], board: dict[str, Any], state: str = "current") -> bytes:
    """The board's ``state`` (``current`` or ``future``) as a BPMN 2.0 file (UTF-8 XML)."""
    if state not in STATES:
        raise ValueError(f"expected a state in {STATES}, got {state!r}")
    t = Catalog(snapshot.get("workshop", {}).get("language"))
    vsm = typed(board)
    title = vsm.title or t("kind.vsm")
    state_name = t(f"vsm.state.{state}")
    process = build(t, list(getattr(vsm.snapshot, state).steps))
    return render(
        process,
        key=state,
        pool=f"{title} · {state_name}",
        documentation=t("bpmn.documentation", board=title, state=state_name),
    )
