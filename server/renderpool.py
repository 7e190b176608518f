"""PDF reports are rendered in a small pool of worker processes, never in the server itself.

A WeasyPrint render of a full workshop needs a couple of hundred MB and holds a CPU for a
second or more. In a worker process (``exports/worker.py``: the renderer and nothing else)
that memory belongs to the worker: the server keeps its own size, a worker is replaced after
``export_worker_tasks`` renders (its memory goes back to the operating system), and a worker
killed by the kernel fails one export, not the server. At most ``export_workers`` renders run
at once and ``export_queue`` more wait; past that the answer is 503 ``exports_busy`` with a
``Retry-After`` estimated from recent renders, so five facilitators pressing "PDF" together
cost at most ``export_workers`` renders of memory. Workers start on the first PDF export and
warm up (imports, templates, fonts) before their first real render; an idle one is kept for
``export_worker_idle_seconds``, then leaves (a server that exports rarely holds no renderer).
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from typing import Any

import anyio

from exports.worker import RenderFailed, RenderProcess, WorkerDied

from .problems import Problem
from .settings import Settings

log = logging.getLogger("obeya.renderpool")

# What a render took before the server has measured one (seconds, for Retry-After).
FIRST_GUESS_SECONDS = 3.0


class RenderPool:
    def __init__(self, settings: Settings) -> None:
        self.workers = max(1, settings.export_workers)
        self.queue = max(0, settings.export_queue)
        self.tasks_per_worker = max(1, settings.export_worker_tasks)
        self.idle_seconds = max(0.0, settings.export_worker_idle_seconds)
        self.split = settings.export_split
        self._idle: list[RenderProcess] = []
        self._running = 0
        self._waiting = 0
        self._slots: anyio.Semaphore | None = None
        self._durations: deque[float] = deque(maxlen=8)
        self.peak_rss_bytes = 0  # the largest a worker has been, for /healthz-style checks

    def retry_after(self) -> int:
        """Seconds until a slot is likely free: the queue ahead, at the recent render pace."""
        pace = (
            sum(self._durations) / len(self._durations) if self._durations else FIRST_GUESS_SECONDS
        )
        ahead = self._waiting + self._running
        return max(1, math.ceil(pace * ahead / self.workers))

    def _worker(self) -> RenderProcess:
        while self._idle:
            worker = self._idle.pop()
            if worker.usable:
                return worker
            worker.close()
        return RenderProcess(self.tasks_per_worker, warm=True, idle_seconds=self.idle_seconds)

    async def render_pdf(self, snapshot: dict[str, Any]) -> bytes:
        """The report of a projected snapshot (``server.reports.prepare``)."""
        if self._slots is None:
            self._slots = anyio.Semaphore(self.workers)
        if self._waiting >= self.queue and self._slots.value == 0:
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
        # alone, a render takes both cores (exports/split.py); beside another, one
        fork = self.split and self._running == 0
        self._running += 1
        started = time.monotonic()
        worker: RenderProcess | None = None
        try:
            worker = self._worker()
            # a thread waits on the pipe (to the end, even when the client has gone: the
            # worker must answer before it serves anyone else)
            pdf = await anyio.to_thread.run_sync(worker.render, snapshot, fork)
            self.peak_rss_bytes = max(self.peak_rss_bytes, worker.peak_rss_bytes)
            return pdf
        except WorkerDied as exc:
            log.warning("a report worker died: %s", exc)
            raise Problem(
                503,
                "export_failed",
                "the report renderer stopped before finishing; try again",
                retry_after=1,
            ) from None
        except RenderFailed as exc:
            raise RuntimeError(f"the report could not be rendered: {exc}") from None
        finally:
            self._durations.append(time.monotonic() - started)
            self._running -= 1
            self._slots.release()
            if worker is not None:
                if worker.usable:
                    self._idle.append(worker)
                else:  # done with its renders (it exits by itself) or dead: quick
                    worker.close()

    def close(self) -> None:
        for worker in self._idle:
            worker.close(timeout=2)
        self._idle.clear()
