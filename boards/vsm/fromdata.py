"""The current state drawn from an event log's analysis, and redrawn when a newer log comes.

Which activities: those of the most frequent variants, taken until they cover ``coverage``
of the cases (at least the dominant path). Each becomes a step, in the analysis's order
(first median position in the cases), with

- ``routing_pct``: the share of all cases that contain the activity (100 when every case
  does), so a step only some cases pass is weighted as the map's analysis expects;
- ``cycle_time``: the median processing time, ``wait_time``: the median wait before it;
  the log's clock is elapsed time, so ``time_basis`` is "calendar" (the map's analysis
  converts to a working-time map with its day length, and says so) and the unit is the
  largest of min / h / d (24 h) that keeps the figure at least 1;
- ``department``: the activity's most frequent department (or resource);
- ``data_activity``, ``data_source``, ``data_values`` (``layout.DATA_FIELDS``).

A step the team drew by hand with an activity's name (spacing and case aside) is adopted,
not doubled: it comes to stand for the activity, what the team filled in stays and only its
empty fields are filled from the data.

Re-import matches steps by ``data_activity``. A field is updated only while it still holds
the value the last import wrote (``data_values``), so whatever the team edited -- a name, a
class, a note, a figure -- survives; a time and its unit (and the step's time basis) go
together, so an edited figure never gets a new unit under it. New activities are inserted
after the step of the activity before them; steps of activities the log no longer has are
kept and reported, never deleted. Everything is written in one transaction: one undo step,
one update every client receives.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from typing import Any

from pycrdt import Doc, Map
from pydantic import BaseModel, Field

from ..values import plain
from . import layout
from .eventlog.model import ActivityStats, EventLogAnalysis, Stat
from .layout import Unit
from .read import parse_number

MIN_COVERAGE, MAX_COVERAGE = 0.5, 1.0
DEFAULT_COVERAGE = 0.8
MAX_STEPS = 200  # more activities than any map can show: the log needs filtering first
BASIS = "calendar"  # event timestamps count elapsed time

# Fields updated together: a time means nothing without its unit and basis.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("name",),
    ("department",),
    ("routing_pct",),
    ("cycle_time", "cycle_unit", "time_basis"),
    ("wait_time", "wait_unit", "time_basis"),
)
NUMERIC = frozenset({"cycle_time", "wait_time", "routing_pct"})
TIME_GROUPS = tuple(g for g in GROUPS if "time_basis" in g)

Value = str | float | None


class FromDataResult(BaseModel):
    """What ``apply`` did, by activity name (the client shows it; the command returns it)."""

    added: list[str] = Field(default_factory=list)
    # steps the team drew by hand, now standing for the activity of the same name: their
    # filled fields stay, the empty ones are filled from the data
    adopted: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    # activity -> fields kept because the team edited them
    kept: dict[str, list[str]] = Field(default_factory=dict)
    # steps drawn from an earlier log whose activity this log's chosen variants lack
    missing: list[str] = Field(default_factory=list)
    coverage: float = 0.0  # share of cases the chosen variants cover
    variants: int = 0  # how many variants were chosen


def unit_for(minutes: float) -> tuple[float, Unit]:
    """The figure in the largest unit where it is at least 1 (elapsed: a day is 24 h),
    rounded to what a map shows: 0.1 min, 0.01 h or d."""
    if minutes >= 1440:
        return round(minutes / 1440, 2), "d"
    if minutes >= 60:
        return round(minutes / 60, 2), "h"
    return round(minutes, 1), "min"


def chosen_variants(analysis: EventLogAnalysis, coverage: float) -> tuple[list[list[str]], float]:
    """The most frequent variants until they cover ``coverage`` of the cases (at least one)."""
    ranked = sorted(analysis.variants, key=lambda v: -v.cases)
    total = analysis.source.cases or sum(v.cases for v in ranked) + analysis.variants_other_cases
    out: list[list[str]] = []
    covered = 0
    for variant in ranked:
        if out and total and covered / total >= coverage - 1e-9:
            break
        out.append(variant.activities)
        covered += variant.cases
    return out, (covered / total if total else 0.0)


def _stat_minutes(stat: Stat | None) -> float | None:
    if stat is None or not math.isfinite(stat.median) or stat.median < 0:
        return None
    return stat.median


def step_values(activity: ActivityStats, total_cases: int) -> dict[str, Value]:
    """The fields an import writes for ``activity`` (keys of ``GROUPS``)."""
    values: dict[str, Value] = {
        "name": activity.name,
        "department": (activity.department or "").strip(),
        "routing_pct": 100.0,
        "time_basis": BASIS,
    }
    if total_cases > 0 and activity.cases < total_cases:
        values["routing_pct"] = round(100 * activity.cases / total_cases, 1)
    for field, stat in (("cycle", activity.processing), ("wait", activity.waiting)):
        minutes = _stat_minutes(stat)
        if minutes is None:
            values[f"{field}_time"], values[f"{field}_unit"] = None, None
        else:
            values[f"{field}_time"], values[f"{field}_unit"] = unit_for(minutes)
    return values


def source_label(analysis: EventLogAnalysis) -> str:
    source = analysis.source
    return f"{source.name} · {source.sha256[:8]} · {source.imported_at}"


def plan(analysis: EventLogAnalysis, coverage: float) -> tuple[list[ActivityStats], float, int]:
    """The activities to draw, in the analysis's order; the coverage reached; variants used."""
    variants, covered = chosen_variants(analysis, coverage)
    wanted = {name for variant in variants for name in variant}
    activities = [a for a in analysis.activities if a.name in wanted]
    return activities, covered, len(variants)


def _same(field: str, current: Any, recorded: Value) -> bool:
    """Whether the step still holds what the last import wrote (numbers typed as text count)."""
    if field in NUMERIC:
        try:
            number = parse_number(current)
        except ValueError:
            return False
        return number == recorded if recorded is not None else number is None
    if recorded is None:
        return current is None or current == ""
    return bool(current == recorded)


def apply(content: Doc, analysis: EventLogAnalysis, coverage: float) -> FromDataResult:
    """Create or update the current state's steps from ``analysis``, in one transaction."""
    if not MIN_COVERAGE <= coverage <= MAX_COVERAGE:
        raise ValueError(f"coverage must be in [{MIN_COVERAGE}, {MAX_COVERAGE}], got {coverage}")
    activities, covered, variant_count = plan(analysis, coverage)
    if len(activities) > MAX_STEPS:
        raise ValueError(f"{len(activities)} activities: more than {MAX_STEPS} steps")
    result = FromDataResult(coverage=round(covered, 4), variants=variant_count)
    source = source_label(analysis)
    total = analysis.source.cases
    steps = layout.steps(content, "current")
    with content.transaction():
        order = [i for i in layout.order(content, "current") if isinstance(i, str)]
        by_activity = _steps_by_activity(steps, order)
        hand_drawn = _hand_drawn(steps, order)
        for activity in activities:  # first, so new steps find their place among these
            key = _key(activity.name)
            if activity.name not in by_activity and key in hand_drawn:
                drawn_id = hand_drawn.pop(key)
                _adopt(steps[drawn_id], activity.name, step_values(activity, total))
                by_activity[activity.name] = drawn_id
                result.adopted.append(activity.name)
        previous: str | None = None  # step id of the activity drawn before this one
        for activity in activities:
            values = step_values(activity, total)
            step_id = by_activity.get(activity.name)
            if step_id is None:
                step_id = _add(content, values, activity.name, source, previous, by_activity)
                result.added.append(activity.name)
            else:
                kept = _update(steps[step_id], values, source)
                result.updated.append(activity.name)
                if kept:
                    result.kept[activity.name] = kept
            previous = step_id
        chosen = {a.name for a in activities}
        result.missing = [name for name in by_activity if name not in chosen]
    return result


def _adopt(step: Map, activity: str, values: dict[str, Value]) -> None:
    """A step the team drew now stands for ``activity``. What already agrees with the data
    counts as written by it; the rest, and the empty fields, as the team's: filled in only
    where empty (``_update``)."""
    step["data_activity"] = activity
    step["data_values"] = Map(
        {f: v for f, v in values.items() if v is not None and _same(f, step.get(f), v)}
    )


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _hand_drawn(steps: Map, order: Iterable[str]) -> dict[str, str]:
    """name (spacing and case aside) -> the first step of that name not drawn from data."""
    out: dict[str, str] = {}
    ordered = list(dict.fromkeys(order))
    ordered += sorted(k for k, _ in steps.items() if k not in ordered)
    for step_id in ordered:
        step = steps.get(step_id)
        if isinstance(step, Map) and not step.get("data_activity"):
            name = step.get("name")
            if isinstance(name, str) and name.strip():
                out.setdefault(_key(name), step_id)
    return out


def _steps_by_activity(steps: Map, order: Iterable[str]) -> dict[str, str]:
    """activity -> the first step (in the map's order) drawn from it."""
    out: dict[str, str] = {}
    ordered = list(dict.fromkeys(order))
    ordered += sorted(k for k, _ in steps.items() if k not in ordered)
    for step_id in ordered:
        step = steps.get(step_id)
        if isinstance(step, Map):
            activity = step.get("data_activity")
            if isinstance(activity, str) and activity and activity not in out:
                out[activity] = step_id
    return out


def _add(
    content: Doc,
    values: dict[str, Value],
    activity: str,
    source: str,
    previous: str | None,
    by_activity: dict[str, str],
) -> str:
    order = list(layout.order(content, "current"))
    if previous is not None and previous in order:
        index = order.index(previous) + 1
    else:  # before the first step drawn from data, else at the end
        drawn = [i for i, v in enumerate(order) if v in by_activity.values()]
        index = drawn[0] if drawn else len(order)
    step_id = f"d{uuid.uuid4().hex[:12]}"
    fields: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
    fields |= {
        "data_activity": activity,
        "data_source": source,
        "data_values": {k: v for k, v in values.items() if v is not None},
    }
    layout.add_step(content, "current", step_id, fields, index)
    by_activity[activity] = step_id
    return step_id


def _has_number(step: Map, field: str) -> bool:
    try:
        return parse_number(step.get(field)) is not None
    except ValueError:
        return True  # unreadable, but the team's


def _update(step: Map, values: dict[str, Value], source: str) -> list[str]:
    """Write each group the team left as the last import wrote it; the fields kept."""
    recorded_map = step.get("data_values")
    if not isinstance(recorded_map, Map):
        recorded_map = Map()
        step["data_values"] = recorded_map
        recorded_map = step["data_values"]
    recorded: dict[str, Value] = plain(recorded_map)
    kept: list[str] = []
    writes: dict[str, Value] = {}
    for group in GROUPS:
        untouched = all(_same(f, step.get(f), recorded.get(f)) for f in group)
        if not untouched:
            kept += [f for f in group if f not in kept and f != "time_basis"]
            continue
        for field in group:
            writes[field] = values.get(field)
    if not _same("time_basis", step.get("time_basis"), writes.get("time_basis", BASIS)):
        # A new basis would change what a time the team keeps means: leave the times.
        kept_time = [g for g in TIME_GROUPS if g[0] not in writes and _has_number(step, g[0])]
        if kept_time:
            for group in TIME_GROUPS:
                for field in group:
                    writes.pop(field, None)
                kept += [f for f in group if f not in kept and f != "time_basis"]
    for field, value in writes.items():
        if value is None:
            step.pop(field, None)
            recorded_map.pop(field, None)
        else:
            if step.get(field) != value:
                step[field] = value
            recorded_map[field] = value
    step["data_source"] = source
    return [f for f in kept if f not in writes]
