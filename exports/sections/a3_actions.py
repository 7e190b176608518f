"""The A3's countermeasures: the workshop's actions (who does what by when), and the
commitments (confirmed root causes, chosen ideas) that no action answers yet, flagged."""

from __future__ import annotations

from datetime import date
from typing import Any

from boards.actions import OPEN, Action, Commitment, missing_actions
from boards.workshop import WorkshopSnapshot

from .. import fmt
from ..catalog import Catalog
from ..index import Index

SHOWN = 6
LABEL = 40  # characters of a commitment's label in the flag
NEXT = 280  # characters of the generated next steps (the field shows 300)


def _today(index: Index) -> date:
    """The day the report speaks of: its export date (the clock the snapshot carries)."""
    try:
        return date.fromisoformat(str(index.snapshot.get("exported_at") or "")[:10])
    except ValueError:
        return date.today()


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _item(t: Catalog, action: Action, today: date) -> dict[str, Any]:
    owner, department = action.owner.strip(), action.owner_department.strip()
    return {
        "what": _clip(action.what or action.source_label or "–", 90),
        "owner": _clip(f"{owner} ({department})" if owner and department else owner, 40),
        "due": fmt.day(action.due, t) if action.due else "",
        "status": t.code("a3.status", action.status),
        "status_code": action.status,
        "overdue": action.overdue(today),
    }


def commitments(index: Index) -> dict[str, list[Commitment]]:
    """Each fishbone's confirmed root causes and each ideas board's chosen ideas, by board."""
    out: dict[str, list[Commitment]] = {}
    for kind in ("fishbone", "ideas"):
        for board in index.boards(kind):
            analysis = index.typed(board).analysis
            out[str(board.get("id", ""))] = list(getattr(analysis, "commitments", []) or [])
    return out


def actions(t: Catalog, index: Index, snapshot: WorkshopSnapshot | None) -> dict[str, Any]:
    found = snapshot.actions if snapshot is not None else []
    today = _today(index)
    live = [a for a in found if a.status != "dropped"]
    # Open work first (by due date, undated last), then what is done.
    live.sort(key=lambda a: (a.status == "done", not a.due, a.due))
    missing = missing_actions(commitments(index), found)
    return {
        "rows": [_item(t, a, today) for a in live[:SHOWN]],
        "more": max(0, len(live) - SHOWN),
        "open": sum(1 for a in live if a.is_open),
        "overdue": sum(1 for a in live if a.overdue(today)),
        "no_owner": sum(1 for a in live if a.is_open and not a.owner.strip()),
        "no_due": sum(1 for a in live if a.is_open and not a.due),
        "uncovered": t("a3.uncovered", n=len(missing), items=_labels(t, [m.label for m in missing]))
        if missing
        else "",
        "missing": "" if live else t("a3.missing.actions"),
    }


def _labels(t: Catalog, labels: list[str]) -> str:
    shown = [_clip(label or "–", LABEL) for label in labels[:3]]
    more = t("a3.more", n=len(labels) - 3) if len(labels) > 3 else ""
    return t("list.sep").join(shown) + (f" {more}" if more else "")


def next_steps(t: Catalog, found: dict[str, Any], lead: str = "") -> str:
    """``lead`` (where the roll-out stands), then the next dated open actions, said as who does
    what by when."""
    steps = [i for i in found["rows"] if i["status_code"] in OPEN and i["due"]][:3]
    said: list[str] = [lead] if lead else []
    if not steps:
        return " ".join([*said, str(t("a3.missing.next_steps"))])
    for n, i in enumerate(steps):
        step = t("a3.gen.step", what=i["what"], owner=i["owner"] or t("a3.no_owner"), due=i["due"])
        if n and len(" ".join([*said, step])) > NEXT:
            break  # whole steps only: a sentence cut in the middle says no date
        said.append(step)
    return " ".join(said)
