"""The event-log import dialog keeps its state and focus while the board changes under it:
a colleague editing the map during the column mapping neither resets the mapping nor the
date format being typed, nor moves the focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support import eventlogs
from tests.support.server import Server

from .conftest import Contexts
from .helpers import create_workshop, join, open_board
from .test_vsm import add_vsm_board

pytestmark = pytest.mark.e2e


def test_remote_edits_during_the_mapping_step_keep_the_dialog_as_it_was(
    people: Contexts, live_server: Server, tmp_path: Path
) -> None:
    log = eventlogs.write_csv(tmp_path / "tickets.csv", list(eventlogs.events(20)))
    workshop = create_workshop(live_server, demo=False)
    board = add_vsm_board(workshop)
    page = people.page(width=1400, height=1000)
    join(page, workshop.facilitator_link, "Lead")
    open_board(page, workshop, board)
    member = people.page()
    join(member, workshop.invite_link("editor"), "Member")
    open_board(member, workshop, board)

    page.get_by_test_id("vsm-open-eventlog").click()
    dialog = page.get_by_test_id("eventlog-import")
    dialog.get_by_test_id("eventlog-file").set_input_files(str(log))
    expect(dialog.get_by_test_id("eventlog-preview")).to_be_visible()
    dialog.get_by_test_id("eventlog-map-resource").select_option("环节")
    dialog.get_by_test_id("eventlog-timezone").select_option("Asia/Shanghai")
    fmt = dialog.get_by_test_id("eventlog-date-format")
    fmt.click()
    page.keyboard.type("%Y-%m-")

    # the colleague adds and names three steps: document updates, awareness, analyses
    for i in range(3):
        member.get_by_test_id("vsm-add-step").click()
        expect(member.get_by_test_id("vsm-field-name")).to_be_focused()
        member.keyboard.type(f"Step {i}")
        member.get_by_test_id("vsm-editor-close").click()
    expect(page.get_by_test_id("vsm-box")).to_have_count(3)
    expect(page.get_by_test_id("vsm-box").last).to_contain_text("Step 2")

    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("eventlog-preview")).to_be_visible()
    expect(dialog.get_by_test_id("eventlog-map-resource")).to_have_value("环节")
    expect(dialog.get_by_test_id("eventlog-timezone")).to_have_value("Asia/Shanghai")
    expect(fmt).to_be_focused()
    page.keyboard.type("%d %H:%M")  # typing goes on where it was
    expect(fmt).to_have_value("%Y-%m-%d %H:%M")

    # the colleague imports a log of their own: the ledger's analysis arrives under the dialog
    dialog.get_by_test_id("eventlog-timezone").focus()
    member.get_by_test_id("vsm-open-eventlog").click()
    theirs = member.get_by_test_id("eventlog-import")
    theirs.get_by_test_id("eventlog-file").set_input_files(str(log))
    expect(theirs.get_by_test_id("eventlog-preview")).to_be_visible()
    theirs.get_by_test_id("eventlog-submit").click()
    expect(page.get_by_test_id("eventlog-analysis")).to_be_visible(timeout=60_000)
    expect(dialog.get_by_test_id("eventlog-map-resource")).to_have_value("环节")
    expect(dialog.get_by_test_id("eventlog-timezone")).to_be_focused()
    expect(fmt).to_have_value("%Y-%m-%d %H:%M")
