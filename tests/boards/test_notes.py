"""The notes kind: its layout, demo, reading junk to defaults, word count, concurrent stickies."""

from __future__ import annotations

import random

from pycrdt import Doc, Map, Text

from boards.notes import NotesKind
from tests.support.replicas import edit_concurrently

KIND = NotesKind()


def seeded(demo: bool, language: str = "en") -> tuple[Doc, Doc]:
    content: Doc = Doc()
    ledger: Doc = Doc()
    KIND.seed(content, ledger, language=language, demo=demo)
    return content, ledger


def test_empty_board_reads_empty() -> None:
    content, ledger = seeded(demo=False)
    snapshot = KIND.read(content, ledger)
    assert (snapshot.text, snapshot.stickies, snapshot.read_warnings) == ("", [], [])
    assert KIND.analyse(snapshot).model_dump() == {
        "stickies": 0,
        "words": 0,
        "characters": 0,
        "read_warnings": [],
    }


def test_demo_in_both_languages() -> None:
    for language, marker in (("en", "19 h"), ("zh-CN", "19 小时")):
        snapshot = KIND.read(*seeded(demo=True, language=language))
        assert marker in snapshot.text
        assert [s.id for s in snapshot.stickies] == ["s1", "s2"]


def test_words_count_text_and_stickies() -> None:
    content, ledger = seeded(demo=False)
    content.get("text", type=Text).insert(0, "three short words")
    content.get("stickies", type=Map)["a"] = Map({"text": "two words", "x": 1.0, "y": 2.0})
    analysis = KIND.analyse(KIND.read(content, ledger))
    assert (analysis.stickies, analysis.words) == (1, 5)


def test_junk_fields_read_as_defaults_and_are_reported() -> None:
    content, ledger = seeded(demo=False)
    stickies = content.get("stickies", type=Map)
    stickies["a"] = Map({"text": 42, "x": "far", "y": -3.0, "color": ["red"]})
    snapshot = KIND.read(content, ledger)
    sticky = snapshot.stickies[0]
    assert (sticky.x, sticky.y) == (0.0, -3.0)
    assert {w.field for w in snapshot.read_warnings} >= {"stickies.a.x"}


def test_stickies_added_and_moved_at_once_converge() -> None:
    start, _ = seeded(demo=False)

    def edit(rng: random.Random, doc: Doc, step: int) -> None:
        stickies = doc.get("stickies", type=Map)
        if rng.random() < 0.5 or not len(stickies):
            stickies[f"s{step}"] = Map({"text": f"note {step}", "x": 0.0, "y": 0.0})
        else:
            sticky = stickies[rng.choice(sorted(stickies.keys()))]
            sticky["x"] = float(rng.randrange(800))

    docs = edit_concurrently(start, edit, seed=16)
    reads = [KIND.read(doc, Doc()).model_dump() for doc in docs]
    assert all(r == reads[0] for r in reads)
    assert len(reads[0]["stickies"]) >= 40


def test_chinese_is_counted_in_characters() -> None:
    content, ledger = seeded(demo=False)
    content.get("text", type=Text).insert(0, "信息核实 耗时长")
    content.get("stickies", type=Map)["a"] = Map({"text": "统一查询入口？", "x": 1.0, "y": 2.0})
    analysis = KIND.analyse(KIND.read(content, ledger))
    assert (analysis.words, analysis.characters) == (3, 14)
