"""A table over an import limit: the dialog says which limit, in the workshop's language, and
every limit the server can name has its message in both catalogs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.server import ROOT, Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board
from .test_catalogs import kind_catalog, leaves
from .test_vsm import add_vsm_board, upload


def _limits() -> set[str]:
    """Every ``limit`` the server answers 413 ``import_limit`` with."""
    source = "\n".join(
        (ROOT / "server" / name).read_text(encoding="utf-8")
        for name in ("tableparse.py", "imports.py")
    )
    names = set(re.findall(r'Refused\(\s*"([a-z_]+)"', source))
    names |= set(re.findall(r'limit="([a-z_]+)"', source))
    assert {"upload_bytes", "zip_ratio", "cell_chars", "seconds", "document_bytes"} <= names
    return names


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_every_import_limit_has_a_message(language: str) -> None:
    keys = leaves(kind_catalog("vsm", language))
    missing = {f"import.error.limit.{name}" for name in _limits()} - keys
    assert sorted(missing) == []


@pytest.mark.e2e
def test_the_dialog_names_the_limit_a_file_is_over(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server, demo=False)
    board_id = add_vsm_board(workshop)
    page = people.page()
    join(page, workshop.facilitator_link, "Alice Chen")
    open_board(page, workshop, board_id)
    page.get_by_test_id("vsm-open-import").click()
    upload(page, "long.csv", "Step,Department\n" + "a" * 20_000 + ",Customer service\n")
    expected = kind_catalog("vsm", "en")["import"]["error"]["limit"]["cell_chars"]
    expect(page.locator(".vsm-import .form-error")).to_have_text(expected)
    status, body = live_server.request("GET", f"/api/boards/{board_id}", token=workshop.token)
    assert status == 200 and body["snapshot"]["current"]["steps"] == []
