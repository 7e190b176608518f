"""A board of the workshop snapshot, validated once into its kind's typed models.

Sections read these models, not the snapshot's dicts: ``boards/`` owns the schema and exports
stop being an unchecked copy of it. A snapshot is ``read``'s output dumped to JSON, so it
validates; one that does not (edited by hand, from another version) is shown as the kind's
empty board with its figures marked missing, and never stops an export.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from pycrdt import Doc
from pydantic import BaseModel, ValidationError

from boards.registry import get_kind

S = TypeVar("S", bound=BaseModel)
A = TypeVar("A", bound=BaseModel)

# ``analysis_error`` codes (catalog ``analysis.error.<code>``): the figures are missing.
FAILED = "failed"


@dataclass(frozen=True)
class Board(Generic[S, A]):
    raw: dict[str, Any]  # the board as in the snapshot: id, kind, title, position, ...
    snapshot: S
    analysis: A | None  # None: not computed (``analysis_error``) or unreadable
    analysis_error: str  # "" or an ``analysis.error`` code

    @property
    def kind(self) -> str:
        return str(self.raw["kind"])

    @property
    def position(self) -> int:
        position = self.raw.get("position")
        return position if isinstance(position, int) else 0

    @property
    def title(self) -> str:
        title = self.raw.get("title")
        return title if isinstance(title, str) else ""


@cache
def _models(kind: str) -> tuple[BaseModel, type[BaseModel]]:
    """The kind's empty snapshot (its reader on empty documents) and its analysis model."""
    board_kind = get_kind(kind)
    empty = board_kind.read(Doc(), Doc())
    return empty, type(board_kind.analyse(empty))


def typed(board: dict[str, Any]) -> Board[Any, Any]:
    """``board`` (of a kind ``boards.registry`` knows) with its snapshot and analysis validated."""
    empty, analysis_model = _models(str(board["kind"]))
    error = board.get("analysis_error")
    error = error if isinstance(error, str) else ""
    try:
        snapshot = type(empty).model_validate(board.get("snapshot"))
    except ValidationError:
        return Board(board, empty.model_copy(deep=True), None, FAILED)
    analysis = None
    if not error:
        try:
            analysis = analysis_model.model_validate(board.get("analysis"))
        except ValidationError:
            error = FAILED
    return Board(board, snapshot, analysis, error)
