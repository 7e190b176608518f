"""``workshop``: the workshop's own board, created with it. Everyone follows its ledger.

Content document (schema 1):
``goals``  Map: goal id -> Map{``metric``, ``unit``, ``baseline`` (float), ``target`` (float),
           ``deadline`` (str: a date as typed, e.g. "2027-03-31", "Q1 2027", "2027年3月"),
           ``better`` ("lower" | "higher"), ``horizon`` (str), ``link`` (str: the KPI, pilot
           or value-stream step the goal moves)}
``a3``     Map: the A3's free text (``boards/a3.py``)
``actions`` Map: action id -> Map{...}: who does what by when (layout in :mod:`boards.actions`)
Ledger document:
``state``  Map{``phase`` (diagnose|analyse|design|pilot|rollout), ``timer_ends_at`` (ISO
           datetime or ""), ``timer_seconds`` (int), ``follow`` (board id or ""),
           ``finished`` (bool), ``viewer_export`` (bool: viewers may download exports)}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar, Literal

from pycrdt import Doc, Map
from pydantic import BaseModel, Field, field_validator

from . import a3, actions, smart, values
from .a3 import A3Text
from .actions import Action, ActionCounts, ActionWarning
from .kind import (
    BoardExport,
    BoardKind,
    CommandContext,
    CommandSpec,
    NoPayload,
    Piece,
    WorkshopChange,
    control,
    specs,
)
from .smart import SmartLetter
from .values import ReadWarning

PHASES = ("diagnose", "analyse", "design", "pilot", "rollout")
Phase = Literal["diagnose", "analyse", "design", "pilot", "rollout"]


class Goal(BaseModel):
    id: str
    metric: str = ""
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    deadline: str = ""
    better: Literal["lower", "higher"] = "lower"
    horizon: str = ""
    link: str = ""  # the KPI, pilot or value-stream step this goal moves (SMART's R)

    @field_validator("link", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return value if isinstance(value, str) else ""


class WorkshopState(BaseModel):
    phase: Phase = "diagnose"
    timer_ends_at: str = ""
    timer_seconds: int = 0
    follow: str = ""
    finished: bool = False
    viewer_export: bool = False


class WorkshopSnapshot(BaseModel):
    goals: list[Goal]
    state: WorkshopState
    a3: A3Text = Field(default_factory=A3Text)
    actions: list[Action] = []  # by due date (none last), then created_at, id
    # What the reader ignored (see :mod:`boards.values`).
    read_warnings: list[ReadWarning] = []


class GoalCheck(BaseModel):
    id: str
    smart: bool  # every letter passes
    missing: list[str]
    letters: list[SmartLetter] = Field(default_factory=list)
    deadline_date: str = ""  # the typed deadline as an ISO date, "" when it reads as none


class WorkshopAnalysis(BaseModel):
    goals: list[GoalCheck]
    phase_index: int
    actions: ActionCounts = Field(default_factory=ActionCounts)
    action_warnings: list[ActionWarning] = []


class PhasePayload(BaseModel):
    phase: Phase


class TimerPayload(BaseModel):
    seconds: int = Field(ge=0, le=24 * 3600)


class FollowPayload(BaseModel):
    board_id: str = Field(default="", max_length=64)


class ViewerExportPayload(BaseModel):
    allowed: bool


def state(ledger: Doc) -> Map:
    return ledger.get("state", type=Map)


@control("workshop.phase", PhasePayload, after=lambda payload: WorkshopChange(phase=payload.phase))
def set_phase(ctx: CommandContext, payload: PhasePayload) -> dict[str, Any]:
    state(ctx.ledger)["phase"] = payload.phase
    return {"phase": payload.phase}


@control("workshop.timer", TimerPayload)
def set_timer(ctx: CommandContext, payload: TimerPayload) -> dict[str, Any]:
    """Start a countdown of ``seconds``; 0 stops it. Clients count down to the end time."""
    ends = (ctx.now + timedelta(seconds=payload.seconds)).isoformat() if payload.seconds else ""
    with ctx.ledger.transaction():
        state(ctx.ledger)["timer_ends_at"] = ends
        state(ctx.ledger)["timer_seconds"] = payload.seconds
    return {"timer_ends_at": ends}


@control("workshop.follow", FollowPayload)
def follow(ctx: CommandContext, payload: FollowPayload) -> dict[str, Any]:
    state(ctx.ledger)["follow"] = payload.board_id
    return {"follow": payload.board_id}


@control("workshop.finish", NoPayload, after=lambda _: WorkshopChange(finished=True))
def finish(ctx: CommandContext, _: NoPayload) -> dict[str, Any]:
    with ctx.ledger.transaction():
        state(ctx.ledger)["finished"] = True
        state(ctx.ledger)["timer_ends_at"] = ""
    return {"finished": True}


@control(
    "workshop.viewer_export",
    ViewerExportPayload,
    after=lambda payload: WorkshopChange(allow_viewer_export=payload.allowed),
)
def viewer_export(ctx: CommandContext, payload: ViewerExportPayload) -> dict[str, Any]:
    """Whether viewers may download the report and exports too (facilitators always may)."""
    state(ctx.ledger)["viewer_export"] = payload.allowed
    return {"viewer_export": payload.allowed}


DEMO_PHASE: Phase = "rollout"  # the demo ran its pilot and is rolling out (boards/rollout/demo.py)

DEMO_GOALS = {
    "zh-CN": [
        ("平均投诉处理时长", "小时", 48, 24, "短期(1-3个月)", "试点 KPI:平均投诉处理时长"),
        ("重复投诉率", "%", 20, 10, "短期(1-3个月)", "试点 KPI:重复投诉率"),
    ],
    "en": [
        (
            "Average handling time",
            "h",
            48,
            24,
            "short term (1-3 months)",
            "pilot KPI: average handling time",
        ),
        (
            "Repeat complaint rate",
            "%",
            20,
            10,
            "short term (1-3 months)",
            "pilot KPI: repeat complaint rate",
        ),
    ],
}


class WorkshopKind(BoardKind):
    name: ClassVar[str] = "workshop"
    schema_version: ClassVar[int] = 1
    commands: ClassVar[Mapping[str, CommandSpec]] = specs(
        set_phase, set_timer, follow, finish, viewer_export
    )
    exports: ClassVar[tuple[BoardExport, ...]] = (
        BoardExport(
            "actions.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "actions.xlsx",
        ),
        BoardExport("actions.ics", "text/calendar; charset=utf-8", "actions.ics"),
    )
    not_applicable: ClassVar[Mapping[Piece, str]] = {
        Piece.client_view: "the workshop frame and home page show it (client/src/boards/workshop)",
        Piece.export_section: "it feeds the report's cover and summary, not a section",
        Piece.csv_tables: "its goals are in the report's summary; its actions table is added by"
        " exports/tables.py next to the kinds' tables",
        Piece.client_catalog: "it comes with the workshop: nobody adds one from the kind list",
        Piece.demo: "every workshop has its board; seed(demo=True) writes the demo goals",
    }
    # No pilot_access: its content and ledger (goals, every board's title, the facilitator's
    # state) are the team's. The pilot phone reads GET /api/workshops/{id}/pilot instead.

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        goals = content.get("goals", type=Map)
        actions.actions_map(content)
        with ledger.transaction():
            state(ledger).update(WorkshopState().model_dump())
        if not demo:
            return
        demo_goals = DEMO_GOALS.get(language, DEMO_GOALS["en"])
        for i, (metric, unit, base, target, horizon, link) in enumerate(demo_goals):
            goals[f"g{i + 1}"] = Map(
                {
                    "metric": metric,
                    "unit": unit,
                    "baseline": float(base),
                    "target": float(target),
                    "deadline": "2027-03-31",
                    "better": "lower",
                    "horizon": horizon,
                    "link": link,
                }
            )
        state(ledger)["phase"] = DEMO_PHASE

    def read(self, content: Doc, ledger: Doc) -> WorkshopSnapshot:
        w = values.Warnings()
        goals = [
            _read_goal(key, raw, w) for key, raw in values.entries(goals_map(content), w, "goals")
        ]
        return WorkshopSnapshot(
            goals=goals,
            state=_read_state(ledger, w),
            a3=a3.read(content, w),
            actions=actions.read(content, w),
            read_warnings=w.list(),
        )

    def analyse(self, snapshot: WorkshopSnapshot, today: date | None = None) -> WorkshopAnalysis:
        today = today or datetime.now(UTC).date()
        checks = []
        for goal in snapshot.goals:
            missing = [
                name
                for name, ok in (
                    ("metric", bool(goal.metric.strip())),
                    ("baseline", goal.baseline is not None),
                    ("target", goal.target is not None),
                    ("deadline", bool(goal.deadline)),
                )
                if not ok
            ]
            letters = smart.letters(
                metric=goal.metric,
                baseline=goal.baseline,
                target=goal.target,
                better=goal.better,
                deadline=goal.deadline,
                link=goal.link,
                today=today,
            )
            deadline = smart.parse_deadline(goal.deadline)
            checks.append(
                GoalCheck(
                    id=goal.id,
                    smart=all(letter.ok for letter in letters),
                    missing=missing,
                    letters=letters,
                    deadline_date=deadline.isoformat() if deadline else "",
                )
            )
        return WorkshopAnalysis(
            goals=checks,
            phase_index=PHASES.index(snapshot.state.phase),
            actions=actions.counts(snapshot.actions, today),
            action_warnings=actions.warnings(snapshot.actions, today),
        )


def goals_map(content: Doc) -> Map:
    return content.get("goals", type=Map)


def _read_goal(key: str, raw: dict[str, Any], w: values.Warnings) -> Goal:
    """Clients type numbers into text fields and anything anywhere: keep what reads."""
    at = f"goals.{key}"
    data: dict[str, Any] = {
        name: values.text(raw.get(name), w, f"{at}.{name}")
        for name in ("metric", "unit", "deadline", "horizon", "link")
    }
    for name in ("baseline", "target"):
        typed = raw.get(name)
        parsed = smart.parse_number(typed) if isinstance(typed, str) else None
        # "12%", "3.5 天", "1,200" are numbers as people type them; the rest is warned about.
        data[name] = values.number(typed if parsed is None else parsed, w, f"{at}.{name}")
    better = values.choice(raw.get("better"), ("lower", "higher"), w, f"{at}.better")
    if better is not None:
        data["better"] = better
    return Goal(id=key, **data)


def _read_state(ledger: Doc, w: values.Warnings) -> WorkshopState:
    raw = values.plain(state(ledger))
    default = WorkshopState()
    phase = values.choice(raw.get("phase"), PHASES, w, "state.phase") or default.phase
    seconds = values.whole(raw.get("timer_seconds"), w, "state.timer_seconds")
    return WorkshopState(
        phase=phase,  # type: ignore[arg-type]  # one of PHASES
        timer_ends_at=values.text(raw.get("timer_ends_at"), w, "state.timer_ends_at"),
        timer_seconds=seconds or 0,
        follow=values.text(raw.get("follow"), w, "state.follow"),
        finished=values.flag(raw.get("finished"), w, "state.finished"),
        viewer_export=values.flag(raw.get("viewer_export"), w, "state.viewer_export"),
    )
