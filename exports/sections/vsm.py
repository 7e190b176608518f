"""Value-stream map section: both maps, step tables, metrics before/after, warnings."""

from __future__ import annotations

from typing import Any

from boards.vsm.analysis import MetricChange, StateAnalysis, StepMetrics, VsmAnalysis
from boards.vsm.model import VsmMap, VsmSnapshot

from .. import charts, fmt
from ..catalog import Catalog
from ..diagrams import vsm as diagram
from ..typed import Board

Vsm = Board[VsmSnapshot, VsmAnalysis]
KEY_METRICS = ("lead_minutes", "pce_pct", "rolled_pct_ca", "wait_minutes")
TIME_METRICS = (
    "lead_minutes",
    "wait_minutes",
    "cycle_minutes",
    "va_minutes",
    "nnva_minutes",
    "waste_minutes",
)


def metric_value(t: Catalog, metric: str, value: float | None) -> str:
    if metric.endswith("_minutes"):
        return fmt.minutes(t, value)
    if metric.endswith("pct") or metric == "rolled_pct_ca":
        return fmt.pct(value)
    return fmt.num(value)


def timed_label(t: Catalog, label: str, metric: str, basis: str) -> str:
    """A time metric's label names its clock, so "48 h" is not read as six working days."""
    if not metric.endswith("_minutes"):
        return label
    return t("vsm.with_basis", label=label, basis=t.code("vsm.basis", basis))


def basis_of(analysis: VsmAnalysis | None) -> str:
    return "calendar" if analysis is not None and analysis.time_basis == "calendar" else "working"


def change_text(t: Catalog, row: MetricChange) -> str:
    metric, change = row.metric, row.change
    if change is None:
        return "–"
    if metric in ("pce_pct", "rolled_pct_ca"):
        return t("unit.pp", n=fmt.signed(change))
    if metric.endswith("_minutes"):
        return fmt.signed_pct(row.change_pct)
    return fmt.signed(change)


def comparison(
    t: Catalog, analysis: VsmAnalysis | None, only: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    rows = []
    for row in analysis.comparison if analysis is not None else []:
        if only and row.metric not in only:
            continue
        rows.append(
            {
                "metric": row.metric,
                "label": timed_label(
                    t, t.code("vsm.metric", row.metric), row.metric, basis_of(analysis)
                ),
                "current": metric_value(t, row.metric, row.current),
                "future": metric_value(t, row.metric, row.future),
                "change": change_text(t, row),
                "improved": row.improved,
                "outcome": row.outcome or "",
                "outcome_text": t.code("vsm.outcome", row.outcome) if row.outcome else "",
            }
        )
    if only:
        rows.sort(key=lambda r: only.index(r["metric"]))
    return rows


def _steps(t: Catalog, state: VsmMap, analysis: StateAnalysis | None) -> list[dict[str, Any]]:
    metrics = {m.id: m for m in analysis.step_metrics} if analysis is not None else {}
    bottleneck = analysis.bottleneck if analysis is not None else None
    rows = []
    for i, step in enumerate(state.steps, 1):
        metric = metrics.get(step.id)
        klass = t.code("vsm.class", step.klass) if step.klass else "–"
        if step.waste_type:
            klass += f" · {t.code('vsm.waste', step.waste_type)}"
        rows.append(
            {
                "n": i,
                "name": step.name or "–",
                "department": step.department,
                "wait": fmt.minutes(t, metric.wait_minutes if metric else None),
                "cycle": fmt.minutes(t, metric.cycle_minutes if metric else None),
                "share": fmt.pct(metric.lead_share_pct if metric else None),
                "per_operator": _per_operator(t, metric),
                "routing": (
                    t("vsm.routing_badge", pct=fmt.pct(metric.routing_pct, 0))
                    if metric is not None and metric.routing_pct < 100
                    else ""
                ),
                "operators": fmt.num(step.operators),
                "pct_ca": fmt.pct(step.pct_ca, 0),
                "klass": klass,
                "klass_code": step.klass or "",
                "systems": ", ".join(step.systems),
                "notes": step.notes,
                "bottleneck": bottleneck == step.id,
                "over_takt": metric is not None and metric.over_takt,
            }
        )
    return rows


def _from_data(t: Catalog, state: VsmMap) -> list[str]:
    """One line per event log the steps were drawn from, naming the steps by number."""
    numbers: dict[str, list[str]] = {}
    for i, step in enumerate(state.steps, 1):
        if step.data_activity:
            numbers.setdefault(step.data_source, []).append(str(i))
    return [
        t("vsm.from_data", steps=t("list.sep").join(n), source=source or "–")
        for source, n in numbers.items()
    ]


def takt_time(t: Catalog, value: float | None) -> str:
    """Takt and cycle per operator in minutes up to 10 h: 80 min against 90 min, not 1.3 h
    against 1.5 h."""
    if value is None or abs(value) >= 600:
        return fmt.minutes(t, value)
    return t("unit.min", n=fmt.num(value, 0))


def _per_operator(t: Catalog, metric: StepMetrics | None) -> str:
    """Cycle time per operator against the step's takt, as practitioners compare them."""
    effective = takt_time(t, metric.effective_cycle_minutes if metric else None)
    step_takt = metric.step_takt_minutes if metric else None
    return f"{effective} / {takt_time(t, step_takt)}" if step_takt else effective


def warnings(t: Catalog, board: Vsm) -> list[str]:
    names = {}
    for state in (board.snapshot.current, board.snapshot.future):
        for step in state.steps:
            names[step.id] = step.name or step.id
    out = []
    for warning in board.analysis.warnings if board.analysis is not None else []:
        params: dict[str, Any] = dict(warning.params)
        if "step" in params:
            params["step"] = names.get(str(params["step"]), params["step"])
        if "state" in params:
            params["state"] = t.code("vsm.state", params["state"])
        if "field" in params:
            params["field"] = t.code("vsm.field", params["field"])
        for key in ("basis", "to"):
            if key in params:
                params[key] = t.code("vsm.basis", params[key])
        out.append(t.code("vsm.warning", warning.code, **params))
    return out


def _state(t: Catalog, key: str, board: Vsm) -> dict[str, Any] | None:
    state = board.snapshot.current if key == "current" else board.snapshot.future
    analysis = None
    if board.analysis is not None:
        analysis = board.analysis.current if key == "current" else board.analysis.future
    if not state.steps:
        return None
    bottleneck_id = analysis.bottleneck if analysis is not None else None
    bottleneck = next((s.name for s in state.steps if s.id == bottleneck_id), "")
    shares = [
        {
            "label": t.code("vsm.share", c.key),
            "minutes": fmt.minutes(t, c.minutes),
            "share": fmt.pct(c.share_pct),
            "pct": c.share_pct,
            "key": c.key,
        }
        for c in (analysis.by_class if analysis is not None else [])
        if c.minutes
    ]
    markers = [
        {
            "step": next((s.name for s in state.steps if s.id == m.step), "–"),
            "text": m.text,
        }
        for m in state.markers
    ]
    return {
        "key": key,
        "label": t.code("vsm.state", key),
        "diagram": diagram.diagram(t, state, analysis),
        "steps": _steps(t, state, analysis),
        "from_data": _from_data(t, state),
        "bottleneck": bottleneck,
        "bottleneck_time": fmt.minutes(
            t, analysis.bottleneck_minutes if analysis is not None else None
        ),
        "shares": shares,
        "markers": markers,
        "departments": [
            {
                "name": d.key or "–",
                "time": fmt.minutes(t, d.minutes),
                "share": fmt.pct(d.share_pct),
            }
            for d in (analysis.by_department if analysis is not None else [])
        ],
    }


def section(t: Catalog, board: Vsm) -> dict[str, Any]:
    analysis = board.analysis
    states = [s for s in (_state(t, k, board) for k in ("current", "future")) if s]
    by_metric = {r.metric: r for r in analysis.comparison} if analysis is not None else {}
    chart = None
    if all(m in by_metric and by_metric[m].future is not None for m in TIME_METRICS):
        chart = charts.before_after(
            t("vsm.chart.before_after"),
            [t.code("vsm.metric_short", m) for m in TIME_METRICS],
            [fmt.hours(by_metric[m].current) for m in TIME_METRICS],
            [fmt.hours(by_metric[m].future) for m in TIME_METRICS],
            (t("vsm.state.current"), t("vsm.state.future")),
            t("unit.h_short"),
        )
    takt = analysis.takt_minutes if analysis is not None else None
    day_hours = fmt.num(analysis.day_hours if analysis is not None else None)
    return {
        "kind": "vsm",
        "title": board.title or t("kind.vsm"),
        # a board with nothing to show is one line of the report ("not started yet")
        "missing": "" if states else t("missing.vsm"),
        "states": states,
        "comparison": comparison(t, analysis) if len(states) == 2 else [],
        "chart": chart,
        "takt": fmt.minutes(t, takt) if takt else "",
        "day_hours": day_hours,
        "basis": t.code("vsm.basis", basis_of(analysis)),
        "basis_note": t.code(
            "vsm.basis_note",
            (analysis.time_basis if analysis is not None else "") or "working",
            hours=day_hours,
        ),
        "takt_note": t("vsm.takt_note", takt=takt_time(t, takt)) if takt else "",
        "warnings": warnings(t, board),
    }
