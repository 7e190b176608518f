"""A roll-out board's waves as an iCalendar file (the export hook of the rollout board): one
all-day event per wave from its start to its planned go-live, and one on its go-live day
(the actual one once the wave is live, else the planned one). UIDs are the board's and the
wave's ids, so importing a newer export updates the events instead of adding copies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from .calendar import CalendarEvent, ics
from .catalog import Catalog
from .sections.rollout import Rollout, item_label
from .textlimit import bound_texts
from .typed import typed

DOMAIN = "obeya"  # UID host part: board ids are random, so they need no real domain


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _stamp(snapshot: dict[str, Any]) -> datetime:
    try:
        stamp = datetime.fromisoformat(str(snapshot.get("exported_at") or ""))
    except ValueError:
        return datetime.now(UTC)
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def events(t: Catalog, board: Rollout) -> list[CalendarEvent]:
    out = []
    analysis = board.analysis
    for w in analysis.waves if analysis is not None else []:
        name = w.name or w.id
        details = [
            t("calendar.scope", scope=t.code("rollout.scope", w.scope)),
            t("calendar.owner", owner=w.owner or "–"),
            t("calendar.readiness", done=w.readiness_done, total=w.readiness_total),
        ]
        if w.open_items:
            opened = t("list.sep").join(item_label(t, label) for label in w.open_items)
            details.append(t("rollout.open_items", items=opened))
        description = "\n".join(details)
        start, planned, actual = _day(w.start), _day(w.golive_planned), _day(w.golive_actual)
        uid = f"rollout-{board.raw.get('id', '')}-{w.id}"
        if start is not None or planned is not None:
            first = start or planned
            last = (
                planned if planned is not None and first is not None and planned >= first else first
            )
            assert first is not None
            out.append(
                CalendarEvent(
                    f"{uid}-wave", first, t("calendar.wave", wave=name), last, description
                )
            )
        golive = actual or planned
        if golive is not None:
            summary = t("calendar.golive" if actual else "calendar.golive_planned", wave=name)
            out.append(CalendarEvent(f"{uid}-golive", golive, summary, None, description))
    return out


def rollout_ics(snapshot: dict[str, Any], board: dict[str, Any]) -> bytes:
    t = Catalog(snapshot.get("workshop", {}).get("language"))
    rollout: Rollout = typed(bound_texts(board, t))
    title = rollout.title or t("kind.rollout")
    workshop = str(snapshot.get("workshop", {}).get("title") or "")
    return ics(
        events(t, rollout),
        name=f"{workshop} · {title}" if workshop else title,
        stamp=_stamp(snapshot),
        domain=DOMAIN,
    )
