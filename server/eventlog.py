"""Event-log import on a value-stream map (issue 20).

``POST /api/boards/{board_id}/eventlog/preview`` (multipart ``file``): the upload is streamed
to a temporary file (hashed while it arrives, refused at ``max_eventlog_bytes`` by
``server.bodylimit``), its format, columns, first rows and a column-mapping guess come back
with an ``upload_id``. The file stays on the server (never in a document) for
30 minutes (``eventlog_jobs.EVENTLOG_UPLOAD_SECONDS``) or until it is imported.

``POST /api/boards/{board_id}/eventlog/import`` ``{"upload_id", "mapping"}``: 202 with a
``job_id``; ``GET /api/jobs/{job_id}`` polls it. The job runs in a child process
(``boards.vsm.eventlog.worker``) at a lower priority and under a deadline, so the event loop
and the other rooms keep their latency; the analysis is then written through the ledger room
(root ``eventlog``), so connected clients receive it. A file that cannot be imported fails the
job with a problem naming the row or column, and nothing is written.

Members and facilitators import (``Action.import_table``); viewers and pilot links do not.
Jobs and uploads live in this process: behind a load balancer, a client polls through the same
sticky connection (as it does for its websocket).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import tempfile
import zoneinfo
from pathlib import Path
from typing import Any

import anyio
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from boards.vsm.eventlog import columns as column_guess
from boards.vsm.eventlog.model import Mapping
from boards.vsm.eventlog.readers import LogProblem, Preview, detect_format, preview

from . import access, throttle
from .access import Action
from .api import board_for, body_of, hub_of, identity_of
from .eventlog_jobs import (
    KEPT_UPLOADS,
    EventLogs,
    Job,
    Upload,
    run_job,
    run_worker,
)
from .problems import Problem, invalid
from .settings import Settings
from .throttle import Limit

log = logging.getLogger("obeya.eventlog")

CHUNK = 1 << 20
KIND = "vsm"


def state_of(request: Request) -> EventLogs:
    state = request.app.state
    logs: EventLogs | None = getattr(state, "eventlogs", None)
    if logs is None:
        logs = state.eventlogs = EventLogs(Path(tempfile.mkdtemp(prefix="obeya-uploads-")))
    return logs


class ImportIn(BaseModel):
    upload_id: str
    mapping: Mapping


async def _vsm_board(request: Request) -> tuple[Any, Any, Any]:
    who, board, workshop = await board_for(request, Action.import_table)
    access.check_board(who, board, workshop, Action.import_table)
    if board.kind != KIND:
        raise Problem(422, "not_importable", f"{board.kind} boards do not import event logs")
    return who, board, workshop


async def _receive(upload: UploadFile, target: Path) -> tuple[int, str]:
    """Copy the upload to ``target`` a chunk at a time, hashing it."""
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            await anyio.to_thread.run_sync(out.write, chunk)
    return size, digest.hexdigest()


async def post_preview(request: Request) -> Response:
    throttle.check(request, Limit.import_)
    _, board, _ = await _vsm_board(request)
    logs = state_of(request)
    # room for this upload beside the kept ones: a few at most per process
    logs.sweep(KEPT_UPLOADS * hub_of(request).settings.max_eventlog_bytes)
    upload_id = secrets.token_urlsafe(16)
    target = logs.directory / upload_id
    try:
        async with request.form(max_files=1, max_fields=4) as form:
            file = form.get("file")
            if not isinstance(file, UploadFile):
                raise Problem(
                    422, "missing_file", "send the event log as the multipart field 'file'"
                )
            size, sha256 = await _receive(file, target)
            name = (file.filename or "eventlog").replace("\\", "/").rsplit("/", 1)[-1][:200]
    except Problem:
        target.unlink(missing_ok=True)
        raise
    except Exception as exc:  # a malformed multipart body
        target.unlink(missing_ok=True)
        raise Problem(
            400, "bad_upload", f"the upload could not be read: {str(exc)[:200]}"
        ) from None
    try:
        shown = await _preview(target, name, hub_of(request).settings)
    except LogProblem as exc:
        target.unlink(missing_ok=True)
        raise Problem(422, exc.code, exc.detail, **exc.params) from None
    logs.uploads[upload_id] = Upload(
        upload_id,
        board.id,
        target,
        name,
        size,
        sha256,
        shown.format,
        shown.columns,
        shown.encoding,
        shown.delimiter,
    )
    guess = column_guess.guess(shown.columns)
    guess.timezone = hub_of(request).settings.timezone
    return JSONResponse(
        {
            "upload_id": upload_id,
            "name": name,
            "format": shown.format,
            "columns": shown.columns,
            "rows": shown.rows,
            "guess": guess.model_dump(mode="json"),
            "size": size,
            "sha256": sha256,
            "encoding": shown.encoding,
            "delimiter": shown.delimiter,
        }
    )


async def _preview(path: Path, name: str, settings: Settings) -> Preview:
    """CSV and XES in a thread (the csv module, lxml); XLSX in the worker process, which has
    the dataframe engine loaded only while it runs."""
    if await anyio.to_thread.run_sync(detect_format, path, name) != "xlsx":
        return await anyio.to_thread.run_sync(preview, path, name)
    answer = await run_worker(None, {"preview": str(path), "name": name}, settings)
    if "problem" in answer:
        found = answer["problem"]
        raise LogProblem(found["code"], found["detail"], **found.get("params", {}))
    return Preview(**answer["preview"])


def _check_mapping(mapping: Mapping, upload: Upload, settings: Settings) -> str:
    if not (mapping.start or mapping.complete):
        raise Problem(
            422, "no_timestamp_column", "map a start or a complete column (or both)", column=None
        )
    named = [mapping.case, mapping.activity, mapping.start, mapping.complete]
    named += [mapping.resource, mapping.department]
    for column in named:
        # an XES attribute may first appear after the events the preview read
        if column and column not in upload.columns and upload.format != "xes":
            raise Problem(
                422, "missing_column", f"the file has no column {column[:80]!r}", column=column
            )
    timezone = mapping.timezone or settings.timezone
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Problem(
            422,
            "bad_timezone",
            f"{timezone[:60]!r} is not an IANA time zone",
            timezone=timezone[:60],
        ) from None
    return timezone


async def post_import(request: Request) -> Response:
    throttle.check(request, Limit.import_)
    who, board, workshop = await _vsm_board(request)
    try:
        data = await body_of(request, ImportIn)
    except ValidationError as exc:  # pragma: no cover - body_of raises Problem itself
        raise invalid("invalid_body", "the import request does not fit", exc) from None
    logs = state_of(request)
    logs.sweep()
    upload = logs.uploads.get(data.upload_id)
    if upload is None or upload.board_id != board.id:
        raise Problem(404, "upload_not_found", "no such upload for this board (or it expired)")
    hub = hub_of(request)
    timezone = _check_mapping(data.mapping, upload, hub.settings)
    job = Job(secrets.token_urlsafe(16), board.id, workshop.id)
    logs.jobs[job.id] = job
    job_spec = {
        "path": str(upload.path),
        "info": {
            "name": upload.name,
            "size": upload.size,
            "sha256": upload.sha256,
            "format": upload.format,
            "imported_by": who.display_name or who.role.value,
        },
        "mapping": data.mapping.model_dump(mode="json"),
        "timezone": timezone,
        "niceness": hub.settings.eventlog_niceness,
        "shown": {
            "format": upload.format,
            "columns": upload.columns,
            "rows": [],
            "encoding": upload.encoding,
            "delimiter": upload.delimiter,
        },
    }
    hub.tg.start_soon(run_job, request.app.state, job, upload, job_spec, who.participant_id)
    return JSONResponse({"job_id": job.id}, status_code=202)


async def get_job(request: Request) -> Response:
    who = await identity_of(request)
    job = state_of(request).jobs.get(request.path_params["job_id"])
    if job is None or job.workshop_id != who.workshop_id:
        raise Problem(404, "not_found", "no such job for this token")
    return JSONResponse(job.view())


routes = [
    Route("/api/boards/{board_id}/eventlog/preview", post_preview, methods=["POST"]),
    Route("/api/boards/{board_id}/eventlog/import", post_import, methods=["POST"]),
    Route("/api/jobs/{job_id}", get_job),
]
