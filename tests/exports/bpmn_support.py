"""Checking BPMN files: against the OMG BPMN 2.0 XSD (as SpiffWorkflow ships it), by the
bpmn.io parser (npm ``bpmn-moddle``, ``tests/node/bpmn_parse.mjs``) and by bpmnlint."""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from lxml import etree
from pycrdt import Doc

from boards.vsm import layout
from boards.vsm.analysis import analyse
from boards.vsm.read import read_snapshot

NODE_DIR = Path(__file__).parents[1] / "node"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}


@cache
def schema() -> etree.XMLSchema:
    # BPMN20.xsd imports BPMNDI.xsd and Semantic.xsd by relative path, which pull in DI/DC.
    path = files("SpiffWorkflow.bpmn.parser") / "schema" / "BPMN20.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def valid(body: bytes) -> etree._Element:
    """The parsed file, after asserting that it validates against the BPMN 2.0 XSD."""
    root = etree.fromstring(body)
    checker = schema()
    assert checker.validate(root), checker.error_log
    return root


def moddle(path: Path) -> dict[str, Any]:
    """What bpmn-moddle made of the file: ``warnings`` and a summary of the element tree."""
    assert shutil.which("node") and (NODE_DIR / "node_modules" / "bpmn-moddle").is_dir(), (
        "node or tests/node/node_modules/bpmn-moddle missing (run ./setup.sh install)"
    )
    done = subprocess.run(
        ["node", str(NODE_DIR / "bpmn_parse.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def lint(path: Path) -> str:
    """bpmnlint's findings with its recommended rules (what Camunda Modeler checks): "" if none."""
    (path.parent / ".bpmnlintrc").write_text('{"extends": "bpmnlint:recommended"}')
    done = subprocess.run(
        ["node", str(NODE_DIR / "node_modules" / "bpmnlint" / "bin" / "bpmnlint.js"), path.name],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=path.parent,
    )
    return (done.stdout + done.stderr).strip() or ("" if done.returncode == 0 else "failed")


def board_of(steps: list[tuple[str, dict[str, Any]]], title: str = "Map") -> dict[str, Any]:
    """A vsm board as a workshop snapshot holds it, with ``steps`` in the current state."""
    content = Doc()
    layout.declare(content)
    for step_id, fields in steps:
        layout.add_step(content, "current", step_id, fields)
    snapshot = read_snapshot(content)
    return {
        "id": "b1",
        "kind": "vsm",
        "title": title,
        "position": 0,
        "snapshot": snapshot.model_dump(mode="json"),
        "analysis": analyse(snapshot).model_dump(mode="json"),
    }


def workshop_of(board: dict[str, Any], language: str = "en") -> dict[str, Any]:
    return {"workshop": {"language": language, "title": "W"}, "boards": [board]}


def tasks(root: etree._Element) -> list[str]:
    """Task names in the order the sequence flows visit them from the start event."""
    process = root.find("bpmn:process", NS)
    assert process is not None
    by_id = {e.get("id"): e for e in process}
    flows: dict[str, list[str]] = {}
    for flow in process.findall("bpmn:sequenceFlow", NS):
        flows.setdefault(str(flow.get("sourceRef")), []).append(str(flow.get("targetRef")))
    names, node = [], "StartEvent_1"
    while node != "EndEvent_1":
        element = by_id[node]
        if element.tag == f"{{{NS['bpmn']}}}task":
            names.append(str(element.get("name")))
        # through a split, follow the flow into the task (the other goes round it)
        targets = flows[node]
        node = next((n for n in targets if by_id[n].tag.endswith("task")), targets[0])
    return names
