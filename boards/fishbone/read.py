"""Read a fishbone content document into a :class:`FishboneSnapshot`.

The reader is forgiving, because any Yjs client may write the content: strings may be ``Text``
or ``str``, numbers arrive as floats, ``order`` arrays may miss ids (two editors creating the
same sibling list at once keep only one of them) or list stale ones. The causes' own
``parent``/``category`` fields are the truth; ``order`` only sorts siblings.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from pycrdt import Array, Doc, Map, Text

from .layout import (
    CATEGORIES,
    CATEGORY_ORDER,
    CAUSES,
    FIVE_W_ONE_H,
    FIVE_W_ONE_H_KEYS,
    ORDER,
    PROBLEM,
    order_key,
)
from .model import Category, Cause, Evidence, FishboneSnapshot, FiveW1H, ReadIssue


def read_snapshot(content: Doc) -> FishboneSnapshot:
    issues: list[ReadIssue] = []
    categories = _categories(content)
    causes = {
        key: _cause(key, value, issues)
        for key, value in content.get(CAUSES, type=Map).items()
        if isinstance(value, Map)
    }
    _repair_parents(causes, issues)
    ordered = _display_order(content, [c.id for c in categories], causes)
    table = content.get(FIVE_W_ONE_H, type=Map)
    return FishboneSnapshot(
        problem=text_of(content.get(PROBLEM, type=Text)),
        categories=categories,
        causes=ordered,
        five_w_one_h=FiveW1H(**{key: text_of(table.get(key)) for key in FIVE_W_ONE_H_KEYS}),
        issues=sorted(issues, key=lambda i: (i.cause, i.field, i.code)),
    )


def text_of(value: Any) -> str:
    if isinstance(value, Text):
        return str(value)
    return value if isinstance(value, str) else ""


def _categories(content: Doc) -> list[Category]:
    raw = content.get(CATEGORIES, type=Map)
    labels = {
        key: text_of(value.get("label") if isinstance(value, Map) else value)
        for key, value in raw.items()
    }
    listed = [key for key in _ids(content.get(CATEGORY_ORDER, type=Array)) if key in labels]
    ids = _dedupe(listed + sorted(labels))
    return [Category(id=key, label=labels[key]) for key in ids]


def _cause(key: str, value: Map, issues: list[ReadIssue]) -> Cause:
    evidence = value.get("evidence")
    whys = value.get("whys")
    return Cause(
        id=key,
        text=text_of(value.get("text")),
        category=text_of(value.get("category")),
        parent=text_of(value.get("parent")),
        count=_whole(key, "count", value.get("count"), issues),
        evidence=Evidence(
            figure=text_of(evidence.get("figure")) if isinstance(evidence, Map) else "",
            source=text_of(evidence.get("source")) if isinstance(evidence, Map) else "",
        ),
        root=value.get("root") is True,
        weight=_number(key, "weight", value.get("weight"), issues),
        votes=_whole(key, "votes", value.get("votes"), issues),
        whys=[w for w in (text_of(item) for item in whys) if w.strip()]
        if isinstance(whys, Array)
        else [],
    )


def _number(key: str, name: str, raw: Any, issues: list[ReadIssue]) -> float | None:
    """A non-negative finite number; numeric strings count; anything else is reported."""
    if raw is None or raw == "":
        return None
    value: float | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw)
        except ValueError:
            value = None
    if value is None or not math.isfinite(value) or value < 0:
        issues.append(ReadIssue(code="invalid_value", cause=key, field=name, raw=repr(raw)))
        return None
    return value


def _whole(key: str, name: str, raw: Any, issues: list[ReadIssue]) -> int | None:
    value = _number(key, name, raw, issues)
    if value is None:
        return None
    if not value.is_integer():
        issues.append(ReadIssue(code="invalid_value", cause=key, field=name, raw=repr(raw)))
        return None
    return int(value)


def _repair_parents(causes: dict[str, Cause], issues: list[ReadIssue]) -> None:
    for cause in causes.values():
        if cause.parent and cause.parent not in causes:
            issues.append(
                ReadIssue(code="missing_parent", cause=cause.id, field="parent", raw=cause.parent)
            )
            cause.parent = ""
    settled: set[str] = set()  # causes known to lead up to a bone
    for start in sorted(causes):
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node and node not in settled and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = causes[node].parent
        if node in on_path:  # walked into a loop: cut the link of its smallest id
            cut = min(path[path.index(node) :])
            issues.append(
                ReadIssue(code="parent_cycle", cause=cut, field="parent", raw=causes[cut].parent)
            )
            causes[cut].parent = ""
        settled.update(path)


def _display_order(content: Doc, category_ids: list[str], causes: dict[str, Cause]) -> list[Cause]:
    order = content.get(ORDER, type=Map)
    children: dict[str, list[str]] = defaultdict(list)
    for cause in causes.values():
        children[order_key(cause.category, cause.parent)].append(cause.id)
    for key, ids in children.items():
        listed = order.get(key)
        rank = {cid: i for i, cid in enumerate(_dedupe(_ids(listed)))}
        ids.sort(key=lambda cid: (rank.get(cid, len(rank)), cid))
    unknown = sorted({c.category for c in causes.values() if not c.parent} - set(category_ids))
    out: list[Cause] = []
    # Depth-first with an explicit stack: a client may nest causes deeper than Python recurses.
    stack = [
        (cid, category, 1)
        for category in reversed(category_ids + unknown)
        for cid in reversed(children.get(order_key(category), []))
    ]
    while stack:
        cause_id, category, depth = stack.pop()
        cause = causes[cause_id]
        cause.category, cause.depth = category, depth
        out.append(cause)
        stack.extend(
            (child, category, depth + 1)
            for child in reversed(children.get(order_key(category, cause_id), []))
        )
    return out


def _ids(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, Array) else []


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
