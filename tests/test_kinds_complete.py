"""Every registered board kind is complete: what ``boards/<kind>/`` declares is completed by its
docs, client view and TS schema mirror, export section and CSV tables, catalog keys in both
languages, demo content and tests (``docs/adding-a-board-kind.md``). A piece a kind goes
without is declared in its ``not_applicable`` with the reason, never skipped silently; a
declared piece the kind has after all is reported too, so the declaration stays true.

Fast and without a server: it reads the files of the four trees and the registries."""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pycrdt import Doc, Map
from pydantic import BaseModel

from boards.kind import Actor, BoardKind, Piece
from boards.registry import KINDS
from exports import registry as exports_registry
from server.workshops import demo_boards

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "client" / "src"
LANGUAGES = ("en", "zh-CN")
# What the reader reports about the document it read (boards/values.py, each kind's ReadIssue):
# server-side diagnostics, shown in the report; the client reads tolerantly on its own.
READER_DIAGNOSTICS = frozenset({"read_warnings", "issues"})
# Snapshot fields that hold a participant's id: no export carries one (docs/api.md), so a kind
# whose snapshot has one says how its exports blank it.
PARTICIPANT_IDS = frozenset({"participant_id", "author_id"})


@cache
def _catalog(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@cache
def _client_views() -> frozenset[str]:
    index = (CLIENT / "boards" / "index.ts").read_text(encoding="utf-8")
    return frozenset(re.findall(r"registerBoardView\(\{\s*kind:\s*\"([\w-]+)\"", index))


def _snapshot_fields(kind: BoardKind) -> dict[str, list[str]]:
    """Model name -> field names of the kind's snapshot (what ``read`` returns), nested models
    included, the reader's diagnostics left out."""
    found: dict[str, list[str]] = {}

    def walk(annotation: Any) -> None:
        if typing.get_origin(annotation) is not None:
            for arg in typing.get_args(annotation):
                walk(arg)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ in found:
                return
            fields = {
                n: f for n, f in annotation.model_fields.items() if n not in READER_DIAGNOSTICS
            }
            found[annotation.__name__] = list(fields)
            for field in fields.values():
                walk(field.annotation)

    walk(typing.get_type_hints(type(kind).read)["return"])
    return found


def _ts_names(source: str) -> set[str]:
    """Names a TS schema declares: interface fields and document keys (string literals)."""
    return set(re.findall(r"^\s+(\w+)\??:", source, re.M)) | set(re.findall(r"\"(\w+)\"", source))


def _doc_size(kind: BoardKind, demo: bool) -> int:
    content: Doc = Doc()
    ledger: Doc = Doc()
    kind.seed(content, ledger, language="en", demo=demo)
    return len(content.get_update()) + len(ledger.get_update())


def check_docs(kind: BoardKind) -> str | None:
    path = ROOT / "docs" / "boards" / f"{kind.name}.md"
    return None if path.is_file() else f"{path.relative_to(ROOT)} does not exist"


def check_client_view(kind: BoardKind) -> str | None:
    if kind.name not in _client_views():
        return "client/src/boards/index.ts has no registerBoardView({ kind: ... }) line for it"
    if not (CLIENT / "boards" / kind.name / "index.tsx").is_file():
        return f"client/src/boards/{kind.name}/index.tsx does not exist"
    return None


def check_ts_schema(kind: BoardKind) -> str | None:
    path = CLIENT / "boards" / kind.name / "schema.ts"
    if not path.is_file():
        return f"{path.relative_to(ROOT)} does not exist"
    names = _ts_names(path.read_text(encoding="utf-8"))
    unknown = [
        f"{model}.{field}"
        for model, fields in _snapshot_fields(kind).items()
        for field in fields
        if field not in names
    ]
    if unknown:
        return (
            f"{path.relative_to(ROOT)} does not mirror the Python snapshot's {', '.join(unknown)}"
        )
    return None


def check_export_section(kind: BoardKind) -> str | None:
    export = exports_registry.KINDS.get(kind.name)
    if export is None or export.section is None:
        return "exports/registry.py registers no report section for it"
    template = ROOT / "exports" / "templates" / "sections" / f"{kind.name}.html"
    if not template.is_file():
        return f"{template.relative_to(ROOT)} (what report.html includes for it) does not exist"
    return None


def check_csv_tables(kind: BoardKind) -> str | None:
    export = exports_registry.KINDS.get(kind.name)
    if export is None or not export.tables:
        return "exports/registry.py registers no CSV tables for it"
    return None


def check_secrets(kind: BoardKind) -> str | None:
    reasons = []
    if type(kind).private_view is not BoardKind.private_view:
        reasons.append("it keeps server-only state (it overrides private_view)")
    ids = [
        f"{model}.{field}"
        for model, fields in _snapshot_fields(kind).items()
        for field in fields
        if field in PARTICIPANT_IDS
    ]
    if ids:
        reasons.append(f"its snapshot holds participant ids ({', '.join(ids)})")
    if not reasons:
        return None  # nothing held back until a reveal, nobody named by id
    export = exports_registry.KINDS.get(kind.name)
    if export is None or export.secrets is None:
        return f"{' and '.join(reasons)}, but exports/registry.py declares no secrets for it"
    return None


def check_report_catalog(kind: BoardKind) -> str | None:
    absent = [
        f"exports/i18n/{lang}.json: kind.{kind.name}"
        for lang in LANGUAGES
        if not _catalog(ROOT / "exports" / "i18n" / f"{lang}.json").get(f"kind.{kind.name}")
    ]
    return f"missing catalog keys {', '.join(absent)}" if absent else None


def check_client_catalog(kind: BoardKind) -> str | None:
    absent = []
    for lang in LANGUAGES:
        kinds = _catalog(CLIENT / "i18n" / f"{lang}.json").get("kinds", {})
        for key in ("name", "desc"):
            if not kinds.get(kind.name, {}).get(key):
                absent.append(f"client/src/i18n/{lang}.json: kinds.{kind.name}.{key}")
    return f"missing catalog keys {', '.join(absent)}" if absent else None


def check_demo(kind: BoardKind) -> str | None:
    for lang in LANGUAGES:
        if not kind.demo_title.get(lang):
            return f"demo_title has no {lang} title"
        if kind.name not in {name for name, _ in demo_boards(lang)}:
            return f"the {lang} demo workshop has no board of it"
    if _doc_size(kind, demo=True) <= _doc_size(kind, demo=False):
        return "seed(demo=True) writes nothing beyond the empty layout"
    return None


def check_tests(kind: BoardKind) -> str | None:
    path = ROOT / "tests" / "boards" / f"test_{kind.name}.py"
    return None if path.is_file() else f"{path.relative_to(ROOT)} does not exist"


CHECKS: dict[Piece, Callable[[BoardKind], str | None]] = {
    Piece.docs: check_docs,
    Piece.client_view: check_client_view,
    Piece.ts_schema: check_ts_schema,
    Piece.export_section: check_export_section,
    Piece.csv_tables: check_csv_tables,
    Piece.secrets: check_secrets,
    Piece.report_catalog: check_report_catalog,
    Piece.client_catalog: check_client_catalog,
    Piece.demo: check_demo,
    Piece.tests: check_tests,
}


def missing(kind: BoardKind) -> list[str]:
    """One line per piece the kind lacks (or declares not applicable while having it)."""
    problems = []
    for piece, check in CHECKS.items():
        problem = check(kind)
        reason = kind.not_applicable.get(piece)
        if reason is None and problem is not None:
            problems.append(f"kind {kind.name!r} lacks its {piece}: {problem}")
        elif reason is not None and problem is None:
            problems.append(
                f"kind {kind.name!r} declares its {piece} not applicable, but has it:"
                " drop it from not_applicable"
            )
        elif reason is not None and not reason.strip():
            problems.append(
                f"kind {kind.name!r} declares its {piece} not applicable without a reason"
            )
    return problems


def test_every_piece_is_checked() -> None:
    assert set(CHECKS) == set(Piece)


@pytest.mark.parametrize("name", list(KINDS))
def test_kind_is_complete(name: str) -> None:
    problems = missing(KINDS[name])
    assert not problems, "\n".join(problems)


def test_exports_register_only_known_kinds() -> None:
    assert set(exports_registry.KINDS) <= set(KINDS)
    assert _client_views() <= set(KINDS)


# --- the meta-test names what is missing -------------------------------------------------------


class ChecklistSnapshot(BaseModel):
    items: list[str]


class ChecklistAnalysis(BaseModel):
    items: int


class ChecklistKind(BoardKind):
    """A kind registered nowhere but here: it has a Python side and nothing else."""

    name: ClassVar[str] = "checklist_meta_test"
    schema_version: ClassVar[int] = 1

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        content.get("items", type=Map)

    def read(self, content: Doc, ledger: Doc) -> ChecklistSnapshot:
        return ChecklistSnapshot(items=[str(v) for v in content.get("items", type=Map).values()])

    def analyse(self, snapshot: ChecklistSnapshot) -> ChecklistAnalysis:
        return ChecklistAnalysis(items=len(snapshot.items))


def test_a_bare_kind_is_told_every_missing_piece() -> None:
    problems = missing(ChecklistKind())
    name = "checklist_meta_test"
    assert problems == [
        f"kind {name!r} lacks its docs: docs/boards/{name}.md does not exist",
        f"kind {name!r} lacks its client view: client/src/boards/index.ts has no"
        " registerBoardView({ kind: ... }) line for it",
        f"kind {name!r} lacks its TS schema mirror: client/src/boards/{name}/schema.ts"
        " does not exist",
        f"kind {name!r} lacks its export section: exports/registry.py registers no report"
        " section for it",
        f"kind {name!r} lacks its CSV tables: exports/registry.py registers no CSV tables for it",
        f"kind {name!r} lacks its report catalog keys: missing catalog keys"
        f" exports/i18n/en.json: kind.{name}, exports/i18n/zh-CN.json: kind.{name}",
        f"kind {name!r} lacks its client catalog keys: missing catalog keys"
        f" client/src/i18n/en.json: kinds.{name}.name, client/src/i18n/en.json: kinds.{name}.desc,"
        f" client/src/i18n/zh-CN.json: kinds.{name}.name,"
        f" client/src/i18n/zh-CN.json: kinds.{name}.desc",
        f"kind {name!r} lacks its demo content: demo_title has no en title",
        f"kind {name!r} lacks its tests: tests/boards/test_{name}.py does not exist",
    ]


def test_declared_pieces_are_not_asked_for_and_stay_true() -> None:
    class NoTables(ChecklistKind):
        not_applicable: ClassVar[Mapping[Piece, str]] = {
            Piece.csv_tables: "a checklist has no rows worth a spreadsheet",
            Piece.docs: "",
        }

    problems = missing(NoTables())
    assert not any("CSV tables" in p for p in problems)
    assert (
        "kind 'checklist_meta_test' declares its docs not applicable without a reason" in problems
    )

    class Untrue(ChecklistKind):
        name: ClassVar[str] = "notes"  # docs/boards/notes.md exists
        not_applicable: ClassVar[Mapping[Piece, str]] = {Piece.docs: "claimed"}

    assert (
        "kind 'notes' declares its docs not applicable, but has it: drop it from not_applicable"
        in missing(Untrue())
    )


def test_a_renamed_python_field_is_named_against_the_ts_mirror() -> None:
    class Renamed(ChecklistKind):
        name: ClassVar[str] = "notes"  # its schema.ts knows text and stickies, not items

    assert check_ts_schema(Renamed()) == (
        "client/src/boards/notes/schema.ts does not mirror the Python snapshot's"
        " ChecklistSnapshot.items"
    )


class Signature(BaseModel):
    participant_id: str
    step_id: str  # an id, but not a person's


class SignedSnapshot(ChecklistSnapshot):
    signed: list[Signature]


def test_a_kind_with_server_only_state_or_participant_ids_is_told_to_declare_its_secrets() -> None:
    class Private(ChecklistKind):
        name: ClassVar[str] = "notes"  # registered in exports/, without secrets

        def private_view(self, private: Mapping[str, Any], actor: Actor) -> dict[str, Any]:
            return dict(private.get("mine") or {})

    class Named(ChecklistKind):
        name: ClassVar[str] = "notes"

        def read(self, content: Doc, ledger: Doc) -> SignedSnapshot:
            return SignedSnapshot(items=[], signed=[])

    assert check_secrets(ChecklistKind()) is None
    assert check_secrets(Private()) == (
        "it keeps server-only state (it overrides private_view), but exports/registry.py"
        " declares no secrets for it"
    )
    assert check_secrets(Named()) == (
        "its snapshot holds participant ids (Signature.participant_id), but exports/registry.py"
        " declares no secrets for it"
    )
    assert check_secrets(KINDS["ideas"]) is None
    assert check_secrets(KINDS["pilot"]) is None
