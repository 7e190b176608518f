"""Reading a board's content document generically, for version history: which roots it has
and of what type, what changed between two versions, and which items a version had that a
later one lost. Works on any kind's layout without knowing it (see :mod:`boards.restore`).

Roots arrive untyped when a document is loaded from stored bytes, and a root, once typed,
cannot be retyped: so a root's type is found on a scratch copy of the document (a Map root
has keys, a Text root has text, an Array root has elements) and only then read as such.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Literal

from pycrdt import Array, Doc, Map, Text

from .values import py

RootType = Literal["map", "array", "text"]
TYPES: dict[RootType, type[Map | Array | Text]] = {"map": Map, "array": Array, "text": Text}
LABEL_FIELDS = ("name", "title", "text", "label", "description")
MAX_LABEL = 80


def load(update: bytes) -> Doc:
    doc: Doc = Doc()
    if update:
        doc.apply_update(update)
    return doc


def root_types(update: bytes) -> dict[str, RootType]:
    """Each non-empty root of the document ``update`` encodes, with its type. Three scratch
    copies in all, however many roots a client made: one typing every root as a Map, one as
    Text, one as an Array."""
    found: dict[str, RootType] = {}
    names = list(load(update).keys())
    for kind in ("map", "text", "array"):
        scratch = load(update)
        for name in names:
            if name not in found and _filled(scratch.get(name, type=TYPES[kind])):
                found[name] = kind
    return found


def _filled(root: Map | Array | Text) -> bool:
    return bool(str(root)) if isinstance(root, Text) else len(root) > 0


def roots(doc: Doc, types: dict[str, RootType]) -> dict[str, Map | Array | Text]:
    """The roots of ``doc`` typed as ``types`` says (a root typed otherwise is left out)."""
    out: dict[str, Map | Array | Text] = {}
    for name, kind in types.items():
        try:
            out[name] = doc.get(name, type=TYPES[kind])
        except Exception:  # already typed differently in this document: not comparable
            continue
    return out


def _key(value: Any) -> str:
    return json.dumps(py(value), sort_keys=True, ensure_ascii=False, default=str)


def summary(before: bytes, after: bytes) -> dict[str, dict[str, int]]:
    """Counts of items added, removed and changed per root from ``before`` to ``after``
    (a Map root's items are its keys, an Array's its elements, a Text is one item)."""
    types = root_types(before) | root_types(after)
    old, new = roots(load(before), types), roots(load(after), types)
    out: dict[str, dict[str, int]] = {}
    for name, kind in types.items():
        counts = _count(kind, old.get(name), new.get(name))
        if any(counts.values()):
            out[name] = {k: v for k, v in counts.items() if v}
    return out


def _count(kind: RootType, old: Any, new: Any) -> dict[str, int]:
    if kind == "map":
        a = {k: _key(v) for k, v in (old.items() if old is not None else [])}
        b = {k: _key(v) for k, v in (new.items() if new is not None else [])}
        changed = sum(1 for k in a.keys() & b.keys() if a[k] != b[k])
        return {
            "added": len(b.keys() - a.keys()),
            "removed": len(a.keys() - b.keys()),
            "changed": changed,
        }
    if kind == "array":
        x = Counter(_key(v) for v in (old if old is not None else []))
        y = Counter(_key(v) for v in (new if new is not None else []))
        return {"added": sum((y - x).values()), "removed": sum((x - y).values()), "changed": 0}
    before, after = str(old or ""), str(new or "")
    return {"added": 0, "removed": 0, "changed": int(before != after)}


def label(value: Any) -> str:
    """A short human name for an item: its first non-empty name-like field."""
    fields = py(value) if isinstance(value, Map) else value
    if isinstance(fields, dict):
        for name in LABEL_FIELDS:
            text = fields.get(name)
            if isinstance(text, str) and text.strip():
                return text.strip()[:MAX_LABEL]
    return ""


def deleted_items(checkpoint: bytes, live: Doc) -> list[dict[str, str]]:
    """Items (Maps in a Map root) the checkpoint has and ``live`` no longer has."""
    types = root_types(checkpoint)
    then = roots(load(checkpoint), types)
    now = roots(live, types)
    out: list[dict[str, str]] = []
    for name, root in then.items():
        if not isinstance(root, Map):
            continue
        current = now.get(name)
        for key, value in root.items():
            if isinstance(value, Map) and not (isinstance(current, Map) and key in current):
                out.append({"root": name, "id": key, "label": label(value)})
    return sorted(out, key=lambda item: (item["root"], item["id"]))
