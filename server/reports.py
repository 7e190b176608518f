"""Exports over HTTP and on the command line: the workshop report (PDF), its Markdown
summary, the snapshot as JSON, CSV tables (zip) and the RACI matrix as XLSX; and the import
of an exported snapshot as a new workshop.

Facilitators may export; viewers too when the facilitator allows it
(``workshop.allow_viewer_export``). The snapshot is built in a database thread and the
document rendered in a worker thread: nothing blocks the event loop.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import click
from pycrdt import Doc
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import exports
from boards.kind import BoardExport, Role
from boards.registry import KINDS
from exports.worker import RenderFailed, RenderProcess, WorkerDied

from . import access, snapshots, throttle, workshops
from .access import Action
from .api import created_body, hub_of, identity_of
from .models import Workshop
from .problems import Problem
from .protocol import check_update
from .throttle import Limit


def project(snapshot: dict[str, Any], role: str) -> dict[str, Any]:
    """``exports.projection.project``, imported on first use: it pulls in the whole export
    registry (pygal, Jinja templates, Pillow: ~14 MB) that a server which never exports
    need not hold."""
    from exports.projection import project as project_for_role

    return project_for_role(snapshot, role)


# Files made of one board (``?board=``), as the kinds declare them: format -> (kind, export).
BOARD_EXPORTS: dict[str, tuple[str, BoardExport]] = {
    export.fmt: (name, export) for name, kind in KINDS.items() for export in kind.exports
}
MEDIA = {
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "zip": "application/zip",
    **{fmt: export.media_type for fmt, (_, export) in BOARD_EXPORTS.items()},
}
SUFFIX = {
    "pdf": "pdf",
    "md": "md",
    "json": "json",
    "zip": "csv.zip",
    **{fmt: export.suffix for fmt, (_, export) in BOARD_EXPORTS.items()},
}


def filename(title: str, fmt: str) -> str:
    """``attachment`` with an ASCII fallback name and the real one in RFC 5987 form."""
    name = " ".join(title.split())[:80] or "workshop"
    full = f"{name}.{SUFFIX[fmt]}"
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._") or "workshop"
    return (
        f'attachment; filename="{ascii_name}.{SUFFIX[fmt]}"; '
        f"filename*=UTF-8''{quote(full, safe='')}"
    )


def without_documents(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Only the JSON export carries the boards' documents: the other formats spare cleaning
    them."""
    return {
        **snapshot,
        "boards": [
            {k: v for k, v in b.items() if k != "documents"} for b in snapshot.get("boards", [])
        ],
    }


def prepare(snapshot: dict[str, Any], fmt: str, role: Role) -> dict[str, Any]:
    """What ``role`` may see of the snapshot, without the documents unless ``fmt`` is JSON."""
    return project(snapshot if fmt == "json" else without_documents(snapshot), role.value)


def render(
    snapshot: dict[str, Any],
    fmt: str,
    board_id: str = "",
    role: Role = Role.facilitator,
    state: str = "",
) -> bytes:
    snapshot = prepare(snapshot, fmt, role)
    if fmt not in BOARD_EXPORTS:
        return exports.render(snapshot, fmt)
    kind, declared = BOARD_EXPORTS[fmt]
    if state and state not in declared.states:
        raise Problem(
            422,
            "invalid_state",
            f"expected a state in {declared.states}, got {state!r}"
            if declared.states
            else f"the {fmt} export has no states",
        )
    boards = [
        b for b in snapshot["boards"] if b["kind"] == kind and (not board_id or b["id"] == board_id)
    ]
    if not boards:
        raise Problem(404, "not_found", f"no {kind} board with this id in the workshop")
    chosen = (state or declared.states[0]) if declared.states else None
    return exports.render_board(snapshot, boards[0], fmt, chosen)


async def export(request: Request) -> Response:
    who = await identity_of(request)
    workshop_id, fmt = request.path_params["workshop_id"], request.path_params["fmt"]
    access.check_workshop(who, workshop_id, Action.read_workshop)
    if fmt not in MEDIA:
        raise Problem(404, "unknown_format", f"expected one of {', '.join(MEDIA)}, got {fmt!r}")
    hub = hub_of(request)
    workshop = await hub.db.read(lambda s: s.get(Workshop, workshop_id))
    if workshop is None:
        raise Problem(404, "not_found", "no such workshop")
    access.check_workshop(who, workshop_id, Action.export, workshop)
    snapshot = await hub.db.read(lambda s: snapshots.workshop_snapshot(s, workshop_id))
    query = request.query_params
    if fmt == "pdf":  # in a worker process, a bounded number at once (server/renderpool.py)
        projected = await anyio.to_thread.run_sync(prepare, snapshot, fmt, who.role)
        body = await hub.renders.render_pdf(projected)
    else:
        body = await anyio.to_thread.run_sync(
            render, snapshot, fmt, query.get("board", ""), who.role, query.get("state", "")
        )
    title = workshop.title
    states = BOARD_EXPORTS[fmt][1].states if fmt in BOARD_EXPORTS else ()
    if states:  # the current and the future state download as two files, not one name twice
        title = f"{title} {query.get('state') or states[0]}"
    return Response(
        body,
        media_type=MEDIA[fmt],
        headers={"content-disposition": filename(title, fmt), "cache-control": "no-store"},
    )


async def a3_generated(request: Request) -> Response:
    """The sentences the report writes in the A3's free-text fields left empty: the editors'
    panel shows them as placeholders."""
    who = await identity_of(request)
    workshop_id = request.path_params["workshop_id"]
    access.check_workshop(who, workshop_id, Action.edit_content)
    hub = hub_of(request)
    snapshot = await hub.db.read(lambda s: snapshots.workshop_snapshot(s, workshop_id))
    snapshot = project(snapshot, who.role.value)
    body = await anyio.to_thread.run_sync(exports.a3_generated, snapshot)
    return JSONResponse({"generated": body}, headers={"cache-control": "no-store"})


def check_snapshot(data: Any) -> dict[str, Any]:
    """Reject what ``import_workshop`` would trip over, before anything is written."""
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("workshop"), dict)
        or not isinstance(data.get("boards"), list)
    ):
        raise Problem(
            422, "invalid_snapshot", "expected an exported workshop snapshot (JSON object)"
        )
    if data.get("schema") != snapshots.SCHEMA:
        raise Problem(
            422,
            "unsupported_schema",
            f"expected schema {snapshots.SCHEMA!r}, got {data.get('schema')!r}",
        )
    if not str(data["workshop"].get("title") or "").strip():
        raise Problem(422, "invalid_snapshot", "the workshop has no title")
    for n, board in enumerate(data["boards"]):
        try:
            assert isinstance(board, dict) and isinstance(board["kind"], str)
            assert isinstance(board.get("title", ""), str) and isinstance(
                board.get("position", 0), int
            )
            for room in ("content", "ledger"):
                update = base64.b64decode(board["documents"][room], validate=True)
                check_update(update)  # a crafted block count would pre-allocate 500 MB
                Doc().apply_update(update)
        except (AssertionError, KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise Problem(
                422, "invalid_snapshot", f"board {n} cannot be imported: {exc!r}"[:300]
            ) from None
        board.setdefault("position", n)
        board.setdefault("title", board["kind"])
    return data


def read_snapshot(raw: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(raw or b"null")
    except (ValueError, RecursionError) as exc:  # ValueError: also invalid UTF-8
        raise Problem(422, "invalid_body", f"not JSON: {exc}"[:300]) from None
    return check_snapshot(parsed)


async def import_snapshot(request: Request) -> Response:
    throttle.check(request, Limit.import_)
    raw = await request.body()  # at most settings.max_snapshot_bytes (server/bodylimit.py)
    # Up to 32 MiB of JSON and CRDT updates to check: off the event loop.
    data = await anyio.to_thread.run_sync(read_snapshot, raw)

    def write(session: Session) -> workshops.Created:
        try:
            created = snapshots.import_workshop(session, data)
        except LookupError as exc:  # an unknown board kind
            raise Problem(422, "invalid_snapshot", str(exc)) from None
        return created

    created = await hub_of(request).db.write(write)
    return JSONResponse(created_body(request, created), status_code=201)


routes = [
    Route("/api/workshops/import", import_snapshot, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/export/{fmt}", export, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/a3", a3_generated, methods=["GET"]),
]


def infer_format(output: Path, given: str | None) -> str:
    if given:
        return given
    name = output.name.lower()
    for suffix, fmt in (
        *((f".{SUFFIX[fmt]}", fmt) for fmt in BOARD_EXPORTS),
        (".csv.zip", "zip"),
        (".zip", "zip"),
        (".pdf", "pdf"),
        (".md", "md"),
        (".json", "json"),
    ):
        if name.endswith(suffix):
            return fmt
    raise click.UsageError(f"cannot tell the format from {output.name!r}: pass --format")


# Set once ``obeya export`` has written its file.
done = False


@click.command("export")
@click.argument("workshop_id")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="file to write; its suffix picks the format unless --format is given",
)
@click.option(
    "--format", "fmt", type=click.Choice([*exports.FORMATS, *BOARD_EXPORTS]), default=None
)
@click.option("--board", default="", help="board id for a one-board format [the first]")
@click.option(
    "--state",
    default="",
    help="part of the board, for a format that has several (bpmn: current or future) [the first]",
)
@click.option(
    "--role",
    type=click.Choice([Role.facilitator.value, Role.viewer.value]),
    default=Role.facilitator.value,
    show_default=True,
    help="whose view to export: the same projection as an HTTP export by that role",
)
@click.option("--database-url", default=None)
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
def export_command(
    workshop_id: str,
    output: Path,
    fmt: str | None,
    board: str,
    state: str,
    role: str,
    **options: Any,
) -> None:
    """Export a workshop's report (pdf), summary (md), snapshot (json) or tables (zip)."""
    from .db import make_engine
    from .settings import from_env

    fmt = infer_format(output, fmt)
    settings = from_env().with_overrides(**options)
    # A PDF is rendered by a worker process started now: it loads and warms the renderer
    # (fonts, templates) while this one reads the database and computes the analyses (two
    # cores, half the wait), and the statistics libraries never share a process with the
    # renderer's memory.
    worker = RenderProcess(warm=True) if fmt == "pdf" else None
    try:
        engine = make_engine(settings.resolved_database_url)
        try:
            with Session(engine) as session:
                snapshot = snapshots.workshop_snapshot(session, workshop_id)
        finally:
            engine.dispose()
        if worker is not None:  # it projects the snapshot for the role: it has the modules
            body = worker.render(without_documents(snapshot), fork=settings.export_split, role=role)
        else:
            body = render(snapshot, fmt, board, Role(role), state)
    except Problem as problem:
        raise click.ClickException(problem.detail) from None
    except (RenderFailed, WorkerDied) as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if worker is not None:
            worker.close()
    output.write_bytes(body)
    click.echo(f"{output} ({fmt}, {len(body):,} bytes)")
    global done
    done = True  # the command line may end the process at once (server/cli.py)
