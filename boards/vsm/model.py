"""The typed snapshot of a value-stream map, as :func:`boards.vsm.read.read_snapshot` builds it."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, Field

from .layout import (
    DEFAULT_DAY_HOURS,
    DEFAULT_TIME_BASIS,
    Klass,
    LinkKind,
    TimeBasis,
    Unit,
    WasteType,
)

ParamValue = str | float | int | None
WarningCode = Literal[
    # reading (the value is dropped)
    "invalid_number", "out_of_range", "invalid_choice", "invalid_text", "invalid_step",
    "invalid_marker", "marker_unknown_step",
    # reading (the value is kept, read differently from how it was written)
    "pct_fraction",
    # analysis (the metrics are partial)
    "marker_empty", "missing_name", "missing_department", "missing_cycle_time",
    "missing_wait_time", "missing_class", "missing_pct_ca", "waste_type_not_waste",
    "takt_incomplete", "time_basis_converted",
]  # fmt: skip
WARNING_CODES: tuple[WarningCode, ...] = get_args(WarningCode)


class DataWarning(BaseModel):
    """A problem in the data, for the client and the report to translate: ``code`` is a stable
    catalog key (``vsm.warning.<code>``), ``params`` fill it (``state``, ``step``, ``field``,
    ``value`` ...). Never an English sentence."""

    code: WarningCode
    params: dict[str, ParamValue] = Field(default_factory=dict)


class VsmStep(BaseModel):
    id: str
    name: str = ""
    department: str = ""
    cycle_time: float | None = None
    # None: the client wrote a unit we do not know, so the time cannot be used.
    cycle_unit: Unit | None = "min"
    wait_time: float | None = None
    wait_unit: Unit | None = "min"
    operators: float | None = None
    pct_ca: float | None = None
    # share of cases that pass this step (an approval only above a refund limit: 30)
    routing_pct: float = 100.0
    # None: the map's basis
    time_basis: TimeBasis | None = None
    systems: list[str] = Field(default_factory=list)
    klass: Klass | None = None
    waste_type: WasteType | None = None
    notes: str = ""
    # drawn from an event log (``boards.vsm.fromdata``); "" for a step the team drew
    data_activity: str = ""
    data_source: str = ""
    # field -> the value the last import wrote (a team edit makes the field differ from it)
    data_values: dict[str, str | float | None] = Field(default_factory=dict)


class KaizenMarker(BaseModel):
    id: str
    step: str
    text: str = ""
    link_kind: LinkKind | None = None
    link_id: str = ""
    link_board: str = ""


class VsmMap(BaseModel):
    """One state of the process (current or future): steps in order, kaizen bursts."""

    steps: list[VsmStep] = Field(default_factory=list)
    markers: list[KaizenMarker] = Field(default_factory=list)


class VsmSettings(BaseModel):
    day_hours: float = DEFAULT_DAY_HOURS
    # working time (the clock runs during working hours) or elapsed, calendar time
    time_basis: TimeBasis = DEFAULT_TIME_BASIS
    demand: float | None = None
    available_time: float | None = None
    available_unit: Unit | None = "h"


class VsmSnapshot(BaseModel):
    schema_version: int
    settings: VsmSettings
    current: VsmMap
    future: VsmMap
    warnings: list[DataWarning] = Field(default_factory=list)
