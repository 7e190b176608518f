"""The A3's countermeasures: the workshop's actions (who does what by when), and the
commitments (confirmed root causes, chosen ideas) that have no action yet, flagged."""

from __future__ import annotations

from typing import Any

from boards.ideas.analysis import RankEntry
from boards.workshop import WorkshopSnapshot

from .. import fmt
from ..catalog import Catalog
from ..index import Index

SHOWN = 6
OPEN = ("open", "doing")


def _today(index: Index) -> str:
    return str(index.snapshot.get("exported_at") or "")[:10]


def _field(action: Any, name: str) -> str:
    value = getattr(action, name, "")
    return value if isinstance(value, str) else ""


def _item(t: Catalog, action: Any, today: str) -> dict[str, Any]:
    status = _field(action, "status") or "open"
    due = _field(action, "due")
    owner = _field(action, "owner")
    department = _field(action, "owner_department")
    what = " ".join((_field(action, "what") or _field(action, "source_label") or "–").split())
    return {
        "what": what if len(what) <= 140 else what[:139] + "…",
        "owner": f"{owner} ({department})" if owner and department else owner,
        "due": fmt.day(due, t) if due else "",
        "status": t.code("a3.status", status),
        "status_code": status,
        "overdue": bool(due) and status in OPEN and due < today,
    }


def _commitments(index: Index, chosen: list[RankEntry]) -> list[tuple[str, str]]:
    """(item id, label) of every confirmed root cause and chosen idea."""
    roots = [(c.id, c.text) for c in index.causes.values() if c.root]
    return roots + [(r.idea_id, r.title) for r in chosen]


def actions(
    t: Catalog, index: Index, snapshot: WorkshopSnapshot | None, chosen: list[RankEntry]
) -> dict[str, Any]:
    found = list(getattr(snapshot, "actions", []) or [])
    today = _today(index)
    live = [a for a in found if _field(a, "status") != "dropped"]
    # Open work first (by due date, undated last), then what is done.
    live.sort(key=lambda a: (_field(a, "status") == "done", _field(a, "due") or "9999"))
    items = [_item(t, a, today) for a in live[:SHOWN]]
    covered = {_field(a, "source_item") for a in found if _field(a, "source_item")}
    uncovered = [label for key, label in _commitments(index, chosen) if key not in covered]
    return {
        "rows": items,
        "more": max(0, len(live) - SHOWN),
        "open": sum(1 for a in live if _field(a, "status") in OPEN),
        "overdue": sum(1 for i in (_item(t, a, today) for a in live) if i["overdue"]),
        "no_owner": sum(1 for a in live if not _field(a, "owner")),
        "no_due": sum(1 for a in live if not _field(a, "due")),
        "uncovered": t("a3.uncovered", n=len(uncovered), items=_labels(t, uncovered))
        if uncovered
        else "",
        "missing": "" if live else t("a3.missing.actions"),
    }


def _labels(t: Catalog, labels: list[str]) -> str:
    shown = [x if len(x) <= 40 else x[:39] + "…" for x in (label or "–" for label in labels[:3])]
    more = t("a3.more", n=len(labels) - 3) if len(labels) > 3 else ""
    return t("list.sep").join(shown) + (f" {more}" if more else "")


def next_steps(t: Catalog, found: dict[str, Any]) -> str:
    """The next dated open actions, said as who does what by when."""
    steps = [i for i in found["rows"] if i["status_code"] in OPEN and i["due"]][:3]
    if not steps:
        return str(t("a3.missing.next_steps"))
    return " ".join(
        t("a3.gen.step", what=i["what"], owner=i["owner"] or t("a3.no_owner"), due=i["due"])
        for i in steps
    )
