"""Value-stream map section: both maps, step tables, metrics before/after, warnings."""

from __future__ import annotations

from typing import Any

from .. import charts, fmt
from ..catalog import Catalog
from ..diagrams import vsm as diagram
from ..typed import Board

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


def basis_of(analysis: dict[str, Any]) -> str:
    return "calendar" if analysis.get("time_basis") == "calendar" else "working"


def change_text(t: Catalog, row: dict[str, Any]) -> str:
    metric, change = row["metric"], row.get("change")
    if change is None:
        return "–"
    if metric in ("pce_pct", "rolled_pct_ca"):
        return t("unit.pp", n=fmt.signed(change))
    if metric.endswith("_minutes"):
        return fmt.signed_pct(row.get("change_pct"))
    return fmt.signed(change)


def comparison(
    t: Catalog, analysis: dict[str, Any], only: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    rows = []
    for row in analysis.get("comparison", []):
        if only and row["metric"] not in only:
            continue
        rows.append(
            {
                "metric": row["metric"],
                "label": timed_label(
                    t, t.code("vsm.metric", row["metric"]), row["metric"], basis_of(analysis)
                ),
                "current": metric_value(t, row["metric"], row.get("current")),
                "future": metric_value(t, row["metric"], row.get("future")),
                "change": change_text(t, row),
                "improved": row.get("improved"),
                "outcome": row.get("outcome") or "",
                "outcome_text": t.code("vsm.outcome", row["outcome"]) if row.get("outcome") else "",
            }
        )
    if only:
        rows.sort(key=lambda r: only.index(r["metric"]))
    return rows


def _steps(t: Catalog, state: dict[str, Any], analysis: dict[str, Any]) -> list[dict[str, Any]]:
    metrics = {m["id"]: m for m in analysis.get("step_metrics", [])}
    rows = []
    for i, step in enumerate(state.get("steps", []), 1):
        metric = metrics.get(step["id"], {})
        klass = t.code("vsm.class", step.get("klass")) if step.get("klass") else "–"
        if step.get("waste_type"):
            klass += f" · {t.code('vsm.waste', step['waste_type'])}"
        rows.append(
            {
                "n": i,
                "name": step.get("name") or "–",
                "department": step.get("department") or "",
                "wait": fmt.minutes(t, metric.get("wait_minutes")),
                "cycle": fmt.minutes(t, metric.get("cycle_minutes")),
                "share": fmt.pct(metric.get("lead_share_pct")),
                "per_operator": _per_operator(t, metric),
                "routing": (
                    t("vsm.routing_badge", pct=fmt.pct(metric["routing_pct"], 0))
                    if metric.get("routing_pct", 100) < 100
                    else ""
                ),
                "operators": fmt.num(step.get("operators")),
                "pct_ca": fmt.pct(step.get("pct_ca"), 0),
                "klass": klass,
                "klass_code": step.get("klass") or "",
                "systems": ", ".join(step.get("systems") or []),
                "notes": step.get("notes") or "",
                "bottleneck": analysis.get("bottleneck") == step["id"],
                "over_takt": bool(metric.get("over_takt")),
            }
        )
    return rows


def takt_time(t: Catalog, value: float | None) -> str:
    """Takt and cycle per operator in minutes up to 10 h: 80 min against 90 min, not 1.3 h
    against 1.5 h."""
    if value is None or abs(value) >= 600:
        return fmt.minutes(t, value)
    return t("unit.min", n=fmt.num(value, 0))


def _per_operator(t: Catalog, metric: dict[str, Any]) -> str:
    """Cycle time per operator against the step's takt, as practitioners compare them."""
    effective = takt_time(t, metric.get("effective_cycle_minutes"))
    step_takt = metric.get("step_takt_minutes")
    return f"{effective} / {takt_time(t, step_takt)}" if step_takt else effective


def warnings(t: Catalog, board: dict[str, Any]) -> list[str]:
    names = {}
    for state in ("current", "future"):
        for step in board["snapshot"].get(state, {}).get("steps", []):
            names[step["id"]] = step.get("name") or step["id"]
    out = []
    for warning in board.get("analysis", {}).get("warnings", []):
        params = dict(warning.get("params") or {})
        if "step" in params:
            params["step"] = names.get(params["step"], params["step"])
        if "state" in params:
            params["state"] = t.code("vsm.state", params["state"])
        if "field" in params:
            params["field"] = t.code("vsm.field", params["field"])
        for key in ("basis", "to"):
            if key in params:
                params[key] = t.code("vsm.basis", params[key])
        out.append(t.code("vsm.warning", warning.get("code"), **params))
    return out


def _state(t: Catalog, key: str, board: dict[str, Any]) -> dict[str, Any] | None:
    state = board["snapshot"].get(key, {})
    analysis = board.get("analysis", {}).get(key, {})
    if not state.get("steps"):
        return None
    bottleneck = next(
        (s.get("name") for s in state["steps"] if s["id"] == analysis.get("bottleneck")), ""
    )
    shares = [
        {
            "label": t.code("vsm.share", c["key"]),
            "minutes": fmt.minutes(t, c["minutes"]),
            "share": fmt.pct(c["share_pct"]),
            "pct": c["share_pct"],
            "key": c["key"],
        }
        for c in analysis.get("by_class", [])
        if c["minutes"]
    ]
    markers = [
        {
            "step": next((s.get("name") for s in state["steps"] if s["id"] == m.get("step")), "–"),
            "text": m.get("text") or "",
        }
        for m in state.get("markers", [])
    ]
    return {
        "key": key,
        "label": t.code("vsm.state", key),
        "diagram": diagram.diagram(t, state, analysis),
        "steps": _steps(t, state, analysis),
        "bottleneck": bottleneck,
        "bottleneck_time": fmt.minutes(t, analysis.get("bottleneck_minutes")),
        "shares": shares,
        "markers": markers,
        "departments": [
            {
                "name": d["key"] or "–",
                "time": fmt.minutes(t, d["minutes"]),
                "share": fmt.pct(d["share_pct"]),
            }
            for d in analysis.get("by_department", [])
        ],
    }


def section(t: Catalog, typed: Board[Any, Any]) -> dict[str, Any]:
    board = typed.raw  # not yet read through the typed models
    analysis = board.get("analysis", {})
    states = [s for s in (_state(t, k, board) for k in ("current", "future")) if s]
    by_metric = {r["metric"]: r for r in analysis.get("comparison", [])}
    chart = None
    if all(by_metric.get(m, {}).get("future") is not None for m in TIME_METRICS):
        chart = charts.before_after(
            t("vsm.chart.before_after"),
            [t.code("vsm.metric_short", m) for m in TIME_METRICS],
            [fmt.hours(by_metric[m]["current"]) for m in TIME_METRICS],
            [fmt.hours(by_metric[m]["future"]) for m in TIME_METRICS],
            (t("vsm.state.current"), t("vsm.state.future")),
            t("unit.h_short"),
        )
    takt = analysis.get("takt_minutes")
    return {
        "kind": "vsm",
        "title": board.get("title") or t("kind.vsm"),
        "states": states,
        "comparison": comparison(t, analysis) if len(states) == 2 else [],
        "chart": chart,
        "takt": fmt.minutes(t, takt) if takt else "",
        "day_hours": fmt.num(analysis.get("day_hours")),
        "basis": t.code("vsm.basis", basis_of(analysis)),
        "basis_note": t.code(
            "vsm.basis_note",
            analysis.get("time_basis") or "working",
            hours=fmt.num(analysis.get("day_hours")),
        ),
        "takt_note": t("vsm.takt_note", takt=takt_time(t, takt)) if takt else "",
        "warnings": warnings(t, board),
    }
