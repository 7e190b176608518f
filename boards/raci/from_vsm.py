"""Rows from a value-stream map: pure helpers for whoever writes the RACI content.

Commands write only to the ledger and activities live in the content, so there is no
``raci.import_steps`` command: the client (or a server-side content edit) asks for the
workshop's VSM snapshot -- ``VsmSnapshot.model_dump(mode="json")``, as the server puts it in
``CommandContext.workshop["boards"][*]["snapshot"]`` -- and adds what these return with
:func:`boards.raci.layout.add_activity` / ``add_role``. Only ``<state>.steps[*].{id, name,
department}`` of the snapshot is read (``boards/vsm/model.py``); anything else is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

VsmState = Literal["current", "future"]


def activities_from_vsm(
    vsm: Mapping[str, Any],
    *,
    state: VsmState | None = None,
    skip_step_ids: Iterable[str] = (),
) -> list[dict[str, str]]:
    """``[{"step_id", "name", "department"}]`` for the steps of one state, in process order.
    ``state=None`` takes the future state when it has steps, else the current one. Steps
    already linked to an activity (``skip_step_ids``) and steps without an id are left out."""
    skip = set(skip_step_ids)
    out = []
    for step in _steps(vsm, state):
        step_id = _str(step.get("id"))
        if step_id and step_id not in skip:
            skip.add(step_id)
            out.append(
                {
                    "step_id": step_id,
                    "name": _str(step.get("name")),
                    "department": _str(step.get("department")),
                }
            )
    return out


def departments_from_vsm(vsm: Mapping[str, Any], *, state: VsmState | None = None) -> list[str]:
    """The steps' owning departments (swimlanes), once each in order of first appearance:
    candidate columns of kind ``department``."""
    names = (_str(step.get("department")).strip() for step in _steps(vsm, state))
    return list(dict.fromkeys(name for name in names if name))


def vsm_snapshots(workshop: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The snapshots of the workshop's ``vsm`` boards, in the order the server listed them."""
    boards = workshop.get("boards")
    if not isinstance(boards, list):
        return []
    return [
        board["snapshot"]
        for board in boards
        if isinstance(board, Mapping)
        and board.get("kind") == "vsm"
        and isinstance(board.get("snapshot"), Mapping)
    ]


def _steps(vsm: Mapping[str, Any], state: VsmState | None) -> list[Mapping[str, Any]]:
    if state is None:
        future = _steps(vsm, "future")
        return future or _steps(vsm, "current")
    side = vsm.get(state)
    steps = side.get("steps") if isinstance(side, Mapping) else None
    return [s for s in steps if isinstance(s, Mapping)] if isinstance(steps, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
