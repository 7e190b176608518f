"""Security headers reach every kind of HTTP answer of a real server."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.support.server import Server


def _headers(server: Server, path: str, method: str = "GET") -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(server.url + path, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),  # the client shell page
        ("/w/some-workshop/join", 200),
        ("/static/app/main.js", 200),
        ("/healthz", 200),
        ("/api/openapi.json", 200),
        ("/api/workshops/nope", 401),  # a problem answer
        ("/static/missing.js", 404),
    ],
)
def test_every_answer_carries_the_security_headers(server: Server, path: str, status: int) -> None:
    got, headers = _headers(server, path)
    assert got == status
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
