"""The OpenAPI document, built from the request models so it cannot drift from the code."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from . import api, eventlog, history_api, removal
from .commands import CommandIn

# (method, path, summary, request model, success status)
OPERATIONS: list[tuple[str, str, str, type[BaseModel] | None, int]] = [
    (
        "post",
        "/api/workshops",
        "Create a workshop; returns the facilitator link and a co-facilitator link",
        api.WorkshopIn,
        201,
    ),
    (
        "get",
        "/api/workshops/{workshop_id}",
        "A workshop with its boards and participants",
        None,
        200,
    ),
    (
        "delete",
        "/api/workshops/{workshop_id}",
        "Delete the workshop and all its data for good (facilitator; confirm with its title);"
        " its sockets close with 4410, its tokens then answer 410",
        removal.DeleteIn,
        204,
    ),
    (
        "get",
        "/api/workshops/{workshop_id}/pilot",
        "The pilot phone page: title, state, phase, me and the pilot boards only, a roll-out"
        " board as its narrow phone view (ETag)",
        None,
        200,
    ),
    ("post", "/api/join", "Join through an invite with a display name", api.JoinIn, 201),
    ("get", "/api/workshops/{workshop_id}/invites", "List invites (facilitator)", None, 200),
    (
        "post",
        "/api/workshops/{workshop_id}/invites",
        "Create an invite link for a role (facilitator)",
        api.InviteIn,
        201,
    ),
    (
        "delete",
        "/api/workshops/{workshop_id}/invites/{invite_id}",
        "Revoke an invite and close its sockets (409 for the last facilitator link)",
        None,
        204,
    ),
    (
        "delete",
        "/api/workshops/{workshop_id}/participants/{participant_id}",
        "Remove one participant: their token stops working and their sockets close",
        None,
        204,
    ),
    ("post", "/api/workshops/{workshop_id}/boards", "Add a board", api.BoardIn, 201),
    ("get", "/api/boards/{board_id}", "A board's snapshot and analysis", None, 200),
    (
        "post",
        "/api/boards/{board_id}/commands",
        "Run a board command (idempotent by key)",
        CommandIn,
        200,
    ),
    (
        "get",
        "/api/boards/{board_id}/private",
        "This participant's own part of the board's server-only state",
        None,
        200,
    ),
    (
        "post",
        "/api/boards/{board_id}/import",
        "Import rows from CSV/XLSX (value-stream steps); all or nothing",
        None,
        200,
    ),
    (
        "post",
        "/api/boards/{board_id}/eventlog/preview",
        "Upload an event log (multipart file: CSV, XLSX or XES) to a value-stream map: its"
        " columns, first rows and a column-mapping guess",
        None,
        200,
    ),
    (
        "post",
        "/api/boards/{board_id}/eventlog/import",
        "Import an uploaded event log with a column mapping; a job analyses it off the event"
        " loop and writes the analysis into the board's ledger (eventlog)",
        eventlog.ImportIn,
        202,
    ),
    ("get", "/api/jobs/{job_id}", "An import job's state, progress, stage and problem", None, 200),
    (
        "get",
        "/api/boards/{board_id}/checkpoints",
        "A board's version history, newest first",
        None,
        200,
    ),
    (
        "post",
        "/api/boards/{board_id}/checkpoints",
        "Keep the board's current version under a name (facilitator)",
        history_api.NameIn,
        201,
    ),
    (
        "get",
        "/api/boards/{board_id}/checkpoints/{checkpoint_id}",
        "One version's content document as a Yjs update (application/octet-stream)",
        None,
        200,
    ),
    (
        "get",
        "/api/boards/{board_id}/checkpoints/{checkpoint_id}/deleted",
        "Items the version has that the board has lost since",
        None,
        200,
    ),
    (
        "post",
        "/api/boards/{board_id}/checkpoints/{checkpoint_id}/restore",
        "Restore the whole board to the version as a new change (facilitator)",
        None,
        200,
    ),
    (
        "post",
        "/api/boards/{board_id}/checkpoints/{checkpoint_id}/restore-item",
        "Bring back one item deleted since the version (editors)",
        history_api.ItemIn,
        200,
    ),
    (
        "get",
        "/api/workshops/{workshop_id}/export/{fmt}",
        "Export: pdf, md, json (re-importable), zip (CSV tables), raci.xlsx?board=ID, "
        "actions.xlsx or actions.ics (due dates), rollout.ics?board=ID, "
        "bpmn?board=ID&state=current|future (BPMN 2.0 of a value-stream map)",
        None,
        200,
    ),
    (
        "get",
        "/api/workshops/{workshop_id}/a3",
        "The sentences the report's A3 page writes where the team left a free-text field empty",
        None,
        200,
    ),
    (
        "post",
        "/api/workshops/import",
        "Create a copy of a workshop from its JSON export; returns the new facilitator link",
        None,
        201,
    ),
    ("get", "/api/kinds", "Board kinds and their commands", None, 200),
    (
        "get",
        "/api/templates",
        "Templates to start a workshop from (?language=zh-CN|en): built in, then saved on this"
        " server; each with its title, description and boards",
        None,
        200,
    ),
    (
        "post",
        "/api/workshops/{workshop_id}/template",
        "Save the workshop's structure as a template (facilitator): boards, categories, steps,"
        " KPI definitions, goal skeletons, roles and activities; no participant data",
        api.TemplateIn,
        201,
    ),
    ("get", "/healthz", "Liveness", None, 200),
    ("get", "/readyz", "Readiness (database reachable)", None, 200),
]
PUBLIC = {
    ("post", "/api/workshops"),
    ("post", "/api/join"),
    ("post", "/api/workshops/import"),
    ("get", "/api/kinds"),
    ("get", "/api/templates"),
    ("get", "/healthz"),
    ("get", "/readyz"),
}
# Limited per client address (server/throttle.py): 429 with Retry-After past the budget.
RATE_LIMITED = {
    ("post", "/api/workshops"),
    ("post", "/api/join"),
    ("post", "/api/workshops/import"),
    ("post", "/api/boards/{board_id}/import"),
    ("post", "/api/boards/{board_id}/eventlog/preview"),
    ("post", "/api/boards/{board_id}/eventlog/import"),
}
TOO_MANY = {
    "description": "rate_limited: too many from this address; retry after the given seconds",
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}

# PDF reports wait for a report worker (server/renderpool.py): 503 past the queue.
EXPORT = ("get", "/api/workshops/{workshop_id}/export/{fmt}")
BUSY = {
    "description": "exports_busy: every report worker is busy and the queue full; retry after "
    "the given seconds (export_failed: the worker stopped mid-render)",
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


def document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {}
    for method, path, summary, model, status in OPERATIONS:
        op: dict[str, Any] = {
            "summary": summary,
            "responses": {
                str(status): {"description": "success"},
                "default": {
                    "description": "problem details (RFC 9457)",
                    "content": {
                        "application/problem+json": {
                            "schema": {"$ref": "#/components/schemas/Problem"}
                        }
                    },
                },
            },
        }
        params = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        if params:
            op["parameters"] = [
                {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                for n in params
            ]
        if model is not None:
            schemas[model.__name__] = model.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
            op["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                    }
                },
            }
        if (method, path) not in PUBLIC:
            op["security"] = [{"bearer": []}]
        if (method, path) in RATE_LIMITED:
            op["responses"]["429"] = TOO_MANY
        if (method, path) == EXPORT:
            op["responses"]["503"] = BUSY
        paths.setdefault(path, {})[method] = op
    for schema in list(schemas.values()):
        schemas.update(schema.pop("$defs", {}))
    schemas["Problem"] = {
        "type": "object",
        "properties": {k: {"type": "string"} for k in ("type", "title", "detail", "code")}
        | {"status": {"type": "integer"}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Obeya", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
