"""``POST /api/boards/{board_id}/import``: rows from a CSV or XLSX upload into a board whose
kind can import tables (``import_table``). All rows or nothing; problems come back with
their line numbers."""

from __future__ import annotations

import dataclasses
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from boards.kind import Role
from boards.registry import get_kind
from boards.vsm.importer import rows_from_csv, rows_from_xlsx

from . import throttle
from .access import Action
from .api import board_for, hub_of
from .problems import Problem
from .throttle import Limit

MAX_UPLOAD = 5 * 1_048_576


def parse_upload(data: bytes, content_type: str) -> list[list[Any]]:
    try:
        if data[:2] == b"PK" or "spreadsheetml" in content_type:
            return rows_from_xlsx(data)
        return rows_from_csv(data)
    except Exception as exc:  # a broken upload is the uploader's problem, said plainly
        raise Problem(
            422, "unreadable_file", f"could not read the file as CSV or XLSX: {exc}"
        ) from None


async def import_table(request: Request) -> Response:
    throttle.check(request, Limit.import_)
    who, board, workshop = await board_for(request, Action.import_table)
    if workshop.status == "finished":
        raise Problem(409, "workshop_finished", "the workshop is finished")
    if board.locked and who.role is not Role.facilitator:
        raise Problem(409, "board_locked", "the facilitator has locked this board")
    kind = get_kind(board.kind)
    importer = getattr(kind, "import_table", None)
    if importer is None:
        raise Problem(422, "not_importable", f"{board.kind} boards do not import tables")
    data = await request.body()
    if len(data) > MAX_UPLOAD:
        raise Problem(413, "too_large", f"upload over {MAX_UPLOAD} bytes")
    # Parsing a spreadsheet can take seconds; off the event loop, others keep being served.
    content_type = request.headers.get("content-type", "")
    rows = await anyio.to_thread.run_sync(parse_upload, data, content_type)
    state = request.query_params.get("state", "current")
    replace = request.query_params.get("replace", "") in ("1", "true")
    if state not in ("current", "future"):
        raise Problem(422, "invalid_state", "state must be current or future")
    async with hub_of(request).rooms.hold(board.id, "content") as room:
        result = await room.change(
            lambda doc: importer(doc, rows, state=state, replace=replace), origin="import"
        )
    problems = [dataclasses.asdict(p) for p in result.problems]
    if problems:
        raise Problem(
            422,
            "import_rejected",
            f"{len(problems)} problem(s); nothing was imported",
            problems=problems,
        )
    notices = [dataclasses.asdict(n) for n in getattr(result, "notices", [])]
    return JSONResponse({"imported": len(result.steps), "state": state, "notices": notices})


routes = [Route("/api/boards/{board_id}/import", import_table, methods=["POST"])]
