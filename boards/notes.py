"""``notes``: free text and sticky notes -- the simplest board, and a useful one.

Content document (schema 1):
``text``      Text: free text
``stickies``  Map: sticky id -> Map{``text``: str, ``color``: str, ``x``: float, ``y``: float,
              ``author``: str}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pycrdt import Doc, Map, Text
from pydantic import BaseModel

from . import values
from .kind import BoardKind, Piece
from .values import ReadWarning


class Sticky(BaseModel):
    id: str
    text: str = ""
    color: str = "yellow"
    x: float = 0
    y: float = 0
    author: str = ""


class NotesSnapshot(BaseModel):
    text: str
    stickies: list[Sticky]
    # What the reader ignored (see :mod:`boards.values`).
    read_warnings: list[ReadWarning] = []


class NotesAnalysis(BaseModel):
    stickies: int
    words: int
    # Chinese is not written in space-separated words: its readers count characters.
    characters: int = 0
    read_warnings: list[ReadWarning] = []


DEMO = {
    "zh-CN": (
        "访谈记录：信息核实环节平均耗时 19 小时，专员需手动查询 3 个系统。",
        ["统一查询入口？", "投诉信息未同步到产品部"],
    ),
    "en": (
        "Interview notes: information verification takes 19 h on average; agents query "
        "3 systems by hand.",
        ["One lookup screen?", "Complaints never reach product team"],
    ),
}


class NotesKind(BoardKind):
    name: ClassVar[str] = "notes"
    schema_version: ClassVar[int] = 1
    demo_title: ClassVar[Mapping[str, str]] = {"zh-CN": "访谈笔记", "en": "Interview notes"}
    not_applicable: ClassVar[Mapping[Piece, str]] = {
        Piece.csv_tables: "free text and sticky notes have no rows: the report shows them whole",
    }

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        text = content.get("text", type=Text)
        stickies = content.get("stickies", type=Map)
        if not demo:
            return
        body, notes = DEMO.get(language, DEMO["en"])
        text += body
        for i, note in enumerate(notes):
            stickies[f"s{i + 1}"] = Map(
                {"text": note, "color": "yellow", "x": 40.0 + 220 * i, "y": 40.0, "author": ""}
            )

    def read(self, content: Doc, ledger: Doc) -> NotesSnapshot:
        w = values.Warnings()
        stickies = content.get("stickies", type=Map)
        items = [_sticky(key, raw, w) for key, raw in values.entries(stickies, w, "stickies")]
        items.sort(key=lambda s: (s.y, s.x, s.id))
        text = str(content.get("text", type=Text))
        return NotesSnapshot(text=text, stickies=items, read_warnings=w.list())

    def analyse(self, snapshot: NotesSnapshot) -> NotesAnalysis:
        words = len(snapshot.text.split()) + sum(len(s.text.split()) for s in snapshot.stickies)
        texts = [snapshot.text, *(s.text for s in snapshot.stickies)]
        characters = sum(len("".join(t.split())) for t in texts)
        return NotesAnalysis(
            stickies=len(snapshot.stickies),
            words=words,
            characters=characters,
            read_warnings=snapshot.read_warnings,
        )


def _sticky(key: str, raw: dict[str, Any], w: values.Warnings) -> Sticky:
    """Fields of the wrong type (a client wrote junk) read as their defaults."""
    at = f"stickies.{key}"
    data: dict[str, Any] = {"id": key}
    for name in ("text", "color", "author"):
        if raw.get(name) is not None:
            data[name] = values.text(raw.get(name), w, f"{at}.{name}")
    for name in ("x", "y"):
        data[name] = values.number(raw.get(name), w, f"{at}.{name}") or 0.0
    return Sticky.model_validate(data)
