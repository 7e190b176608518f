"""Restoring a checkpoint as a forward change to the live content document, for any kind.

Nothing is rewound: the restore is an ordinary edit every peer receives. Walking the
checkpoint's roots (:func:`boards.history.root_types`):

* a Map root: items (keys) the checkpoint has and the live document lost come back; items
  in both are reverted field by field (nested Maps recursively, a Text or an Array as a
  whole); a value that is an Array of ids (fishbone's sibling lists) is merged like a root
  Array; items created after the checkpoint are kept;
* an Array root (an order of ids, a list of sites): elements the checkpoint has and the live
  one lost are put back after their predecessor; elements added since are kept;
* a Text root: set to the checkpoint's text (only the differing middle is replaced).

So work made since the checkpoint -- new items, by anyone -- is never lost, and restoring the
``before-restore`` checkpoint undoes a restore.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pycrdt import Array, Doc, Map, Text

from .history import _key, load, root_types, roots
from .values import MAX_DEPTH


class NotRestorable(LookupError):
    """The item is not in the checkpoint, or the live document still has it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def copy(value: Any, depth: int = 0) -> Any:
    """A prelim copy of a value read from another document (shared types cannot move)."""
    if depth >= MAX_DEPTH:
        return None
    if isinstance(value, Text):
        return Text(str(value))
    if isinstance(value, Map):
        return Map({k: copy(v, depth + 1) for k, v in value.items()})
    if isinstance(value, Array):
        return Array([copy(v, depth + 1) for v in value])
    return value


Path = list[str]  # what a restore brought back: [root, key] or [root, key, element]


def restore_board(live: Doc, checkpoint: bytes) -> tuple[dict[str, int], list[Path]]:
    """Bring ``live`` back to the checkpoint, keeping what was created since. Call it inside
    one transaction of ``live``; returns counts of items ``restored`` and ``reverted``, and
    the paths of what came back (for :func:`take_back`, which undoes it)."""
    types = root_types(checkpoint)
    then = roots(load(checkpoint), types)
    now = roots(live, types)
    counts = {"restored": 0, "reverted": 0}
    brought: list[Path] = []
    for name, old in then.items():
        new = now.get(name)
        if isinstance(old, Map) and isinstance(new, Map):
            _restore_map(name, old, new, counts, brought)
        elif isinstance(old, Array) and isinstance(new, Array):
            back = merge_array(old, new)
            counts["restored"] += len(back)
            brought.extend([name, "", key] for key in back)
        elif isinstance(old, Text) and isinstance(new, Text):
            counts["reverted"] += set_text(new, str(old))
    return counts, brought


def _restore_map(
    name: str, old: Map, new: Map, counts: dict[str, int], brought: list[Path]
) -> None:
    for key, value in old.items():
        current = new.get(key)
        if key not in new:
            new[key] = copy(value)
            counts["restored"] += 1
            brought.append([name, key])
        elif isinstance(value, Array) and isinstance(current, Array):
            back = merge_array(value, current)
            counts["restored"] += len(back)
            brought.extend([name, key, element] for element in back)
        elif _key(value) != _key(current):
            revert(new, key, value)
            counts["reverted"] += 1


def take_back(live: Doc, brought: list[Path]) -> int:
    """Remove again what a restore brought back (its ``before-restore`` checkpoint keeps the
    paths): with :func:`restore_board` of that checkpoint, this undoes the restore."""
    removed = 0
    for path in brought:
        if len(path) == 2:
            root = roots(live, {path[0]: "map"}).get(path[0])
            if isinstance(root, Map) and path[1] in root:
                del root[path[1]]
                removed += 1
            continue
        name, key, element = path
        holder = roots(live, {name: "map" if key else "array"}).get(name)
        target = holder.get(key) if isinstance(holder, Map) else holder
        if isinstance(target, Array):
            for index in reversed(range(len(target))):
                if _key(target[index]) == element:
                    del target[index]
                    removed += 1
                    break
    return removed


def revert(parent: Map, key: str, value: Any, depth: int = 0) -> None:
    """Set ``parent[key]`` back to ``value`` (from the checkpoint), touching only what differs."""
    current = parent.get(key)
    if isinstance(value, Map) and isinstance(current, Map) and depth < MAX_DEPTH:
        for field in [f for f in current.keys() if f not in value]:  # noqa: SIM118
            del current[field]
        for field, old in value.items():
            if field not in current or _key(old) != _key(current[field]):
                revert(current, field, old, depth + 1)
    elif isinstance(value, Text) and isinstance(current, Text):
        set_text(current, str(value))
    else:
        parent[key] = copy(value)


def set_text(text: Text, target: str) -> int:
    """Make ``text`` read ``target`` by replacing only the differing middle (offsets are
    UTF-8 bytes in pycrdt); 1 if it changed."""
    current = str(text)
    if current == target:
        return 0
    start = 0
    while start < min(len(current), len(target)) and current[start] == target[start]:
        start += 1
    end = 0
    while (
        end < min(len(current), len(target)) - start
        and current[len(current) - 1 - end] == target[len(target) - 1 - end]
    ):
        end += 1
    head = len(current[:start].encode())
    gone = len(current[start : len(current) - end].encode())
    if gone:
        del text[head : head + gone]
    middle = target[start : len(target) - end]
    if middle:
        text.insert(head, middle)
    return 1


def merge_array(old: Array, new: Array, only: str | None = None) -> list[str]:
    """Put back elements of ``old`` that ``new`` lost (compared by value), each after the
    nearest earlier element of ``old`` that ``new`` has; ``only`` limits it to one value.
    Returns the keys (``_key``) of those that came back."""
    have = Counter(_key(v) for v in new)
    restored: list[str] = []
    anchor = -1  # index in ``new`` after which the next lost element goes
    for value in old:
        key = _key(value)
        if have[key] > 0:
            have[key] -= 1
            anchor = _index_of(new, key, anchor)
            continue
        if only is not None and key != only:
            continue
        new.insert(anchor + 1, copy(value))
        anchor += 1
        restored.append(key)
    return restored


def _index_of(array: Array, key: str, after: int) -> int:
    for index in range(after + 1, len(array)):
        if _key(array[index]) == key:
            return index
    return after


def restore_item(
    live: Doc,
    checkpoint: bytes,
    root: str,
    item_id: str,
    belonging: Iterable[tuple[str, str]] = (),
) -> None:
    """Bring back one item the checkpoint has in Map root ``root`` and ``live`` lost, with its
    place in every list of ids that held it then, and the entries ``belonging`` to it
    (``BoardKind.restores_with``) that ``live`` lost too."""
    types = root_types(checkpoint)
    then = roots(load(checkpoint), types)
    old = then.get(root)
    if not isinstance(old, Map) or item_id not in old:
        raise NotRestorable("not_in_checkpoint", f"the checkpoint has no item {root}/{item_id}")
    now = roots(live, types)
    current = now.get(root)
    if not isinstance(current, Map):  # a client made the root something else since
        raise NotRestorable("not_in_checkpoint", f"the board has no list {root} to restore into")
    if item_id in current:
        raise NotRestorable("not_deleted", f"item {root}/{item_id} is still on the board")
    current[item_id] = copy(old[item_id])
    for name, key in belonging:
        source, target = then.get(name), now.get(name)
        if (
            isinstance(source, Map)
            and isinstance(target, Map)
            and key in source
            and key not in target
        ):
            target[key] = copy(source[key])
    only = _key(item_id)
    for name, value in then.items():
        target = now.get(name)
        if isinstance(value, Array) and isinstance(target, Array):
            merge_array(value, target, only)
        elif isinstance(value, Map) and isinstance(target, Map):
            for key, lst in value.items():
                sibling = target.get(key)
                if isinstance(lst, Array) and isinstance(sibling, Array):
                    merge_array(lst, sibling, only)
