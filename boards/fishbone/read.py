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

from .. import values
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
    w = values.Warnings()
    categories = _categories(content, w)
    causes = {
        key: _cause(key, raw, issues, w)
        for key, raw in values.entries(content.get(CAUSES, type=Map), w, CAUSES)
    }
    _repair_parents(causes, issues)
    ordered = _display_order(content, [c.id for c in categories], causes, w)
    table = values.plain(content.get(FIVE_W_ONE_H, type=Map))
    return FishboneSnapshot(
        problem=text_of(content.get(PROBLEM, type=Text)),
        categories=categories,
        causes=ordered,
        five_w_one_h=FiveW1H(
            **{
                key: values.text(table.get(key), w, f"{FIVE_W_ONE_H}.{key}")
                for key in FIVE_W_ONE_H_KEYS
            }
        ),
        issues=sorted(issues, key=lambda i: (i.cause, i.field, i.code)),
        read_warnings=w.list(),
    )


def text_of(value: Any) -> str:
    if isinstance(value, Text):
        return str(value)
    return value if isinstance(value, str) else ""


def _categories(content: Doc, w: values.Warnings) -> list[Category]:
    raw = values.plain(content.get(CATEGORIES, type=Map))
    labels = {
        key: values.text(value.get("label"), w, f"{CATEGORIES}.{key}.label")
        if isinstance(value, dict)
        else values.text(value, w, f"{CATEGORIES}.{key}")
        for key, value in raw.items()
    }
    listed = [
        key
        for key in values.ids(content.get(CATEGORY_ORDER, type=Array), w, CATEGORY_ORDER)
        if key in labels
    ]
    ids = _dedupe(listed + sorted(labels))
    return [Category(id=key, label=labels[key]) for key in ids]


def _cause(key: str, raw: dict[str, Any], issues: list[ReadIssue], w: values.Warnings) -> Cause:
    at = f"{CAUSES}.{key}"
    evidence = raw.get("evidence")
    if evidence is not None and not isinstance(evidence, dict):
        w.add("invalid_record", f"{at}.evidence", evidence)
    evidence = evidence if isinstance(evidence, dict) else {}
    return Cause(
        id=key,
        text=values.text(raw.get("text"), w, f"{at}.text"),
        category=values.text(raw.get("category"), w, f"{at}.category"),
        parent=values.text(raw.get("parent"), w, f"{at}.parent"),
        count=_whole(key, "count", raw.get("count"), issues),
        evidence=Evidence(
            figure=values.text(evidence.get("figure"), w, f"{at}.evidence.figure"),
            source=values.text(evidence.get("source"), w, f"{at}.evidence.source"),
        ),
        root=values.flag(raw.get("root"), w, f"{at}.root"),
        weight=_number(key, "weight", raw.get("weight"), issues),
        votes=_whole(key, "votes", raw.get("votes"), issues),
        whys=values.texts(raw.get("whys"), w, f"{at}.whys"),
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
        issues.append(
            ReadIssue(code="invalid_value", cause=key, field=name, raw=values.quoted(raw))
        )
        return None
    return value


def _whole(key: str, name: str, raw: Any, issues: list[ReadIssue]) -> int | None:
    value = _number(key, name, raw, issues)
    if value is None:
        return None
    if not value.is_integer():
        issues.append(
            ReadIssue(code="invalid_value", cause=key, field=name, raw=values.quoted(raw))
        )
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


def _display_order(
    content: Doc, category_ids: list[str], causes: dict[str, Cause], w: values.Warnings
) -> list[Cause]:
    order = values.plain(content.get(ORDER, type=Map))
    children: dict[str, list[str]] = defaultdict(list)
    for cause in causes.values():
        children[order_key(cause.category, cause.parent)].append(cause.id)
    for key, ids in children.items():
        listed = order.get(key)
        rank = {cid: i for i, cid in enumerate(values.ids(listed, w, f"{ORDER}.{key}"))}
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


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
