"""Who may do what: role × workshop state × board state × action × board kind, in one place.
Every entry point (HTTP routes, the websocket, commands, imports, exports) asks :func:`decide`
and only translates its answer; docs/api.md shows the same policy as a table.

Answers, in this order:

* a token of another workshop, or a board the role cannot reach, is *not found* (404 over
  HTTP, 4403 over websocket): nothing tells a pilot participant which other boards exist;
* an action the role may not take on something it can reach is *forbidden* (403);
* a board kind is reached by pilot participants only as far as the kind declares it
  (``pilot_access``, see ``boards.kind``): ``sync`` opens its boards, ``commands`` only runs
  their commands (the phone reads the kind's ``phone_view`` on the pilot page), ``none``
  nothing; the team roles reach every board. The pilot link is the most widely shared one (a
  QR code on a poster): it reads neither the workshop (its boards, goals, participants) nor
  the workshop board, only the pilot page's own narrow view;
* an action the role may take but the state forbids is a *conflict* (409): a finished
  workshop is read-only for everyone (reading, exporting and invites go on) but for commands
  that declare ``allowed_when_finished`` (the roll-out's sustain readings); a locked board
  keeps its content and commands for the facilitator, and for commands that declare
  ``allowed_when_locked`` (facilitator controls, pilot submissions).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from boards.kind import (
    EDITORS,
    EVERYONE,
    FACILITATORS,
    CommandSpec,
    PilotAccess,
    Role,
    pilot_access,
)
from boards.registry import KINDS, get_kind

from .auth import Identity
from .models import Board, Workshop
from .problems import Problem


class Action(enum.StrEnum):
    read_workshop = "read_workshop"  # GET the workshop (title, board list, participants)
    read_pilot_page = "read_pilot_page"  # GET what the pilot phone page shows, nothing more
    manage_invites = "manage_invites"  # list, create and revoke invite links
    add_board = "add_board"
    read_board = "read_board"  # sync content and ledger, presence, the snapshot, own private part
    edit_content = "edit_content"  # write the content document over sync
    run_command = "run_command"  # further narrowed by each command's own roles
    import_table = "import_table"
    export = "export"  # viewers too, when the facilitator allows it
    delete_workshop = "delete_workshop"  # for good, also when finished
    name_checkpoint = "name_checkpoint"  # keep the board's version under a name (history)
    restore_board = "restore_board"  # bring a whole board back to a checkpoint
    restore_item = "restore_item"  # bring back one item deleted since a checkpoint


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
    Action.delete_workshop: FACILITATORS,
    Action.name_checkpoint: FACILITATORS,
    Action.restore_board: FACILITATORS,
    Action.restore_item: EDITORS,
}

# What a finished workshop refuses, and what a locked board refuses (but to the facilitator).
WRITES: frozenset[Action] = frozenset(
    {
        Action.add_board,
        Action.edit_content,
        Action.run_command,
        Action.import_table,
        Action.name_checkpoint,
        Action.restore_board,
        Action.restore_item,
    }
)
BOARD_WRITES: frozenset[Action] = WRITES - {Action.add_board}


@dataclass(frozen=True)
class WorkshopState:
    finished: bool = False
    viewer_export: bool = False  # the facilitator lets viewers export

    @classmethod
    def of(cls, workshop: Workshop) -> WorkshopState:
        return cls(workshop.status == "finished", workshop.allow_viewer_export)


@dataclass(frozen=True)
class BoardState:
    kind: str
    locked: bool = False

    @classmethod
    def of(cls, board: Board) -> BoardState:
        return cls(board.kind, board.locked)


class Reason(enum.StrEnum):
    not_found = "not_found"
    role_not_allowed = "role_not_allowed"
    workshop_finished = "workshop_finished"
    board_locked = "board_locked"


STATUS = {
    Reason.not_found: 404,
    Reason.role_not_allowed: 403,
    Reason.workshop_finished: 409,
    Reason.board_locked: 409,
}
CLOSE_FORBIDDEN = 4403  # websocket: refused, do not reconnect


@dataclass(frozen=True)
class Refusal:
    """Why an action is refused; entry points translate it (a problem, a close, a drop)."""

    reason: Reason
    detail: str

    @property
    def code(self) -> str:
        return self.reason.value

    @property
    def status(self) -> int:
        return STATUS[self.reason]

    @property
    def close_code(self) -> int:
        return CLOSE_FORBIDDEN

    @property
    def by_state(self) -> bool:
        """A state refusal (409) goes away when the state changes; the others do not."""
        return self.status == 409

    def problem(self) -> Problem:
        return Problem(self.status, self.code, self.detail)


def reaches(role: Role, kind_name: str, action: Action = Action.read_board) -> bool:
    """Whether ``role`` may take ``action`` on boards of this kind at all (else: not found)."""
    if role is not Role.pilot:
        return True
    access = pilot_access(get_kind(kind_name))
    return access is PilotAccess.sync or (
        access is PilotAccess.commands and action is Action.run_command
    )


def board_kinds(role: Role) -> list[str]:
    """The kinds of board ``role`` may open (sync), for the client to list only those."""
    return [name for name in KINDS if reaches(role, name)]


def pilot_kinds() -> list[str]:
    """The kinds of board the pilot page lists: those the pilot link opens, and those it only
    sends commands to (their narrow ``phone_view`` stands in for the board)."""
    return [name for name in KINDS if pilot_access(get_kind(name)) is not PilotAccess.none]


def decide(
    role: Role,
    action: Action,
    workshop: WorkshopState,
    board: BoardState | None = None,
    command: CommandSpec | None = None,
) -> Refusal | None:
    """The one answer to "may ``role`` take ``action`` here": None, or why not.

    ``board`` is the board acted on (None for workshop actions); ``command`` the command run
    (for :attr:`Action.run_command`, whose roles and lock rule each command declares)."""
    if board is not None and not reaches(role, board.kind, action):
        return Refusal(Reason.not_found, "no such board for this token")
    roles = command.roles if command is not None else ROLES[action]
    if role not in roles and not (
        action is Action.export and role is Role.viewer and workshop.viewer_export
    ):
        what = f"run {command.name}" if command is not None else action.value
        return Refusal(Reason.role_not_allowed, f"{role.value} may not {what}")
    if (
        action in WRITES
        and workshop.finished
        and not (command is not None and command.allowed_when_finished)
    ):
        return Refusal(
            Reason.workshop_finished, "the workshop is finished; everything is read-only"
        )
    if (
        action in BOARD_WRITES
        and board is not None
        and board.locked
        and role is not Role.facilitator
        and not (command is not None and command.allowed_when_locked)
    ):
        return Refusal(Reason.board_locked, "the facilitator has locked this board")
    return None


def _other_workshop(who: Identity, workshop_id: str, what: str) -> Refusal | None:
    if who.workshop_id != workshop_id:
        return Refusal(Reason.not_found, f"no such {what} for this token")
    return None


def workshop_refusal(
    who: Identity, workshop_id: str, action: Action, workshop: WorkshopState
) -> Refusal | None:
    return _other_workshop(who, workshop_id, "workshop") or decide(who.role, action, workshop)


def board_refusal(
    who: Identity,
    board: Board,
    workshop: Workshop,
    action: Action,
    command: CommandSpec | None = None,
) -> Refusal | None:
    return _other_workshop(who, board.workshop_id, "board") or decide(
        who.role, action, WorkshopState.of(workshop), BoardState.of(board), command
    )


def check_workshop(
    who: Identity, workshop_id: str, action: Action, workshop: Workshop | None = None
) -> None:
    """HTTP: raise the refusal as a problem. Without the workshop row (not loaded yet) only
    the token and the role are judged; the state is judged once the row is at hand."""
    state = WorkshopState.of(workshop) if workshop is not None else WorkshopState()
    _raise(workshop_refusal(who, workshop_id, action, state), workshop is not None)


def check_board(
    who: Identity,
    board: Board,
    workshop: Workshop,
    action: Action,
    command: CommandSpec | None = None,
    *,
    state: bool = True,
) -> None:
    """HTTP: raise the refusal as a problem; with ``state=False`` only a refusal of the token
    or the role (a 409 of the state is raised later, where the action happens: a retried
    command is answered from its record even once the workshop is finished)."""
    _raise(board_refusal(who, board, workshop, action, command), state)


def _raise(refusal: Refusal | None, state: bool) -> None:
    if refusal is not None and (state or not refusal.by_state):
        raise refusal.problem()
