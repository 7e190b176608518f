"""A join refused by the per-address limit tells the person, in their language, to wait."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join

pytestmark = pytest.mark.e2e


@pytest.fixture
def strict_server(tmp_path: Path) -> Iterator[Server]:
    server = Server(
        tmp_path / "data",
        env={"OBEYA_MAX_JOINS_PER_MINUTE": "1", "OBEYA_MAX_JOIN_BURST": "1"},
    ).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Too many attempts from this network"), ("zh-CN", "此网络的请求过于频繁")],
)
def test_a_rate_limited_join_says_to_wait(
    strict_server: Server, people: Contexts, language: str, message: str
) -> None:
    workshop = create_workshop(strict_server, language=language)
    locale = "zh-CN" if language == "zh-CN" else "en-US"
    join(people.page(locale=locale), workshop.facilitator_link, "First")
    second = people.page(locale=locale)
    second.goto(workshop.invite_link("editor"))
    second.fill("#join-name", "Second")
    second.locator("form button[type=submit]").click()
    expect(second.locator(".form-error[role=alert]")).to_contain_text(message)
    assert "#" in second.url  # still on the join page, nothing joined
