"""``pilot``: a pilot's scope, period and KPIs; readings and feedback from the field; the
evaluation (baseline vs pilot, trend, significance) and the plan-change log.

The CRDT layout (schema 1) is written down in :mod:`boards.pilot.layout` and in
``docs/boards/pilot.md``; the commands live in :mod:`.submit`, the evaluation in
:mod:`.evaluate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pycrdt import Doc

from ..kind import Actor, BoardKind, CommandSpec, PilotAccess, specs
from .corrections import CORRECTION_COMMANDS
from .demo import seed_demo
from .evaluate import PilotAnalysis, analyse
from .layout import (
    SCHEMA,
    PilotSnapshot,
    changes_array,
    corrections_array,
    feedback_map,
    kpis_map,
    pilot_map,
    read_snapshot,
    readings_map,
    sites_array,
    teams_array,
)
from .submit import PILOT_COMMANDS

__all__ = ["PilotAnalysis", "PilotKind", "PilotSnapshot"]


class PilotKind(BoardKind):
    name: ClassVar[str] = "pilot"
    schema_version: ClassVar[int] = SCHEMA
    commands: ClassVar[Mapping[str, CommandSpec]] = specs(*PILOT_COMMANDS, *CORRECTION_COMMANDS)
    phases: ClassVar[tuple[str, ...]] = ("pilot",)
    demo_title: ClassVar[Mapping[str, str]] = {"zh-CN": "试点验证", "en": "Pilot"}
    # The pilot link (a QR code on a poster) exists for this board: field readings and feedback.
    pilot_access: ClassVar[PilotAccess] = PilotAccess.sync

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        for root in (sites_array, teams_array, kpis_map, changes_array):
            root(content)  # create the empty root types
        readings_map(ledger)
        feedback_map(ledger)
        corrections_array(ledger)
        if demo:
            seed_demo(content, ledger, language)
        else:
            pilot_map(content).update({"name": "", "start": "", "end": ""})

    def read(self, content: Doc, ledger: Doc) -> PilotSnapshot:
        return read_snapshot(content, ledger)

    def analyse(self, snapshot: PilotSnapshot) -> PilotAnalysis:
        return analyse(snapshot)

    def private_view(self, private: Mapping[str, Any], actor: Actor) -> dict[str, Any]:
        """My own readings and feedback (anonymous ones included), oldest first."""
        me = actor.participant_id
        mine = [
            {"id": sid, "type": entry["type"], **entry["record"]}
            for sid, entry in (private.get("submissions") or {}).items()
            if me and entry.get("participant_id") == me
        ]
        mine.sort(key=lambda item: (item.get("submitted_at", ""), item["id"]))
        return {"submissions": mine}
