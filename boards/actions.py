"""Actions: who does what by when, workshop-wide, on the workshop board's content document.

Content root ``actions`` Map: action id -> Map{``what``, ``owner`` (display name),
``owner_participant`` (participant id, "" for a named person who is not a participant),
``owner_department``, ``due`` (ISO date or ""), ``status`` (open|doing|done|dropped),
``source_board`` (board id or ""), ``source_kind`` (kind name or ""), ``source_type``
(see :data:`SOURCE_TYPES`; "" for a free action), ``source_item`` (the item's id in that
board), ``source_label`` (the item's text when the action was made, shown if the item is
gone), ``created_by``, ``created_at`` (ISO datetime), ``done_at`` (ISO datetime or "")}.

Editors write actions directly (content, like goals); the reader trusts none of it.

Warning codes (``ActionWarning.code``, catalog ``actions.warning.<code>``):
``action_no_owner``  an open or doing action nobody owns
``action_no_due``    an open or doing action without a due date
``action_overdue``   an open or doing action whose due date is before today
and, from :func:`missing_actions`, ``missing_action``: a commitment (a confirmed root cause, a
chosen idea) that no action (other than a dropped one) points at.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal, get_args

from pycrdt import Doc, Map
from pydantic import BaseModel, Field

from . import values

Status = Literal["open", "doing", "done", "dropped"]
STATUSES: tuple[Status, ...] = get_args(Status)
OPEN: tuple[Status, ...] = ("open", "doing")  # statuses that still owe something

SourceType = Literal[
    "root_cause", "why", "idea", "vsm_marker", "raci_finding", "risk", "readiness", ""
]
SOURCE_TYPES: tuple[SourceType, ...] = get_args(SourceType)

TEXT_FIELDS = (
    "what",
    "owner",
    "owner_participant",
    "owner_department",
    "source_board",
    "source_kind",
    "source_item",
    "source_label",
    "created_by",
    "created_at",
    "done_at",
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

ActionCode = Literal["action_no_owner", "action_no_due", "action_overdue"]


class Action(BaseModel):
    id: str
    what: str = ""
    owner: str = ""
    owner_participant: str = ""
    owner_department: str = ""
    due: str = ""  # ISO date or ""
    status: Status = "open"
    source_board: str = ""
    source_kind: str = ""
    source_type: SourceType = ""
    source_item: str = ""
    source_label: str = ""
    created_by: str = ""
    created_at: str = ""
    done_at: str = ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def overdue(self, today: date) -> bool:
        return self.is_open and bool(self.due) and date.fromisoformat(self.due) < today


class Commitment(BaseModel):
    """An item in a board's analysis that should lead to an action."""

    source_type: SourceType
    item_id: str
    label: str = ""


class Missing(BaseModel):
    """A commitment no action points at (``code`` = ``missing_action``)."""

    code: Literal["missing_action"] = "missing_action"
    board_id: str
    source_type: SourceType
    item_id: str
    label: str = ""


class ActionWarning(BaseModel):
    code: ActionCode
    params: dict[str, str] = Field(default_factory=dict)  # ``action`` (id), ``what``


class ActionCounts(BaseModel):
    open: int = 0
    doing: int = 0
    done: int = 0
    dropped: int = 0
    overdue: int = 0  # open or doing, due before today
    # Open and doing actions per owner's display name ("" for nobody), most first.
    by_owner: dict[str, int] = Field(default_factory=dict)


def actions_map(content: Doc) -> Map:
    return content.get("actions", type=Map)


# --- reading ----------------------------------------------------------------------------


def iso_date(raw: Any, w: values.Warnings, field: str) -> str:
    """An ISO date (``2027-03-31``) as written; anything else is no due date, with a warning.
    Only the extended form: ``20270331`` and week dates parse too, but no client writes them."""
    typed = values.text(raw, w, field).strip()
    if not typed:
        return ""
    try:
        if _ISO_DATE.fullmatch(typed):
            return date.fromisoformat(typed).isoformat()
    except ValueError:  # 2027-02-30
        pass
    w.add("invalid_date", field, raw)
    return ""


def read_action(key: str, raw: Mapping[str, Any], w: values.Warnings) -> Action:
    at = f"actions.{key}"
    data: dict[str, Any] = {
        name: values.text(raw.get(name), w, f"{at}.{name}") for name in TEXT_FIELDS
    }
    data["due"] = iso_date(raw.get("due"), w, f"{at}.due")
    status = values.choice(raw.get("status"), STATUSES, w, f"{at}.status")
    if status is not None:
        data["status"] = status
    source = raw.get("source_type")
    # "" is a free action, not a blank to warn about.
    if source != "" and (typed := values.choice(source, SOURCE_TYPES, w, f"{at}.source_type")):
        data["source_type"] = typed
    return Action(id=key, **data)


def sort_key(action: Action) -> tuple[bool, str, str, str]:
    """By due date (none last), then when made, then id."""
    return (not action.due, action.due, action.created_at, action.id)


def read(content: Doc, w: values.Warnings) -> list[Action]:
    found = [
        read_action(key, raw, w) for key, raw in values.entries(actions_map(content), w, "actions")
    ]
    return sorted(found, key=sort_key)


# --- analysis ---------------------------------------------------------------------------


def counts(actions: Iterable[Action], today: date) -> ActionCounts:
    listed = list(actions)
    status = Counter(a.status for a in listed)
    owners = Counter(a.owner.strip() for a in listed if a.is_open)
    return ActionCounts(
        **{name: status.get(name, 0) for name in STATUSES},
        overdue=sum(1 for a in listed if a.overdue(today)),
        by_owner=dict(sorted(owners.items(), key=lambda item: (-item[1], item[0]))),
    )


def warnings(actions: Iterable[Action], today: date) -> list[ActionWarning]:
    """What an open or doing action lacks; done and dropped actions owe nothing."""
    out = []
    for action in actions:
        if not action.is_open:
            continue
        params = {"action": action.id, "what": action.what}
        for code, hit in (
            ("action_no_owner", not action.owner.strip()),
            ("action_no_due", not action.due),
            ("action_overdue", action.overdue(today)),
        ):
            if hit:
                out.append(ActionWarning(code=code, params=params))  # type: ignore[arg-type]
    return out


def missing_actions(
    commitments_by_board: Mapping[str, Iterable[Commitment]], actions: Iterable[Action]
) -> list[Missing]:
    """The commitments (by board id) that no action points at. An action covers the item it
    was made from (same board, same item id), whatever its status but dropped: a dropped
    action is a decision not to act, which leaves the cause or idea without an answer."""
    covered = {(a.source_board, a.source_item) for a in actions if a.status != "dropped"}
    return [
        Missing(board_id=board, source_type=c.source_type, item_id=c.item_id, label=c.label)
        for board, commitments in commitments_by_board.items()
        for c in commitments
        if (board, c.item_id) not in covered
    ]
