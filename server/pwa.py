"""The pilot page as a home-screen app: its web app manifest and the service worker.

The worker (``server/templates/sw.js``) is served from the root so its scope may cover ``/p/``;
the page registers it with scope ``/p/`` only, so it never sees a team page's requests. Its
precache list is the shell of the bundle as built now, so each build is a new worker and a new
cache."""

from __future__ import annotations

import json

from jinja2 import Environment, FileSystemLoader
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .pages import TEMPLATES, WORKSHOP_ID, _asset_version, _language, _preloads

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False)
ICONS = (192, 512)
NAMES = {
    "zh-CN": {"name": "大部屋 Obeya 试点", "short_name": "Obeya 试点"},
    "en": {"name": "Obeya pilot", "short_name": "Obeya pilot"},
}
THEME = "#3652d9"


def _bundle() -> list[str]:
    """The shell's own files: the board views' chunks are cached as the page loads them (the
    page names what it fetched before the worker ran), so a phone downloads no other board's code."""
    version = _asset_version()
    files = [f"/static/app/main.js?v={version}", f"/static/app/main.css?v={version}"]
    files += [f"/static/app/{chunk}" for chunk in _preloads(version)]
    return files + [f"/static/icons/obeya-{size}.png" for size in ICONS]


async def manifest(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    if not WORKSHOP_ID.match(workshop_id):
        return Response(status_code=404)
    # Nothing of the workshop but its id (already in the address): the manifest is fetched
    # without the link's token, so it names the app, not the workshop.
    body = {
        **NAMES[_language(request)],
        "id": f"/p/{workshop_id}",
        "start_url": f"/p/{workshop_id}",
        "scope": "/p/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": "#ffffff",
        "icons": [
            {
                "src": f"/static/icons/obeya-{size}.png",
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in ICONS
        ],
    }
    return Response(
        json.dumps(body, ensure_ascii=False),
        media_type="application/manifest+json",
        headers={"Cache-Control": "no-cache"},
    )


async def service_worker(request: Request) -> Response:
    script = _env.get_template("sw.js").render(
        version=json.dumps(_asset_version()), precache=json.dumps(_bundle())
    )
    # always revalidated: a new build must reach the phone as a new worker
    return Response(script, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


routes = [
    Route("/sw.js", service_worker, methods=["GET"]),
    Route("/p/{workshop_id}/manifest.webmanifest", manifest, methods=["GET"]),
]
