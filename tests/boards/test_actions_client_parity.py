"""The actions page reads actions and warns as the server does: ``readActions``,
``actionWarnings`` and ``missingActions`` in client/src/boards/workshop/actions.ts against
:func:`boards.actions.read`, :func:`boards.actions.warnings` and
:func:`boards.actions.missing_actions`, run in Node on the real client source with the same
documents (Yjs there, pycrdt here), junk included."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from pycrdt import Doc, Map, Text

from boards import actions, values
from boards.actions import Commitment
from tests.support.server import ROOT

# id -> fields; "$text" values become shared Texts, a "$plain" record a plain JSON object.
RAW: dict[str, dict[str, Any]] = {
    "a1": {"what": "Pre-print labels", "owner": "Li Wei", "owner_participant": "p1",
           "due": "2027-03-01", "status": "doing", "source_board": "fb", "source_item": "c1",
           "source_type": "root_cause", "created_at": "2026-12-06T10:00:00Z"},
    "a2": {"what": "Dropped try", "owner": "Ann", "due": "2027-01-15", "status": "dropped",
           "source_board": "ideas", "source_item": "i1", "source_type": "idea"},
    "a3": {"what": {"$text": "Shared text what"}, "owner": 42, "due": "2027-02-30",
           "status": "finished", "source_board": "ideas", "source_item": "i2",
           "source_type": "nonsense", "created_at": "2026-12-06T09:00:00Z"},
    "a4": {"what": "No date", "due": " 2027-01-02 ", "status": "", "source_board": "fb",
           "source_item": "c9", "created_at": "2026-12-06T08:00:00Z"},
    "a5": {"what": ["a", "list"], "due": 20270331, "status": "done", "owner": True,
           "done_at": "2026-12-07T00:00:00Z"},
    "b0": {"$plain": True, "what": "A plain object", "due": "2027-01-02", "status": "open",
           "source_board": "fb", "source_item": "c2", "created_at": "2026-12-06T07:00:00Z"},
    "b1": {"what": "Same due, later", "due": "2027-01-02", "created_at": "2026-12-06T07:30:00Z"},
}  # fmt: skip
TODAY = "2027-01-10"  # a4, b0, b1 (due 2027-01-02, open) are late; a2 is late but dropped
JUNK = {"not-a-map": "just text", "a-list": [1, 2]}
COMMITMENTS = {
    "fb": [{"source_type": "root_cause", "item_id": "c1", "label": "Labels printed late"},
           {"source_type": "root_cause", "item_id": "c2", "label": "No checklist"},
           {"source_type": "root_cause", "item_id": "c3", "label": "Nobody acts"}],
    "ideas": [{"source_type": "idea", "item_id": "i1", "label": "Dropped idea"},
              {"source_type": "idea", "item_id": "i2", "label": "Covered by junk action"}],
    "10": [{"source_type": "idea", "item_id": "x", "label": "A board id that looks numeric"}],
}  # fmt: skip


Result = tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


def _python(raw: dict[str, dict[str, Any]]) -> Result:
    doc = Doc()
    root = actions.actions_map(doc)
    with doc.transaction():
        for key, fields in raw.items():
            plain = {k: v for k, v in fields.items() if k != "$plain"}
            if fields.get("$plain"):
                root[key] = plain
                continue
            root[key] = Map(
                {k: Text(v["$text"]) if isinstance(v, dict) else v for k, v in plain.items()}
            )
        for key, value in JUNK.items():
            root[key] = value
    read = actions.read(doc, values.Warnings())
    by_board = {b: [Commitment(**c) for c in cs] for b, cs in COMMITMENTS.items()}
    missing = actions.missing_actions(by_board, read)
    warned = actions.warnings(read, date.fromisoformat(TODAY))
    return (
        [a.model_dump() for a in read],
        [w.model_dump() for w in warned],
        [m.model_dump() for m in missing],
    )


def _client(tmp_path: Path) -> Result:
    client = ROOT / "client"
    esbuild = client / "node_modules" / ".bin" / "esbuild"
    node = shutil.which("node")
    assert esbuild.exists() and node, "run ./setup.sh install first (client build tools)"
    module = (client / "src" / "boards" / "workshop" / "actions").as_posix()
    # The entry goes in on stdin, resolved from client/: one copy of yjs for both sides.
    entry = f"""
import * as Y from "yjs";
import {{ actionsMap, actionWarnings, missingActions, readActions }} from "{module}";
const raw = {json.dumps(RAW)};
const junk = {json.dumps(JUNK)};
const commitments = {json.dumps(list(COMMITMENTS.items()))};
const doc = new Y.Doc();
const root = actionsMap(doc);
doc.transact(() => {{
  for (const [key, fields] of Object.entries(raw)) {{
    const plain = Object.fromEntries(Object.entries(fields).filter(([k]) => k !== "$plain"));
    if (fields["$plain"]) {{ root.set(key, plain); continue; }}
    const map = new Y.Map();
    for (const [k, v] of Object.entries(plain))
      map.set(k, v && typeof v === "object" && "$text" in v ? new Y.Text(v["$text"]) : v);
    root.set(key, map);
  }}
  for (const [key, value] of Object.entries(junk)) root.set(key, value);
}});
const read = readActions(doc);
const warned = actionWarnings(read, "{TODAY}");
console.log(JSON.stringify([read, warned, missingActions(new Map(commitments), read)]));
"""
    bundle = tmp_path / "entry.cjs"
    subprocess.run(
        [str(esbuild), "--bundle", "--platform=node", "--loader=ts", "--log-level=error",
         f"--outfile={bundle}"],
        input=entry.encode(), check=True, cwd=client, timeout=60,
    )  # fmt: skip
    out = subprocess.run([node, str(bundle)], check=True, capture_output=True, timeout=60)
    read, warned, missing = json.loads(out.stdout)
    return read, warned, missing


def test_client_reads_actions_and_flags_missing_ones_like_the_server(tmp_path: Path) -> None:
    py_read, py_warned, py_missing = _python(RAW)
    js_read, js_warned, js_missing = _client(tmp_path)
    assert js_read == py_read
    assert js_warned == py_warned
    assert js_missing == py_missing
    # The cases say something: junk read tolerantly, a dropped action covers nothing.
    by_id = {a["id"]: a for a in py_read}
    assert set(by_id) == set(RAW)
    assert by_id["a3"]["what"] == "Shared text what" and by_id["a3"]["owner"] == "42"
    assert by_id["a3"]["due"] == "" and by_id["a3"]["status"] == "open"
    assert by_id["a4"]["due"] == "2027-01-02"
    assert [m["item_id"] for m in py_missing] == ["c3", "i1", "x"]
    late = {w["params"]["action"] for w in py_warned if w["code"] == "action_overdue"}
    assert late == {"a4", "b0", "b1"}
