"""Garbage-collector policy for the long-running server process.

CPython's defaults (collect the young generation every 700 new containers) suit short
scripts. A server holding thousands of connections paid for them with full collections that
walked every imported module's objects: 40-155 ms pauses, a quarter of the CPU of a connect
storm (bench scenario B). So, once started: freeze what startup built (modules, routes,
metadata live for the whole process and need never be scanned again), and collect the young
generation less often. Cycles are still collected, only in larger, rarer batches (~5 ms).
"""

from __future__ import annotations

import gc

THRESHOLDS = (10_000, 50, 100)


def settle() -> None:
    """Call once startup is done, before serving."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
