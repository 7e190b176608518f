"""A PDF export while the server's report workers are all busy: the facilitator reads when to
try again, in their language (503 exports_busy, server/renderpool.py)."""

from __future__ import annotations

import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.server import Server, running

from .conftest import Contexts
from .helpers import create_workshop, join, shot

pytestmark = pytest.mark.e2e


def export_pdf(server: Server, workshop_id: str, token: str) -> bytes:
    request = urllib.request.Request(
        f"{server.url}/api/workshops/{workshop_id}/export/pdf",
        headers={"authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=300) as answer:  # a loaded CI machine
        return bytes(answer.read())


def test_busy_exporter_says_when_to_try_again(people: Contexts, tmp_path: Path) -> None:
    env = {"OBEYA_EXPORT_WORKERS": "1", "OBEYA_EXPORT_QUEUE": "0"}
    with running(tmp_path / "data", env=env) as server:
        workshop = create_workshop(server, language="zh-CN")
        facilitator = people.page(locale="zh-CN")
        join(facilitator, workshop.facilitator_link, "主持人")
        with ThreadPoolExecutor(1) as threads:
            # another facilitator's export: starts the only worker, warms it, renders
            first = threads.submit(export_pdf, server, workshop.id, workshop.token)
            facilitator.get_by_test_id("export-pdf").click()
            toast = facilitator.locator(".toast-error")
            expect(toast).to_contain_text(re.compile(r"服务器正在生成其他报告，请 \d+ 秒后再试。"))
            shot(facilitator, "exports-busy-zh")
            assert first.result().startswith(b"%PDF")
