"""HTTP JSON API. Every route authenticates with ``Authorization: Bearer <token>``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, Field, ValidationError
from sqlmodel import Session, select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from boards import ledger as ledger_layout
from boards.common import COMMON_COMMANDS
from boards.kind import Role
from boards.registry import KINDS, USER_KINDS, get_kind

from . import access, saved_templates, store, throttle, workshops
from .access import Action
from .auth import Identity, digest, expired, expired_invite
from .commands import CommandIn, run_command
from .hub import Hub
from .models import Board, Invite, Participant, Workshop
from .problems import Problem, invalid
from .throttle import Limit

Language = Literal["zh-CN", "en"]
M = TypeVar("M", bound=BaseModel)


class WorkshopIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    process: str = Field(default="", max_length=500)
    boundary: str = Field(default="", max_length=500)
    language: Language = "zh-CN"
    demo: bool = False
    # A built-in template's id or "saved:<id>" (GET /api/templates); "" starts empty.
    template: str = Field(default="", max_length=60)


class TemplateIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=500)


class InviteIn(BaseModel):
    role: Role
    label: str = Field(default="", max_length=80)
    # Optional end of the link (with a time zone). A facilitator link never expires: every
    # facilitator link expiring would lock the workshop, as revoking the last one would.
    expires_at: AwareDatetime | None = None


class JoinIn(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    display_name: str = Field(min_length=1, max_length=80)


class BoardIn(BaseModel):
    kind: str
    title: str = Field(min_length=1, max_length=200)


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


async def body_of(request: Request, model: type[M]) -> M:
    raw = await request.body()
    if len(raw) > 1_048_576:
        raise Problem(413, "too_large", "request body over 1 MiB")
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as exc:
        raise invalid("invalid_body", "the request body does not fit", exc) from None


async def identity_of(request: Request) -> Identity:
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    hub = hub_of(request)
    found = await hub.identify(token)
    if found is None and hub.was_deleted(token):
        raise Problem(410, "workshop_deleted", "this workshop was deleted")
    if found is None and await hub.db.read(lambda s: expired_invite(s, token)) is not None:
        raise expired_problem()
    if found is None:
        raise Problem(401, "invalid_token", "missing, invalid or revoked token")
    return found


def expired_problem() -> Problem:
    return Problem(
        410, "invite_expired", "this invite link has expired: ask the facilitator for a new one"
    )


def link(request: Request, workshop_id: str, token: str, role: Role) -> str:
    base = hub_of(request).settings.public_url or str(request.base_url).rstrip("/")
    return base + workshops.invite_path(workshop_id, token, role)


async def create_workshop(request: Request) -> Response:
    throttle.check(request, Limit.create)
    data = await body_of(request, WorkshopIn)
    if data.demo and data.template:
        raise Problem(422, "invalid_body", "a workshop is the demo or from a template, not both")

    def write(session: Session) -> workshops.Created:
        template = None
        if data.template:
            template = saved_templates.find(session, data.template, data.language)
            if template is None:
                raise Problem(404, "unknown_template", f"no template {data.template!r}")
        return workshops.create_workshop(
            session,
            title=data.title,
            process=data.process,
            boundary=data.boundary,
            language=data.language,
            demo=data.demo,
            structure=template.structure if template else None,
        )

    created = await hub_of(request).db.write(write)
    return JSONResponse(created_body(request, created), status_code=201)


async def list_templates(request: Request) -> Response:
    language = request.query_params.get("language", "zh-CN")
    if language not in ("zh-CN", "en"):
        raise Problem(422, "invalid_language", "expected language zh-CN or en")
    found = await hub_of(request).db.read(lambda s: saved_templates.listing(s, language))
    return JSONResponse({"templates": found})


async def save_template(request: Request) -> Response:
    """A facilitator saves the workshop's structure, without anyone's data, as a template
    every workshop on this server can start from (at most ``MAX_SAVED`` on a server)."""
    who = await identity_of(request)
    workshop_id = request.path_params["workshop_id"]
    access.check_workshop(who, workshop_id, Action.read_workshop)
    if who.role is not Role.facilitator:
        raise Problem(403, "role_not_allowed", "only a facilitator saves a workshop as a template")
    data = await body_of(request, TemplateIn)

    def write(session: Session) -> dict[str, Any]:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise Problem(404, "not_found", "no such workshop")
        try:
            row = saved_templates.save(session, workshop, data.title.strip(), data.description)
        except saved_templates.TooManyTemplates:
            raise Problem(
                409, "too_many_templates", "this server holds too many templates"
            ) from None
        session.flush()
        return saved_templates.view(saved_templates.as_template(row), row.language)

    return JSONResponse(await hub_of(request).db.write(write), status_code=201)


def created_body(request: Request, created: workshops.Created) -> dict[str, Any]:
    """A new workshop: its facilitator link, and a co-facilitator link to hand over or keep
    elsewhere (the server shows neither token again)."""
    workshop_id = created.workshop.id
    return {
        "id": workshop_id,
        "token": created.token,
        "link": link(request, workshop_id, created.token, Role.facilitator),
        "workshop_board_id": created.workshop_board.id,
        "co_facilitator": {
            "id": created.co_invite.id,
            "token": created.co_token,
            "link": link(request, workshop_id, created.co_token, Role.facilitator),
        },
    }


async def read_workshop(
    request: Request, action: Action, view: Callable[[Session, Workshop, Identity], dict[str, Any]]
) -> tuple[Identity, dict[str, Any]]:
    """The ``view`` of the workshop in the path, for a token the policy lets do ``action``."""
    who = await identity_of(request)
    workshop_id = request.path_params["workshop_id"]
    access.check_workshop(who, workshop_id, action)

    def read(session: Session) -> dict[str, Any]:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise Problem(404, "not_found", "no such workshop")
        return view(session, workshop, who)

    return who, await hub_of(request).db.read(read)


async def get_workshop(request: Request) -> Response:
    who, view = await read_workshop(
        request, Action.read_workshop, lambda s, w, _: workshops.workshop_view(s, w)
    )
    view["me"] = {
        "participant_id": who.participant_id,
        "role": who.role.value,
        "display_name": who.display_name,
        "board_kinds": access.board_kinds(who.role),
    }
    return JSONResponse(view)


async def join(request: Request) -> Response:
    throttle.check(request, Limit.join)
    data = await body_of(request, JoinIn)

    def write(session: Session) -> dict[str, Any]:
        invite = session.exec(select(Invite).where(Invite.token_hash == digest(data.token))).first()
        if invite is None or invite.revoked:
            raise Problem(401, "invalid_token", "this invite link is invalid or was revoked")
        if expired(invite):
            raise expired_problem()
        participant, token = workshops.join(session, invite, data.display_name.strip())
        return {
            "participant_id": participant.id,
            "token": token,
            "role": participant.role,
            "workshop_id": participant.workshop_id,
            "display_name": participant.display_name,
        }

    return JSONResponse(await hub_of(request).db.write(write), status_code=201)


async def list_invites(request: Request) -> Response:
    """The workshop's links with their label, expiry, link (again, for facilitators only:
    the policy lets no other role list invites) and who joined through each."""
    who = await identity_of(request)
    workshop_id = request.path_params["workshop_id"]
    access.check_workshop(who, workshop_id, Action.manage_invites)

    def read(session: Session) -> list[tuple[Invite, list[Participant]]]:
        invites = session.exec(select(Invite).where(Invite.workshop_id == workshop_id)).all()
        joined = session.exec(
            select(Participant).where(Participant.workshop_id == workshop_id)
        ).all()
        return [(i, [p for p in joined if p.invite_id == i.id]) for i in invites]

    rows = await hub_of(request).db.read(read)
    return JSONResponse([invite_view(request, i, joined) for i, joined in rows])


def invite_view(request: Request, invite: Invite, joined: list[Participant]) -> dict[str, Any]:
    live = not invite.revoked and not expired(invite)
    role = Role(invite.role)
    return {
        "id": invite.id,
        "role": invite.role,
        "label": invite.label,
        "revoked": invite.revoked,
        "expired": expired(invite),
        "created_at": invite.created_at.isoformat(),
        "expires_at": invite.expires_at.isoformat() if invite.expires_at else None,
        # Links made before tokens were kept cannot be shown again.
        "link": link(request, invite.workshop_id, invite.token, role)
        if live and invite.token
        else None,
        "uses": len(joined),
        "participants": [
            {
                "participant_id": p.id,
                "display_name": p.display_name,
                "joined_at": p.created_at.isoformat(),
                "removed": p.removed,
            }
            for p in sorted(joined, key=lambda p: p.created_at)
        ],
    }


async def create_invite(request: Request) -> Response:
    who = await identity_of(request)
    workshop_id = request.path_params["workshop_id"]
    access.check_workshop(who, workshop_id, Action.manage_invites)
    data = await body_of(request, InviteIn)
    if data.expires_at is not None and data.role is Role.facilitator:
        raise Problem(422, "facilitator_link_expiry", "a facilitator link cannot expire")
    if data.expires_at is not None and data.expires_at <= datetime.now(UTC):
        raise Problem(422, "expiry_in_past", "the link's expiry must lie in the future")
    invite, token = await hub_of(request).db.write(
        lambda s: workshops.create_invite(
            s, workshop_id, data.role, label=data.label.strip(), expires_at=data.expires_at
        )
    )
    return JSONResponse({**invite_view(request, invite, []), "token": token}, status_code=201)


async def revoke_invite(request: Request) -> Response:
    who = await identity_of(request)
    workshop_id, invite_id = request.path_params["workshop_id"], request.path_params["invite_id"]
    access.check_workshop(who, workshop_id, Action.manage_invites)

    def write(session: Session) -> None:
        invite = session.get(Invite, invite_id)
        if invite is None or invite.workshop_id != workshop_id:
            raise Problem(404, "not_found", "no such invite")
        try:
            workshops.revoke_invite(session, invite)
        except workshops.LastFacilitator:
            raise Problem(
                409,
                "last_facilitator",
                "this is the workshop's last facilitator link: create another facilitator "
                "link before revoking it",
            ) from None

    hub = hub_of(request)
    await hub.db.write(write)
    await hub.announce({"type": "invite_revoked", "invite_id": invite_id})
    return Response(status_code=204)


async def remove_participant(request: Request) -> Response:
    """Remove one participant: their token stops working and their sockets close, while the
    link they joined with keeps working for everyone else."""
    who = await identity_of(request)
    workshop_id = request.path_params["workshop_id"]
    participant_id = request.path_params["participant_id"]
    access.check_workshop(who, workshop_id, Action.manage_invites)

    def write(session: Session) -> None:
        participant = session.get(Participant, participant_id)
        if participant is None or participant.workshop_id != workshop_id:
            raise Problem(404, "not_found", "no such participant")
        participant.removed = True
        session.add(participant)

    hub = hub_of(request)
    await hub.db.write(write)
    await hub.announce({"type": "participant_removed", "participant_id": participant_id})
    return Response(status_code=204)


async def create_board(request: Request) -> Response:
    who = await identity_of(request)
    workshop_id = request.path_params["workshop_id"]
    access.check_workshop(who, workshop_id, Action.add_board)
    data = await body_of(request, BoardIn)
    if data.kind not in USER_KINDS:
        raise Problem(
            422,
            "unknown_kind",
            f"unknown board kind {data.kind!r}; expected one of {list(USER_KINDS)}",
        )

    def write(session: Session) -> Board:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise Problem(404, "not_found", "no such workshop")
        access.check_workshop(who, workshop_id, Action.add_board, workshop)
        return workshops.add_board(session, workshop, data.kind, data.title, demo=False)

    board = await hub_of(request).db.write(write)
    await hub_of(request).publish_boards(workshop_id)
    return JSONResponse(workshops.board_view(board), status_code=201)


async def board_for(request: Request, action: Action) -> tuple[Identity, Board, Workshop]:
    """The token's identity and the board of the path, if the policy lets its role take
    ``action``; a refusal of the state (409) is judged where the action happens."""
    who = await identity_of(request)
    found = await hub_of(request).board(request.path_params["board_id"])
    if found is None:
        raise Problem(404, "not_found", "no such board for this token")
    access.check_board(who, *found, action, state=False)
    return who, found[0], found[1]


async def get_board(request: Request) -> Response:
    _, board, _ = await board_for(request, Action.read_board)
    hub = hub_of(request)
    kind = get_kind(board.kind)
    async with (
        hub.rooms.hold(board.id, "content") as content,
        hub.rooms.hold(board.id, "ledger") as ledger,
    ):
        snapshot = kind.read(content.doc, ledger.doc)
        analysis = ledger_layout.read_analysis(ledger.doc)
        error = ledger_layout.analysis_error(ledger.doc)
    return JSONResponse(
        {
            **workshops.board_view(board),
            "snapshot": snapshot.model_dump(mode="json"),
            "analysis": analysis,
            "analysis_error": error,
        }
    )


async def post_command(request: Request) -> Response:
    who, board, workshop = await board_for(request, Action.run_command)
    data = await body_of(request, CommandIn)
    header_key = request.headers.get("idempotency-key")
    if header_key and header_key != data.idempotency_key:
        raise Problem(422, "bad_idempotency_key", "Idempotency-Key header and body disagree")
    return JSONResponse(await run_command(hub_of(request), who, board, workshop, data))


async def get_private(request: Request) -> Response:
    who, board, _ = await board_for(request, Action.read_board)
    private = await hub_of(request).db.read(lambda s: store.load_private(s, board.id))
    return JSONResponse(get_kind(board.kind).private_view(private, who.actor))


async def list_kinds(_: Request) -> Response:
    return JSONResponse(
        [
            {
                "name": name,
                "schema_version": kind.schema_version,
                "user_kind": name in USER_KINDS,
                "commands": sorted(set(kind.commands) | set(COMMON_COMMANDS)),
            }
            for name, kind in KINDS.items()
        ]
    )


routes = [
    Route("/api/workshops", create_workshop, methods=["POST"]),
    Route("/api/workshops/{workshop_id}", get_workshop, methods=["GET"]),
    Route("/api/join", join, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/invites", list_invites, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/invites", create_invite, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/invites/{invite_id}", revoke_invite, methods=["DELETE"]),
    Route(
        "/api/workshops/{workshop_id}/participants/{participant_id}",
        remove_participant,
        methods=["DELETE"],
    ),
    Route("/api/workshops/{workshop_id}/boards", create_board, methods=["POST"]),
    Route("/api/boards/{board_id}", get_board, methods=["GET"]),
    Route("/api/boards/{board_id}/commands", post_command, methods=["POST"]),
    Route("/api/boards/{board_id}/private", get_private, methods=["GET"]),
    Route("/api/kinds", list_kinds, methods=["GET"]),
    Route("/api/templates", list_templates, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/template", save_template, methods=["POST"]),
]
