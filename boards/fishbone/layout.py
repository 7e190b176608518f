"""Key names, category presets and the writers of the fishbone content document.

The writers are what the seed and the tests use, and what a client does in Yjs: a cause is
created in one go with all its nested shared types (``text``, ``evidence``, ``whys``), so
concurrent editors later touch only those nested types and never replace each other's work.
"""

from __future__ import annotations

from collections.abc import Iterable

from pycrdt import Array, Doc, Map, Text

SCHEMA_VERSION = 1

# Root names in the content document (mirrored in client/src/boards/fishbone).
PROBLEM = "problem"
CATEGORIES = "categories"
CATEGORY_ORDER = "category_order"
CAUSES = "causes"
ORDER = "order"
FIVE_W_ONE_H = "five_w_one_h"

FIVE_W_ONE_H_KEYS = ("what", "why", "when", "where", "who", "how")

PRESETS: dict[str, tuple[str, ...]] = {
    "6m": ("people", "machines", "materials", "methods", "environment", "measurement"),
    "service": ("policies", "procedures", "people", "place", "systems"),
}
# Choosing the other standard set replaces these bones: their causes move to the nearest bone
# of that set (``people`` is in both), the emptied bone goes; the team's own bones stay.
NEAREST: dict[str, str] = {
    "machines": "systems",
    "materials": "place",
    "methods": "procedures",
    "environment": "place",
    "measurement": "systems",
    "policies": "methods",
    "procedures": "methods",
    "place": "environment",
    "systems": "machines",
}
DEFAULT_PRESET = "6m"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "people": "People",
        "machines": "Machines",
        "materials": "Materials",
        "methods": "Methods",
        "environment": "Environment",
        "measurement": "Measurement",
        "policies": "Policies",
        "procedures": "Procedures",
        "place": "Place",
        "systems": "Systems",
    },
    "zh-CN": {
        "people": "人",
        "machines": "机",
        "materials": "料",
        "methods": "法",
        "environment": "环",
        "measurement": "测",
        "policies": "政策",
        "procedures": "程序",
        "place": "场所",
        "systems": "系统",
    },
}


def order_key(category: str, parent: str = "") -> str:
    """Key in ``order`` of the sibling list a cause belongs to."""
    return f"cause:{parent}" if parent else f"cat:{category}"


def preset_labels(preset: str, language: str) -> list[tuple[str, str]]:
    """``(category id, label)`` pairs of a preset in a language (English when unknown)."""
    if preset not in PRESETS:
        raise ValueError(f"expected a preset among {sorted(PRESETS)}, got {preset!r}")
    labels = LABELS.get(language, LABELS["en"])
    return [(key, labels[key]) for key in PRESETS[preset]]


def add_category(content: Doc, category_id: str, label: str) -> None:
    """Add a category (a bone) at the end; an existing id keeps its label and place."""
    _check_id(category_id)
    categories = content.get(CATEGORIES, type=Map)
    if category_id in categories:
        return
    with content.transaction():
        categories[category_id] = Map({"label": label})
        content.get(CATEGORY_ORDER, type=Array).append(category_id)
        _siblings(content, order_key(category_id))


def use_preset(content: Doc, preset: str, language: str) -> None:
    for category_id, label in preset_labels(preset, language):
        add_category(content, category_id, label)


def add_cause(
    content: Doc,
    cause_id: str,
    *,
    text: str,
    category: str,
    parent: str = "",
    count: int | None = None,
    figure: str = "",
    source: str = "",
    root: bool = False,
    weight: float | None = None,
    votes: int | None = None,
    whys: Iterable[str] = (),
) -> Map:
    """Create a cause with every field, and the (empty) list its sub-causes will be ordered
    in, and append it to its siblings' order. Creating the sub-cause list up front means two
    editors adding the first sub-causes at once both append to it, rather than both creating
    it (one of two concurrent creations of a key is lost)."""
    _check_id(cause_id)
    fields: dict[str, object] = {
        "text": Text(text),
        "category": category,
        "parent": parent,
        "root": root,
        "evidence": Map({"figure": figure, "source": Text(source)}),
        "whys": Array([Text(why) for why in whys]),
    }
    optional = {"count": count, "weight": weight, "votes": votes}
    fields.update({key: value for key, value in optional.items() if value is not None})
    with content.transaction():
        content.get(CAUSES, type=Map)[cause_id] = Map(fields)
        _siblings(content, order_key(category, parent)).append(cause_id)
        content.get(ORDER, type=Map)[order_key(category, cause_id)] = Array()
    return content.get(CAUSES, type=Map)[cause_id]


def remove_cause(content: Doc, cause_id: str) -> list[str]:
    """Delete a cause with all its sub-causes, their order lists and order entries; returns
    the ids removed. (A sub-cause a concurrent editor adds meanwhile survives, on its bone.)"""
    causes = content.get(CAUSES, type=Map)
    order = content.get(ORDER, type=Map)
    parents = {key: value.get("parent") for key, value in causes.items() if isinstance(value, Map)}
    doomed = [cause_id] if cause_id in causes else []
    for node in doomed:  # grows while walking: breadth-first over the subtree
        doomed.extend(k for k, p in parents.items() if p == node and k not in doomed)
    with content.transaction():
        for siblings in order.values():
            if isinstance(siblings, Array):
                for index in reversed(range(len(siblings))):
                    if siblings[index] in doomed:
                        del siblings[index]
        for node in doomed:
            del causes[node]
            order.pop(order_key("", node), None)
    return doomed


def append_why(content: Doc, cause_id: str, text: str) -> None:
    cause = content.get(CAUSES, type=Map)[cause_id]
    whys = cause.get("whys")
    if not isinstance(whys, Array):
        raise ValueError(f"expected cause {cause_id!r} to hold a whys Array, got {whys!r}")
    whys.append(Text(text))


def ensure_five_w_one_h(content: Doc) -> Map:
    table = content.get(FIVE_W_ONE_H, type=Map)
    with content.transaction():
        for key in FIVE_W_ONE_H_KEYS:
            if not isinstance(table.get(key), Text):
                table[key] = Text()
    return table


def _siblings(content: Doc, key: str) -> Array:
    order = content.get(ORDER, type=Map)
    siblings = order.get(key)
    if not isinstance(siblings, Array):
        order[key] = Array()
        siblings = order[key]
    return siblings


def _check_id(value: str) -> None:
    if not value or ":" in value:
        raise ValueError(f"expected a non-empty id without ':', got {value!r}")
