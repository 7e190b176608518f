"""RFC 9457 problem details for every HTTP error."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse

TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    410: "Gone",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}
RETRY_AFTER_SECONDS = 2  # what a 503 for a dependency outage tells clients to wait


class Problem(Exception):
    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra


def invalid(code: str, detail: str, exc: ValidationError) -> Problem:
    """A 422 listing what did not fit (without echoing the input back)."""
    errors = json.loads(exc.json(include_url=False, include_input=False))
    return Problem(422, code, detail, errors=errors)


def problem_response(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    headers = None
    if status in (429, 503):  # a busy exporter (503) knows how long its queue is
        headers = {"Retry-After": str(extra.get("retry_after", RETRY_AFTER_SECONDS))}
    body = {
        "type": f"https://obeya.dev/problems/{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


async def handle_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc.status, exc.code, exc.detail, **exc.extra)


async def handle_http(_: Request, exc: Exception) -> JSONResponse:
    status = int(getattr(exc, "status_code", 500))
    return problem_response(
        status,
        TITLES.get(status, "error").lower().replace(" ", "_"),
        str(getattr(exc, "detail", "")) or TITLES.get(status, "Error"),
    )
