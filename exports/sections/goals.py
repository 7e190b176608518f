"""SMART goals of the workshop board, with their status against the pilot's KPI results.

A goal is matched to a pilot KPI by name, else by the same baseline, target and direction
(the two are typed separately and their names drift, e.g. "handling time" vs "average
complaint handling time").

Each goal carries its SMART check letter by letter with the reason, from the board's analysis;
a goal that names no link but matches a pilot KPI counts as relevant (R) here, where the
report sees the pilot."""

from __future__ import annotations

from typing import Any

from .. import fmt
from ..catalog import Catalog
from ..index import Index


def _kpi_for(goal: dict[str, Any], kpis: list[dict[str, Any]]) -> dict[str, Any] | None:
    name = (goal.get("metric") or "").strip().casefold()
    for kpi in kpis:
        if name and (kpi.get("name") or "").strip().casefold() == name:
            return kpi
    for kpi in kpis:
        if (goal.get("baseline"), goal.get("target"), goal.get("better")) == (
            kpi.get("baseline"),
            kpi.get("target"),
            kpi.get("better"),
        ):
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


def _progress(t: Catalog, kpi: dict[str, Any] | None) -> str:
    """What the pilot says about reaching the target: the only evidence of achievability."""
    if kpi is None or not isinstance(kpi.get("attainment_pct"), int | float):
        return ""
    return t("smart.pilot_progress", kpi=kpi.get("name") or "–", pct=fmt.pct(kpi["attainment_pct"]))


def letters(
    t: Catalog, goal: dict[str, Any], check: dict[str, Any], kpi: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """S, M, A, R, T with pass/fail and the reason in the report's language."""
    out = []
    for item in check.get("letters") or []:
        if not isinstance(item, dict) or item.get("letter") not in LETTERS:
            continue
        ok, code = bool(item.get("ok")), str(item.get("code") or "")
        raw = item.get("params")
        params = raw if isinstance(raw, dict) else {}
        if item["letter"] == "R" and not ok and kpi is not None and kpi.get("name"):
            ok, code, params = True, "kpi", {"kpi": kpi["name"]}
        unit = goal.get("unit") or ""
        shown = {k: _param(t, k, v, unit) for k, v in params.items()}
        reason = t.code("smart", code, **shown)
        if item["letter"] == "A" and ok:
            reason = " ".join(filter(None, (reason, _progress(t, kpi))))
        out.append(
            {
                "letter": item["letter"],
                "name": t(f"smart.letter.{item['letter']}"),
                "ok": ok,
                "reason": reason,
            }
        )
    return out


def status(goal: dict[str, Any], check: dict[str, Any], kpi: dict[str, Any] | None) -> str:
    """Where the pilot stands against the goal. Only a goal that cannot be measured (no
    metric, or no two different numbers) is "incomplete": a deadline that has since passed or
    a missing link does not undo a result, and the SMART letters say so themselves."""
    unmeasurable = any(
        not x.get("ok") for x in check.get("letters") or [] if x.get("letter") in ("S", "M")
    )
    if check.get("missing") or unmeasurable:
        return "incomplete"
    if kpi is None or kpi.get("mean") is None:
        return "not_measured"
    if kpi.get("target_met"):
        return "met"
    return "on_track" if kpi.get("improved") else "off_track"


def goals(t: Catalog, index: Index) -> list[dict[str, Any]]:
    board = index.first("workshop")
    if board is None:
        return []
    checks = {c["id"]: c for c in board.get("analysis", {}).get("goals", [])}
    kpis = index.pilot_kpis()
    rows = []
    for goal in board["snapshot"].get("goals", []):
        check = checks.get(goal["id"], {})
        kpi = _kpi_for(goal, kpis)
        checked = letters(t, goal, check, kpi)
        smart = all(x["ok"] for x in checked) if checked else bool(check.get("smart", False))
        code = status(goal, check, kpi)
        unit = goal.get("unit") or ""
        rows.append(
            {
                "metric": goal.get("metric") or "–",
                "baseline": f"{fmt.num(goal.get('baseline'))} {unit}".strip(),
                "target": f"{fmt.num(goal.get('target'))} {unit}".strip(),
                "current": f"{fmt.num(kpi.get('mean'))} {unit}".strip()
                if kpi and kpi.get("mean") is not None
                else "–",
                "deadline": _deadline(t, goal.get("deadline") or "", check.get("deadline_date")),
                "horizon": goal.get("horizon") or "",
                "smart": smart,
                "letters": checked,
                "missing": ", ".join(t.code("goal.field", m) for m in check.get("missing", [])),
                "status": code,
                "status_label": t.code("goal.status", code),
            }
        )
    return rows
