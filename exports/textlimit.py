"""A bound on every text a report, table or spreadsheet shows.

Clients may write text of any length (within the document limit), and a report lays out
every character: two 100,000-character texts made one PDF take minutes. WeasyPrint sizes a
table cell by breaking its text at every opportunity, laying out the rest of the run each
time: quadratic in the length of a run without spaces, which is every Chinese sentence
(2,000 such characters in a cell cost ~3 s; 500 cost ~0.2 s). So a text keeps at most
``MAX_TEXT`` characters, each of its lines at most ``MAX_LINE``; a cut line ends with an
ellipsis and the text with the catalog's note of how long it was. The JSON export is the
snapshot itself and is never cut: it must re-import.
"""

from __future__ import annotations

from typing import Any

from . import fmt
from .catalog import Catalog

MAX_TEXT = 2000  # characters of one text: a long paragraph, more than any card or cell needs
MAX_LINE = 500  # characters of one of its lines (runs without spaces are what cost)
RAW = ("documents",)  # CRDT updates (base64), not text anyone reads
ELLIPSIS = "…"


def bounded(text: str, t: Catalog, limit: int = MAX_TEXT, line_limit: int = MAX_LINE) -> str:
    if len(text) <= min(limit, line_limit):
        return text
    lines = text.split("\n")
    if len(text) <= limit and max(map(len, lines)) <= line_limit:
        return text
    kept: list[str] = []
    room = limit
    for line in lines:
        if room <= 0:
            break
        piece = line[: min(line_limit, room)]
        kept.append(piece if piece == line else piece.rstrip() + ELLIPSIS)
        room -= len(piece) + 1
    if len(kept) < len(lines) and not kept[-1].endswith(ELLIPSIS):
        kept[-1] += ELLIPSIS  # whole lines were left out after it
    return "\n".join(kept) + t("text.shortened", n=fmt.num(len(text)))


def bound_texts(value: Any, t: Catalog, limit: int = MAX_TEXT) -> Any:
    """A copy of ``value`` (JSON-like) with every string, keys included, ``bounded``: keys
    are ids that values refer to, so both are cut the same way and still match."""
    if isinstance(value, str):
        return bounded(value, t, limit)
    if isinstance(value, dict):
        return {
            bound_texts(k, t, limit): v if k in RAW else bound_texts(v, t, limit)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [bound_texts(v, t, limit) for v in value]
    return value


def bound_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The workshop snapshot as every non-JSON format should read it."""
    t = Catalog((snapshot.get("workshop") or {}).get("language"))
    bounded_snapshot: dict[str, Any] = bound_texts(snapshot, t)
    return bounded_snapshot
