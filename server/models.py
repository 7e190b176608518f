"""Tables. Timestamps are UTC-aware; ids are random strings safe to show in URLs."""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime

from sqlalchemy import Column, LargeBinary, UniqueConstraint, false
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


ID_ALPHABET = string.ascii_letters + string.digits


def new_id() -> str:
    """12 letters and digits (71 bits): no "-" or "_", so an id never reads as a command-line
    option (``obeya export -e…``) nor breaks a word in a URL."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(12))


class Workshop(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    title: str = Field(max_length=200)
    process: str = Field(default="", max_length=500)
    boundary: str = Field(default="", max_length=500)
    language: str = Field(default="zh-CN", max_length=10)
    phase: str = Field(default="diagnose", max_length=20)
    status: str = Field(default="live", max_length=10)  # live | finished
    allow_viewer_export: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Board(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=200)
    position: int = 0
    locked: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Invite(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    role: str = Field(max_length=20)
    token_hash: str = Field(unique=True, max_length=64)
    revoked: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    # Server defaults as the migration that added these columns to existing rows has them.
    label: str = Field(default="", max_length=80, sa_column_kwargs={"server_default": ""})
    expires_at: datetime | None = None
    # The raw token, so a facilitator can copy the link again after a reload; read only by
    # the facilitators' invite listing (never by other roles, documents or exports).
    token: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})


class Participant(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    invite_id: str = Field(foreign_key="invite.id", index=True, max_length=32)
    display_name: str = Field(max_length=80)
    role: str = Field(max_length=20)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    # Removed by a facilitator: this token no longer works.
    removed: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class DocUpdate(SQLModel, table=True):
    """Append-only update log of one document (``doc_key`` = ``board_id/room``)."""

    id: int | None = Field(default=None, primary_key=True)
    doc_key: str = Field(index=True, max_length=80)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class DocSnapshot(SQLModel, table=True):
    """The log folded up to and including update ``upto_id``."""

    doc_key: str = Field(primary_key=True, max_length=80)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    upto_id: int = 0
    updated_at: datetime = Field(default_factory=utcnow)


class CommandRecord(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("board_id", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    board_id: str = Field(foreign_key="board.id", index=True, max_length=32)
    idempotency_key: str = Field(max_length=100)
    participant_id: str = Field(default="", max_length=32)
    command: str = Field(max_length=60)
    result_json: str
    created_at: datetime = Field(default_factory=utcnow)


class BoardPrivate(SQLModel, table=True):
    """Server-only state of a board (hidden votes, private cards): never in a document."""

    board_id: str = Field(foreign_key="board.id", primary_key=True, max_length=32)
    state_json: str = "{}"


class Checkpoint(SQLModel, table=True):
    """A version of a board's content document (``server/checkpoints.py``): its state as one
    zlib-compressed Yjs update, and its state vector, never a copy of the update log."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    board_id: str = Field(foreign_key="board.id", index=True, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    kind: str = Field(max_length=20)  # auto | named | before-restore
    reason: str = Field(default="", max_length=40)  # what took an automatic one
    name: str = Field(default="", max_length=120)
    authors_json: str = "[]"  # display names of who edited since the previous checkpoint
    summary_json: str = "{}"  # {root: {added, removed, changed}} since the previous one
    # A before-restore checkpoint: what the restore that followed brought back (paths of
    # ``boards.restore``), removed again when this checkpoint is restored (undo).
    restored_json: str = "[]"
    state_vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    state: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class SavedTemplate(SQLModel, table=True):
    """A workshop's structure saved by a facilitator (``boards.templates.structure``): the
    server-wide list of templates "saved on this server". No participant data, no link to
    the workshop it came from (deleting that workshop leaves the template)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=500)
    language: str = Field(default="zh-CN", max_length=10)
    structure_json: str
    created_at: datetime = Field(default_factory=utcnow)
