"""Empty and sparse boards: the report says "not started yet" or what is missing, and never
claims a success it cannot back ("the map's data is complete" on an empty map). Boards are
seeded, read and analysed by the kinds' own code, as a new workshop's are; a sparse board is
the demo board cut to one item of each list, analysed again."""

from __future__ import annotations

import json
import re
from html import unescape
from io import BytesIO
from typing import Any

import pytest
from pycrdt import Doc
from pydantic import BaseModel
from pypdf import PdfReader

from boards.registry import KINDS, USER_KINDS
from exports import render_markdown, render_pdf
from exports.catalog import Catalog
from exports.index import Index
from exports.pdf import render_html
from exports.report import build
from exports.sections import fishbone, goals
from server.workshops import seeded_updates

LANGS = ("en", "zh-CN")


def _claims(t: Catalog) -> list[str]:
    """Sentences that state a success; none may stand on a board with no data."""
    return [
        t("vsm.no_warnings"),
        t("fishbone.no_warnings"),
        t("raci.no_findings", n=0),
        t("pilot.see_appendix"),
        t("summary.rollout_holding"),
        t("period", start="–", end="–"),
    ]


def _seeded(kind: str, language: str, demo: bool) -> tuple[BaseModel, Any]:
    content_update, ledger_update = seeded_updates(kind, language, demo)
    content: Doc = Doc()
    ledger: Doc = Doc()
    content.apply_update(content_update)
    ledger.apply_update(ledger_update)
    impl = KINDS[kind]
    return impl.read(content, ledger), impl


def _board(kind: str, snapshot: BaseModel, analysis: BaseModel) -> dict[str, Any]:
    return {
        "id": f"b-{kind}",
        "kind": kind,
        "title": "",
        "position": 1,
        "snapshot": json.loads(snapshot.model_dump_json()),
        "analysis": json.loads(analysis.model_dump_json()),
    }


def _one_of_each(value: Any) -> Any:
    """The same document with every list cut to its first item (a sparse board)."""
    if isinstance(value, list):
        return [_one_of_each(v) for v in value[:1]]
    if isinstance(value, dict):
        return {k: _one_of_each(v) for k, v in value.items()}
    return value


def _workshop(boards: list[dict[str, Any]], language: str) -> dict[str, Any]:
    return {
        "schema": "obeya.workshop/1",
        "exported_at": "2026-12-06T12:00:00+00:00",
        "workshop": {"title": "New", "language": language, "created_at": "2026-12-01T00:00:00"},
        "participants": [],
        "boards": boards,
    }


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def empty_workshop(language: str) -> dict[str, Any]:
    boards = []
    for kind in ("workshop", *USER_KINDS):
        snapshot, impl = _seeded(kind, language, demo=False)
        boards.append(_board(kind, snapshot, impl.analyse(snapshot)))
    return _workshop(boards, language)


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("kind", USER_KINDS)
def test_an_empty_board_is_one_line_saying_what_is_missing(kind: str, language: str) -> None:
    t = Catalog(language)
    snapshot, impl = _seeded(kind, language, demo=False)
    workshop = _workshop([_board(kind, snapshot, impl.analyse(snapshot))], language)
    (section,) = build(workshop)["sections"]
    assert section["collapsed"], f"an empty {kind} board gets a chapter of its own"
    assert section["missing"] == t(f"missing.{kind}")
    text = _text(render_html(workshop))
    assert t("not_started.title") in text
    assert t(f"missing.{kind}") in text
    for claim in _claims(t):
        assert claim not in text, (kind, claim)


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("kind", USER_KINDS)
def test_a_one_item_board_has_its_chapter_and_no_empty_claim(kind: str, language: str) -> None:
    t = Catalog(language)
    demo, impl = _seeded(kind, language, demo=True)
    sparse = type(demo).model_validate(_one_of_each(demo.model_dump(mode="json")))
    workshop = _workshop([_board(kind, sparse, impl.analyse(sparse))], language)
    (section,) = build(workshop)["sections"]
    assert not section["collapsed"] and not section["missing"], kind
    text = _text(render_html(workshop))
    assert t("not_started.title") not in text
    for claim in (t("raci.no_findings", n=0), t("period", start="–", end="–")):
        assert claim not in text, (kind, claim)


@pytest.mark.parametrize("language", LANGS)
def test_a_new_workshops_report_is_short_and_claims_nothing(language: str) -> None:
    t = Catalog(language)
    workshop = empty_workshop(language)
    context = build(workshop)
    assert all(s["collapsed"] for s in context["sections"])
    assert len(context["not_started"]) == len(USER_KINDS)
    text = _text(render_html(workshop))
    for kind in USER_KINDS:
        assert t(f"missing.{kind}") in text
    assert t("summary.no_metrics") in text
    for claim in _claims(t):
        assert claim not in text, claim
    pages = len(PdfReader(BytesIO(render_pdf(workshop))).pages)
    assert pages <= 4, pages  # A3, cover, contents, summary with what is not started yet


@pytest.mark.parametrize("language", LANGS)
def test_a_pilot_without_dates_says_its_period_is_not_set(language: str) -> None:
    t = Catalog(language)
    demo, impl = _seeded("pilot", language, demo=True)
    data = demo.model_dump(mode="json")
    data["definition"]["start"] = data["definition"]["end"] = ""
    pilot = type(demo).model_validate(data)
    text = _text(render_html(_workshop([_board("pilot", pilot, impl.analyse(pilot))], language)))
    assert f"{t('pilot.period')} {t('pilot.no_period')}" in text
    assert t("period", start="–", end="–") not in text
    data["definition"]["end"] = "2026-12-20"
    pilot = type(demo).model_validate(data)
    text = _text(render_html(_workshop([_board("pilot", pilot, impl.analyse(pilot))], language)))
    assert t("pilot.no_start") in text and "–  –" not in text


@pytest.mark.parametrize("language", LANGS)
def test_a_pareto_of_many_causes_groups_the_rest_into_one_bar(language: str) -> None:
    t = Catalog(language)
    demo, impl = _seeded("fishbone", language, demo=True)
    data = demo.model_dump(mode="json")
    category = data["categories"][0]["id"]
    data["causes"] += [
        {"id": f"many-{i}", "text": f"Cause {i}", "category": category, "count": 1}
        for i in range(30)
    ]
    many = type(demo).model_validate(data)
    analysis = impl.analyse(many)
    bars = len(analysis.pareto.bars)
    section = fishbone.section(
        t,
        Index(_workshop([_board("fishbone", many, analysis)], language)).typed(
            _board("fishbone", many, analysis)
        ),
    )
    svg = str(section["chart"])
    other = t("fishbone.chart.other", n=bars - fishbone.CHART_BARS + 1)
    # A label too wide for its bar is wrapped into tspans: compare the drawn text.
    drawn = "".join(re.sub(r"<[^>]+>", "", svg.split("</style>")[-1]).split())
    assert "".join(other.split()) in drawn
    assert len(section["pareto"]) == bars  # the table keeps every cause


@pytest.mark.parametrize("language", LANGS)
def test_a_goal_measured_by_one_reading_is_not_called_improving(language: str) -> None:
    t = Catalog(language)
    boards = []
    for kind in ("workshop", "pilot"):
        demo, impl = _seeded(kind, language, demo=True)
        sparse = type(demo).model_validate(_one_of_each(demo.model_dump(mode="json")))
        boards.append(_board(kind, sparse, impl.analyse(sparse)))
    index = Index(_workshop(boards, language))
    (kpi,) = index.pilot_kpis()
    assert kpi.readings == 1 and kpi.verdict == "not_testable"
    rows = goals.goals(t, index)
    assert rows and all(r["status"] not in ("on_track", "off_track", "met") for r in rows)
    assert t("goal.status.untested") in {r["status_label"] for r in rows}


@pytest.mark.parametrize("language", LANGS)
def test_the_markdown_of_a_new_workshop_lists_what_is_not_started(language: str) -> None:
    t = Catalog(language)
    markdown = render_markdown(empty_workshop(language))
    assert f"## {t('not_started.title')}" in markdown
    for kind in USER_KINDS:
        assert t(f"missing.{kind}") in markdown
    for claim in _claims(t):
        assert claim not in markdown, claim
