"""Small helpers for the browser tests: workshops over HTTP, joining through the UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page, expect

from tests.support.server import ROOT, Server

ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


@dataclass
class Workshop:
    server: Server
    id: str
    token: str  # the facilitator's invite token
    workshop_board_id: str
    facilitator_link: str

    def invite_link(self, role: str) -> str:
        status, body = self.server.request(
            "POST", f"/api/workshops/{self.id}/invites", {"role": role}, token=self.token
        )
        assert status == 201, body
        return str(body["link"])

    def info(self, token: str | None = None) -> dict[str, Any]:
        status, body = self.server.request(
            "GET", f"/api/workshops/{self.id}", token=token or self.token
        )
        assert status == 200, body
        return dict(body)

    def board(self, kind: str) -> dict[str, Any]:
        return next(b for b in self.info()["boards"] if b["kind"] == kind)

    def board_url(self, board_id: str) -> str:
        return f"{self.server.url}/w/{self.id}/b/{board_id}"

    @property
    def home_url(self) -> str:
        return f"{self.server.url}/w/{self.id}"


def create_workshop(
    server: Server, *, language: str = "en", demo: bool = True, title: str = "Complaint handling"
) -> Workshop:
    status, body = server.request(
        "POST",
        "/api/workshops",
        {
            "title": title,
            "process": "Customer complaint handling",
            "boundary": "From complaint received to complaint closed",
            "language": language,
            "demo": demo,
        },
    )
    assert status == 201, body
    return Workshop(server, body["id"], body["token"], body["workshop_board_id"], body["link"])


def join(page: Page, link: str, name: str, *, screenshot: str = "") -> None:
    """Open an invite link, pick a display name, land on the workshop (or pilot) page."""
    page.goto(link)
    page.fill("#join-name", name)
    if screenshot:
        shot(page, screenshot)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "#" not in url)
    expect(page.locator(".topbar .conn[data-status=live]")).to_be_visible()


def open_board(page: Page, workshop: Workshop, board_id: str) -> None:
    page.goto(workshop.board_url(board_id))
    expect(page.locator(".board-page [data-status=live]")).to_be_visible()


def facilitator_and_editor(
    workshop: Workshop, board_id: str, lead: Page, member: Page, names: tuple[str, str]
) -> None:
    """``lead`` joins as the facilitator and ``member`` as an editor; both open the board."""
    join(lead, workshop.facilitator_link, names[0])
    join(member, workshop.invite_link("editor"), names[1])
    open_board(lead, workshop, board_id)
    open_board(member, workshop, board_id)


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
