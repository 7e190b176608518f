"""The pilot page as a home-screen app on the wire: the shell links a manifest on pilot pages
only, the manifest names the app (not the workshop) and starts at the pilot page, the service
worker precaches this build's bundle and is always revalidated."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

from tests.support.server import Server

SHARED_SERVER = True  # each test makes its own workshop: one server start


def fetch(server: Server, path: str, language: str = "en") -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(server.url + path, headers={"Accept-Language": language})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return (
                answer.status,
                answer.read().decode(errors="replace"),
                dict(answer.headers.items()),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), dict(error.headers.items())


def test_only_the_pilot_page_links_its_manifest(server: Server) -> None:
    status, html, _ = fetch(server, "/p/abc123")
    assert status == 200
    assert '<link rel="manifest" href="/p/abc123/manifest.webmanifest">' in html
    for page in ("/", "/w/abc123", "/w/abc123/join"):
        status, html, _ = fetch(server, page)
        assert status == 200 and 'rel="manifest"' not in html, page


def test_the_manifest_starts_at_the_pilot_page_in_the_reader_s_language(server: Server) -> None:
    status, body, headers = fetch(server, "/p/abc123/manifest.webmanifest", "zh-CN,zh;q=0.9")
    assert status == 200 and headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(body)
    assert manifest["start_url"] == "/p/abc123" and manifest["scope"] == "/p/"
    assert manifest["display"] == "standalone" and manifest["theme_color"] == "#3652d9"
    assert "试点" in manifest["name"]
    assert [i["src"] for i in manifest["icons"]] == [
        "/static/icons/obeya-192.png",
        "/static/icons/obeya-512.png",
    ]
    assert json.loads(fetch(server, "/p/abc123/manifest.webmanifest")[1])["name"] == "Obeya pilot"
    assert fetch(server, "/p/a%20b/manifest.webmanifest")[0] == 404


def test_the_worker_precaches_this_build_and_is_revalidated(server: Server) -> None:
    status, script, headers = fetch(server, "/sw.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert headers["cache-control"] == "no-cache"
    match = re.search(r"^const PRECACHE = (.*);$", script, re.M)
    assert match is not None
    precache = json.loads(match.group(1))
    _, shell, _ = fetch(server, "/p/abc123")
    bundle = re.search(r'src="(/static/app/main\.js\?v=\d+)"', shell)
    assert bundle is not None and bundle.group(1) in precache
    for url in precache:
        assert fetch(server, url)[0] == 200, url
