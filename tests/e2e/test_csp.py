"""The client works under the server's full Content-Security-Policy: Chromium reports no
violation on the home page, on every board kind, on the pilot phone page, while showing a QR
code and downloading the report -- and edits still sync."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, join, open_board

pytestmark = pytest.mark.e2e
SECOND = 1000

# Registered before any page script runs, in every frame of the context: each violation
# the browser raises is handed to the test.
LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber} (${e.sample})`);
});
"""


class Violations:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def watch(self, page: Page) -> Page:
        context: BrowserContext = page.context
        context.expose_binding("reportViolation", lambda _source, text: self.seen.append(text))
        context.add_init_script(LISTEN)
        page.on("console", self._console)
        return page

    def _console(self, message: Any) -> None:
        # Chromium also logs each refusal ("Refused to load ... Content Security Policy").
        if "Content Security Policy" in message.text:
            self.seen.append(f"console: {message.text}")


def test_every_page_works_under_the_content_security_policy(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    violations = Violations()
    lead = violations.watch(people.page())
    member = violations.watch(people.page())
    join(lead, workshop.facilitator_link, "Alice Chen")
    join(member, workshop.invite_link("editor"), "Bob Wang")

    # The shell page actually carries the policy the browser enforced.
    policy = lead.evaluate("async () => (await fetch('/')).headers.get('content-security-policy')")
    assert "script-src 'self'" in policy and "default-src 'self'" in policy

    _qr_code_and_report(lead, workshop)
    _edits_sync_on_notes(lead, member, workshop)
    for board in workshop.info()["boards"]:
        if board["kind"] not in ("notes", "workshop"):
            open_board(lead, workshop, board["id"])
            expect(lead.locator(".board-page")).to_be_visible()

    phone = violations.watch(people.page(width=390, height=844))
    join(phone, workshop.invite_link("pilot"), "Pia Pilot")
    expect(phone.get_by_test_id("pilot-participant")).to_be_visible()

    lead.wait_for_timeout(300)  # a late violation report still arrives
    assert violations.seen == []


def _qr_code_and_report(page: Page, workshop: Workshop) -> None:
    page.get_by_test_id("open-invites").click()
    page.get_by_test_id("create-invite-pilot").click()
    expect(page.locator("svg.qr").first).to_be_visible()
    page.keyboard.press("Escape")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_test_id("export-pdf").click()
    assert download.value.path().read_bytes()[:4] == b"%PDF"


def _edits_sync_on_notes(lead: Page, member: Page, workshop: Workshop) -> None:
    notes = workshop.board("notes")
    open_board(lead, workshop, notes["id"])
    open_board(member, workshop, notes["id"])
    member.get_by_test_id("add-sticky").click()
    member.keyboard.type("Under a strict policy")
    expect(lead.locator(".sticky-text").last).to_have_value("Under a strict policy", timeout=SECOND)
    expect(lead.locator(".sticky-peer", has_text="Bob Wang")).to_be_visible(timeout=SECOND)
