"""The A3's free text, written by the team on the workshop board (content root ``a3``).

Content document (workshop board, schema 1):
``a3``  Map{``background``, ``problem``, ``next_steps``, ``decision_needed``} of Text (str in
        older documents: :mod:`boards.longtext`); an
        absent or empty field means "use the sentence the report generates from the data".

Everything else on the A3 page is generated from the boards (``exports/sections/a3.py``).
"""

from __future__ import annotations

from pycrdt import Doc, Map
from pydantic import BaseModel

from . import values

FIELDS = ("background", "problem", "next_steps", "decision_needed")
# A field is one paragraph on a one-page summary: longer text is cut when the page is laid
# out, but the reader keeps what was written (the JSON export re-imports it as typed).


class A3Text(BaseModel):
    background: str = ""
    problem: str = ""
    next_steps: str = ""
    decision_needed: str = ""


def a3_map(content: Doc) -> Map:
    return content.get("a3", type=Map)


def read(content: Doc, warnings: values.Warnings) -> A3Text:
    raw = values.plain(a3_map(content))
    return A3Text(
        **{name: values.text(raw.get(name), warnings, f"a3.{name}").strip() for name in FIELDS}
    )
