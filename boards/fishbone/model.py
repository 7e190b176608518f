"""Typed snapshot and analysis of a fishbone board (JSON field names mirrored by the client)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..actions import Commitment
from ..values import ReadWarning


class Category(BaseModel):
    id: str
    label: str = ""


class Evidence(BaseModel):
    figure: str = ""
    source: str = ""


class Cause(BaseModel):
    id: str
    text: str = ""
    # Effective values: a sub-cause sits on its top-level ancestor's bone; a missing parent or
    # a parent cycle is repaired on read (and reported in ``FishboneSnapshot.issues``).
    category: str = ""
    parent: str = ""
    depth: int = 1
    count: int | None = None
    evidence: Evidence = Field(default_factory=Evidence)
    root: bool = False
    weight: float | None = None
    votes: int | None = None
    whys: list[str] = Field(default_factory=list)


class FiveW1H(BaseModel):
    what: str = ""
    why: str = ""
    when: str = ""
    where: str = ""
    who: str = ""
    how: str = ""


class ReadIssue(BaseModel):
    """Something the reader had to repair or ignore. ``code``: ``invalid_value`` (a field of
    the wrong type or range, ignored), ``missing_parent`` (the parent is gone: the cause is
    shown on its bone), ``parent_cycle`` (this cause's parent link was cut to break a loop)."""

    code: str
    cause: str
    field: str
    raw: str = ""


class FishboneSnapshot(BaseModel):
    problem: str = ""
    categories: list[Category] = Field(default_factory=list)
    # Display order: bones in category order, each bone's causes depth-first in sibling order;
    # causes on an unknown category come last.
    causes: list[Cause] = Field(default_factory=list)
    five_w_one_h: FiveW1H = Field(default_factory=FiveW1H)
    issues: list[ReadIssue] = Field(default_factory=list)
    # Texts, ids and entries of the wrong type the reader skipped (see boards/values.py).
    read_warnings: list[ReadWarning] = Field(default_factory=list)


class CategoryStat(BaseModel):
    id: str
    causes: int  # all causes on the bone, sub-causes included
    top_level: int
    counted: int  # sum of the counts on the bone


class WhyChain(BaseModel):
    cause: str
    length: int
    root: str  # the last why: the root cause the chain ends in


class Ranked(BaseModel):
    id: str
    weight: float | None = None
    votes: int | None = None


class ParetoBar(BaseModel):
    id: str
    count: int
    share_pct: float
    cumulative_pct: float
    vital: bool


class Pareto(BaseModel):
    total: int = 0
    cutoff_pct: float = 80.0
    bars: list[ParetoBar] = Field(default_factory=list)
    vital_few: list[str] = Field(default_factory=list)


class FishboneWarning(BaseModel):
    code: str
    causes: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    params: dict[str, str | int | float | list[str]] = Field(default_factory=dict)


class FishboneAnalysis(BaseModel):
    causes: int
    categories: list[CategoryStat]
    max_depth: int
    without_whys: list[str]
    chains: list[WhyChain]
    root_causes: list[str]
    top_weighted: list[Ranked]
    pareto: Pareto
    warnings: list[FishboneWarning]
    # The causes marked root, each of which needs an action (boards/actions.py).
    commitments: list[Commitment] = Field(default_factory=list)
    read_warnings: list[ReadWarning] = Field(default_factory=list)
