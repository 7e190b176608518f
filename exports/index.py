"""Look-ups across the boards of one workshop snapshot: what links point at."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .typed import Board, typed


@dataclass
class Index:
    snapshot: dict[str, Any]
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    causes: dict[str, dict[str, Any]] = field(default_factory=dict)
    activities: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    # Each board validated once into its kind's models, keyed by the identity of its dict.
    _typed: dict[int, Board[Any, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for board in self.boards("vsm"):
            for state in ("current", "future"):
                for step in board["snapshot"].get(state, {}).get("steps", []):
                    self.steps.setdefault(step["id"], {**step, "state": state})
        for board in self.boards("fishbone"):
            for cause in board["snapshot"].get("causes", []):
                self.causes.setdefault(cause["id"], cause)
        for board in self.boards("raci"):
            for activity in board["snapshot"].get("activities", []):
                self.activities.append((board, activity))

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

    def first(self, kind: str) -> dict[str, Any] | None:
        found = self.boards(kind)
        return found[0] if found else None

    def owners(self, step_id: str) -> list[dict[str, str]]:
        """RACI roles that are accountable (A) or responsible (R) for the activities that
        came from value-stream step ``step_id``."""
        out: list[dict[str, str]] = []
        for board, activity in self.activities:
            if not step_id or activity.get("step_id") != step_id:
                continue
            roles = {r["id"]: r.get("name") or r["id"] for r in board["snapshot"].get("roles", [])}
            for cell in board["snapshot"].get("cells", []):
                if cell.get("activity") != activity["id"]:
                    continue
                letters = "".join(ch for ch in cell.get("letters", "") if ch in "RA")
                if letters and cell.get("role") in roles:
                    out.append(
                        {
                            "role": roles[cell["role"]],
                            "letters": letters,
                            "activity": activity.get("name", ""),
                        }
                    )
        out.sort(key=lambda o: "A" not in o["letters"])
        return out
