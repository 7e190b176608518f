"""The A3: the report's first page, what a manager reads before the evidence behind it.

Left column: background, problem, current state, goals, root cause. Right column:
countermeasures (actions), the plan, results against the goal (the designed future state and
the pilot's measurements kept apart), decision needed and next steps.

One page whatever the content: every text is cut to a few sentences, every list to a few
items with "+ n more", and the type shrinks with the amount shown (``density``). The team's
own text (``boards/a3.py``) replaces a generated sentence; an empty field keeps it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from boards.a3 import FIELDS, A3Text
from boards.vsm.analysis import VsmAnalysis
from boards.workshop import WorkshopSnapshot

from .. import fmt
from ..catalog import Catalog
from ..index import Index
from . import a3_actions, a3_fit, a3_results, a3_rollout, fishbone, ideas, vsm
from .goals import goals

TEXT = 300  # characters of one free-text field on the page
ITEM = 110  # characters of one list item (a cause, a goal)
LISTS = {"goals": 3, "causes": 3, "actions": 6, "kpis": 4, "ideas": 4}
# Text width (half-em units, list rows counted as ``ROW``) above which the type shrinks a step.
DENSITY = (1900, 2700)  # of the fuller column
ROW = 100


def clip(text: str, limit: int = ITEM) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shown(items: list[Any], kind: str) -> tuple[list[Any], int]:
    """The first items that fit, and how many were left out."""
    limit = LISTS[kind]
    return items[:limit], max(0, len(items) - limit)


def own_text(a3: A3Text, name: str, generated: str) -> dict[str, Any]:
    """The team's text for ``name`` if they wrote one, else the generated sentence."""
    written = getattr(a3, name)
    return {"text": clip(written or generated, TEXT), "generated": not written}


def _workshop(index: Index) -> WorkshopSnapshot | None:
    raw = index.first("workshop")
    return index.typed(raw).snapshot if raw is not None else None


def background(t: Catalog, index: Index) -> str:
    meta = index.workshop
    process, boundary = meta.get("process") or "", meta.get("boundary") or ""
    if not process:
        return t("a3.missing.background")
    text = t("a3.gen.background", process=process)
    return f"{text} {t('a3.gen.boundary', boundary=boundary)}" if boundary else text


def problem(t: Catalog, index: Index, goal_rows: list[dict[str, Any]]) -> str:
    for board in index.boards("fishbone"):
        effect = index.typed(board).snapshot.problem.strip()
        if effect:
            return str(t("a3.gen.problem", problem=effect))
    measured = [g for g in goal_rows if g["baseline"] and g["metric"] != "–"]
    if measured:
        g = measured[0]
        return str(t("a3.gen.problem_goal", metric=g["metric"], baseline=g["baseline"]))
    return str(t("a3.missing.problem"))


def current_state(t: Catalog, index: Index, analysis: VsmAnalysis | None) -> dict[str, Any]:
    """Lead time, PCE and the bottleneck of the current-state map, as figures and a sentence."""
    if analysis is None or not analysis.current.steps:
        return {"figures": [], "text": t("a3.missing.current")}
    now, basis = analysis.current, vsm.basis_of(analysis)
    figures = [
        {
            "label": vsm.timed_label(t, t("vsm.metric.lead_minutes"), "lead_minutes", basis),
            "value": fmt.minutes(t, now.lead_minutes),
        },
        {"label": t("vsm.metric.pce_pct"), "value": fmt.pct(now.pce_pct)},
    ]
    parts = [
        t(
            "a3.gen.current",
            steps=now.steps,
            lead=fmt.minutes(t, now.lead_minutes),
            va=fmt.minutes(t, now.va_minutes),
            pce=fmt.pct(now.pce_pct),
        )
    ]
    placed = index.steps.get(now.bottleneck or "")
    step = (placed.step.name or "") if placed is not None else ""
    if step:
        figures.append(
            {
                "label": t("a3.bottleneck"),
                "value": clip(step, 40),
                "note": fmt.minutes(t, now.bottleneck_minutes),
            }
        )
        parts.append(
            t(
                "a3.gen.bottleneck",
                step=clip(step, 60),
                minutes=fmt.minutes(t, now.bottleneck_minutes),
            )
        )
    return {"figures": figures, "text": " ".join(parts)}


def causes(t: Catalog, index: Index) -> dict[str, Any]:
    found = [c for b in index.boards("fishbone") for c in fishbone.top_causes(index.typed(b), 10)]
    confirmed = [c for c in found if c["root"]]
    rows, more = shown(confirmed or found, "causes")
    items = []
    for c in rows:
        evidence = [
            t("a3.evidence", text=c["evidence"]) if c["evidence"] else "",
            t("summary.cause_count", count=c["count"], share=c["share"]) if c["count"] else "",
            t("a3.why_root", text=c["why_root"]) if c["why_root"] else "",
        ]
        items.append(
            {
                "text": clip(c["text"]),
                "root": c["root"],
                "evidence": clip(" · ".join(e for e in evidence if e), 2 * ITEM),
            }
        )
    if confirmed:
        lead = t("a3.gen.causes_confirmed", n=len(confirmed))
    elif found:
        lead = t("a3.gen.causes_candidates")
    else:
        lead = t("a3.missing.causes")
    return {"lead": lead, "rows": items, "more": more}


def goal_items(t: Catalog, rows: list[dict[str, Any]]) -> dict[str, Any]:
    items, more = shown(rows, "goals")
    out = [
        {
            "text": clip(
                t(
                    "a3.gen.goal",
                    metric=g["metric"],
                    baseline=g["baseline"] or "–",
                    target=g["target"] or "–",
                    deadline=g["deadline"] or "–",
                )
            ),
            "smart": g["smart"],
            "status": g["status"],
            "status_label": g["status_label"],
        }
        for g in items
    ]
    return {"rows": out, "more": more, "missing": "" if rows else t("a3.missing.goals")}


def _vsm_analysis(index: Index) -> VsmAnalysis | None:
    for board in index.boards("vsm"):
        analysis: VsmAnalysis | None = index.typed(board).analysis
        if analysis is not None and analysis.current.steps:
            return analysis
    return None


def width(text: str) -> int:
    """A text's width in half-em units: a Chinese character takes two, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


LEFT = ("background", "problem", "current", "goals", "causes")
RIGHT = ("actions", "plan", "results")


def density(page: dict[str, Any]) -> str:
    """ "", "dense" or "denser": how much the type shrinks so that the fuller column fits."""
    load = max(_load(page, LEFT), _load(page, RIGHT))
    return "" if load <= DENSITY[0] else "dense" if load <= DENSITY[1] else "denser"


def _load(page: dict[str, Any], parts: tuple[str, ...]) -> int:
    sustain = page["results"]["sustain"]
    # the sustain box: its rows, its title and its frame
    results = len(page["results"]["kpis"]) + len(sustain) + 2 * bool(sustain)
    rows = sum(len(page[p].get("rows", [])) for p in parts) + results * ("results" in parts)
    return sum(width(v) for p in parts for v in _texts(page[p])) + ROW * rows


# Where even the smallest type is too much, lists keep fewer rows (the rest is "+ n more").
DENSER = {"goals": 2, "causes": 2, "actions": 4, "kpis": 2}


def trim(page: dict[str, Any]) -> None:
    for key, limit in DENSER.items():
        part = page["results"] if key == "kpis" else page[key]
        rows = part["kpis" if key == "kpis" else "rows"]
        part["more"] += max(0, len(rows) - limit)
        del rows[limit:]


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _texts(v)]
    if isinstance(value, list):
        return [s for v in value for s in _texts(v)]
    return []


def _parts(t: Catalog, index: Index) -> tuple[dict[str, Any], dict[str, str]]:
    """The generated page, and the generated sentences of the team's free-text fields."""
    goal_rows = goals(t, index)
    analysis = _vsm_analysis(index)
    chosen = [r for b in index.boards("ideas") for r in ideas.chosen(index.typed(b))]
    found = a3_actions.actions(t, index, _workshop(index))
    results = a3_results.results(t, index, analysis, chosen)
    rollout = a3_rollout.decided(index)
    results["sustain"] = a3_rollout.sustain(t, rollout)
    page: dict[str, Any] = {
        "title": clip(index.workshop.get("title") or t("report.untitled"), 90),
        "date": fmt.day(index.snapshot.get("exported_at"), t),
        "current": current_state(t, index, analysis),
        "goals": goal_items(t, goal_rows),
        "causes": causes(t, index),
        "actions": found,
        "plan": a3_results.plan(t, index),
        "results": results,
    }
    generated = {
        "background": background(t, index),
        "problem": problem(t, index, goal_rows),
        "decision_needed": a3_rollout.decision(t, rollout, TEXT)
        if rollout is not None
        else a3_results.decision(t, index, results, chosen),
        "next_steps": a3_actions.next_steps(
            t, found, a3_rollout.waves(t, rollout) if rollout is not None else ""
        ),
    }
    return page, generated


def generated(t: Catalog, index: Index) -> dict[str, str]:
    """What the report writes in each free-text field the team leaves empty."""
    return {name: clip(text, TEXT) for name, text in _parts(t, index)[1].items()}


def a3(t: Catalog, index: Index) -> dict[str, Any]:
    snapshot = _workshop(index)
    written = snapshot.a3 if snapshot is not None else A3Text()
    page, sentences = _parts(t, index)
    for name in FIELDS:
        page[name] = own_text(written, name, sentences[name])
    page["written"] = any(not page[name]["generated"] for name in FIELDS)
    page["density"] = density(page)
    if page["density"] == "denser":
        trim(page)
    page["shortened"] = False
    a3_fit.fit(page, t)
    return page
