"""Event-log uploads and import jobs of this process (``server/eventlog.py`` has the routes):
the job runs ``boards.vsm.eventlog.worker`` in a child process at a lower priority and under a
deadline, follows its progress, and writes the analysis through the ledger room."""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import anyio

from boards.vsm.eventlog.ledger import write_eventlog
from boards.vsm.eventlog.model import LogFormat

from .problems import TITLES
from .room import Origin
from .settings import Settings

log = logging.getLogger("obeya.eventlog")

EVENTLOG_UPLOAD_SECONDS = 30 * 60
JOB_KEEP_SECONDS = 60 * 60
KEPT_UPLOADS = 3  # uploads waiting for their import, in file-size limits
JobState = Literal["queued", "running", "done", "failed"]
Stage = Literal["read", "parse", "analyse", "write"]


@dataclass
class Upload:
    id: str
    board_id: str
    path: Path
    name: str
    size: int
    sha256: str
    format: LogFormat
    columns: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    created: float = field(default_factory=time.monotonic)


@dataclass
class Job:
    id: str
    board_id: str
    workshop_id: str
    state: JobState = "queued"
    progress: float = 0.0
    stage: Stage = "read"
    problem: dict[str, Any] | None = None
    finished: float | None = None
    peak_rss: int | None = None

    def view(self) -> dict[str, Any]:
        return {
            "job_id": self.id,
            "board_id": self.board_id,
            "state": self.state,
            "progress": round(self.progress, 3),
            "stage": self.stage,
            "problem": self.problem,
        }


@dataclass
class EventLogs:
    """This process's uploads and jobs."""

    directory: Path
    uploads: dict[str, Upload] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    # one import at a time per process: it takes both cores while it runs
    running: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(1))

    def sweep(self, keep_bytes: int | None = None) -> None:
        """Drop expired uploads, and the oldest while they hold over ``keep_bytes`` of disk."""
        now = time.monotonic()
        for upload in list(self.uploads.values()):
            if now - upload.created > EVENTLOG_UPLOAD_SECONDS:
                self.drop(upload)
        oldest_first = sorted(self.uploads.values(), key=lambda u: u.created)
        while keep_bytes is not None and oldest_first:
            if sum(u.size for u in oldest_first) <= keep_bytes:
                break
            self.drop(oldest_first.pop(0))
        for job in list(self.jobs.values()):
            if job.finished is not None and now - job.finished > JOB_KEEP_SECONDS:
                del self.jobs[job.id]

    def drop(self, upload: Upload) -> None:
        self.uploads.pop(upload.id, None)
        upload.path.unlink(missing_ok=True)


def problem_body(code: str, detail: str, status: int = 422, **params: Any) -> dict[str, Any]:
    """A failed job's problem, shaped as the HTTP problems are (RFC 9457, ``code`` plus the
    params naming the row or column)."""
    return {
        "type": f"https://obeya.dev/problems/{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        **params,
    }


async def run_job(
    state: Any, job: Job, upload: Upload, spec: dict[str, Any], participant: str
) -> None:
    logs: EventLogs = state.eventlogs
    hub = state.hub
    started = time.monotonic()
    try:
        async with logs.running:
            job.state = "running"
            answer = await run_worker(job, spec, hub.settings)
            if "problem" in answer:
                found = answer["problem"]
                job.problem = problem_body(
                    found["code"], found["detail"], **found.get("params", {})
                )
                job.state = "failed"
                log.info(
                    "eventlog import refused",
                    extra={
                        "board": job.board_id,
                        "participant": participant,
                        "file": upload.name,
                        "sha256": upload.sha256,
                        "code": job.problem.get("code"),
                    },
                )
                return
            job.stage, job.progress = "write", 0.97
            job.peak_rss = answer.get("peak_rss")
            text = json.dumps(answer["result"], ensure_ascii=False, separators=(",", ":"))
            async with hub.rooms.hold(job.board_id, "ledger") as room:
                limit = hub.settings.max_document_bytes
                if room.size + len(text.encode()) > limit:
                    job.problem = problem_body(
                        "document_limit",
                        f"the analysis would grow the ledger over {limit} bytes",
                        limit=limit,
                    )
                    job.state = "failed"
                    return
                await room.change(lambda doc: write_eventlog(doc, text), origin=Origin.import_)
            logs.drop(upload)
            job.state, job.progress = "done", 1.0
            result = answer["result"]
            log.info(
                "eventlog imported",
                extra={
                    "board": job.board_id,
                    "participant": participant,
                    "file": upload.name,
                    "sha256": upload.sha256,
                    "events": result["source"]["events"],
                    "cases": result["source"]["cases"],
                    "seconds": round(time.monotonic() - started, 2),
                    "peak_rss": job.peak_rss,
                },
            )
    except Exception as exc:
        log.exception("eventlog import failed", extra={"board": job.board_id})
        job.state = "failed"
        job.problem = problem_body("import_failed", str(exc)[:200], status=500)
    finally:
        job.finished = time.monotonic()


async def run_worker(job: Job | None, spec: dict[str, Any], settings: Settings) -> dict[str, Any]:
    command = [sys.executable, "-m", "boards.vsm.eventlog.worker"]
    answer: dict[str, Any] = {}
    errors = bytearray()
    async with await anyio.open_process(command) as process:
        assert process.stdin and process.stdout and process.stderr
        try:
            with anyio.fail_after(settings.eventlog_seconds):
                await process.stdin.send(json.dumps(spec).encode())
                await process.stdin.aclose()

                async def drain() -> None:
                    async for chunk in process.stderr:  # type: ignore[union-attr]
                        errors.extend(chunk[-4096:])
                        del errors[:-4096]

                async with anyio.create_task_group() as tg:
                    tg.start_soon(drain)
                    buffer = b""
                    async for chunk in process.stdout:
                        buffer += chunk
                        *lines, buffer = buffer.split(b"\n")
                        for line in lines:
                            message = json.loads(line)
                            if "stage" not in message:
                                answer = message
                            elif job is not None:
                                job.stage = message["stage"]
                                job.progress = float(message["progress"])
                await process.wait()
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            return {
                "problem": {
                    "code": "import_timeout",
                    "detail": f"the import took over {settings.eventlog_seconds:g} s",
                    "params": {"limit": settings.eventlog_seconds},
                }
            }
    if not answer:
        log.error(
            "eventlog worker ended without an answer",
            extra={"stderr": errors.decode(errors="replace")},
        )
        return {
            "problem": {
                "code": "import_failed",
                "detail": "the import ended without an answer (see the server log)",
                "params": {},
            }
        }
    return answer


def remove_directory(app_state: Any) -> None:
    logs: EventLogs | None = getattr(app_state, "eventlogs", None)
    if logs is not None:
        shutil.rmtree(logs.directory, ignore_errors=True)
