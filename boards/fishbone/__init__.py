"""``fishbone``: cause-and-effect (Ishikawa, 鱼骨图) with 5 whys and a 5W1H table.

Content document (schema 1; mirrored in ``client/src/boards/fishbone``):
``problem``         Text: the problem statement (the effect at the fish's head)
``categories``      Map: category id -> Map{``label``: str}. Presets (``layout.PRESETS``):
                    ``6m`` (default: people, machines, materials, methods, environment,
                    measurement = 人 机 料 法 环 测) and ``service`` (policies, procedures,
                    people, place, systems); any other id is a custom bone
``category_order``  Array[str]: category ids, left to right
``causes``          Map: cause id -> Map{
                      ``text``: Text, ``category``: str (category id), ``parent``: str (cause id
                      of the cause this one explains, "" on the bone itself),
                      ``count``: number (occurrences; absent = not counted),
                      ``evidence``: Map{``figure``: str, ``source``: Text},
                      ``root``: bool (marked as a root cause),
                      ``weight``: number (optional score), ``votes``: number (optional tally),
                      ``whys``: Array[Text] (the 5-whys chain, in order; the last is the
                      root cause the chain ends in)}
``order``           Map: ``"cat:<category id>"`` or ``"cause:<parent cause id>"`` ->
                    Array[str] of cause ids: sibling order
``five_w_one_h``    Map{``what``, ``why``, ``when``, ``where``, ``who``, ``how``}: Text each

Ids never contain ``:``. A client creates a cause with all its fields in one Map (as
:func:`layout.add_cause` does), then edits the nested ``text``/``whys``/``evidence`` in place:
concurrent editors adding, renaming or drilling causes never replace each other's work.
The reader treats each cause's ``parent`` and ``category`` as the truth and ``order`` only as
a sort (ids missing from it go last, by id), so an order list lost to a concurrent creation
loses no cause. A sub-cause always sits on its top-level ancestor's bone. Strings may be Text
or str on read. No ledger maps of its own; no commands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pycrdt import Doc, Text

from ..kind import BoardKind
from .analyse import PARETO_CUTOFF_PCT, TOP_WEIGHTED, analyse, pareto
from .demo import write_demo
from .layout import (
    CAUSES,
    DEFAULT_PRESET,
    ORDER,
    PRESETS,
    PROBLEM,
    SCHEMA_VERSION,
    add_category,
    add_cause,
    append_why,
    ensure_five_w_one_h,
    order_key,
    preset_labels,
    remove_cause,
    use_preset,
)
from .model import (
    Category,
    CategoryStat,
    Cause,
    Evidence,
    FishboneAnalysis,
    FishboneSnapshot,
    FishboneWarning,
    FiveW1H,
    Pareto,
    ParetoBar,
    Ranked,
    ReadIssue,
    WhyChain,
)
from .read import read_snapshot

__all__ = [
    "DEFAULT_PRESET",
    "PARETO_CUTOFF_PCT",
    "PRESETS",
    "TOP_WEIGHTED",
    "Category",
    "CategoryStat",
    "Cause",
    "Evidence",
    "FishboneAnalysis",
    "FishboneKind",
    "FishboneSnapshot",
    "FishboneWarning",
    "FiveW1H",
    "Pareto",
    "ParetoBar",
    "Ranked",
    "ReadIssue",
    "WhyChain",
    "add_category",
    "add_cause",
    "analyse",
    "append_why",
    "pareto",
    "preset_labels",
    "read_snapshot",
    "remove_cause",
    "use_preset",
]


class FishboneKind(BoardKind):
    name: ClassVar[str] = "fishbone"
    schema_version: ClassVar[int] = SCHEMA_VERSION
    phases: ClassVar[tuple[str, ...]] = ("analyse",)
    demo_title: ClassVar[Mapping[str, str]] = {
        "zh-CN": "鱼骨图:重复投诉率 20%",
        "en": "Fishbone: 20 % repeat complaints",
    }

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        with content.transaction():
            content.get(PROBLEM, type=Text)
            use_preset(content, DEFAULT_PRESET, language)
            ensure_five_w_one_h(content)
            if demo:
                write_demo(content, language)

    def restores_with(self, root: str, item_id: str) -> list[tuple[str, str]]:
        # A cause's own (possibly empty) list of sub-causes, created with it (layout.add_cause).
        return [(ORDER, order_key("", item_id))] if root == CAUSES else []

    def read(self, content: Doc, ledger: Doc) -> FishboneSnapshot:
        return read_snapshot(content)

    def analyse(self, snapshot: FishboneSnapshot) -> FishboneAnalysis:
        return analyse(snapshot)
