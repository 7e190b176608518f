"""``rollout``: roll out and sustain. The go / no-go decision on a pilot, the roll-out waves
with their readiness, resources and constraints, the risk register, and the sustain control
charts of the pilot's KPIs after go-live.

The CRDT layout (schema 1) is written down in :mod:`boards.rollout.layout` and in
``docs/boards/rollout.md``; the commands live in :mod:`.commands`, the analysis in
:mod:`.analysis` (control limits and run rules in :mod:`.spc`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pycrdt import Doc

from ..kind import (
    Actor,
    Alert,
    BoardExport,
    BoardKind,
    CommandSpec,
    PilotAccess,
    TableImport,
    specs,
)
from .alerts import ALERT_CODES, alerts
from .analysis import RolloutAnalysis, analyse
from .commands import ROLLOUT_COMMANDS
from .demo import seed_demo
from .layout import (
    SCHEMA,
    RolloutSnapshot,
    decisions_array,
    golive_log_array,
    golive_map,
    read_snapshot,
    readiness_map,
    readings_map,
    resources_map,
    risks_map,
    sustain_map,
    waves_map,
)
from .phone import phone_view

__all__ = ["RolloutAnalysis", "RolloutKind", "RolloutSnapshot"]


class RolloutKind(BoardKind):
    name: ClassVar[str] = "rollout"
    schema_version: ClassVar[int] = SCHEMA
    commands: ClassVar[Mapping[str, CommandSpec]] = specs(*ROLLOUT_COMMANDS)
    table_import: ClassVar[TableImport | None] = None
    # The waves' dates for Outlook, DingTalk, Feishu (``exports/rollout_calendar.py``).
    exports: ClassVar[tuple[BoardExport, ...]] = (
        BoardExport("rollout.ics", "text/calendar; charset=utf-8", "rollout.ics"),
    )
    phases: ClassVar[tuple[str, ...]] = ("rollout",)
    alert_codes: ClassVar[tuple[str, ...]] = ALERT_CODES
    demo_title: ClassVar[Mapping[str, str]] = {
        "zh-CN": "推广与持续改进",
        "en": "Roll-out and sustain",
    }
    # Sustain readings come from the field through the pilot link's phone page, which sends
    # them as commands and reads only :func:`.phone.phone_view`: the link (a poster's QR code)
    # never syncs the board's risks, resources, rationale or other people's readings.
    pilot_access: ClassVar[PilotAccess] = PilotAccess.commands

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        for root in (waves_map, readiness_map, resources_map, risks_map, sustain_map):
            root(content)  # create the empty root types
        for ledger_root in (decisions_array, golive_map, golive_log_array, readings_map):
            ledger_root(ledger)
        if demo:
            seed_demo(content, ledger, language)

    def read(self, content: Doc, ledger: Doc) -> RolloutSnapshot:
        return read_snapshot(content, ledger)

    def analyse(self, snapshot: RolloutSnapshot) -> RolloutAnalysis:
        return analyse(snapshot)

    def alerts(self, analysis: Mapping[str, Any]) -> list[Alert]:
        return alerts(analysis)

    def private_view(self, private: Mapping[str, Any], actor: Actor) -> dict[str, Any]:
        return {}

    def phone_view(self, snapshot: RolloutSnapshot, participant_id: str) -> dict[str, Any]:
        return phone_view(snapshot, participant_id)
