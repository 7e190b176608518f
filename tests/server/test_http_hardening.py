"""Security headers reach every kind of HTTP answer of a real server."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.support.server import Server

SHARED_SERVER = True  # each test makes its own workshop: one server start


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


def test_the_page_policy_allows_only_the_servers_own_resources(server: Server) -> None:
    _, headers = _headers(server, "/w/some-workshop")
    policy = {
        name: value
        for name, _, value in (
            part.strip().partition(" ") for part in headers["content-security-policy"].split(";")
        )
    }
    host = f"127.0.0.1:{server.port}"
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data: blob:",
        "font-src": "'self'",
        "connect-src": f"'self' ws://{host} wss://{host}",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
        "base-uri": "'none'",
        "object-src": "'none'",
    }
    # The shell page itself needs no inline script or style under that policy.
    with urllib.request.urlopen(server.url + "/w/some-workshop", timeout=10) as answer:
        page = answer.read().decode()
    assert "<style" not in page and "<script>" not in page and " style=" not in page
    assert '<script type="module" src="/static/app/main.js' in page


def test_a_forged_host_cannot_add_sources_to_the_policy(server: Server) -> None:
    request = urllib.request.Request(
        server.url + "/", headers={"host": "evil.example; script-src *"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        policy = answer.headers["content-security-policy"]
    assert "evil" not in policy and "script-src 'self';" in policy
