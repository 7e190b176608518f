"""Folding an update log into one snapshot: compact, fast to load, and lossless."""

from __future__ import annotations

import time

from pycrdt import Array, Doc, Map, Text, merge_updates

from server.store import fold


def _history(edit: object, n: int) -> tuple[Doc, list[bytes]]:
    doc: Doc = Doc()
    updates: list[bytes] = []
    doc.observe(lambda e: updates.append(e.update))
    for i in range(n):
        edit(doc, i)  # type: ignore[operator]
    return doc, updates


def _type(doc: Doc, i: int) -> None:
    body = doc.get("body", type=Text)
    body.insert(len(body), "字")


def _append(doc: Doc, i: int) -> None:
    doc.get("items", type=Array).append({"n": i, "text": f"便签 {i}"})


def _load(update: bytes) -> tuple[Doc, float]:
    started = time.perf_counter()
    doc: Doc = Doc()
    doc.apply_update(update)
    return doc, time.perf_counter() - started


def test_a_typed_text_folds_smaller_than_a_plain_merge_and_reloads_identically() -> None:
    _, updates = _history(_type, 2000)
    folded, merged = fold(updates), merge_updates(*updates)
    assert len(folded) * 3 < len(merged)
    restored, _ = _load(folded)
    assert str(restored.get("body", type=Text)) == "字" * 2000


def test_one_writers_appends_fold_into_a_snapshot_that_loads_fast() -> None:
    original, updates = _history(_append, 3000)
    restored, folded_seconds = _load(fold(updates))
    _, merged_seconds = _load(merge_updates(*updates))
    assert restored.get("items", type=Array).to_py() == original.get("items", type=Array).to_py()
    assert folded_seconds * 10 < merged_seconds


def test_folding_snapshot_plus_tail_keeps_deletions() -> None:
    doc, updates = _history(lambda d, i: d.get("notes", type=Map).__setitem__(f"n{i}", i), 50)
    notes = doc.get("notes", type=Map)
    tail: list[bytes] = []
    doc.observe(lambda e: tail.append(e.update))
    del notes["n3"], notes["n7"]
    restored, _ = _load(fold([fold(updates), *tail]))
    assert restored.get("notes", type=Map).to_py() == notes.to_py()
