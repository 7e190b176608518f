"""Steps drawn from an event log say so in the report and in the BPMN file, with the log."""

from __future__ import annotations

from typing import Any

from lxml import etree

import exports
from exports import render_html
from tests.exports.bpmn_support import NS
from tests.exports.helpers import board

SOURCE = "工单导出.csv · 3f2a9c1e · 2026-12-01T08:00:00Z"


def _drawn_from_data(snapshot: dict[str, Any]) -> dict[str, Any]:
    vsm = board(snapshot, "vsm")
    for step in vsm["snapshot"]["current"]["steps"][1:3]:
        step |= {"data_activity": step["name"], "data_source": SOURCE, "data_values": {}}
    return vsm


def test_the_report_names_the_steps_drawn_from_data_and_their_log(
    snapshot: dict[str, Any],
) -> None:
    _drawn_from_data(snapshot)
    html = render_html(snapshot)
    assert f"步骤 2、3 来自事件日志数据：{SOURCE}" in html
    assert html.count("来自事件日志数据") == 1  # the future state was drawn by hand


def test_the_bpmn_task_documents_its_source(snapshot: dict[str, Any]) -> None:
    vsm = _drawn_from_data(snapshot)
    root = etree.fromstring(exports.render_board(snapshot, vsm, "bpmn", "current"))
    docs = [t.findtext("bpmn:documentation", "", NS) for t in root.iterfind(".//bpmn:task", NS)]
    assert [f"来自数据：{SOURCE}" in d for d in docs] == [False, True, True, False, False, False]
