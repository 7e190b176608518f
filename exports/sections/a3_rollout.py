"""The A3's roll-out: the recorded go / no-go decision, the waves, and whether the gain holds
after go-live.

Worded as the roll-out section is (``rollout.py``): a worse-direction signal on a control chart
means the gain *may* not be holding, no signal is "no sign of a relapse so far", and a KPI
without readings since go-live says nothing."""

from __future__ import annotations

from typing import Any

from boards.rollout.analysis import Chart, RolloutAnalysis
from boards.rollout.layout import RolloutSnapshot

from .. import fmt
from ..catalog import Catalog
from ..index import Index
from ..typed import Board

Rollout = Board[RolloutSnapshot, RolloutAnalysis]
RATIONALE = 110  # characters of the decision's rationale quoted on the page, at most
MIN_RATIONALE = 20  # below this, a quote says nothing: leave it out


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def decided(index: Index) -> Rollout | None:
    """The roll-out board whose decision the A3 reports (the first one that has one)."""
    for raw in index.boards("rollout"):
        board: Rollout = index.typed(raw)
        if board.analysis is not None and board.analysis.decision is not None:
            return board
    return None


def _relapses(analysis: RolloutAnalysis) -> list[Chart]:
    return [c for c in analysis.charts if c.relapse]


def _first_worse(chart: Chart) -> str:
    days = [s.first_date for s in chart.signals if s.direction == "worse" and s.first_date]
    return min(days) if days else ""


def decision(t: Catalog, board: Rollout, limit: int) -> str:
    """The verdict, who took it and when, why; then a possible relapse, if a chart flags one.
    The rationale is quoted in the room the rest leaves within ``limit`` characters: the
    verdict and a relapse are never cut."""
    assert board.analysis is not None and board.analysis.decision is not None
    d = board.analysis.decision
    verdict = str(
        t(
            "a3.gen.decided",
            verdict=t(f"rollout.verdict.{d.verdict}"),
            by=d.decided_by or "–",
            at=fmt.day(d.decided_at, t),
        )
    )
    relapse = ""
    relapses = _relapses(board.analysis)
    if relapses:
        names = t("list.sep").join(c.name or c.kpi_id for c in relapses)
        since = min((_first_worse(c) for c in relapses if _first_worse(c)), default="")
        relapse = str(t("a3.gen.relapse", kpis=names, since=fmt.day(since, t)))
    room = limit - len(verdict) - len(relapse) - len(str(t("a3.gen.decided_why", rationale="")))
    room = min(room - 2, RATIONALE)
    why = ""
    if d.rationale.strip() and room >= MIN_RATIONALE:
        why = str(t("a3.gen.decided_why", rationale=_clip(d.rationale, room)))
    return " ".join(p for p in (verdict, why, relapse) if p)


def waves(t: Catalog, board: Rollout) -> str:
    """How many waves are live, and the next one to go live with its planned date."""
    assert board.analysis is not None
    planned = board.analysis.waves
    if not planned:
        return str(t("a3.gen.waves_none"))
    live = [w for w in planned if w.status == "live"]
    waiting = sorted(
        (w for w in planned if w.status != "live"), key=lambda w: w.golive_planned or "9999"
    )
    said = t("a3.gen.waves_live", live=len(live), total=len(planned))
    if not waiting:
        return str(said)
    nxt = waiting[0]
    key = "a3.gen.wave_next_late" if nxt.late else "a3.gen.wave_next"
    return (
        f"{said} {t(key, wave=_clip(nxt.name or nxt.id, 40), date=fmt.day(nxt.golive_planned, t))}"
    )


def sustain(t: Catalog, board: Rollout | None) -> list[dict[str, Any]]:
    """One line per KPI with readings since go-live: a possible relapse or no sign of one."""
    if board is None or board.analysis is None:
        return []
    rows = []
    for chart in board.analysis.charts:
        if not chart.points:
            continue
        name = _clip(chart.name or chart.kpi_id, 60)
        n = len(chart.points)
        if chart.relapse:
            text = t("a3.gen.sustain_relapse", n=n, since=fmt.day(_first_worse(chart), t))
        elif chart.holding:
            text = t("a3.gen.sustain_holding", n=n)
        else:
            text = t("a3.gen.sustain_no_limits", n=n)
        rows.append({"name": name, "text": str(text), "relapse": chart.relapse})
    return rows
