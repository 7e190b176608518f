"""Workshop snapshot (``obeya.workshop/1``) -> everything the report templates show.

Pure: no I/O. Board sections follow the boards' positions; the workshop's own board feeds
the cover and the summary (phase, SMART goals) rather than a section of its own.
"""

from __future__ import annotations

from typing import Any

from boards.values import ReadWarning
from boards.workshop import PHASES, WorkshopSnapshot, WorkshopState

from . import fmt
from .catalog import Catalog
from .index import Index
from .registry import KINDS
from .sections import chain, summary
from .textlimit import bound_snapshot
from .typed import Board

ROLE_ORDER = ("facilitator", "editor", "viewer", "pilot")


def _state(index: Index) -> WorkshopState | None:
    """The state of the workshop's own board; ``None`` in a snapshot without one."""
    board = index.first("workshop")
    if board is None:
        return None
    snapshot: WorkshopSnapshot = index.typed(board).snapshot
    return snapshot.state


def _phase(index: Index) -> str:
    state = _state(index)
    if state is not None and state.phase:
        return state.phase
    return str(index.workshop.get("phase") or PHASES[0])


def cover(t: Catalog, index: Index) -> dict[str, Any]:
    meta = index.workshop
    people = index.snapshot.get("participants", [])
    groups = [
        {
            "role": t.code("role", role),
            "names": t("list.sep").join(
                p.get("display_name") or "–" for p in people if p.get("role") == role
            ),
        }
        for role in ROLE_ORDER
        if any(p.get("role") == role for p in people)
    ]
    phase = _phase(index)
    state = _state(index)
    finished = meta.get("status") == "finished" or (state is not None and state.finished)
    pilots = [index.typed(b).snapshot.definition for b in index.boards("pilot")]
    return {
        "title": meta.get("title") or t("report.untitled"),
        "process": meta.get("process") or "",
        "boundary": meta.get("boundary") or "",
        "created": fmt.day(meta.get("created_at"), t),
        "exported": fmt.day(index.snapshot.get("exported_at"), t),
        "pilot": [
            t("period", start=fmt.day(p.start, t), end=fmt.day(p.end, t)) for p in pilots if p.start
        ],
        "phase": t.code("phase", phase),
        "phases": [
            {
                "label": t.code("phase", p),
                "done": PHASES.index(p) < PHASES.index(phase) if phase in PHASES else False,
                "current": p == phase,
            }
            for p in PHASES
        ],
        "status": t("status.finished") if finished else t("status.live"),
        "participants": groups,
        "count": len(people),
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


def build(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The template context of the whole report."""
    snapshot = bound_snapshot(snapshot)
    index = Index(snapshot)
    t = Catalog(index.workshop.get("language"))
    boards = sorted(
        (index.typed(b) for b in snapshot.get("boards", []) if b["kind"] in KINDS),
        key=lambda b: (b.position, b.title),
    )
    links = chain.chain(t, index)
    first = 3 if links else 2  # 1 is the summary, 2 the chain when the boards link one
    sections = []
    for n, typed in enumerate(boards):
        section = KINDS[typed.kind].section(t, typed)
        section.update(anchor=f"s{n + 1}", number=first + n, kind_label=t.code("kind", typed.kind))
        section.update(read_notes(t, typed))
        sections.append(section)
    # a section's rows too long for its chapter (the pilot's feedback) go to the appendix
    appendix = [{"title": s["title"], "rows": s["appendix"]} for s in sections if s.get("appendix")]
    return {
        "t": t,
        "lang": t.language,
        "cover": cover(t, index),
        "summary": summary.summary(t, index),
        "chain": links,
        "sections": sections,
        "appendix": appendix,
        "has_pilot": bool(index.boards("pilot")),
    }
