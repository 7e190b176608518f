"""Numbers, durations and dates as a report prints them, per language."""

from __future__ import annotations

import math
from datetime import date, datetime

from .catalog import Catalog

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def num(value: float | int | None, digits: int = 1) -> str:
    """``12``, ``12.5``, ``1,440``; ``–`` for nothing. Trailing zeros are dropped."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.{digits}f}".rstrip("0").rstrip(".")


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{num(value, digits)} %"


def signed_pct(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = num(abs(value), digits)
    return f"{'+' if value > 0 else '−' if value < 0 and text != '0' else '±'}{text} %"


def signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = num(abs(value), digits)
    return f"{'+' if value > 0 else '−' if value < 0 and text != '0' else '±'}{text}"


def minutes(t: Catalog, value: float | None) -> str:
    """A working-time span: minutes under an hour, else hours (``48 h``, ``48 小时``)."""
    if value is None:
        return "–"
    if abs(value) < 60:
        return t("unit.min", n=num(value, 0))
    return t("unit.h", n=num(value / 60, 1))


def hours(value: float | None) -> float | None:
    return None if value is None else round(value / 60, 2)


def day(value: str | None, t: Catalog) -> str:
    """An ISO date or datetime as a calendar date in the report's language."""
    if not value:
        return "–"
    try:
        parsed = (
            datetime.fromisoformat(value)
            if "T" in value
            else datetime.combine(date.fromisoformat(value), datetime.min.time())
        )
    except ValueError:
        return value
    return t("date", y=parsed.year, m=parsed.month, d=parsed.day, mon=MONTHS[parsed.month - 1])
