"""The report's pilot section says which test was used, the interval, the effect, the
attainment and that the demo's results are interim, in both languages."""

from __future__ import annotations

import re
from typing import Any

from exports import render_html


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_demo_pilot_section_en_and_zh(demo: dict[str, dict[str, Any]]) -> None:
    en = text(render_html(demo["en"]))
    for phrase in (
        "Interim results: the pilot is still running.",
        "Mann-Whitney U",
        "two-proportion z-test",
        "95 % CI of the change",
        "rank-biserial r",
        "odds ratio",
        "of the way from baseline to target",
    ):
        assert phrase in en, phrase
    assert " pp" in en  # the repeat rate's interval in percentage points
    zh = text(render_html(demo["zh-CN"]))
    for phrase in (
        "中期结果",
        "Mann-Whitney U 检验",
        "两比例 z 检验",
        "变化的 95% 置信区间",
        "个百分点",
    ):
        assert phrase in zh, phrase
