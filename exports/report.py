"""Workshop snapshot (``obeya.workshop/1``) -> everything the report templates show.

Pure: no I/O. Board sections follow the boards' positions; the workshop's own board feeds
the cover and the summary (phase, SMART goals) rather than a section of its own.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from boards.values import ReadWarning
from boards.workshop import PHASES

from . import fmt, palette
from .catalog import Catalog
from .index import Index
from .registry import KINDS
from .sections import a3, actions, chain, summary
from .sections import cover as cover_facts
from .textlimit import bound_snapshot
from .typed import Board


def cover(t: Catalog, index: Index) -> dict[str, Any]:
    meta = index.workshop
    reached = cover_facts.phase(index)
    return {
        "title": meta.get("title") or t("report.untitled"),
        "process": meta.get("process") or "",
        "boundary": meta.get("boundary") or "",
        "dates": cover_facts.workshop_dates(t, index),
        "exported": fmt.day(index.snapshot.get("exported_at"), t),
        "pilots": cover_facts.pilots(t, index),
        "phase": t.code("phase", reached),
        "phases": [
            {
                "label": t.code("phase", p),
                "done": PHASES.index(p) < PHASES.index(reached) if reached in PHASES else False,
                "current": p == reached,
            }
            for p in PHASES
        ],
        "status": t("status.finished") if cover_facts.finished(index) else t("status.live"),
        "participants": cover_facts.participants(t, index),
        "count": len(index.snapshot.get("participants", [])),
    }


def read_notes(t: Catalog, board: Board[Any, Any]) -> dict[str, Any]:
    """What the board's reader ignored (``read_warnings``, see ``boards/values.py``) and
    whether its analysis failed: said in every section, whatever the kind."""
    # Not every kind's analysis carries them (the value stream reports its own ``warnings``).
    warnings: list[ReadWarning] = getattr(board.analysis, "read_warnings", [])
    return {
        "ignored": [t.code("read.warning", w.code, field=w.field, value=w.value) for w in warnings],
        "stale": t.code("analysis.error", board.analysis_error or None),
    }


def _not_started(sections: list[dict[str, Any]], first: int) -> list[dict[str, Any]]:
    """Number the chapters. A board with nothing in it yet (its section names what is
    ``missing``) gets no chapter of its own but one line in the summary's "not started yet"
    list, so a new workshop's report stays short; a board whose reader ignored something or
    whose analysis failed keeps its chapter to say so."""
    number = first
    for s in sections:
        s["collapsed"] = bool(s.get("missing")) and not s["ignored"] and not s["stale"]
        if not s["collapsed"]:
            s["number"] = number
            number += 1
    return [s for s in sections if s["collapsed"]]


def build(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The template context of the whole report."""
    snapshot = bound_snapshot(snapshot)
    index = Index(snapshot)
    t = Catalog(index.workshop.get("language"))
    boards = sorted(
        (
            index.typed(b)
            for b in snapshot.get("boards", [])
            if b["kind"] in KINDS and KINDS[b["kind"]].section is not None
        ),
        key=lambda b: (b.position, b.title),
    )
    links = chain.chain(t, index)
    page = a3.a3(t, index)
    written = page["written"]
    generated = "cover.generated_written" if written else "cover.generated"
    first = 3 if links else 2  # 1 is the summary, 2 the chain when the boards link one
    sections = []
    for n, typed in enumerate(boards):
        make = KINDS[typed.kind].section
        assert make is not None  # filtered above
        section = make(t, typed)
        section.update(anchor=f"s{n + 1}", kind_label=t.code("kind", typed.kind))
        section.update(read_notes(t, typed))
        sections.append(section)
    not_started = _not_started(sections, first)
    after = first + sum(not s["collapsed"] for s in sections)
    owed = actions.chapter(t, index)
    if owed is not None:
        owed["number"] = after
    # a section's rows too long for its chapter (the pilot's feedback) go to the appendix
    appendix = [{"title": s["title"], "rows": s["appendix"]} for s in sections if s.get("appendix")]
    return {
        "t": t,
        "lang": t.language,
        "palette_css": Markup(palette.css()),
        "a3": page,
        "cover": {**cover(t, index), "generated": t(generated)},
        "summary": summary.summary(t, index),
        "chain": links,
        "chain_pilots": chain.pilots(t, index) if links else [],
        "sections": sections,
        "not_started": not_started,
        "actions": owed,
        "appendix": appendix,
        "has_pilot": bool(index.boards("pilot")),
    }


def a3_generated(snapshot: dict[str, Any]) -> dict[str, str]:
    """The A3's generated sentences, shown where the team edits the free-text fields."""
    index = Index(bound_snapshot(snapshot))
    return a3.generated(Catalog(index.workshop.get("language")), index)
