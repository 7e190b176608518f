"""What the server depends on and whether each dependency works right now.

Background tasks and the store report failures and recoveries here; ``/readyz`` answers 503
naming every degraded dependency (``redis``, ``database``, ``disk``) until it recovers.
``supervise`` keeps a background task alive through its dependency failing: it logs, waits a
capped exponential backoff with jitter, and starts the task again.
"""

from __future__ import annotations

import errno
import logging
import random
import time
from collections.abc import Awaitable, Callable

import anyio

log = logging.getLogger("obeya.health")

REDIS, DATABASE, DISK = "redis", "database", "disk"
_DISK_FULL = ("disk is full", "no space left", "could not extend file", "database or disk is full")


class Health:
    def __init__(self) -> None:
        self.degraded: dict[str, str] = {}  # dependency -> what failed
        self.since: dict[str, float] = {}

    def fail(self, dependency: str, error: BaseException | str) -> None:
        detail = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        if dependency not in self.degraded:
            log.error("dependency degraded", extra={"dependency": dependency, "error": detail})
            self.since[dependency] = time.monotonic()
        self.degraded[dependency] = detail[:300]

    def ok(self, *dependencies: str) -> None:
        for dependency in dependencies:
            if self.degraded.pop(dependency, None) is not None:
                took = time.monotonic() - self.since.pop(dependency, time.monotonic())
                log.warning(
                    "dependency recovered",
                    extra={"dependency": dependency, "seconds": round(took, 1)},
                )

    @property
    def ready(self) -> bool:
        return not self.degraded

    def storage_failed(self, exc: BaseException) -> None:
        self.fail(DISK if is_disk_full(exc) else DATABASE, exc)


def is_disk_full(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EFBIG):
            return True
        if any(marker in str(seen).lower() for marker in _DISK_FULL):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Backoff:
    """Capped exponential backoff with full jitter; ``reset`` after a success."""

    def __init__(self, first: float = 0.1, cap: float = 5.0) -> None:
        self.first, self.cap, self.attempt = first, cap, 0

    def next(self) -> float:
        delay = min(self.cap, self.first * 2**self.attempt)
        self.attempt = min(self.attempt + 1, 30)
        return random.uniform(delay / 2, delay)

    def reset(self) -> None:
        self.attempt = 0

    async def sleep(self) -> None:
        await anyio.sleep(self.next())


async def supervise(
    name: str,
    run: Callable[[], Awaitable[None]],
    on_error: Callable[[BaseException], None] | None = None,
    backoff: Backoff | None = None,
) -> None:
    """Run ``run`` forever: a background task that raises is logged and restarted after a
    backoff instead of tearing down the task group (and with it every socket)."""
    backoff = backoff or Backoff()
    while True:
        started = time.monotonic()
        try:
            await run()
            return
        except Exception as exc:
            if on_error is not None:
                on_error(exc)
            if time.monotonic() - started > 30:  # it worked for a while: start over quickly
                backoff.reset()
            delay = backoff.next()
            log.warning(
                "background task failed; restarting",
                extra={"task": name, "error": repr(exc)[:300], "retry_in": round(delay, 2)},
            )
            await anyio.sleep(delay)
