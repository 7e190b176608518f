"""Roll-out section: the go / no-go decision with the pilot evidence it rests on, the waves
with their readiness and a timeline, resources and constraints, the risk register with its
heat map, and one control chart per pilot KPI saying whether the gain holds.

Wording never claims more than the chart shows: no readings is "no data yet", no signal is
"no sign of a relapse so far", and a worse-direction signal is a possible relapse to look into.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from boards.rollout.analysis import Chart, RolloutAnalysis, WaveState, risk_level
from boards.rollout.layout import CATEGORIES, Decision, RolloutSnapshot

from .. import charts, fmt
from ..catalog import Catalog
from ..typed import Board

Rollout = Board[RolloutSnapshot, RolloutAnalysis]
LEVELS = ("low", "medium", "high")


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _span(t: Catalog, first: str, last: str) -> str:
    return fmt.day(first, t) if first == last else f"{fmt.day(first, t)} – {fmt.day(last, t)}"


def item_label(t: Catalog, label: str) -> str:
    """An open readiness item as the analysis names it: a standard item's catalog key or text."""
    return (
        t(f"rollout.{label}")
        if label.startswith("readiness.") and t.has(f"rollout.{label}")
        else label
    )


def decision(
    t: Catalog, current: Decision | None, history: list[Decision]
) -> dict[str, Any] | None:
    if current is None:
        return None
    pilot = current.pilot
    return {
        "verdict_code": current.verdict,
        "verdict": t.code("rollout.verdict", current.verdict),
        "rationale": current.rationale,
        "by": current.decided_by or "–",
        "at": fmt.day(current.decided_at, t),
        "pilot": pilot.name,
        "period": t("period", start=fmt.day(pilot.start, t), end=fmt.day(pilot.end, t))
        if pilot.start
        else "",
        "kpis": [
            {
                "name": k.name or k.id,
                "baseline": f"{fmt.num(k.baseline)} {k.unit}".strip(),
                "target": f"{fmt.num(k.target)} {k.unit}".strip(),
                "change": f"{fmt.signed(k.change)} {t('pilot.pp') if k.percent else k.unit}".strip(),
                "verdict_code": k.verdict,
                "verdict": t.code("pilot.verdict", k.verdict) or "–",
            }
            for k in pilot.kpis
        ],
        "changes": [
            {"date": fmt.day(c.date, t), "text": c.text, "reason": c.reason} for c in pilot.changes
        ],
        "history": [
            {
                "verdict": t.code("rollout.verdict", d.verdict),
                "by": d.decided_by or "–",
                "at": fmt.day(d.decided_at, t),
                "rationale": d.rationale,
            }
            for d in reversed(history[:-1])
        ],
    }


def _wave_status(t: Catalog, w: WaveState) -> str:
    return t.code("rollout.status", w.status)


def waves(t: Catalog, board: Rollout) -> list[dict[str, Any]]:
    analysis = board.analysis
    if analysis is None:
        return []
    golive = board.snapshot.golive
    rows = []
    for w in analysis.waves:
        record = golive.get(w.id)
        rows.append(
            {
                "name": w.name or "–",
                "scope": t.code("rollout.scope", w.scope),
                "owner": w.owner or "–",
                "start": fmt.day(w.start, t),
                "planned": fmt.day(w.golive_planned, t),
                "actual": fmt.day(w.golive_actual, t) if w.golive_actual else "",
                "status_code": w.status,
                "status": _wave_status(t, w),
                "late": w.late,
                "done": w.readiness_done,
                "total": w.readiness_total,
                "open": [item_label(t, label) for label in w.open_items],
                "overridden": w.overridden,
                "override_items": [item_label(t, label) for label in record.open_items]
                if record is not None and record.override
                else [],
                "reason": record.reason if record is not None and record.override else "",
            }
        )
    return rows


def timeline(t: Catalog, analysis: RolloutAnalysis | None) -> dict[str, Any] | None:
    """A Gantt-style chart laid out in percent of the plan's span: each wave's bar from start
    to planned go-live, a marker at the actual go-live."""
    if analysis is None:
        return None
    first, last = _iso(analysis.timeline.start), _iso(analysis.timeline.end)
    if first is None or last is None:
        return None
    span = max((last - first).days + 1, 1)

    def at(text: str) -> float | None:
        day = _iso(text)
        return None if day is None else round((day - first).days / span * 100, 2)

    rows = []
    for w in analysis.waves:
        start, planned, actual = at(w.start), at(w.golive_planned), at(w.golive_actual)
        begin = start if start is not None else planned
        end = planned if planned is not None else start
        bar = None
        if begin is not None and end is not None and end >= begin:
            bar = {"left": begin, "width": max(end - begin + 100 / span, 0.8)}
        rows.append(
            {
                "name": w.name or "–",
                "bar": bar,
                "actual": actual,
                "status_code": w.status,
                "late": w.late,
            }
        )
    # weekly ticks (Mondays) over a short plan, monthly over a long one
    ticks = []
    if span <= 70:
        day = first + timedelta(days=-first.weekday() % 7)
        step = timedelta(days=7)
    else:
        day = date(first.year, first.month, 1) if first.day == 1 else _next_month(first)
        step = timedelta(0)
    while day <= last:
        ticks.append(
            {"left": at(day.isoformat()), "label": t("rollout.tick", m=day.month, d=day.day)}
        )
        day = day + step if step else _next_month(day)
    return {
        "rows": rows,
        "ticks": ticks,
        "start": fmt.day(analysis.timeline.start, t),
        "end": fmt.day(analysis.timeline.end, t),
    }


def resources(t: Catalog, board: Rollout) -> list[dict[str, Any]]:
    grouped = board.analysis.resources if board.analysis is not None else {}
    return [
        {
            "category_code": c,
            "category": t.code("rollout.category", c),
            "items": [{"text": r.text or "–", "detail": r.detail} for r in grouped.get(c, [])],
        }
        for c in CATEGORIES
        if grouped.get(c)
    ]


def risks(t: Catalog, analysis: RolloutAnalysis | None) -> dict[str, Any]:
    if analysis is None:
        return {"rows": [], "matrix": []}
    rows = [
        {
            "text": r.text or "–",
            "likelihood": fmt.num(r.likelihood),
            "impact": fmt.num(r.impact),
            "score": fmt.num(r.score),
            "level_code": r.level or "",
            "level": t.code("rollout.level", r.level),
            "mitigation": r.mitigation,
            "owner": r.owner or "–",
            "status_code": r.status,
            "status": t.code("rollout.risk_status", r.status),
        }
        for r in analysis.risks
    ]
    # likelihood from 5 (top) down to 1, impact from 1 (left) to 5
    matrix = [
        {
            "likelihood": lik,
            "cells": [
                {
                    "count": analysis.risk_matrix[lik - 1][imp - 1]
                    if len(analysis.risk_matrix) >= lik
                    and len(analysis.risk_matrix[lik - 1]) >= imp
                    else 0,
                    "level": risk_level(lik * imp),
                }
                for imp in range(1, 6)
            ],
        }
        for lik in range(5, 0, -1)
    ]
    return {"rows": rows, "matrix": matrix}


def _rule(t: Catalog, rule: str) -> str:
    return t.code("rollout.rule", rule)


def chart_notes(t: Catalog, c: Chart) -> dict[str, Any]:
    """What the chart shows, in words: the verdict line and the caveats."""
    name = c.name or c.kpi_id
    worse = [s for s in c.signals if s.direction == "worse"]
    better = [s for s in c.signals if s.direction == "better"]
    if c.centre is None:
        verdict = t("rollout.chart.no_limits", kpi=name)
    elif not c.points:
        verdict = t("rollout.chart.no_data", kpi=name)
    elif worse:
        verdict = t("rollout.chart.relapse", kpi=name)
    else:
        verdict = t("rollout.chart.holding", kpi=name, n=len(c.points))
    signals = [
        t(
            "rollout.chart.signal.worse",
            rule=_rule(t, s.rule),
            span=_span(t, s.first_date, s.last_date),
        )
        for s in worse
    ]
    if better:  # one line: a gain beyond the pilot's is welcome, its every rule is detail
        rules = t("list.sep").join(dict.fromkeys(_rule(t, s.rule) for s in better))
        first, last = min(s.first_date for s in better), max(s.last_date for s in better)
        signals.append(t("rollout.chart.signal.better", rules=rules, span=_span(t, first, last)))
    caveats = []
    if c.limits_fallback:
        caveats.append(t("rollout.chart.fallback"))
    if c.provisional and c.centre is not None:
        caveats.append(t("rollout.chart.provisional", n=c.limit_points))
    if c.centre is not None and c.mr_bar == 0:
        caveats.append(t("rollout.chart.no_variation"))
    return {
        "verdict": verdict,
        "relapse": bool(worse),
        "holding": c.holding,
        "signals": signals,
        "caveats": caveats,
    }


def point_directions(c: Chart) -> list[str]:
    """Per point: "worse" when a worse-direction signal counts it, else "better" when a
    better-direction one does, else "" (the analysis names the rules per point and the
    dates per signal)."""
    out = []
    for p in c.points:
        hits = {
            s.direction
            for s in c.signals
            if s.rule in p.signals and s.first_date <= p.date <= s.last_date
        }
        out.append("worse" if "worse" in hits else "better" if hits else "")
    return out


def _svg(t: Catalog, c: Chart) -> Any:
    if not c.points:
        return None
    labels = [p.date[5:].replace("-", "/") for p in c.points]
    return charts.control_chart(
        t(
            "rollout.chart.title",
            kpi=c.name or c.kpi_id,
            source=t.code("rollout.limits_from", c.limits_from),
        ),
        labels,
        [p.value for p in c.points],
        point_directions(c),
        (c.centre, c.ucl, c.lcl),
        (t("rollout.chart.readings"), t("rollout.chart.centre"), "UCL", "LCL"),
        c.unit,
    )


def control_charts(t: Catalog, analysis: RolloutAnalysis | None) -> list[dict[str, Any]]:
    if analysis is None:
        return []
    return [
        {
            "name": c.name or c.kpi_id,
            "svg": _svg(t, c),
            "centre": f"{fmt.num(c.centre, 2)} {c.unit}".strip(),
            "ucl": f"{fmt.num(c.ucl, 2)} {c.unit}".strip(),
            "lcl": f"{fmt.num(c.lcl, 2)} {c.unit}".strip(),
            "limits": t(
                "rollout.chart.limits",
                source=t.code("rollout.limits_from", c.limits_from),
                n=c.limit_points,
            ),
            "points": len(c.points),
            **chart_notes(t, c),
        }
        for c in analysis.charts
    ]


def findings(t: Catalog, analysis: RolloutAnalysis | None) -> list[str]:
    if analysis is None:
        return []
    out = []
    for f in analysis.findings:
        params: dict[str, Any] = dict(f.params)
        if "rule" in params:
            params["rule"] = _rule(t, str(params["rule"]))
        if "first" in params and "last" in params:
            params["span"] = _span(t, str(params["first"]), str(params["last"]))
        if "date" in params:
            params["date"] = fmt.day(str(params["date"]), t)
        out.append(t.code("rollout.finding", f.code, **params))
    return out


def section(t: Catalog, board: Rollout) -> dict[str, Any]:
    snap, analysis = board.snapshot, board.analysis
    charts_ = control_charts(t, analysis)
    points = findings(t, analysis)
    started = snap.decision or snap.waves or snap.risks or snap.resources or snap.readiness
    return {
        "kind": "rollout",
        "title": board.title or t("kind.rollout"),
        "missing": "" if started else t("missing.rollout"),
        "decision": decision(t, snap.decision, snap.decision_history),
        "waves": waves(t, board),
        "live": analysis.live_waves if analysis is not None else 0,
        "timeline": timeline(t, analysis),
        "resources": resources(t, board),
        "risks": risks(t, analysis),
        "charts": charts_,
        "readings": analysis.readings if analysis is not None else 0,
        "relapse": any(c["relapse"] for c in charts_),
        "findings": points,
        "warnings": points,  # what the Markdown summary lists per section
        "appendix": [],
    }
