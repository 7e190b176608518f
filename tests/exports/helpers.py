"""Small helpers shared by the export tests."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

from tests.support.server import Server


def board(snapshot: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(b for b in snapshot["boards"] if b["kind"] == kind)


def download(server: Server, path: str, token: str) -> tuple[int, dict[str, str], bytes]:
    """GET with a bearer token: status, headers and body, error answers included."""
    request = urllib.request.Request(
        server.url + path, headers={"authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
