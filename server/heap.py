"""Garbage-collector policy for the long-running server process.

CPython's defaults (collect the young generation every 700 new containers) suit short
scripts. A server holding thousands of connections paid for them with full collections that
walked every imported module's objects: 40-155 ms pauses, a quarter of the CPU of a connect
storm (bench scenario B). So, once started: freeze what startup built (modules, routes,
metadata live for the whole process and need never be scanned again), and collect the young
generation less often. Cycles are still collected, only in larger, rarer batches (~5 ms).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import time
from collections.abc import Callable

import anyio

THRESHOLDS = (10_000, 50, 100)


def settle() -> None:
    """Call once startup is done, before serving."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def _find_malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim  # glibc only; musl and macOS lack it
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    found: Callable[[int], int] = trim
    return found


_malloc_trim = _find_malloc_trim()


FULL_COLLECTION_EVERY = 60.0  # seconds, at most, and only after rooms unloaded
_last_full_collection = 0.0


async def release_freed_memory() -> None:
    """Hand memory freed by unloaded rooms back to the system. glibc keeps freed heap pages
    (most of a document lives in yrs' Rust allocations) in its arenas, so RSS would stay at
    its peak for good; ``malloc_trim`` returns them. In a thread: on a large heap it walks
    every arena, and ctypes releases the GIL meanwhile."""
    global _last_full_collection
    now = time.monotonic()
    if now - _last_full_collection >= FULL_COLLECTION_EVERY:
        # Closed connections leave cycles (tasks, exceptions, protocol objects) that the
        # raised thresholds above only reach in a full collection, rarely: take one here.
        _last_full_collection = now
        gc.collect()
    if _malloc_trim is not None:
        await anyio.to_thread.run_sync(_malloc_trim, 0)
