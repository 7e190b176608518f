"""Who may do what: role × action × board kind, in one place. Every HTTP route and the
websocket handler ask here; docs/api.md shows the same policy as a table.

Answers, in this order:

* a token of another workshop, or a board the role cannot reach, is *not found* (404 over
  HTTP, 4403 over websocket): nothing tells a pilot participant which other boards exist;
* an action the role may not take on something it can reach is *forbidden* (403);
* a board kind is reached by pilot participants only when the kind declares it
  (``pilot_reachable``, see ``boards.kind``); the team roles reach every board. The pilot link
  is the most widely shared one (a QR code on a poster): it reads neither the workshop (its
  boards, goals, participants) nor the workshop board, only the pilot page's own narrow view.

State rules (a locked board, a finished workshop) are not access rules: they answer 409
where the action happens.
"""

from __future__ import annotations

import enum

from boards.kind import EDITORS, EVERYONE, FACILITATORS, CommandSpec, Role, pilot_reachable
from boards.registry import KINDS, get_kind

from .auth import Identity
from .models import Board, Workshop
from .problems import Problem


class Action(enum.StrEnum):
    read_workshop = "read_workshop"  # GET the workshop (title, board list, participants)
    read_pilot_page = "read_pilot_page"  # GET what the pilot phone page shows, nothing more
    manage_invites = "manage_invites"  # list, create and revoke invite links
    add_board = "add_board"
    read_board = "read_board"  # sync content and ledger, GET the snapshot, own private part
    edit_content = "edit_content"  # write the content document over sync
    run_command = "run_command"  # further narrowed by each command's own roles
    import_table = "import_table"
    export = "export"  # viewers too, when the facilitator allows it


TEAM: frozenset[Role] = EVERYONE - {Role.pilot}

ROLES: dict[Action, frozenset[Role]] = {
    Action.read_workshop: TEAM,
    Action.read_pilot_page: EVERYONE,
    Action.manage_invites: FACILITATORS,
    Action.add_board: EDITORS,
    Action.read_board: EVERYONE,
    Action.edit_content: EDITORS,
    Action.run_command: EVERYONE,
    Action.import_table: EDITORS,
    Action.export: FACILITATORS,
}


def reaches(role: Role, kind_name: str) -> bool:
    """Whether ``role`` may open boards of this kind at all."""
    return role is not Role.pilot or pilot_reachable(get_kind(kind_name))


def board_kinds(role: Role) -> list[str]:
    """The kinds of board ``role`` may open, for the client to list only those."""
    return [name for name in KINDS if reaches(role, name)]


def allowed(role: Role, action: Action, workshop: Workshop | None = None) -> bool:
    if role in ROLES[action]:
        return True
    return (
        action is Action.export
        and role is Role.viewer
        and workshop is not None
        and workshop.allow_viewer_export
    )


def check_workshop(
    who: Identity, workshop_id: str, action: Action, workshop: Workshop | None = None
) -> None:
    if who.workshop_id != workshop_id:
        raise Problem(404, "not_found", "no such workshop for this token")
    if not allowed(who.role, action, workshop):
        raise Problem(403, "role_not_allowed", f"{who.role.value} may not {action.value}")


def check_board(who: Identity, board: Board, action: Action) -> None:
    if board.workshop_id != who.workshop_id or not reaches(who.role, board.kind):
        raise Problem(404, "not_found", "no such board for this token")
    if not allowed(who.role, action):
        raise Problem(403, "role_not_allowed", f"{who.role.value} may not {action.value}")


def check_command(who: Identity, spec: CommandSpec) -> None:
    if who.role not in spec.roles:
        raise Problem(403, "role_not_allowed", f"{who.role.value} may not run {spec.name}")


def socket_refusal(who: Identity, board: Board) -> str | None:
    """Why a websocket to this board is refused (close 4403), or None."""
    if board.workshop_id != who.workshop_id:
        return "token is for another workshop"
    if not reaches(who.role, board.kind):
        return "this board is not open to your role"
    return None


def content_writable(who: Identity, board: Board, workshop: Workshop) -> bool:
    """Whether a socket's updates to the content document are applied (else dropped)."""
    return (
        allowed(who.role, Action.edit_content)
        and workshop.status == "live"
        and (not board.locked or who.role is Role.facilitator)
    )
