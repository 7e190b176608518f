"""CRDT replicas for domain tests: peers syncing, and seeded random concurrent editing."""

from __future__ import annotations

import random
from collections.abc import Callable

from pycrdt import Doc


def sync(*docs: Doc) -> None:
    """Every document sends every other what it misses, as peers do after reconnecting."""
    for source in docs:
        for target in docs:
            if source is not target:
                target.apply_update(source.get_update(target.get_state()))


def edit_concurrently(
    start: Doc,
    edit: Callable[[random.Random, Doc, int], None],
    seed: int,
    *,
    replicas: int = 3,
    steps: int = 80,
) -> list[Doc]:
    """Copies of ``start`` edited at random, syncing pairs now and then in random order, and
    fully synced at the end: they must all read the same."""
    rng = random.Random(seed)
    docs = [start]
    for _ in range(replicas - 1):
        replica: Doc = Doc()
        replica.apply_update(start.get_update())
        docs.append(replica)
    for step in range(steps):
        edit(rng, rng.choice(docs), step)
        if rng.random() < 0.25:
            sync(*rng.sample(docs, 2))
    sync(*docs)
    return docs
