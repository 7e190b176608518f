"""PDF reports are rendered in a small pool of worker processes, never in the server itself.

A WeasyPrint render of a full workshop peaks at a couple of hundred MB and holds the CPU for
a second or more. In worker processes that memory belongs to the worker: the server keeps
its own size, a worker is replaced after ``export_worker_tasks`` renders (its memory goes
back to the operating system) and a worker killed by the kernel fails one export, not the
server. At most ``export_workers`` renders run at once and ``export_queue`` more wait; past
that the answer is 503 ``exports_busy`` with a ``Retry-After`` estimated from recent renders,
so five facilitators pressing "PDF" together cost at most ``export_workers`` renders of
memory. The workers are started on the first PDF export and warmed (imports, templates,
fonts) before their first real render.
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from boards.kind import Role

from .problems import Problem
from .settings import Settings

log = logging.getLogger("obeya.renderpool")

# What a render took before the server has measured one (seconds, for Retry-After).
FIRST_GUESS_SECONDS = 3.0


def _warm() -> None:
    """Worker initializer: pay imports, template compilation and font loading up front."""
    from exports.pdf import warm_up

    warm_up()


def _render(snapshot: dict[str, Any], role: Role) -> bytes:
    from exports.pdf import release_memory

    from .reports import render

    try:
        return render(snapshot, "pdf", "", role)
    finally:
        release_memory()


class RenderPool:
    def __init__(self, settings: Settings) -> None:
        self.workers = max(1, settings.export_workers)
        self.queue = max(0, settings.export_queue)
        self.tasks_per_worker = max(1, settings.export_worker_tasks)
        self._executor: ProcessPoolExecutor | None = None
        self._running = 0
        self._waiting = 0
        self._slots: asyncio.Semaphore | None = None
        self._durations: deque[float] = deque(maxlen=8)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                # the server's fork server: a small process with the server's imports
                mp_context=multiprocessing.get_context("forkserver"),
                initializer=_warm,
                max_tasks_per_child=self.tasks_per_worker,
            )
        return self._executor

    def retry_after(self) -> int:
        """Seconds until a slot is likely free: the queue ahead, at the recent render pace."""
        pace = (
            sum(self._durations) / len(self._durations) if self._durations else FIRST_GUESS_SECONDS
        )
        ahead = self._waiting + self._running
        return max(1, math.ceil(pace * ahead / self.workers))

    async def render_pdf(self, snapshot: dict[str, Any], role: Role) -> bytes:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)
        if self._waiting >= self.queue and self._slots.locked():
            seconds = self.retry_after()
            raise Problem(
                503,
                "exports_busy",
                f"{self._running} reports are being rendered and {self._waiting} wait; "
                f"try again in {seconds} s",
                retry_after=seconds,
            )
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        self._running += 1
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            return await asyncio.wrap_future(self._pool().submit(_render, snapshot, role))
        except BrokenProcessPool:
            # a worker died (out of memory, killed): this export fails, the next ones get
            # a fresh pool
            log.warning("a report worker died; starting new ones")
            self.close()
            raise Problem(
                503,
                "export_failed",
                "the report renderer stopped before finishing; try again",
                retry_after=1,
            ) from None
        finally:
            self._durations.append(loop.time() - started)
            self._running -= 1
            self._slots.release()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
