"""Issue 19: every report of the layout corpus (tests/support/corpus.py) lays out on paper --
no character outside the page or hidden by a clip, no missing glyph, no text drawn over other
text -- and a brand-new workshop's report is short and claims nothing it cannot back.

The reports are made through the real export paths: over HTTP from a real ``obeya serve``,
and (the empty workshops) from ``obeya export`` in a cold process. Each page is checked by
tests/support/pdfcheck.py; every report's PDF and contact sheet, and problems.txt, are written to
artifacts/corpus/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import corpus, pdfcheck
from tests.support.server import Server

# The first test builds and renders the whole corpus (the session's fixture): minutes, not the
# suite's two.
pytestmark = pytest.mark.timeout(1800)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "corpus"
# A brand-new workshop's report: a cover, the contents and a page or two saying what is
# still to do; more means empty boards print empty tables and charts.
EMPTY_MAX_PAGES = 4
# What a report may only say with data behind it (the catalogs' success messages of issue
# 19), in both languages, compared on text with its white space collapsed.
SUCCESS_CLAIMS = (
    "The map's data is complete",
    "Every activity has exactly one A",
    "价值流图数据完整",
    "每项活动都恰有一个 A",
)
EMPTY_PERIOD = re.compile(r"(Period|期间)\s*[–—-]\s*(至\s*)?[–—-]")


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, corpus.Rendered]]:
    """Each corpus report rendered and inspected once for the whole session, in parallel
    (tests/support/corpus.py: ``render_all``); its PDF and contact sheet, and problems.txt,
    kept in the artifacts."""
    server = Server(tmp_path_factory.mktemp("corpus")).start(timeout=60)
    try:
        rendered = {}
        for result in corpus.render_all(server, ARTIFACTS):
            pages, seconds = result.inspection.pages, result.seconds
            print(
                f"{result.name}: {pages} pages in {seconds:.1f} s, {len(result.problems)} problems"
            )
            rendered[result.name] = result
    finally:
        server.stop()
    corpus.problems_txt(ARTIFACTS, [rendered[name] for name in corpus.BUILDERS])
    yield rendered


def _report(problems: list[pdfcheck.Problem], limit: int = 40) -> str:
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(corpus.BUILDERS))
def test_every_page_lays_out(reports: dict[str, corpus.Rendered], name: str) -> None:
    result = reports[name]
    assert result.pdf.startswith(b"%PDF")
    # The checker itself is alive: it reads text from every report.
    assert len(result.inspection.text.strip()) > 100
    for kind in ("outside", "clipped", "missing glyph", "overlap"):
        found = [p for p in result.problems if p.kind == kind]
        assert not found, f"{name}: {len(found)} {kind}\n{_report(found)}"


@pytest.mark.parametrize("name", ["empty-zh-CN", "empty-en"])
def test_a_new_workshop_report_is_short_and_claims_nothing(
    reports: dict[str, corpus.Rendered], name: str
) -> None:
    pages = reports[name].inspection.pages
    text = " ".join(reports[name].inspection.text.split())
    claims = [claim for claim in SUCCESS_CLAIMS if claim in text]
    assert not claims, f"{name} claims {claims}"
    assert not EMPTY_PERIOD.search(text), f"{name}: an empty period is printed as dashes"
    assert pages <= EMPTY_MAX_PAGES, f"{name}: {pages} pages for a workshop with no content"


def test_the_hostile_texts_reach_the_report(reports: dict[str, corpus.Rendered]) -> None:
    """The corpus is what it says: its hard texts are in the hostile reports (so a report
    that dropped them could not pass the layout checks by omission)."""
    for language in corpus.LANGUAGES:
        text = "".join(reports[f"hostile-{language}"].inspection.text.split())
        for sample in ("<script>", "&amp;", "</td>", "intranet.example.com", "👍"):
            assert sample in text, f"hostile-{language}: {sample!r} missing"
        assert "בדיקת" in text or "תקידב" in text
        assert any(word in text for word in ("مراجعة", "ةعجارم"))


@pytest.mark.parametrize("name", ["hostile-zh-CN", "hostile-en"])
def test_hebrew_is_drawn_right_to_left(reports: dict[str, corpus.Rendered], name: str) -> None:
    """In tables, text and diagrams alike the corpus's Hebrew is drawn from right to left:
    read left to right on the page it is the text backwards. (SVG text draws no spaces, so
    its words run together: compared without them.)"""
    letters = corpus.HEBREW.replace(" ", "")
    runs = reports[name].inspection.hebrew
    assert len(runs) >= 4
    wrong = [(page, drawn) for page, drawn in runs if drawn[::-1] not in letters]
    assert not wrong, f"{name}: {len(wrong)} Hebrew runs drawn in memory order: {wrong[:10]}"
