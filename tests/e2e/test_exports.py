"""Exports from the workshop home, before the workshop is finished."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, shot

pytestmark = pytest.mark.e2e


def test_facilitator_downloads_the_report_any_time_and_may_let_viewers(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="zh-CN")
    facilitator = people.page(locale="zh-CN")
    join(facilitator, workshop.facilitator_link, "主持人")
    viewer = people.page(locale="zh-CN")
    join(viewer, workshop.invite_link("viewer"), "观察员")
    expect(viewer.get_by_test_id("export-pdf")).to_have_count(0)

    with facilitator.expect_download(timeout=30_000) as download:
        facilitator.get_by_test_id("export-pdf").click()
    assert download.value.path().read_bytes()[:4] == b"%PDF"
    assert download.value.suggested_filename.endswith(".pdf")
    shot(facilitator, "home-exports-zh")

    facilitator.get_by_label("允许观察者也下载导出文件").check()
    expect(viewer.get_by_test_id("export-md")).to_be_visible(timeout=3_000)
    with viewer.expect_download(timeout=30_000) as download:
        viewer.get_by_test_id("export-md").click()
    assert download.value.path().read_text(encoding="utf-8").startswith("# Complaint handling")
