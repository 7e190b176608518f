"""SMART goals of the workshop board, with their status against the pilot's KPI results.

A goal is matched to a pilot KPI by name, else by the same baseline, target and direction
(the two are typed separately and their names drift, e.g. "handling time" vs "average
complaint handling time").

Each goal carries its SMART check letter by letter with the reason, from the board's analysis;
a goal that names no link but matches a pilot KPI counts as relevant (R) here, where the
report sees the pilot."""

from __future__ import annotations

from typing import Any

from boards.pilot.evaluate import KpiEvaluation
from boards.workshop import Goal, GoalCheck, WorkshopAnalysis, WorkshopSnapshot

from .. import fmt
from ..catalog import Catalog
from ..index import Index
from ..typed import Board
from . import pilot


def _kpi_for(goal: Goal, kpis: list[KpiEvaluation]) -> KpiEvaluation | None:
    name = goal.metric.strip().casefold()
    for kpi in kpis:
        if name and kpi.name.strip().casefold() == name:
            return kpi
    for kpi in kpis:
        if (goal.baseline, goal.target, goal.better) == (kpi.baseline, kpi.target, kpi.better):
            return kpi
    return None


LETTERS = ("S", "M", "A", "R", "T")


def _param(t: Catalog, key: str, value: Any, unit: str) -> str:
    if key in ("date", "today"):
        return fmt.day(str(value), t)
    if key in ("baseline", "target", "value") and isinstance(value, int | float):
        return f"{fmt.num(value, 2)} {unit}".strip()
    return str(value)


def _deadline(t: Catalog, typed: str, parsed: Any) -> str:
    """The date the check read, and what was typed when that differs ("Q1 2027")."""
    if not parsed or not isinstance(parsed, str):
        return fmt.day(typed, t)
    day = fmt.day(parsed, t)
    return day if typed.strip() == parsed else f"{day} ({typed.strip()})"


def _progress(t: Catalog, kpi: KpiEvaluation | None) -> str:
    """What the pilot says about reaching the target: the only evidence of achievability."""
    if kpi is None or kpi.attainment_pct is None:
        return ""
    return t("smart.pilot_progress", kpi=kpi.name or "–", pct=fmt.pct(kpi.attainment_pct))


def letters(
    t: Catalog, goal: Goal, check: GoalCheck | None, kpi: KpiEvaluation | None
) -> list[dict[str, Any]]:
    """S, M, A, R, T with pass/fail and the reason in the report's language."""
    out = []
    for item in check.letters if check is not None else []:
        if item.letter not in LETTERS:
            continue
        ok, code = item.ok, item.code
        params: dict[str, Any] = dict(item.params)
        if item.letter == "R" and not ok and kpi is not None and kpi.name:
            ok, code, params = True, "kpi", {"kpi": kpi.name}
        shown = {k: _param(t, k, v, goal.unit) for k, v in params.items()}
        reason = t.code("smart", code, **shown)
        if item.letter == "A" and ok:
            reason = " ".join(filter(None, (reason, _progress(t, kpi))))
        out.append(
            {
                "letter": item.letter,
                "name": t(f"smart.letter.{item.letter}"),
                "ok": ok,
                "reason": reason,
            }
        )
    return out


def status(goal: Goal, check: GoalCheck | None, kpi: KpiEvaluation | None) -> str:
    """Where the pilot stands against the goal. Only a goal that cannot be measured (no
    metric, or no two different numbers) is "incomplete": a deadline that has since passed or
    a missing link does not undo a result, and the SMART letters say so themselves."""
    if check is not None and (
        check.missing or any(not x.ok for x in check.letters if x.letter in ("S", "M"))
    ):
        return "incomplete"
    if kpi is None or kpi.mean is None:
        return "not_measured"
    if kpi.verdict == "not_testable":
        # one or two readings cannot tell a change from noise: "improving" would overclaim
        return "untested"
    if kpi.target_met:
        return "met"
    return "on_track" if kpi.improved else "off_track"


def goals(t: Catalog, index: Index) -> list[dict[str, Any]]:
    raw = index.first("workshop")
    if raw is None:
        return []
    board: Board[WorkshopSnapshot, WorkshopAnalysis] = index.typed(raw)
    checks = {c.id: c for c in board.analysis.goals} if board.analysis is not None else {}
    kpis = index.pilot_kpis()
    rows = []
    for goal in board.snapshot.goals:
        check = checks.get(goal.id)
        kpi = _kpi_for(goal, kpis)
        checked = letters(t, goal, check, kpi)
        smart = all(x["ok"] for x in checked) if checked else bool(check and check.smart)
        code = status(goal, check, kpi)
        unit = goal.unit
        rows.append(
            {
                "metric": goal.metric or "–",
                "baseline": f"{fmt.num(goal.baseline)} {unit}".strip(),
                "target": f"{fmt.num(goal.target)} {unit}".strip(),
                "current": f"{fmt.num(pilot.result(kpi))} {unit}".strip()
                if kpi and pilot.result(kpi) is not None
                else "–",
                "deadline": _deadline(t, goal.deadline, check.deadline_date if check else None),
                "horizon": goal.horizon,
                "smart": smart,
                "letters": checked,
                "missing": ", ".join(
                    t.code("goal.field", m) for m in (check.missing if check else [])
                ),
                "status": code,
                "status_label": t.code("goal.status", code),
            }
        )
    return rows
