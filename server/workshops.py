"""Creating workshops, boards and invites; the demo workshop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pycrdt import Doc
from sqlmodel import Session, col, func, select

from boards import actions_demo
from boards import ledger as ledger_layout
from boards.kind import Role
from boards.registry import USER_KINDS, get_kind
from boards.rollout import demo as rollout_demo
from boards.templates.structure import BoardPlan, Structure, write_board, write_goals
from boards.workshop import DEMO_PHASE, PHASES

from . import store
from .alerts import board_alerts
from .auth import digest, new_token
from .models import Board, CommandRecord, DocSnapshot, Invite, Participant, Workshop

DEMO_TITLE = {"zh-CN": "客户投诉处理流程优化", "en": "Customer complaint handling improvement"}
DEMO_PROCESS = {
    "zh-CN": ("客户投诉处理流程", "从接收投诉到投诉关闭的全过程"),
    "en": ("Customer complaint handling", "From complaint received to complaint closed"),
}


def demo_boards(language: str) -> list[tuple[str, str]]:
    """(kind, title) of the demo workshop's boards after its workshop board: every kind with a
    ``demo_title``, in the registry's order."""
    boards = []
    for name in USER_KINDS:
        titles = get_kind(name).demo_title
        if titles:
            boards.append((name, titles.get(language) or titles["en"]))
    return boards


@dataclass(frozen=True)
class Created:
    workshop: Workshop
    token: str
    workshop_board: Board
    # A second facilitator link, offered at creation: losing one link never locks the
    # workshop (the last facilitator link cannot be revoked, see api.revoke_invite).
    co_invite: Invite
    co_token: str


Then = Callable[[Doc, Doc], None]


def seeded_updates(
    kind_name: str, language: str, demo: bool, then: Then | None = None
) -> tuple[bytes, bytes]:
    """The board's first content and ledger; ``then`` adds to the content and ledger before
    the first analysis (what names the other demo boards: the demo's actions, its roll-out
    decision's pilot board)."""
    kind = get_kind(kind_name)
    content: Doc = Doc()
    ledger: Doc = Doc()
    kind.seed(content, ledger, language=language, demo=demo)
    if then is not None:
        then(content, ledger)
    with ledger.transaction():
        ledger_layout.meta(ledger)["schema"] = kind.schema_version
        ledger_layout.meta(ledger)["locked"] = False
    ledger_layout.write_analysis(ledger, kind.analyse(kind.read(content, ledger)))
    return content.get_update(), ledger.get_update()


def add_board(
    session: Session,
    workshop: Workshop,
    kind: str,
    title: str,
    *,
    demo: bool,
    seed: bool = True,
) -> Board:
    """A new board with its seeded documents (``seed=False``: the caller writes them)."""
    position = len(session.exec(select(Board.id).where(Board.workshop_id == workshop.id)).all())
    board = Board(workshop_id=workshop.id, kind=kind, title=title, position=position)
    session.add(board)
    if seed:
        write_seed(session, board, workshop.language, demo=demo)
    return board


def write_seed(
    session: Session,
    board: Board,
    language: str,
    *,
    demo: bool,
    then: Then | None = None,
) -> None:
    content, ledger = seeded_updates(board.kind, language, demo, then)
    store.append_updates(
        session, [(f"{board.id}/content", content), (f"{board.id}/ledger", ledger)]
    )


def create_workshop(
    session: Session,
    *,
    title: str,
    process: str,
    boundary: str,
    language: str,
    demo: bool = False,
    structure: Structure | None = None,
) -> Created:
    """A new workshop: empty, the demo, or with a template's ``structure`` (its boards and
    their skeletons, its goal skeletons)."""
    workshop = Workshop(title=title, process=process, boundary=boundary, language=language)
    if demo:  # the seeded workshop board starts there; the pilot page reads the phase here
        workshop.phase = DEMO_PHASE
    session.add(workshop)
    session.flush()
    workshop_board = add_board(session, workshop, "workshop", "workshop", demo=demo, seed=False)
    board_ids: dict[str, str] = {}
    if demo:
        for kind, board_title in demo_boards(language):
            board = add_board(session, workshop, kind, board_title, demo=True, seed=False)
            board_ids.setdefault(kind, board.id)
            write_seed(session, board, language, demo=True, then=_demo_links(kind, board_ids))
    elif structure is not None:
        for plan in structure.boards:
            board = add_board(session, workshop, plan.kind, plan.title, demo=False, seed=False)
            write_seed(session, board, language, demo=False, then=_plan_writer(plan))
    # The demo's actions point at the demo's boards, so the workshop board is written last.
    write_seed(
        session,
        workshop_board,
        language,
        demo=demo,
        then=_workshop_board_writer(language, board_ids, demo, structure),
    )
    _, token = create_invite(session, workshop.id, Role.facilitator)
    co_invite, co_token = create_invite(session, workshop.id, Role.facilitator)
    return Created(workshop, token, workshop_board, co_invite, co_token)


def _plan_writer(plan: BoardPlan) -> Then:
    return lambda content, _: write_board(plan, content)


def _workshop_board_writer(
    language: str, board_ids: dict[str, str], demo: bool, structure: Structure | None
) -> Then | None:
    if demo:
        return lambda content, _: actions_demo.seed_demo(content, language, board_ids)
    if structure is not None and structure.goals:
        goals = structure.goals
        return lambda content, _: write_goals(goals, content)
    return None


def _demo_links(kind: str, board_ids: dict[str, str]) -> Then | None:
    """The demo roll-out's decision was taken on the demo pilot board (created before it, in
    the registry's order)."""
    if kind != "rollout" or "pilot" not in board_ids:
        return None
    pilot_id = board_ids["pilot"]
    return lambda _, ledger: rollout_demo.link_pilot(ledger, pilot_id)


def create_demo(session: Session, language: str = "zh-CN") -> Created:
    process, boundary = DEMO_PROCESS.get(language, DEMO_PROCESS["en"])
    return create_workshop(
        session,
        title=DEMO_TITLE.get(language, DEMO_TITLE["en"]),
        process=process,
        boundary=boundary,
        language=language,
        demo=True,
    )


def create_invite(
    session: Session,
    workshop_id: str,
    role: Role,
    *,
    label: str = "",
    expires_at: datetime | None = None,
) -> tuple[Invite, str]:
    token = new_token()
    invite = Invite(
        workshop_id=workshop_id,
        role=role.value,
        token_hash=digest(token),
        token=token,
        label=label,
        expires_at=expires_at,
    )
    session.add(invite)
    return invite, token


class LastFacilitator(Exception):
    """Revoking this invite would leave the workshop without any facilitator access."""


def revoke_invite(session: Session, invite: Invite) -> None:
    """Revoke ``invite`` unless it is the workshop's last live facilitator link: then nobody
    could finish, export or invite any more. The facilitator rows are locked (PostgreSQL) so
    two concurrent revocations cannot each leave the other as the last one."""
    if invite.revoked:
        return
    if invite.role == Role.facilitator.value:
        live = session.exec(
            select(Invite.id)
            .where(
                Invite.workshop_id == invite.workshop_id,
                Invite.role == Role.facilitator.value,
                col(Invite.revoked).is_(False),
            )
            .with_for_update()
        ).all()
        if [i for i in live if i != invite.id] == []:
            raise LastFacilitator(invite.id)
    invite.revoked = True
    session.add(invite)


def invite_path(workshop_id: str, token: str, role: Role) -> str:
    """Where an invite link leads: pilot participants to their phone page."""
    page = f"/p/{workshop_id}" if role is Role.pilot else f"/w/{workshop_id}/join"
    return f"{page}#{token}"


def join(session: Session, invite: Invite, display_name: str) -> tuple[Participant, str]:
    token = new_token()
    participant = Participant(
        workshop_id=invite.workshop_id,
        invite_id=invite.id,
        display_name=display_name,
        role=invite.role,
        token_hash=digest(token),
    )
    session.add(participant)
    return participant, token


def boards_of(session: Session, workshop_id: str) -> list[Board]:
    return list(
        session.exec(
            select(Board).where(Board.workshop_id == workshop_id).order_by(col(Board.position))
        ).all()
    )


def workshop_view(session: Session, workshop: Workshop) -> dict[str, Any]:
    boards = boards_of(session, workshop.id)
    participants = session.exec(
        select(Participant, Invite)
        .join(Invite, col(Participant.invite_id) == col(Invite.id))
        .where(Participant.workshop_id == workshop.id)
    ).all()
    return {
        "id": workshop.id,
        "title": workshop.title,
        "process": workshop.process,
        "boundary": workshop.boundary,
        "language": workshop.language,
        "status": workshop.status,
        "phase": workshop.phase,
        "created_at": workshop.created_at.isoformat(),
        "last_activity": last_activity(session, workshop, boards).isoformat(),
        "allow_viewer_export": workshop.allow_viewer_export,
        "workshop_board_id": next((b.id for b in boards if b.kind == "workshop"), ""),
        "boards": [
            {**board_view(b), "alerts": board_alerts(session, b)}
            for b in boards
            if b.kind != "workshop"
        ],
        "phase_kinds": phase_kinds(),
        "sustain": sustains(boards),
        "participants": [
            {"participant_id": p.id, "display_name": p.display_name, "role": p.role}
            for p, invite in participants
            if not invite.revoked and not p.removed
        ],
    }


def last_activity(session: Session, workshop: Workshop, boards: list[Board]) -> datetime:
    """The latest moment the server recorded something of the workshop: a command on one of
    its boards, a change of its state (phase, finish) or a compaction of a document. Edits
    are not time-stamped one by one, so this can lag the newest typing by a few minutes."""
    ids = [b.id for b in boards]
    commands = session.exec(
        select(func.max(CommandRecord.created_at)).where(col(CommandRecord.board_id).in_(ids))
    ).one()
    keys = [f"{i}/{room}" for i in ids for room in ("content", "ledger")]
    compacted = session.exec(
        select(func.max(DocSnapshot.updated_at)).where(col(DocSnapshot.doc_key).in_(keys))
    ).one()
    found = [t for t in (workshop.created_at, workshop.updated_at, commands, compacted) if t]
    return max(t if t.tzinfo else t.replace(tzinfo=UTC) for t in found)


def sustains(boards: list[Board]) -> bool:
    """Whether a board of the workshop keeps taking commands once the workshop is finished
    (``allowed_when_finished``: the roll-out's sustain readings), so the pages say so."""
    return any(
        spec.allowed_when_finished for b in boards for spec in get_kind(b.kind).commands.values()
    )


def phase_kinds() -> dict[str, list[str]]:
    """Per workshop phase, the kinds of board that serve it (``BoardKind.phases``), in the
    registry's order: the home leads the team to them."""
    return {
        phase: [name for name in USER_KINDS if phase in get_kind(name).phases] for phase in PHASES
    }


def board_view(board: Board) -> dict[str, Any]:
    return {
        "id": board.id,
        "workshop_id": board.workshop_id,
        "kind": board.kind,
        "title": board.title,
        "position": board.position,
        "locked": board.locked,
    }
