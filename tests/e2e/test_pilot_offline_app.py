"""The pilot page as a home-screen app: installable (manifest and icons), its shell and the
pilot view last seen open with no network through the service worker, a reading sent then is
queued and delivered once when the network is back; the pilot link never sees a report button."""

from __future__ import annotations

import re
import struct
import uuid
from datetime import date

import pytest
from playwright.sync_api import Request, Response, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop
from .test_pilot import facilitator_on_pilot, outbox, participant, readings

pytestmark = pytest.mark.e2e
SECOND = 1000


def test_the_pilot_page_opens_offline_from_the_home_screen(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="zh-CN")
    _, board_id = facilitator_on_pilot(people, workshop, "zh-CN")
    before = len(readings(workshop, board_id))
    phone = participant(people, workshop, "zh-CN", "王芳")
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cached = (
        "async () => (await Promise.all((await caches.keys()).map(async (name) =>"
        " (await (await caches.open(name)).keys()).map((r) => r.url)))).flat()"
    )
    # the pilot view's code, loaded before the worker ran, is cached too; no other board's code
    phone.wait_for_function(
        f"async () => ({cached})().then((urls) => urls.some((u) => u.includes('/chunks/pilot-')))",
        polling=100,
    )
    # the pilot view is kept by the worker at the page's next poll (every 10 s)
    phone.wait_for_function(
        f"async () => ({cached})().then((urls) => urls.some((u) => u.includes('/pilot?link=')))",
        polling=200,
        timeout=15 * SECOND,
    )
    names = [u for u in phone.evaluate(cached) if "/chunks/" in u]
    for other in ("vsm", "fishbone", "raci", "ideas", "notes"):
        assert not any(f"/chunks/{other}-" in u for u in names), names
    phone.wait_for_function(
        "(key) => localStorage.getItem(key) !== null", arg=f"obeya.pilot.content.{board_id}"
    )

    # Installable: the manifest starts at the pilot page, standalone, with both icons.
    href = phone.locator("link[rel=manifest]").get_attribute("href")
    assert href == f"/p/{workshop.id}/manifest.webmanifest"
    answer = phone.request.get(live_server.url + href)
    assert answer.status == 200
    manifest = answer.json()
    assert manifest["start_url"] == f"/p/{workshop.id}" and manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#") and manifest["name"]
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        png = phone.request.get(live_server.url + icon["src"]).body()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])
        assert f"{width}x{height}" == icon["sizes"]

    # No network: the page reloads from the worker's cache and the form renders.
    phone.context.set_offline(True)
    pilot_view = f"/api/workshops/{workshop.id}/pilot"
    views: list[Response] = []

    def on_finished(request: Request) -> None:
        answer = request.response()
        if answer is not None and request.url.endswith(pilot_view):
            views.append(answer)

    phone.on("requestfinished", on_finished)
    reloaded = phone.reload()
    assert reloaded is not None and reloaded.from_service_worker
    expect(phone.get_by_test_id("pilot-participant")).to_be_visible()
    expect(phone.get_by_test_id("offline-note")).to_be_visible()
    expect(phone.locator("#pilot-date")).to_have_value(date.today().isoformat())
    # the view last seen, from the worker's cache (the server's answer would carry its ETag)
    assert views and all(v.status == 200 and v.from_service_worker for v in views)
    assert all("etag" not in v.headers for v in views)
    # kept under a hash of the link, never the token itself, and nothing but the pilot view
    keys = phone.evaluate(cached)
    api = [k for k in keys if "/api/" in k]
    assert len(api) == 1 and re.search(r"/pilot\?link=[0-9a-f]{64}$", api[0]), api
    phone.get_by_test_id("reading-form").get_by_text("华东客服中心", exact=True).click()
    phone.locator("#pilot-value").fill("31.5")
    phone.get_by_test_id("send-reading").click()
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "pending")
    kept = outbox(phone)
    assert len(kept) == 1 and kept[0]["payload"]["value"] == 31.5
    assert len(readings(workshop, board_id)) == before

    # The network is back: delivered by itself, and counted once.
    phone.context.set_offline(False)
    sid = kept[0]["submission_id"]
    arrived = phone.locator(f"[data-testid=my-submissions] [data-submission-id='{sid}']")
    expect(arrived).to_have_attribute("data-state", "arrived", timeout=15 * SECOND)
    assert outbox(phone) == []
    after = readings(workshop, board_id)
    assert len(after) == before + 1 and [r["value"] for r in after if r["id"] == sid] == [31.5]

    # The workshop finishes: the phone says so, with no report button (the report is the team's).
    status, body = live_server.request(
        "POST",
        f"/api/boards/{workshop.workshop_board_id}/commands",
        {"command": "workshop.finish", "payload": {}, "idempotency_key": str(uuid.uuid4())},
        token=workshop.token,
    )
    assert status == 200, body
    expect(phone.get_by_test_id("send-reading")).to_have_count(0, timeout=15 * SECOND)
    expect(phone.locator(".banner-info")).to_be_visible()
    expect(phone.get_by_role("button", name="下载报告")).to_have_count(0)
    assert people.errors == []
