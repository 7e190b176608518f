"""Per-address limits on creating, joining and importing, against a real server: past the
burst the answer is 429 with Retry-After and code ``rate_limited``, nothing is written, other
addresses and other routes are still served."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import Server

WORKSHOP = {"title": "Limits", "process": "p", "boundary": "b", "language": "en", "demo": False}


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[Server]:
    server = Server(
        tmp_path / "data",
        env={
            "OBEYA_MAX_CREATES_PER_MINUTE": "6",  # one every 10 s after the burst
            "OBEYA_MAX_CREATE_BURST": "3",
            "OBEYA_MAX_JOINS_PER_MINUTE": "6",
            "OBEYA_MAX_JOIN_BURST": "3",
            "OBEYA_MAX_IMPORTS_PER_MINUTE": "6",
            "OBEYA_MAX_IMPORT_BURST": "2",
        },
    ).start()
    try:
        yield server
    finally:
        server.stop()


def post(
    server: Server, path: str, body: Any, source: str = "127.0.0.1", token: str = ""
) -> tuple[int, dict[str, str], Any]:
    """POST from a chosen loopback address (Linux answers on all of 127.0.0.0/8)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", server.port, timeout=10, source_address=(source, 0)
    )
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    try:
        connection.request("POST", path, body=json.dumps(body).encode(), headers=headers)
        answer = connection.getresponse()
        raw = answer.read()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, json.loads(raw)
    finally:
        connection.close()


def assert_limited(status: int, headers: dict[str, str], body: Any, limit_seconds: int) -> None:
    assert status == 429, body
    assert body["code"] == "rate_limited"
    assert headers["content-type"] == "application/problem+json"
    assert 1 <= int(headers["retry-after"]) <= limit_seconds
    assert body["retry_after"] == int(headers["retry-after"])


def test_creating_workshops_is_limited_per_address(limited: Server) -> None:
    for _ in range(3):
        status, _, body = post(limited, "/api/workshops", WORKSHOP)
        assert status == 201, body
    status, headers, body = post(limited, "/api/workshops", WORKSHOP)
    assert_limited(status, headers, body, 10)
    # another address has its own budget, and the server keeps serving everyone
    status, _, body = post(limited, "/api/workshops", WORKSHOP, source="127.0.0.2")
    assert status == 201, body
    assert limited.request("GET", "/healthz")[0] == 200


def test_joining_is_limited_per_address_and_a_refused_join_writes_nothing(
    limited: Server,
) -> None:
    status, _, created = post(limited, "/api/workshops", WORKSHOP)
    assert status == 201, created
    token = created["token"]
    status, invite = limited.request(
        "POST", f"/api/workshops/{created['id']}/invites", {"role": "editor"}, token=token
    )
    assert status == 201, invite
    for n in range(3):
        status, _, body = post(
            limited, "/api/join", {"token": invite["token"], "display_name": f"P{n}"}
        )
        assert status == 201, body
    status, headers, body = post(
        limited, "/api/join", {"token": invite["token"], "display_name": "Refused"}
    )
    assert_limited(status, headers, body, 10)
    status, info = limited.request("GET", f"/api/workshops/{created['id']}", token=token)
    assert status == 200, info
    names = json.dumps(info, ensure_ascii=False)
    assert "P2" in names and "Refused" not in names
    status, _, body = post(
        limited,
        "/api/join",
        {"token": invite["token"], "display_name": "Other"},
        source="127.0.0.2",
    )
    assert status == 201, body


def test_imports_are_limited_per_address_before_the_body_is_read(limited: Server) -> None:
    # Bad snapshots count too: parsing them is the cost being limited.
    for _ in range(2):
        status, _, body = post(limited, "/api/workshops/import", {"schema": "nope"})
        assert status == 422, body
    status, headers, body = post(limited, "/api/workshops/import", {"schema": "nope"})
    assert_limited(status, headers, body, 10)
    status, headers, body = post(limited, "/api/boards/any/import", {"rows": []}, token="whatever")
    assert_limited(status, headers, body, 10)
    status, _, body = post(limited, "/api/workshops/import", {"schema": "nope"}, "127.0.0.2")
    assert status == 422, body


def test_the_openapi_document_names_the_limited_routes(limited: Server) -> None:
    status, doc = limited.request("GET", "/api/openapi.json")
    assert status == 200
    limited_routes = {
        (method, path)
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if "429" in op["responses"]
    }
    assert limited_routes == {
        ("post", "/api/workshops"),
        ("post", "/api/join"),
        ("post", "/api/workshops/import"),
        ("post", "/api/boards/{board_id}/import"),
        ("post", "/api/boards/{board_id}/eventlog/preview"),
        ("post", "/api/boards/{board_id}/eventlog/import"),
    }
