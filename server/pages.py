"""HTML shells. Every page route renders the same shell; the client routes on the path."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())


def _language(request: Request) -> str:
    accept = request.headers.get("accept-language", "").lower()
    return "zh-CN" if accept.startswith("zh") else "en"


def _asset_version() -> str:
    bundle = STATIC / "app" / "main.js"
    return str(int(bundle.stat().st_mtime)) if bundle.exists() else "0"


async def shell(request: Request) -> HTMLResponse:
    template = _env.get_template("app.html")
    return HTMLResponse(template.render(lang=_language(request), asset_version=_asset_version()))
