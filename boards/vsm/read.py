"""Reading the content document into a :class:`VsmSnapshot`, forgiving whatever clients typed.

Numbers may arrive as numeric strings ("12", " 3.5 ", "85%"); units and classes in a few
spellings ("hours", "小时", "VA"). Anything else becomes None (or the default) and leaves a
:class:`DataWarning`; reading never raises on data.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pycrdt import Array, Doc, Map

from ..numtext import number_text, plain_number_text
from ..values import LIMIT, plain, shown
from . import layout
from .layout import (
    CLASSES,
    DEFAULT_DAY_HOURS,
    LINK_KINDS,
    SCHEMA_VERSION,
    STATES,
    TIME_BASES,
    UNITS,
    WASTE_TYPES,
    State,
)
from .model import (
    DataWarning,
    KaizenMarker,
    ParamValue,
    VsmMap,
    VsmSettings,
    VsmSnapshot,
    VsmStep,
    WarningCode,
)

UNIT_ALIASES: dict[str, str] = {
    **{a: "min" for a in ("m", "mins", "minute", "minutes", "分", "分钟")},
    **{a: "h" for a in ("hr", "hrs", "hour", "hours", "时", "小时")},
    **{a: "d" for a in ("day", "days", "天", "日", "工作日")},
    **{u: u for u in UNITS},
}
CLASS_ALIASES: dict[str, str] = {
    "增值": "va",
    "必要非增值": "nnva",
    "非增值": "nnva",
    "浪费": "waste",
    **{c: c for c in CLASSES},
}
WASTE_ALIASES: dict[str, str] = {
    "缺陷": "defects",
    "过度生产": "overproduction",
    "生产过剩": "overproduction",
    "等待": "waiting",
    "人才浪费": "non_utilised_talent",
    "未被利用的人才": "non_utilised_talent",
    "搬运": "transport",
    "运输": "transport",
    "库存": "inventory",
    "动作": "motion",
    "过度加工": "extra_processing",
    "过度处理": "extra_processing",
    "non_utilized_talent": "non_utilised_talent",
    "talent": "non_utilised_talent",
    "over_processing": "extra_processing",
    "overprocessing": "extra_processing",
    "defect": "defects",
    "waste_of_waiting": "waiting",
    **{w: w for w in WASTE_TYPES},
}
LINK_ALIASES: dict[str, str] = {k: k for k in LINK_KINDS}
BASIS_ALIASES: dict[str, str] = {
    **{a: "working" for a in ("work", "working_time", "工作时间", "工时")},
    **{a: "calendar" for a in ("elapsed", "elapsed_time", "calendar_time", "自然时间", "日历时间")},
    **{b: b for b in TIME_BASES},
}
SYSTEM_SEPARATORS = re.compile(r"[,，、;；\n]")


class _Warnings(list[DataWarning]):
    def add(self, code: WarningCode, **params: ParamValue) -> None:
        self.append(DataWarning(code=code, params=params))


def read_snapshot(content: Doc) -> VsmSnapshot:
    warnings = _Warnings()
    settings = _read_settings(_plain(layout.settings(content)), warnings)
    states = {state: _read_map(content, state, warnings) for state in STATES}
    return VsmSnapshot(
        schema_version=SCHEMA_VERSION,
        settings=settings,
        current=states["current"],
        future=states["future"],
        warnings=warnings,
    )


def _read_settings(raw: dict[str, Any], warnings: _Warnings) -> VsmSettings:
    fields: dict[str, Any] = {
        field: _number(raw, field, warnings, {}, low=0, high=high, open_low=True)
        for field, high in (("day_hours", 24), ("demand", None), ("available_time", None))
    }
    if fields["day_hours"] is None:
        fields["day_hours"] = DEFAULT_DAY_HOURS
    fields["time_basis"] = _choice(raw, "time_basis", BASIS_ALIASES, warnings, {})
    if fields["time_basis"] is None:  # absent (a schema-1 map) or unreadable: working time
        del fields["time_basis"]
    fields["available_unit"] = _unit(raw, "available_unit", "h", warnings, {})
    return VsmSettings.model_validate(fields)


def _read_map(content: Doc, state: State, warnings: _Warnings) -> VsmMap:
    by_id: dict[str, VsmStep] = {}
    for key, value in sorted(layout.steps(content, state).items()):  # same order on every peer
        if isinstance(value, Map):
            by_id[key] = _read_step(key, _plain(value), warnings, {"state": state, "step": key})
        else:
            warnings.add("invalid_step", state=state, step=key, value=_show(value))
    listed = dict.fromkeys(i for i in layout.order(content, state) if isinstance(i, str))
    ordered = [by_id[i] for i in listed if i in by_id]
    seen = {s.id for s in ordered}
    ordered += [by_id[i] for i in sorted(by_id) if i not in seen]
    marks = []
    for key, value in sorted(layout.markers(content, state).items()):
        marker = _read_marker(key, value, warnings, state)
        if marker is not None:
            marks.append(marker)
            if marker.step not in by_id:
                warnings.add("marker_unknown_step", state=state, marker=key, step=marker.step)
    return VsmMap(steps=ordered, markers=marks)


def _read_step(
    key: str, raw: dict[str, Any], warnings: _Warnings, where: dict[str, ParamValue]
) -> VsmStep:
    text_fields = ("name", "notes", "data_activity", "data_source")
    fields: dict[str, Any] = {f: _text(raw, f, warnings, where) for f in text_fields}
    fields["department"] = _text(raw, "department", warnings, where).strip()
    for field in ("cycle_time", "wait_time", "operators"):
        fields[field] = _number(raw, field, warnings, where, low=0)
    fields["pct_ca"] = _percent(raw, "pct_ca", warnings, where)
    routing = _percent(raw, "routing_pct", warnings, where)
    if routing is not None:  # absent or unreadable: every case passes the step
        fields["routing_pct"] = routing
    fields["time_basis"] = _choice(raw, "time_basis", BASIS_ALIASES, warnings, where)
    for field in ("cycle_unit", "wait_unit"):
        fields[field] = _unit(raw, field, "min", warnings, where)
    fields["systems"] = _systems(raw, warnings, where)
    fields["klass"] = _choice(raw, "klass", CLASS_ALIASES, warnings, where)
    fields["waste_type"] = _choice(raw, "waste_type", WASTE_ALIASES, warnings, where)
    fields["data_values"] = _data_values(raw, warnings, where)
    return VsmStep.model_validate({**fields, "id": key})


def _read_marker(key: str, value: Any, warnings: _Warnings, state: State) -> KaizenMarker | None:
    where: dict[str, ParamValue] = {"state": state, "marker": key}
    if not isinstance(value, Map):
        warnings.add("invalid_marker", **where, value=_show(value))
        return None
    raw = _plain(value)
    fields: dict[str, Any] = {
        f: _text(raw, f, warnings, where) for f in ("step", "text", "link_id", "link_board")
    }
    fields["link_kind"] = _choice(raw, "link_kind", LINK_ALIASES, warnings, where)
    return KaizenMarker.model_validate({**fields, "id": key})


def parse_number(value: Any) -> float | None:
    """None for absent or blank; ValueError for anything that is not a finite number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if isinstance(value, str):
        value = plain_number_text(value).removesuffix("%").strip()
        if not value:
            return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, got {value!r}")
    return number


def parse_percent(value: Any) -> tuple[float | None, bool]:
    """A percentage 0-100, and whether it was read as a fraction: a value in (0, 1] written
    without a % sign is how spreadsheets store a percentage (0.95 for 95 %), so it is read
    as 95, never as 0.95 %. Write "0.95%" to mean 0.95 %. ValueError as :func:`parse_number`."""
    explicit = isinstance(value, str) and number_text(value).endswith("%")
    number = parse_number(value)
    if number is None or explicit or not 0 < number <= 1:
        return number, False
    return round(number * 100, 9), True  # 0.3 × 100 is 30.000000000000004


def _percent(
    raw: dict[str, Any], field: str, warnings: _Warnings, where: dict[str, ParamValue]
) -> float | None:
    value = raw.get(field)
    try:
        number, fraction = parse_percent(value)
    except ValueError:
        warnings.add("invalid_number", **where, field=field, value=_show(value))
        return None
    if number is not None and not 0 <= number <= 100:
        warnings.add("out_of_range", **where, field=field, value=number)
        return None
    if fraction:
        warnings.add("pct_fraction", **where, field=field, value=_show(value), read_as=number)
    return number


def _number(
    raw: dict[str, Any],
    field: str,
    warnings: _Warnings,
    where: dict[str, ParamValue],
    *,
    low: float,
    high: float | None = None,
    open_low: bool = False,
) -> float | None:
    value = raw.get(field)
    try:
        number = parse_number(value)
    except ValueError:
        warnings.add("invalid_number", **where, field=field, value=_show(value))
        return None
    too_low = number is not None and (number <= low if open_low else number < low)
    # no plausible time or count is beyond LIMIT, and summing such values overflows
    if number is not None and (too_low or number > (LIMIT if high is None else high)):
        warnings.add("out_of_range", **where, field=field, value=number)
        return None
    return number


def _unit(
    raw: dict[str, Any], field: str, default: str, warnings: _Warnings, where: dict[str, ParamValue]
) -> str | None:
    """Absent or blank: the default unit; unknown: None (the time cannot be used)."""
    value = raw.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    return _choice(raw, field, UNIT_ALIASES, warnings, where)


def _choice(
    raw: dict[str, Any],
    field: str,
    aliases: dict[str, str],
    warnings: _Warnings,
    where: dict[str, ParamValue],
) -> str | None:
    value = raw.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    key = re.sub(r"[\s\-]+", "_", value.strip().lower()) if isinstance(value, str) else None
    if key is not None and key in aliases:
        return aliases[key]
    warnings.add("invalid_choice", **where, field=field, value=_show(value))
    return None


def _text(
    raw: dict[str, Any], field: str, warnings: _Warnings, where: dict[str, ParamValue]
) -> str:
    value = raw.get(field)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}"
    warnings.add("invalid_text", **where, field=field, value=_show(value))
    return ""


def _systems(raw: dict[str, Any], warnings: _Warnings, where: dict[str, ParamValue]) -> list[str]:
    value = raw.get("systems")
    if value is None:
        return []
    if isinstance(value, str):
        items: list[Any] = SYSTEM_SEPARATORS.split(value)
    elif isinstance(value, list):
        items = value
    else:
        warnings.add("invalid_text", **where, field="systems", value=_show(value))
        return []
    names = [item.strip() for item in items if isinstance(item, str)]
    return list(dict.fromkeys(name for name in names if name))


def _data_values(
    raw: dict[str, Any], warnings: _Warnings, where: dict[str, ParamValue]
) -> dict[str, str | float | None]:
    """Only what an import writes: texts and finite numbers, keyed by step field."""
    value = raw.get("data_values")
    if value is None:
        return {}
    if not isinstance(value, dict):
        warnings.add("invalid_text", **where, field="data_values", value=_show(value))
        return {}
    out: dict[str, str | float | None] = {}
    for key, item in value.items():
        if isinstance(item, bool) or not isinstance(item, str | int | float | None):
            continue
        if isinstance(item, float) and not math.isfinite(item):
            continue
        out[key] = float(item) if isinstance(item, int) else item
    return out


def _plain(value: Map | Array) -> dict[str, Any]:
    return plain(value)


def _show(value: Any) -> str:
    return shown(value)
