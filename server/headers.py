"""Security headers on every HTTP response: pages, API answers, problems and static files.

The Content-Security-Policy allows only the server's own scripts, styles, fonts and
connections. The client needs nothing more, and ``tests/e2e/test_csp.py`` holds it to that
in Chromium:

- no inline script or ``<style>`` element: the shell page loads the bundle and its CSS by URL;
- Preact sets ``style={...}`` through the CSSOM (``element.style``), which CSP does not govern,
  so no ``'unsafe-inline'`` is needed for style attributes either;
- ``img-src data: blob:`` for the shell's inline SVG icon and downloaded exports;
- websockets go to the page's own origin. CSP Level 3 lets ``'self'`` match ``ws:``/``wss:``
  of the same host, but older Safari (iOS 15) does not, so that host is named explicitly
  as well, taken from the request's ``Host`` header when it is a plain host name.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("frame-ancestors", "'none'"),
    ("form-action", "'self'"),
    ("base-uri", "'none'"),
    ("object-src", "'none'"),
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# A host, optionally with a port: nothing that could end a directive or add a source.
PLAIN_HOST = re.compile(r"^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$")


def content_security_policy(host: str = "") -> str:
    """The policy; with ``host``, its websocket origins are named besides ``'self'``."""
    directives = dict(POLICY)
    if host and PLAIN_HOST.match(host):
        directives["connect-src"] += f" ws://{host} wss://{host}"
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = content_security_policy(Headers(scope=scope).get("host", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
