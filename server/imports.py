"""``POST /api/boards/{board_id}/import``: rows from a CSV or XLSX upload into a board whose
kind can import tables (its ``table_import``, ``boards.kind.TableImport``). All rows or nothing; problems come back with
their line numbers."""

from __future__ import annotations

import dataclasses
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from boards.kind import ImportOutcome
from boards.registry import get_kind

from . import access, tableparse, throttle
from .access import Action
from .api import board_for, hub_of
from .problems import Problem
from .room import Origin
from .settings import Settings
from .tableparse import Limits
from .throttle import Limit


def limits_of(settings: Settings, max_rows: int) -> Limits:
    return Limits(
        rows=max_rows + 2,  # the header, and one row too many: the kind says "too many rows"
        upload_bytes=settings.max_import_bytes,
        seconds=settings.import_seconds,
        memory_bytes=settings.import_memory_bytes,
    )


async def read_upload(request: Request, limits: Limits) -> list[list[Any]]:
    data = await request.body()
    try:
        return await tableparse.parse(data, request.headers.get("content-type", ""), limits)
    except tableparse.Refused as exc:
        raise Problem(413, "import_limit", exc.detail, limit=exc.limit) from None
    except tableparse.Unreadable as exc:
        raise Problem(422, "unreadable_file", str(exc)) from None


def update_estimate(rows: list[list[Any]]) -> int:
    """An upper bound of the bytes an import adds to the document: the text it writes plus
    a generous per-field overhead for the CRDT structure."""
    return sum(len(str(cell).encode()) + 48 for row in rows for cell in row)


async def import_table(request: Request) -> Response:
    throttle.check(request, Limit.import_)
    who, board, workshop = await board_for(request, Action.import_table)
    access.check_board(who, board, workshop, Action.import_table)
    hook = get_kind(board.kind).table_import
    if hook is None:
        raise Problem(422, "not_importable", f"{board.kind} boards do not import tables")
    state = request.query_params.get("state", hook.states[0])
    replace = request.query_params.get("replace", "") in ("1", "true")
    if state not in hook.states:
        raise Problem(422, "invalid_state", f"state must be one of {', '.join(hook.states)}")
    hub = hub_of(request)
    rows = await read_upload(request, limits_of(hub.settings, hook.max_rows))
    if replace and hub.history is not None:  # replacing rows changes much: keep the version
        await hub.history.take(board.id, "auto", reason="import", by=who.display_name)
    async with hub.rooms.hold(board.id, "content") as room:
        limit = hub.settings.max_document_bytes
        if room.size + update_estimate(rows) > limit:
            raise Problem(
                413,
                "import_limit",
                f"the board would grow over its {limit} byte document limit",
                limit="document_bytes",
            )
        result: ImportOutcome = await room.change(
            lambda doc: hook.apply(doc, rows, state, replace), origin=Origin.import_
        )
    problems = [dataclasses.asdict(p) for p in result.problems]
    if problems:
        raise Problem(
            422,
            "import_rejected",
            f"{len(problems)} problem(s); nothing was imported",
            problems=problems,
        )
    notices = [dataclasses.asdict(n) for n in result.notices]
    return JSONResponse({"imported": result.imported, "state": state, "notices": notices})


routes = [Route("/api/boards/{board_id}/import", import_table, methods=["POST"])]
