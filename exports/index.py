"""Look-ups across the boards of one workshop snapshot: what links point at."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from boards.fishbone.model import Cause, FishboneSnapshot
from boards.pilot.evaluate import KpiEvaluation
from boards.raci.model import Activity, RaciSnapshot
from boards.vsm.model import KaizenMarker, VsmSnapshot, VsmStep

from .typed import Board, typed


class PlacedStep(NamedTuple):
    step: VsmStep
    state: str  # "current" or "future": the map it is drawn on


@dataclass
class Index:
    snapshot: dict[str, Any]
    steps: dict[str, PlacedStep] = field(default_factory=dict)
    # Kaizen markers of every value stream, both states.
    markers: list[KaizenMarker] = field(default_factory=list)
    causes: dict[str, Cause] = field(default_factory=dict)
    activities: list[tuple[RaciSnapshot, Activity]] = field(default_factory=list)
    # Each board validated once into its kind's models, keyed by the identity of its dict.
    _typed: dict[int, Board[Any, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for board in self.boards("vsm"):
            vsm: VsmSnapshot = self.typed(board).snapshot
            for state, placed in (("current", vsm.current), ("future", vsm.future)):
                for step in placed.steps:
                    self.steps.setdefault(step.id, PlacedStep(step, state))
                self.markers += placed.markers
        for board in self.boards("fishbone"):
            fishbone: FishboneSnapshot = self.typed(board).snapshot
            for cause in fishbone.causes:
                self.causes.setdefault(cause.id, cause)
        for board in self.boards("raci"):
            raci: RaciSnapshot = self.typed(board).snapshot
            self.activities += [(raci, activity) for activity in raci.activities]

    @property
    def workshop(self) -> dict[str, Any]:
        meta: dict[str, Any] = self.snapshot.get("workshop", {})
        return meta

    def boards(self, kind: str) -> list[dict[str, Any]]:
        return [b for b in self.snapshot.get("boards", []) if b.get("kind") == kind]

    def typed(self, board: dict[str, Any]) -> Board[Any, Any]:
        """``board`` (one of this snapshot's) validated into its kind's models, once."""
        key = id(board)
        if key not in self._typed:
            self._typed[key] = typed(board)
        return self._typed[key]

    def pilot_kpis(self) -> list[KpiEvaluation]:
        """The KPI evaluations of every pilot board whose analysis validated."""
        return [
            k
            for board in self.boards("pilot")
            if (analysis := self.typed(board).analysis) is not None
            for k in analysis.kpis
        ]

    def first(self, kind: str) -> dict[str, Any] | None:
        found = self.boards(kind)
        return found[0] if found else None

    def owners(self, step_id: str) -> list[dict[str, str]]:
        """RACI roles that are accountable (A) or responsible (R) for the activities that
        came from value-stream step ``step_id``."""
        out: list[dict[str, str]] = []
        for raci, activity in self.activities:
            if not step_id or activity.step_id != step_id:
                continue
            roles = {r.id: r.name or r.id for r in raci.roles}
            for cell in raci.cells:
                if cell.activity != activity.id:
                    continue
                letters = "".join(ch for ch in cell.letters if ch in "RA")
                if letters and cell.role in roles:
                    out.append(
                        {"role": roles[cell.role], "letters": letters, "activity": activity.name}
                    )
        out.sort(key=lambda o: "A" not in o["letters"])
        return out
