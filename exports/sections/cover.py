"""The cover's facts, all from the data: who took part (named, by role), when the workshop
and its pilots ran, and the phase reached. What the data does not hold is not shown."""

from __future__ import annotations

from typing import Any

from boards.pilot.layout import PilotSnapshot
from boards.workshop import PHASES

from .. import fmt
from ..catalog import Catalog
from ..index import Index

ROLE_ORDER = ("facilitator", "editor", "viewer", "pilot")
NAMES = 12  # names shown per role; the rest are counted


def phase(index: Index) -> str:
    board = index.first("workshop")
    if board is not None:
        reached: str = board["snapshot"].get("state", {}).get("phase", "")
        if reached:
            return reached
    return str(index.workshop.get("phase") or PHASES[0])


def finished(index: Index) -> bool:
    state = (index.first("workshop") or {}).get("snapshot", {}).get("state", {})
    return index.workshop.get("status") == "finished" or bool(state.get("finished"))


def participants(t: Catalog, index: Index) -> list[dict[str, Any]]:
    people = [p for p in index.snapshot.get("participants", []) if isinstance(p, dict)]
    groups = []
    for role in ROLE_ORDER:
        names = [str(p.get("display_name") or "").strip() for p in people if p.get("role") == role]
        if not names:
            continue
        named = [n for n in names if n]
        shown = named[:NAMES]
        rest = len(names) - len(shown)
        groups.append(
            {
                "role": t.code("role", role),
                "count": len(names),
                "names": t("list.sep").join(shown),
                "more": t("cover.more_people", n=rest) if rest else "",
            }
        )
    return groups


def workshop_dates(t: Catalog, index: Index) -> str:
    meta = index.workshop
    start = fmt.day(meta.get("created_at"), t)
    if finished(index) and meta.get("updated_at"):
        # finishing is the workshop's last change of state: its record's update time
        return str(t("period", start=start, end=fmt.day(meta.get("updated_at"), t)))
    return str(t("cover.since", start=start))


def pilot_dates(t: Catalog, snapshot: PilotSnapshot) -> str:
    """The planned period; else, the days readings were taken on; else nothing."""
    d = snapshot.definition
    if d.start or d.end:
        return str(t("period", start=fmt.day(d.start, t), end=fmt.day(d.end, t)))
    days = sorted(r.date for r in snapshot.readings if r.date)
    if days:
        return str(t("cover.readings_span", start=fmt.day(days[0], t), end=fmt.day(days[-1], t)))
    return ""


def pilots(t: Catalog, index: Index) -> list[dict[str, str]]:
    out = []
    for board in index.boards("pilot"):
        pilot = index.typed(board)
        dates = pilot_dates(t, pilot.snapshot)
        if dates:
            name = pilot.snapshot.definition.name or pilot.title
            out.append({"name": name, "dates": dates})
    return out
