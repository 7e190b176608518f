"""Each board's tables as CSV (UTF-8 with BOM, so Excel opens Chinese correctly), zipped.

Text a spreadsheet would run as a formula -- starting, after any spaces, with ``=``, ``+``,
``-``, ``@``, a tab or a line break, or their full-width forms that CJK input methods type --
is prefixed with ``'``, in the header (RACI role names) as in every row. Numbers stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date
from typing import Any

from boards.fishbone.model import FishboneAnalysis, FishboneSnapshot
from boards.ideas.analysis import IdeasAnalysis
from boards.ideas.layout import IdeaCard, IdeasSnapshot
from boards.pilot.evaluate import PilotAnalysis
from boards.pilot.layout import PilotSnapshot
from boards.raci.model import RaciAnalysis, RaciSnapshot
from boards.vsm.analysis import VsmAnalysis
from boards.vsm.model import VsmSnapshot

from .catalog import Catalog
from .index import Index
from .sections.actions import Workshop, board_titles, export_day
from .textlimit import bound_snapshot
from .typed import Board

Table = tuple[list[str], list[list[Any]]]
ACTION_COLUMNS = (
    "id",
    "what",
    "owner",
    "owner_department",
    "due",
    "status",
    "overdue",
    "source_board",
    "source_type",
    "source_label",
    "created_by",
    "created_at",
    "done_at",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def formula_like(value: str) -> bool:
    return value.lstrip(" ").startswith(FORMULA_START)


def safe(value: Any) -> Any:
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return "" if value is None else value


def to_csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe(h) for h in header])
    writer.writerows([safe(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def vsm_steps(t: Catalog, board: Board[VsmSnapshot, VsmAnalysis]) -> Table:
    header = [
        "state",
        "order",
        "id",
        "name",
        "department",
        "wait_time",
        "wait_unit",
        "cycle_time",
        "cycle_unit",
        "lead_minutes",
        "operators",
        "pct_ca",
        "class",
        "waste_type",
        "systems",
        "notes",
    ]
    rows = []
    analysis = board.analysis
    for state, steps, measured in (
        ("current", board.snapshot.current.steps, analysis.current if analysis else None),
        ("future", board.snapshot.future.steps, analysis.future if analysis else None),
    ):
        lead = {m.id: m.lead_minutes for m in measured.step_metrics} if measured else {}
        for i, s in enumerate(steps, 1):
            rows.append(
                [
                    t.code("vsm.state", state),
                    i,
                    s.id,
                    s.name,
                    s.department,
                    s.wait_time,
                    s.wait_unit,
                    s.cycle_time,
                    s.cycle_unit,
                    lead.get(s.id),
                    s.operators,
                    s.pct_ca,
                    t.code("vsm.class", s.klass),
                    t.code("vsm.waste", s.waste_type),
                    "; ".join(s.systems),
                    s.notes,
                ]
            )
    return header, rows


def fishbone_causes(t: Catalog, board: Board[FishboneSnapshot, FishboneAnalysis]) -> Table:
    labels = {c.id: c.label for c in board.snapshot.categories}
    header = [
        "id",
        "category",
        "parent",
        "depth",
        "cause",
        "count",
        "root",
        "votes",
        "weight",
        "evidence_figure",
        "evidence_source",
        "whys",
    ]
    rows = [
        [
            c.id,
            labels.get(c.category, c.category),
            c.parent,
            c.depth,
            c.text,
            c.count,
            "yes" if c.root else "",
            c.votes,
            c.weight,
            c.evidence.figure,
            c.evidence.source,
            " → ".join(c.whys),
        ]
        for c in board.snapshot.causes
    ]
    return header, rows


def raci_matrix(t: Catalog, board: Board[RaciSnapshot, RaciAnalysis]) -> Table:
    snap = board.snapshot
    cells = {(c.activity, c.role): c.letters for c in snap.cells}
    header = ["activity", "step_id", *[r.name or r.id for r in snap.roles]]
    rows = [
        [a.name, a.step_id, *[cells.get((a.id, r.id), "") for r in snap.roles]]
        for a in snap.activities
    ]
    return header, rows


def idea_ranking(t: Catalog, board: Board[IdeasSnapshot, IdeasAnalysis]) -> Table:
    analysis = board.analysis
    cards = {c.id: c for c in board.snapshot.cards}
    # (id, rank, dots, title); without a ranking, every card unranked
    ranking: list[tuple[str, Any, Any, str | None]] = [
        (r.idea_id, r.rank, r.dots, r.title) for r in (analysis.ranking if analysis else [])
    ] or [(i, "", "", None) for i in cards]
    quadrants = {p.idea_id: p.quadrant for p in (analysis.placements if analysis else [])}
    header = [
        "rank",
        "id",
        "title",
        "category",
        "dots",
        "impact",
        "effort",
        "quadrant",
        "cause_id",
        "step_id",
        "description",
    ]
    rows = []
    for idea_id, rank, dots, title in ranking:
        c = cards.get(idea_id) or IdeaCard(id=idea_id)
        rows.append(
            [
                rank,
                idea_id,
                c.title or title,
                c.category,
                dots,
                c.impact,
                c.effort,
                t.code("ideas.quadrant", quadrants.get(idea_id, "unscored")),
                c.cause_id,
                c.step_id,
                c.description,
            ]
        )
    return header, rows


def pilot_readings(t: Catalog, board: Board[PilotSnapshot, PilotAnalysis]) -> Table:
    kpis = {k.id: k for k in board.snapshot.kpis}
    header = ["date", "kpi_id", "kpi", "value", "unit", "site", "submitted_by", "submitted_at"]
    rows = [
        [
            r.date,
            r.kpi_id,
            kpis[r.kpi_id].name if r.kpi_id in kpis else None,
            r.value,
            kpis[r.kpi_id].unit if r.kpi_id in kpis else None,
            r.site,
            r.display_name,
            r.submitted_at,
        ]
        for r in board.snapshot.readings
    ]
    return header, rows


def pilot_feedback(t: Catalog, board: Board[PilotSnapshot, PilotAnalysis]) -> Table:
    header = ["submitted_at", "kind", "satisfaction", "ease", "author", "text"]
    rows = [
        [
            f.submitted_at,
            t.code("pilot.kind", f.kind),
            f.satisfaction,
            f.ease,
            t("anonymous") if f.anonymous else f.display_name,
            f.text,
        ]
        for f in board.snapshot.feedback
    ]
    return header, rows


def actions_table(t: Catalog, board: Workshop, day: date, titles: dict[str, str]) -> Table:
    """One row per action (codes stay codes: the CSV is for machines and spreadsheets)."""
    out = [
        [
            a.id,
            a.what,
            a.owner,
            a.owner_department,
            a.due,
            a.status,
            "yes" if a.overdue(day) else "",
            titles.get(a.source_board, a.source_board),
            a.source_type,
            a.source_label,
            a.created_by,
            a.created_at,
            a.done_at,
        ]
        for a in board.snapshot.actions
    ]
    return list(ACTION_COLUMNS), out


def tables(snapshot: dict[str, Any]) -> Iterator[tuple[str, Table]]:
    """(file name, table) for every table of every board; a second board of a kind gets a suffix."""
    from .registry import KINDS  # which imports this module's table makers

    index = Index(bound_snapshot(snapshot))
    t = Catalog(index.workshop.get("language"))
    for kind, export in KINDS.items():
        for n, board in enumerate(index.boards(kind), 1):
            for name, make in export.tables:
                yield (f"{name}.csv" if n == 1 else f"{name}-{n}.csv"), make(t, index.typed(board))
    workshop = index.first("workshop")
    if workshop is not None:
        day, titles = export_day(snapshot), board_titles(snapshot)
        yield "actions.csv", actions_table(t, index.typed(workshop), day, titles)


def csv_zip(snapshot: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in tables(snapshot):
            archive.writestr(name, to_csv(header, rows))
    return buffer.getvalue()
