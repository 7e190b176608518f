"""A workshop's structure without anyone's data: what a template holds and writes.

A template names the boards to create and, per board, the skeleton its kind understands:
value-stream step names, fishbone categories, pilot KPI definitions, RACI roles and
activities; and the workshop board's goal skeletons (metric, unit, direction, horizon). It
never holds what participants contributed (causes, cards, votes, readings, feedback,
actions, stickies, names of the people taking part): ``extract`` reads only these fields.
"""

from __future__ import annotations

from typing import Literal

from pycrdt import Array, Doc, Map
from pydantic import BaseModel, Field, field_validator

from ..fishbone import layout as fishbone_layout
from ..pilot import layout as pilot_layout
from ..raci import layout as raci_layout
from ..registry import USER_KINDS
from ..vsm import layout as vsm_layout
from ..workshop import goals_map

Short = Field(default="", max_length=200)
Better = Literal["lower", "higher"]


class StepPlan(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    department: str = Short
    # the IT systems the step works in: what a digital-transformation fit starts from
    systems: list[str] = Field(default_factory=list, max_length=20)


class KpiPlan(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=40)
    better: Better = "lower"
    measure: Literal["value", "rate"] = "value"


class RolePlan(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: raci_layout.RoleKind = "role"


class GoalPlan(BaseModel):
    metric: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=40)
    better: Better = "lower"
    horizon: str = Field(default="", max_length=40)


class BoardPlan(BaseModel):
    kind: str
    title: str = Field(min_length=1, max_length=200)
    steps: list[StepPlan] = Field(default_factory=list, max_length=100)
    categories: list[str] = Field(default_factory=list, max_length=30)
    kpis: list[KpiPlan] = Field(default_factory=list, max_length=30)
    roles: list[RolePlan] = Field(default_factory=list, max_length=60)
    activities: list[str] = Field(default_factory=list, max_length=100)

    @field_validator("kind")
    @classmethod
    def _user_kind(cls, value: str) -> str:
        if value not in USER_KINDS:
            raise ValueError(f"expected a board kind among {list(USER_KINDS)}")
        return value

    @field_validator("categories", "activities")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        return [name.strip()[:200] for name in value if name.strip()]


class Structure(BaseModel):
    boards: list[BoardPlan] = Field(default_factory=list, max_length=30)
    goals: list[GoalPlan] = Field(default_factory=list, max_length=20)


# --- writing: through each kind's own layout, after its seed -------------------------------


def write_board(plan: BoardPlan, content: Doc) -> None:
    """Add ``plan``'s skeleton to a freshly seeded (empty, non-demo) board of its kind."""
    with content.transaction():
        if plan.kind == "vsm":
            for i, step in enumerate(plan.steps, 1):
                fields: dict[str, object] = {"name": step.name, "department": step.department}
                if step.systems:
                    fields["systems"] = step.systems
                vsm_layout.add_step(content, "current", f"s{i}", fields)
        elif plan.kind == "fishbone" and plan.categories:
            _replace_categories(content, plan.categories)
        elif plan.kind == "pilot":
            kpis = pilot_layout.kpis_map(content)
            for i, kpi in enumerate(plan.kpis, 1):
                kpis[f"k{i}"] = Map(kpi.model_dump())
        elif plan.kind == "raci":
            for i, role in enumerate(plan.roles, 1):
                raci_layout.add_role(content, f"r{i}", role.name, role.kind)
            for i, name in enumerate(plan.activities, 1):
                raci_layout.add_activity(content, f"a{i}", name)


def _replace_categories(content: Doc, labels: list[str]) -> None:
    """The seed wrote the 6M preset; a template's own categories stand instead of it."""
    categories = content.get(fishbone_layout.CATEGORIES, type=Map)
    order = content.get(fishbone_layout.ORDER, type=Map)
    for key in list(categories.keys()):
        order.pop(fishbone_layout.order_key(key), None)
        del categories[key]
    ids = content.get(fishbone_layout.CATEGORY_ORDER, type=Array)
    del ids[0 : len(ids)]
    for i, label in enumerate(labels, 1):
        fishbone_layout.add_category(content, f"c{i}", label)


def write_goals(goals: list[GoalPlan], content: Doc) -> None:
    """Goal skeletons on the workshop board: baseline, target and deadline are the team's to
    fill in, so the SMART check starts by asking for them."""
    target = goals_map(content)
    with content.transaction():
        for i, goal in enumerate(goals, 1):
            target[f"g{i}"] = Map({**goal.model_dump(), "deadline": "", "link": ""})
