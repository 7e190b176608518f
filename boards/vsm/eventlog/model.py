"""The analysis of an event log as the ledger keeps it (root map ``eventlog``, key ``json``).

All durations are in minutes. The raw log is never stored, only this summary and the file's
name, size and hash."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ParamValue = str | float | int | None
Granularity = Literal["day", "week", "month"]
LogFormat = Literal["csv", "xlsx", "xes"]


class Mapping(BaseModel):
    """Which column of the file holds which event field; at least one of start/complete."""

    case: str
    activity: str
    start: str | None = None
    complete: str | None = None
    resource: str | None = None
    department: str | None = None
    # IANA zone for times written without one; None: the server's setting (or UTC)
    timezone: str | None = None
    # None or "auto": guessed per column; otherwise a strftime pattern
    date_format: str | None = None


class Stat(BaseModel):
    median: float
    p90: float
    mean: float
    n: int


class Source(BaseModel):
    name: str
    size: int
    sha256: str
    format: LogFormat
    imported_at: str  # ISO 8601 UTC
    imported_by: str  # display name
    events: int
    cases: int


class Period(BaseModel):
    start: str  # ISO 8601
    end: str


class ActivityStats(BaseModel):
    name: str
    # the most frequent department (or resource, without a department column)
    department: str | None = None
    cases: int  # cases containing it
    events: int
    processing: Stat | None = None  # None without start and complete
    waiting: Stat | None = None  # previous event's completion -> this start; None if first
    share_of_lead_time: float = 0.0  # 0..1
    rework_cases: int = 0  # cases where it occurs more than once


class Variant(BaseModel):
    activities: list[str]
    cases: int
    share: float


class Transition(BaseModel):
    source: str  # "" = start of a case
    target: str  # "" = end of a case
    cases: int


class Loop(BaseModel):
    activities: list[str]  # [a, ..., a]
    cases: int


class Rework(BaseModel):
    cases: int = 0
    share: float = 0.0
    loops: list[Loop] = Field(default_factory=list)


class PeriodPoint(BaseModel):
    period_start: str  # ISO date
    granularity: Granularity
    cases: int
    median: float
    p90: float


class Throughput(BaseModel):
    median: float
    p90: float
    by_period: list[PeriodPoint] = Field(default_factory=list)


class LogWarning(BaseModel):
    """A stable catalog key (``vsm.eventlog.warning.<code>``) and its params, never a sentence."""

    code: str
    params: dict[str, ParamValue] = Field(default_factory=dict)


class EventLogAnalysis(BaseModel):
    source: Source
    period: Period
    activities: list[ActivityStats] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    variants_total: int = 0
    variants_other_cases: int = 0
    transitions: list[Transition] = Field(default_factory=list)
    rework: Rework = Field(default_factory=Rework)
    throughput: Throughput
    warnings: list[LogWarning] = Field(default_factory=list)
