"""Chinese catalogs: one term per concept and full-width punctuation between Chinese words."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = sorted(
    [
        ROOT / "exports/i18n/zh-CN.json",
        *ROOT.glob("boards/**/i18n/zh-CN.json"),
        *(ROOT / "client/src").glob("**/i18n/zh-CN.json"),
    ]
)
# Facilitator is 引导师 everywhere; other renderings make one role look like two.
BANNED_TERMS = ("主持人", "主持者", "促进者", "协调人")
# A link is withdrawn (吊销/撤回); 撤销 is kept for undo.
LINK_KEYS = re.compile(r"^(invites\.|gate\.revoked$|join\.invalid$|connection\.denied\.hint$)")
CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
# (a dot before Latin letters is a file name's: "（.xlsx）")
ASCII_NEXT_TO_CJK = re.compile(
    f"[{CJK}][,:;!?()]|[,:;!?()][{CJK}]|[{CJK}]\\.(?![A-Za-z0-9])|\\.[{CJK}]"
)
# Values that are file contents or file names, not prose: ASCII is what the file needs.
NOT_PROSE = {"kinds.vsm.import.template", "kinds.vsm.import.templateName"}


def strings(node: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, f"{key}.{k}" if key else k)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v, key)
    elif isinstance(node, str):
        yield key, node


def test_all_catalogs_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in CATALOGS}
    assert "client/src/i18n/zh-CN.json" in names and "exports/i18n/zh-CN.json" in names
    assert len(names) >= 8


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_one_term_per_concept(catalog: Path) -> None:
    bad = [
        (key, value)
        for key, value in strings(json.loads(catalog.read_text(encoding="utf-8")))
        if any(term in value for term in BANNED_TERMS) or (LINK_KEYS.match(key) and "撤销" in value)
    ]
    assert bad == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_full_width_punctuation_in_chinese(catalog: Path) -> None:
    bad = [
        (key, value)
        for key, value in strings(json.loads(catalog.read_text(encoding="utf-8")))
        if key not in NOT_PROSE and ASCII_NEXT_TO_CJK.search(value)
    ]
    assert bad == []


def test_the_scan_catches_what_it_bans() -> None:
    assert ASCII_NEXT_TO_CJK.search("已忽略,请重试")
    assert ASCII_NEXT_TO_CJK.search("结论:读数")
    assert ASCII_NEXT_TO_CJK.search("执行(R)")
    assert ASCII_NEXT_TO_CJK.search("已送达.")
    assert not ASCII_NEXT_TO_CJK.search("价值流 {{n}} 个 · 2.5 KB（.xlsx）")


def test_the_built_in_templates_read_as_the_catalogs_do() -> None:
    from boards.templates import BUILT_IN

    bad = [
        (name, key, value)
        for name, languages in BUILT_IN.items()
        for key, value in strings(languages["zh-CN"].model_dump())
        if any(term in value for term in BANNED_TERMS) or ASCII_NEXT_TO_CJK.search(value)
    ]
    assert bad == []
