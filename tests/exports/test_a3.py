"""The A3 page: the report's first page, landscape, exactly one page whatever the content,
its sentences true to the data; a pilot's result shown once with the ideas tested together;
the cover's facts from the data; and the team's A3 text, written live, in the export."""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from pycrdt import Map
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session

from exports import fmt, render_html, render_pdf
from exports.catalog import Catalog
from exports.report import build
from exports.sections import a3_fit
from server import snapshots, workshops
from tests.exports.helpers import board
from tests.support import pdfcheck
from tests.support.server import Server
from tests.support.services import unavailable
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

LANGUAGES = ("zh-CN", "en")


def pages(pdf: bytes) -> list[tuple[str, float, float]]:
    """Each page's text (whitespace folded), width and height."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        (
            re.sub(r"\s+", " ", page.extract_text() or ""),
            float(page.mediabox.width),
            float(page.mediabox.height),
        )
        for page in reader.pages
    ]


def assert_one_a3_page(pdf: bytes, title: str) -> str:
    """Page 1 is the landscape A3; page 2, portrait, is the cover (the next section).
    Returns the A3's text."""
    found = pages(pdf)
    (a3, w1, h1), (cover, w2, h2) = found[0], found[1]
    assert w1 > h1, "the A3 is landscape"
    assert w2 < h2, "the page after the A3 is the portrait cover: the A3 took one page"
    assert title[:12] in cover.replace(" ", "") or title[:12] in cover
    return a3


def save_png(pdf: bytes, name: str, artifacts: Path) -> None:
    if not shutil.which("pdftoppm"):
        unavailable("poppler-utils (pdftoppm) is not installed: run ./setup.sh install")
    path = artifacts / f"{name}.pdf"
    path.write_bytes(pdf)
    for old in artifacts.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(path), str(artifacts / name)],
        check=True,
    )
    assert [p.stat().st_size > 20_000 for p in artifacts.glob(f"{name}-*.png")] == [True]


@pytest.fixture(scope="session")
def sparse(engine: Engine) -> dict[str, dict[str, Any]]:
    """A workshop just created (no demo content), in both languages."""
    out = {}
    with Session(engine) as session:
        for language in LANGUAGES:
            created = workshops.create_workshop(
                session, title="Sparse 稀疏", process="", boundary="", language=language
            )
            session.commit()
            out[language] = snapshots.workshop_snapshot(session, created.workshop.id)
    return out


# --- the demo -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_demo_opens_with_one_landscape_a3(
    pdfs: dict[str, bytes], demo: dict[str, dict[str, Any]], language: str, artifacts: Path
) -> None:
    text = assert_one_a3_page(pdfs[language], demo[language]["workshop"]["title"])
    save_png(pdfs[language], f"a3-demo-{language}", artifacts)
    t = Catalog(language)
    for key in ("a3.background", "a3.current", "a3.causes", "a3.actions", "a3.results"):
        assert t(key) in text, key
    # the designed future state and the pilot's measurements are two labelled boxes
    assert t("a3.designed") in text and t("a3.measured") in text
    assert t("pilot.status.final") in text  # the demo's pilot ended five weeks ago
    # what happened after go-live sits in its own box, apart from design and pilot
    assert t("a3.sustain") in text


def test_generated_sentences_follow_the_demo_numbers(demo: dict[str, dict[str, Any]]) -> None:
    snap = demo["en"]
    t = Catalog("en")
    page = build(snap)["a3"]
    vsm = board(snap, "vsm")["analysis"]
    current = vsm["current"]
    steps = {
        s["id"]: s["name"]
        for s in board(snap, "vsm")["snapshot"]["current"]["steps"]
        + board(snap, "vsm")["snapshot"]["future"]["steps"]
    }
    sentence = page["current"]["text"]
    assert f"has {current['steps']} steps" in sentence
    assert fmt.minutes(t, current["lead_minutes"]) == "48 h" and "takes 48 h" in sentence
    assert f"{fmt.minutes(t, current['va_minutes'])} adds value" in sentence
    assert f"efficiency {fmt.pct(current['pce_pct'])}" in sentence and "4.2 %" in sentence
    assert f'bottleneck is "{steps[current["bottleneck"]]}"' in sentence
    assert "Information verification" in sentence

    # designed: the future-state map's figures, said as a design
    designed = " ".join(d["text"] for d in page["results"]["designed"])
    assert "48 h → 24 h" in designed and "4.2 % → 8.3 %" in designed
    # measured: each KPI's baseline and pilot result, from the pilot's evaluation
    kpis = board(snap, "pilot")["analysis"]["kpis"]
    measured = {k["name"]: k["figures"] for k in page["results"]["kpis"]}
    assert len(measured) == len(kpis)
    for k in kpis:
        result = k["estimate"] if k["measure"] == "rate" else k["mean"]
        assert f"→ {fmt.num(result)} {k['unit']}" in measured[k["name"]]
        assert f"{k['readings']} readings" in measured[k["name"]]
    assert "32.6 h" in measured["Average handling time"]
    # the root cause the team confirmed, with its evidence
    roots = [c for c in board(snap, "fishbone")["snapshot"]["causes"] if c["root"]]
    assert [c["text"] for c in page["causes"]["rows"]] == [c["text"] for c in roots]
    assert roots[0]["evidence"]["source"] in page["causes"]["rows"][0]["evidence"]
    # the demo's actions answer every commitment: nothing flagged; open work first, by date
    actions = [
        a for a in board(snap, "workshop")["snapshot"]["actions"] if a["status"] != "dropped"
    ]
    assert page["actions"]["uncovered"] == ""
    rows = page["actions"]["rows"]
    assert len(rows) == min(6, len(actions)) and page["actions"]["more"] == len(actions) - len(rows)
    assert [r["status_code"] == "done" for r in rows] == sorted(
        r["status_code"] == "done" for r in rows
    )
    first = min((a for a in actions if a["status"] in ("open", "doing")), key=lambda a: a["due"])
    assert rows[0]["what"] == first["what"] and first["owner"] in rows[0]["owner"]
    # next steps: where the roll-out stands, then who does what by when
    rollout = board(snap, "rollout")["analysis"]
    waiting = [w for w in rollout["waves"] if w["status"] != "live"]
    assert len(rollout["waves"]) - len(waiting) == 2 and len(waiting) == 1
    waves = (
        t("a3.gen.waves_live", live=2, total=3)
        + " "
        + t(
            "a3.gen.wave_next",
            wave=waiting[0]["name"],
            date=fmt.day(waiting[0]["golive_planned"], t),
        )
    )
    step = t(
        "a3.gen.step", what=first["what"], owner=rows[0]["owner"], due=fmt.day(first["due"], t)
    )
    assert page["next_steps"]["text"].startswith(f"{waves} {step}")
    # the recorded decision: verdict, who, when, why -- and the relapse its chart flags
    decision = rollout["decision"]
    said = page["decision_needed"]["text"]
    assert said.startswith(
        t(
            "a3.gen.decided",
            verdict=t("rollout.verdict.go_with_changes"),
            by=decision["decided_by"],
            at=fmt.day(decision["decided_at"], t),
        )
    )
    assert decision["rationale"][:40] in said
    relapsed = [c for c in rollout["charts"] if c["relapse"]]
    assert [c["name"] for c in relapsed] == ["Average handling time"]
    assert "Average handling time" in said and "may not be holding" in said
    # after go-live: one line per KPI with readings, a relapse said as a possibility only
    sustain = page["results"]["sustain"]
    assert [(r["name"], r["relapse"]) for r in sustain] == [
        ("Average handling time", True),
        ("Repeat complaint rate", False),
    ]
    assert "may not be holding" in sustain[0]["text"] and "14 readings" in sustain[0]["text"]
    assert sustain[1]["text"] == t("a3.gen.sustain_holding", n=14)
    assert page["decision_needed"]["generated"] and not page["written"]
    assert build(snap)["cover"]["generated"] == t("cover.generated")


def test_without_a_decision_the_a3_says_what_is_needed(demo: dict[str, dict[str, Any]]) -> None:
    """The demo before its roll-out board: the pilot has ended, so management is asked to
    decide; no wave is claimed and no sustain box appears."""
    snap = copy.deepcopy(demo["en"])
    snap["boards"] = [b for b in snap["boards"] if b["kind"] != "rollout"]
    t = Catalog("en")
    page = build(snap)["a3"]
    ideas = page["results"]["tested"]
    assert ideas and page["decision_needed"]["text"] == t("a3.gen.decide_rollout", ideas=ideas)
    assert page["results"]["sustain"] == []
    assert not page["next_steps"]["text"].startswith(t("a3.gen.waves_live", live=2, total=3))
    assert "wave" not in page["next_steps"]["text"]


def test_a_long_rationale_never_cuts_the_verdict_or_the_relapse(
    demo: dict[str, dict[str, Any]],
) -> None:
    snap = copy.deepcopy(demo["en"])
    decision = board(snap, "rollout")["analysis"]["decision"]
    decision["rationale"] = "Because the numbers moved. " * 80
    said = build(snap)["a3"]["decision_needed"]["text"]
    assert len(said) <= 300 and not said.endswith("…")
    assert said.startswith("Decided: Go with changes — ")
    assert "Because the numbers moved." in said and said.endswith("may not be holding.")


# --- a sparse workshop: says what is missing -------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_sparse_a3_says_what_is_missing(
    sparse: dict[str, dict[str, Any]], language: str, artifacts: Path
) -> None:
    pdf = render_pdf(sparse[language])
    text = assert_one_a3_page(pdf, "Sparse 稀疏")
    save_png(pdf, f"a3-sparse-{language}", artifacts)
    t = Catalog(language)
    for key in (
        "a3.missing.background",
        "a3.missing.current",
        "a3.missing.goals",
        "a3.missing.causes",
        "a3.missing.actions",
        "a3.missing.pilot",
        "a3.missing.plan",
        "a3.gen.decide_nothing",
        "a3.missing.next_steps",
    ):
        assert t(key)[:14] in text, key
    cover = build(sparse[language])["cover"]
    assert cover["pilots"] == [] and cover["participants"] == []  # nothing invented


# --- one page whatever the content ----------------------------------------------------------


def flood(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The demo with every A3 text, list and title far beyond one page."""
    snap = copy.deepcopy(snapshot)
    snap["workshop"]["title"] = "超长标题" * 50
    workshop = board(snap, "workshop")["snapshot"]
    workshop["a3"] = {
        name: ("很长的一段说明文字，没有空格" * 400)
        for name in ("background", "problem", "next_steps", "decision_needed")
    }
    goal = workshop["goals"][0]
    workshop["goals"] = [{**goal, "id": f"g{i}", "metric": "指标" * 80} for i in range(8)]
    workshop["actions"] = [
        {
            "id": f"a{i:03}",
            "what": "一个很长的行动描述" * 30,
            "owner": "负责人" * 20,
            "owner_department": "部门" * 20,
            "due": "2026-12-01" if i % 2 else "",
            "status": "open",
        }
        for i in range(25)
    ]
    fishbone = board(snap, "fishbone")
    extra = [
        {"id": f"x{i}", "text": "原因" * 200, "root": True, "category": "people"} for i in range(6)
    ]
    fishbone["snapshot"]["causes"] += extra
    fishbone["analysis"]["root_causes"] += [c["id"] for c in extra]
    pilot = board(snap, "pilot")
    pilot["analysis"]["kpis"] = pilot["analysis"]["kpis"] * 3
    return snap


def test_a3_is_one_page_whatever_its_content(
    demo: dict[str, dict[str, Any]], artifacts: Path
) -> None:
    snap = flood(demo["zh-CN"])
    html = render_html(snap)
    assert 'class="a3 denser"' in html  # the type shrank
    pdf = render_pdf(snap)
    text = assert_one_a3_page(pdf, snap["workshop"]["title"])
    save_png(pdf, "a3-flooded-zh-CN", artifacts)
    page = build(snap)["a3"]
    assert page["actions"]["more"] == 25 - len(page["actions"]["rows"]) > 0
    assert page["goals"]["more"] > 0 and page["causes"]["more"] > 0 and page["results"]["more"]
    assert "另有" in text  # "+ n more" where a list was cut
    assert all(len(page[f]["text"]) <= 300 for f in ("background", "problem", "next_steps"))
    assert page["next_steps"]["generated"] is False  # the team's text, cut, not replaced
    # the cover no longer says nothing was written by hand
    assert build(snap)["cover"]["generated"] == Catalog("zh-CN")("cover.generated_written")
    assert Catalog("zh-CN")("a3.written") in text
    # nothing of the page is cut by its boxes' clips: what did not fit was shortened
    # beforehand, to whole lines (exports/sections/a3_fit.py)
    cut = [p for p in pdfcheck.check(pdf) if p.page == 1 and p.kind in ("clipped", "overlap")]
    assert not cut, cut


def test_a3_texts_too_long_for_their_boxes_end_in_whole_lines_and_say_so(
    demo: dict[str, dict[str, Any]],
) -> None:
    """Texts within their field's limit but too many for the page together: shortened before
    rendering, each to a head of itself ending in "…", and the footnote says where the full
    texts are."""
    snap = flood(demo["en"])
    page = build(snap)["a3"]
    assert page["shortened"] is True
    assert all(box.over <= 0 for box in a3_fit._boxes(page, page["density"], Catalog("en")))
    written = "很长的一段说明文字，没有空格" * 400
    fields = [page[name]["text"] for name in ("background", "problem", "next_steps")]
    assert all(text.endswith("…") and written.startswith(text[:-1]) for text in fields)
    assert len(min(fields, key=len)) < 300  # shorter than the field's own limit
    assert str(escape(Catalog("en")("a3.shortened"))) in render_html(snap)


# --- attribution ------------------------------------------------------------------------------


def test_a_pilot_result_is_shown_once_with_the_ideas_tested_together(
    demo: dict[str, dict[str, Any]],
) -> None:
    snap = demo["zh-CN"]
    html = render_html(snap)
    chain = html[html.index('id="chain"') : html.index('id="s1"')]
    ctx = build(snap)
    assert len(ctx["chain"]) >= 3  # several ideas link a cause or a step
    kpis = board(snap, "pilot")["analysis"]["kpis"]
    for k in kpis:
        assert chain.count(k["name"]) == 1, k["name"]  # once, not once per idea
    chosen = [c["label"] for c in board(snap, "ideas")["analysis"]["commitments"]]
    (pilot,) = ctx["chain_pilots"]
    assert pilot["ideas"] == Catalog("zh-CN")("list.sep").join(chosen)
    assert "一起试点" in chain
    summary = html[html.index('id="summary"') : html.index('id="chain"')]
    assert "一起试点" in summary


# --- cover facts ------------------------------------------------------------------------------


def test_cover_facts_come_from_the_data(demo: dict[str, dict[str, Any]]) -> None:
    snap = copy.deepcopy(demo["en"])
    snap["participants"] = [
        {"id": "p1", "display_name": "Li Na", "role": "facilitator"},
        {"id": "p2", "display_name": "Wang Wei", "role": "editor"},
        {"id": "p3", "display_name": "", "role": "editor"},
        *({"id": f"q{i}", "display_name": f"Agent {i}", "role": "pilot"} for i in range(15)),
    ]
    snap["workshop"].update(
        status="finished", created_at="2026-11-02T09:00:00", updated_at="2026-12-05T17:00:00"
    )
    pilot = board(snap, "pilot")["snapshot"]
    pilot["definition"].update(start="", end="")
    cover = build(snap)["cover"]
    t = Catalog("en")
    assert [g["role"] for g in cover["participants"]] == [
        t.code("role", r) for r in ("facilitator", "editor", "pilot")
    ]
    facilitator, editor, pilots = cover["participants"]
    assert (facilitator["names"], facilitator["count"]) == ("Li Na", 1)
    assert (editor["names"], editor["count"]) == ("Wang Wei", 2)  # the unnamed one is counted
    assert pilots["count"] == 15 and pilots["names"].count("Agent") == 12 and pilots["more"]
    assert cover["dates"] == "2 Nov 2026 – 5 Dec 2026"
    days = sorted(r["date"] for r in pilot["readings"])
    (shown,) = cover["pilots"]
    span = t("cover.readings_span", start=fmt.day(days[0], t), end=fmt.day(days[-1], t))
    assert shown["dates"] == span
    phase = board(snap, "workshop")["snapshot"]["state"]["phase"]
    assert cover["phase"] == t.code("phase", phase)
    live = build(demo["en"])["cover"]
    assert live["dates"].startswith("since ")  # not finished: no end date invented


# --- the team's text, written live, in the export ---------------------------------------------


@pytest.mark.anyio
async def test_a3_text_written_by_one_client_is_in_the_export(server: Server) -> None:
    setup = make_workshop(server)
    editor, _ = setup.join("editor", "编辑")
    viewer, _ = setup.join("viewer", "观察")
    wid = setup.workshop_id
    status, body = server.request("GET", f"/api/workshops/{wid}/a3", token=editor)
    assert status == 200 and set(body["generated"]) == {
        "background",
        "problem",
        "next_steps",
        "decision_needed",
    }
    assert body["generated"]["background"] == "范围内的流程：客户投诉处理。"
    status, _ = server.request("GET", f"/api/workshops/{wid}/a3", token=viewer)
    assert status == 403

    written = "投诉重复率高，管理层需要在一月前决定是否推广"
    url = setup.ws(editor, board_id=setup.workshop_board_id)
    other = setup.ws(setup.facilitator, board_id=setup.workshop_board_id)
    async with YClient(url) as a, YClient(other) as b:
        await a.synced.wait()
        await b.synced.wait()
        a3 = a.doc.get("a3", type=Map)
        a3["decision_needed"] = written
        a3["problem"] = Map({"junk": 1})  # any JSON a client writes: read as no text
        seen = b.doc.get("a3", type=Map)
        await b.wait_for(lambda: seen.get("decision_needed") == written)

    pdf = download(server, f"/api/workshops/{wid}/export/pdf", setup.facilitator)
    text = assert_one_a3_page(pdf, "投诉处理工作坊")
    assert written in text
    assert Catalog("zh-CN")("a3.missing.problem")[:10] in text  # junk: the generated sentence


def download(server: Server, path: str, token: str) -> bytes:
    request = urllib.request.Request(
        server.url + path, headers={"authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        body: bytes = answer.read()
    return body
