"""The contract between a board kind and the server.

A board has two CRDT documents:

* ``content`` -- co-edited freely by editors (steps, causes, cells, cards);
* ``ledger``  -- written only by the server: command results, locks, voting state and the
  live analysis (``ledger.get("analysis", type=Map)["json"]``, a JSON string).

A kind is pure domain code: it knows the layout of its data inside the documents, reads a
typed snapshot from them, analyses a snapshot, seeds starter or demo content and declares
the commands it accepts. It never does I/O; the server calls it.

Commands carry rules clients cannot be trusted with. A handler receives a
:class:`CommandContext`, validates *everything first* (raising :class:`CommandError`), and
only then writes to ``ctx.ledger`` and ``ctx.private`` -- a CRDT has no rollback, so a
handler that fails half-way would leave a half-applied command behind.
``ctx.private`` is server-only JSON state (hidden votes, private cards) that never enters a
document; :meth:`BoardKind.private_view` returns a participant's own part of it.

Everything else the server does for a kind is declared here, never found by name: a command
that changes the server's records (lock, phase, finish) says so in ``CommandSpec.after``; a
kind that takes CSV/XLSX uploads declares ``table_import`` (:class:`TableImport`), files made of
one of its boards ``exports`` (:class:`BoardExport`). mypy checks every registered kind
(``boards/registry.py``) against :class:`BoardKind`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal, Protocol

from pycrdt import Doc
from pydantic import BaseModel


class Role(enum.StrEnum):
    facilitator = "facilitator"
    editor = "editor"
    viewer = "viewer"
    pilot = "pilot"


EVERYONE: frozenset[Role] = frozenset(Role)
EDITORS: frozenset[Role] = frozenset({Role.facilitator, Role.editor})
FACILITATORS: frozenset[Role] = frozenset({Role.facilitator})


@dataclass(frozen=True)
class Actor:
    participant_id: str
    role: Role
    display_name: str


@dataclass(frozen=True)
class RelatedBoard:
    """Another board of the workshop, as a command that declared its kind in
    ``CommandSpec.reads`` sees it: read and analysed when the command runs."""

    kind: str
    title: str
    snapshot: BaseModel
    analysis: BaseModel


@dataclass
class CommandContext:
    actor: Actor
    content: Doc
    ledger: Doc
    private: dict[str, Any]
    now: datetime
    language: str = "en"
    # The workshop's boards of the kinds the command's spec ``reads``, by board id.
    related: Mapping[str, RelatedBoard] = field(default_factory=dict)


class CommandError(Exception):
    """A command a participant sent breaks a rule. ``code`` is stable and machine-readable;
    ``message`` is an i18n catalog key rendered with ``params`` for the user."""

    def __init__(self, code: str, message: str, status: int = 422, **params: Any) -> None:
        super().__init__(f"{code}: {message} {params}")
        self.code = code
        self.message = message
        self.status = status
        self.params = params


Handler = Callable[[CommandContext, Any], dict[str, Any]]


@dataclass(frozen=True)
class WorkshopChange:
    """What a command changes, once it succeeded, in the server's own records of the board
    and its workshop (not in a document): who may write follows them (lock, finished), and the
    workshop's listing shows them. ``None`` leaves a field as it is."""

    board_locked: bool | None = None
    finished: bool = False
    phase: str | None = None
    allow_viewer_export: bool | None = None

    @property
    def touches_workshop(self) -> bool:
        return self.finished or self.phase is not None or self.allow_viewer_export is not None


# The command's validated payload -> the change it makes to the server's records.
After = Callable[[Any], WorkshopChange]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    payload: type[BaseModel]
    handler: Handler
    roles: frozenset[Role] = EDITORS
    # A locked board refuses commands unless this is set (facilitator controls, pilot
    # submissions keep working while the team cannot reshuffle the board).
    allowed_when_locked: bool = False
    after: After | None = None
    # A finished workshop refuses commands unless this is set: readings that keep coming in
    # after the workshop day (the roll-out's sustain readings) while everything else is frozen.
    allowed_when_finished: bool = False
    # Kinds of the workshop's other boards the handler reads (``CommandContext.related``);
    # a command reads no board but its own unless it says so here.
    reads: tuple[str, ...] = ()
    # The document the handler writes, run in that room's worker so every client receives
    # it: "ledger" (the default) or "content" (a command drawing the board for the team,
    # one transaction, one undo step). The other document is only read.
    writes: Literal["ledger", "content"] = "ledger"


@dataclass
class ImportProblem:
    """A row a table import refuses (or, among ``notices``, reads differently from how it was
    written). ``line`` counts from 1 at the header, as a spreadsheet does; ``code`` is the
    catalog key ``import.problem.<code>``."""

    line: int
    code: str
    field: str = ""
    value: str = ""


class ImportOutcome(Protocol):
    problems: list[ImportProblem]  # any: nothing was written
    notices: list[ImportProblem]

    @property
    def imported(self) -> int:
        """How many rows were written."""
        ...


@dataclass(frozen=True)
class TableImport:
    """Rows from an uploaded CSV or XLSX table (``POST /api/boards/{id}/import``). The server
    reads the file (bounded, in a child process) and calls ``apply(content, rows, state,
    replace)`` in the board's content room; ``apply`` validates every row and writes only when
    all are clean, in one transaction."""

    apply: Callable[[Doc, list[list[Any]], str, bool], ImportOutcome]
    states: tuple[str, ...]  # what ``?state=`` may name; the first is the default
    max_rows: int  # rows after the header an import accepts


@dataclass(frozen=True)
class BoardExport:
    """A file made of one board of the kind: ``GET /api/workshops/{id}/export/<fmt>?board=``
    and ``obeya export --format <fmt>``. ``exports.render_board`` renders it."""

    fmt: str
    media_type: str
    suffix: str  # of the file name
    # What ``?state=`` (``--state``) may name, the first the default; () takes no state.
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alert:
    """Something the team should look at, shown on the board's card on the workshop home
    (``GET /api/workshops/{id}``). ``code`` is one of the kind's ``alert_codes`` and the client
    catalog key ``alerts.<code>``, rendered with ``params``."""

    code: str
    params: Mapping[str, Any]


class PilotAccess(enum.StrEnum):
    """How far the pilot link reaches into boards of a kind (``BoardKind.pilot_access``)."""

    none = "none"  # closed: not found
    commands = "commands"  # its pilot-role commands and its phone view, no rooms
    sync = "sync"  # its rooms too (content, ledger, presence, the snapshot)


class Piece(enum.StrEnum):
    """What completes a kind outside ``boards/`` (``tests/test_kinds_complete.py`` checks each;
    ``docs/adding-a-board-kind.md`` says where each lives)."""

    docs = "docs"  # docs/boards/<kind>.md
    client_view = "client view"  # registered in client/src/boards/index.ts
    ts_schema = "TS schema mirror"  # client/src/boards/<kind>/schema.ts
    export_section = "export section"  # exports/registry.py, its report section
    csv_tables = "CSV tables"  # exports/registry.py, its tables
    # exports/registry.py, its secrets (exports/secrecy/<kind>.py): what a role may not take
    # away, asked of a kind that keeps server-only state (it overrides private_view) or whose
    # snapshot holds participant ids
    secrets = "export secrets"
    report_catalog = "report catalog keys"  # kind.<kind> in exports/i18n/*.json
    client_catalog = "client catalog keys"  # kinds.<kind>.name/desc in client/src/i18n/*.json
    demo = "demo content"  # demo_title: the demo workshop has a board of the kind
    tests = "tests"  # tests/boards/test_<kind>.py


class BoardKind(Protocol):
    """Every kind subclasses this protocol, so the attributes with a default here need only be
    written by the kinds that differ."""

    name: ClassVar[str]
    schema_version: ClassVar[int]
    # Commands of its own (the common ones, ``boards/common.py``, every kind accepts).
    commands: ClassVar[Mapping[str, CommandSpec]] = {}
    table_import: ClassVar[TableImport | None] = None  # None: its boards take no table uploads
    exports: ClassVar[tuple[BoardExport, ...]] = ()  # files made of one board, besides the report
    # What pilot participants (the most widely shared link) get of boards of this kind: by
    # default nothing; ``commands`` sends its pilot-role commands and reads :meth:`phone_view`
    # on the pilot page; ``sync`` opens the board's rooms as well.
    pilot_access: ClassVar[PilotAccess] = PilotAccess.none
    # The title of its board in the demo workshop, per language (empty: not in the demo).
    demo_title: ClassVar[Mapping[str, str]] = {}
    # Pieces that do not apply to the kind, each with the reason; nothing is skipped silently.
    not_applicable: ClassVar[Mapping[Piece, str]] = {}
    # The workshop phases (``boards.workshop.PHASES``) its boards serve: the home offers them,
    # or a one-click "add", while the team is in that phase.
    phases: ClassVar[tuple[str, ...]] = ()
    # The alerts :meth:`alerts` may raise; a kind without any costs the workshop listing nothing.
    alert_codes: ClassVar[tuple[str, ...]] = ()

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        """Write the empty layout (``demo=False``) or the demo workshop's content."""

    def read(self, content: Doc, ledger: Doc) -> BaseModel:
        """A typed, JSON-serialisable snapshot of the board."""

    def analyse(self, snapshot: Any) -> BaseModel:
        """Metrics and findings computed from a snapshot; pure and deterministic."""

    def private_view(self, private: Mapping[str, Any], actor: Actor) -> dict[str, Any]:
        """The part of the server-only state this participant may see. A kind that keeps
        server-only state (``ctx.private``) overrides it; the rest have none to show."""
        return {}

    def phone_view(self, snapshot: Any, participant_id: str) -> dict[str, Any]:
        """What the pilot page shows a pilot participant of a board they reach by commands
        only (``pilot_access`` ``commands``), from its stored snapshot: only what the phone
        needs, and of the submissions only this participant's own."""
        return {}

    def alerts(self, analysis: Mapping[str, Any]) -> list[Alert]:
        """Alerts for the workshop home from the stored analysis (its JSON, as last written,
        possibly by an older version: read it defensively). Only called when ``alert_codes``
        is not empty."""
        return []

    def restores_with(self, root: str, item_id: str) -> list[tuple[str, str]]:
        """Entries ``(Map root, key)`` of the content that belong to an item and come back with
        it when one deleted item is restored (``boards.restore.restore_item``), besides its
        place in lists of ids, which every kind gets: e.g. a fishbone cause's own list of
        sub-causes. Most kinds keep an item in one entry and need none."""
        return []


def pilot_access(kind: BoardKind) -> PilotAccess:
    return kind.pilot_access


def command(
    name: str,
    payload: type[BaseModel],
    *,
    roles: frozenset[Role] = EDITORS,
    allowed_when_locked: bool = False,
    after: After | None = None,
    allowed_when_finished: bool = False,
    reads: tuple[str, ...] = (),
    writes: Literal["ledger", "content"] = "ledger",
) -> Callable[[Handler], CommandSpec]:
    """Decorator turning a handler function into a :class:`CommandSpec`."""

    def wrap(handler: Handler) -> CommandSpec:
        return CommandSpec(
            name,
            payload,
            handler,
            roles,
            allowed_when_locked,
            after,
            allowed_when_finished=allowed_when_finished,
            reads=reads,
            writes=writes,
        )

    return wrap


def control(
    name: str, payload: type[BaseModel], *, after: After | None = None
) -> Callable[[Handler], CommandSpec]:
    """A facilitator control: only facilitators send it, and a locked board still takes it."""
    return command(name, payload, roles=FACILITATORS, allowed_when_locked=True, after=after)


class NoPayload(BaseModel):
    """The payload of a command that takes nothing."""


def specs(*items: CommandSpec) -> dict[str, CommandSpec]:
    return {spec.name: spec for spec in items}
