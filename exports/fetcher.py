"""The only way a report reaches outside its own HTML: a URL fetcher that serves the
package's assets (``exports/assets/``) and ``data:`` URIs and refuses everything else.

User text is escaped by the templates, so it can never become a tag or a stylesheet; this
is the second wall. A refused URL raises ``RefusedURL``; WeasyPrint then skips the resource
(a missing image, not a failed report) unless ``fail_on_errors`` asks it to stop.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS = (Path(__file__).parent / "assets").resolve()
BASE_URL = ASSETS.as_uri() + "/"


class RefusedURL(ValueError):
    pass


class AssetFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            allowed_protocols=("data", "file"), allow_redirects=False, timeout=1, **kwargs
        )
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            self.served.append(url[:40])
            return super().fetch(url, headers)
        path = self._asset(url) if scheme == "file" else None
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"the report fetches only its own assets, not {url[:200]!r}")
        self.served.append(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if mime.startswith("text/"):
            mime += "; charset=utf-8"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    @staticmethod
    def _asset(url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve()
        except (OSError, ValueError):
            return None
        if not path.is_relative_to(ASSETS) or not path.is_file():
            return None
        return path
