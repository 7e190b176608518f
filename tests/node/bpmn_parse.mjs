// Parses a BPMN file with bpmn-moddle (the bpmn.io parser) and prints what it found:
// its warnings (unknown elements, unresolved references, ...) and the element counts.
import { readFile } from "node:fs/promises";
import { BpmnModdle } from "bpmn-moddle";

const xml = await readFile(process.argv[2], "utf8");
const { rootElement, warnings } = await new BpmnModdle().fromXML(xml);
const process_ = rootElement.rootElements.find((e) => e.$type === "bpmn:Process");
const diagram = rootElement.diagrams[0];
console.log(
  JSON.stringify({
    warnings: warnings.map((w) => String(w.message)),
    type: rootElement.$type,
    flowElements: process_.flowElements.map((e) => ({ type: e.$type, id: e.id, name: e.name ?? null })),
    lanes: process_.laneSets[0].lanes.map((l) => ({ name: l.name, nodes: (l.flowNodeRef ?? []).map((n) => n.id) })),
    shapes: diagram.plane.planeElement.filter((e) => e.$type === "bpmndi:BPMNShape").length,
    edges: diagram.plane.planeElement.filter((e) => e.$type === "bpmndi:BPMNEdge").length,
    unresolvedDi: diagram.plane.planeElement.filter((e) => !e.bpmnElement).length,
  }),
);
