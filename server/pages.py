"""HTML shells. Every page route renders the same shell; the client routes on the path."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
WORKSHOP_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())


def _language(request: Request) -> str:
    accept = request.headers.get("accept-language", "").lower()
    return "zh-CN" if accept.startswith("zh") else "en"


def _asset_version() -> str:
    bundle = STATIC / "app" / "main.js"
    return str(int(bundle.stat().st_mtime)) if bundle.exists() else "0"


@lru_cache(maxsize=2)
def _preloads(version: str) -> list[str]:
    """The chunks main.js imports at once (written by client/build.mjs), so the browser fetches
    them alongside it rather than after it: one round trip less on a phone. Keyed by the
    bundle's version, so a rebuild is picked up."""
    try:
        chunks = json.loads((STATIC / "app" / "preload.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [c for c in chunks if isinstance(c, str) and c.startswith("chunks/")]


def manifest_link(path: str) -> str:
    """The web app manifest a pilot page (``/p/{id}``) links (``server/pwa.py``), else none:
    only the pilot page is installed to a home screen."""
    parts = path.split("/")
    if len(parts) >= 3 and parts[1] == "p" and WORKSHOP_ID.match(parts[2]):
        return f"/p/{parts[2]}/manifest.webmanifest"
    return ""


async def shell(request: Request) -> HTMLResponse:
    template = _env.get_template("app.html")
    version = _asset_version()
    return HTMLResponse(
        template.render(
            lang=_language(request),
            asset_version=version,
            preloads=_preloads(version),
            manifest=manifest_link(request.url.path),
        )
    )
